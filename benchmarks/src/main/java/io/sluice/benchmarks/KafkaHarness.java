package io.sluice.benchmarks;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Kafka in, measured in input rows per CPU-second of this process: the Nexmark bid stream is
 * loaded into a topic of a local broker (started here, in a JVM of its own, so its CPU time is not
 * counted), then read by Kafka's own consumer alone (the floor: records fetched, nothing decoded)
 * and by Sluice queries over a kafka source. Each case runs once to warm up, then the cases take
 * turns {@code --repeat} times; the median is reported. Run with {@code --help} for the options.
 */
public final class KafkaHarness {
  private static final String HELP = """
      KafkaHarness: Sluice's kafka source beside Kafka's own consumer, on the Nexmark bid stream.

        java -cp benchmarks.jar io.sluice.benchmarks.KafkaHarness [options]

      Starts a single-node KRaft broker in a child JVM, loads the bids of the built-in nexmark
      generator into topic 'bids' (JSON values, through Sluice's kafka sink), then measures each
      case below once to warm up, then all cases in turn --repeat times, printing rows per CPU-second
      of this process (the broker's JVM is not counted) and the median:

        raw          Kafka's consumer reads the topic (read_committed, byte[] values), decodes nothing
        rawbuf       as raw with ByteBuffer values: views of the fetched bytes, not copies (as the source reads)
        rawjson      as raw, each value then parsed with Jackson's streaming parser into the bid's seven
                     fields (numbers as longs, strings read): a floor for a source that decodes JSON
        scan         kafka source -> blackhole, every column decoded (the source's whole cost)
        filter       kafka source -> WHERE MOD(auction, 123) = 0 -> kafka sink (json, one transaction per batch)
        filterbh     kafka source -> WHERE MOD(auction, 123) = 0 -> blackhole
        tumble       kafka source -> TUMBLE 10 s, COUNT(*) per auction -> blackhole

      With --flink-classpath, Flink SQL's Kafka connector then reads the same topic in a child JVM
      (benchmarks/peers/flink-kafka, built there with 'mvn package': the class path is
      target/classes:target/lib/*): the filter and tumble queries into a blackhole, bounded at the
      topic's end, one warm-up run and --repeat measured runs each, rows per CPU-second of that JVM.

      Options:
        --events N        Nexmark events to generate; 46 in 50 are bids (default 4000000)
        --partitions N    partitions of the topic (default 2)
        --repeat N        measured runs per case (default 3)
        --cases LIST      comma-separated cases (default raw,scan,filter,filterbh,tumble)
        --max-records N   the source's 'max-records-per-trigger' (default 1000000)
        --dir DIR         the broker's log folder (default: a new temporary folder, deleted at the end)
        --flink-classpath CP  run Flink's Kafka connector on the topic too (see above)
        --flink-parallelism N Flink's parallelism (default 2)
        --help            this text
      """;

  private static final String TOPIC = "bids";

  private final String bootstrap;
  private final long maxRecords;
  private int filterRuns;

  private KafkaHarness(String bootstrap, long maxRecords) {
    this.bootstrap = bootstrap;
    this.maxRecords = maxRecords;
  }

  public static void main(String[] args) throws Exception {
    System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn"); // the clients log every config at INFO
    Map<String, String> o = new LinkedHashMap<>();
    o.put("events", "4000000");
    o.put("partitions", "2");
    o.put("repeat", "3");
    o.put("cases", "raw,scan,filter,filterbh,tumble");
    o.put("max-records", "1000000");
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        System.out.print(HELP);
        return;
      }
      if (!args[i].startsWith("--") || i + 1 == args.length || !o.containsKey(args[i].substring(2))
          && !args[i].equals("--dir") && !args[i].startsWith("--flink-")) {
        System.err.println("Unknown or incomplete option '" + args[i] + "'.\n");
        System.err.print(HELP);
        System.exit(2);
      }
      o.put(args[i].substring(2), args[++i]);
    }
    long events = Long.parseLong(o.get("events").replace("_", ""));
    int repeat = Integer.parseInt(o.get("repeat"));
    Path dir = o.containsKey("dir") ? Path.of(o.get("dir")) : Files.createTempDirectory("sluice-kafka-bench");
    try (LocalKafkaBroker broker = LocalKafkaBroker.start(dir.resolve("broker"))) {
      KafkaHarness harness = new KafkaHarness(broker.bootstrapServers(), Long.parseLong(o.get("max-records")));
      long rows = harness.load(events, Integer.parseInt(o.get("partitions")));
      System.out.printf("KAFKA topic %s: %d bid rows in %s partitions; %d processors; java %s%n", TOPIC, rows,
          o.get("partitions"), Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
      Map<String, Case> cases = new LinkedHashMap<>();
      for (String name : o.get("cases").split(",")) {
        Case measured = harness.measure(name.trim());
        measured.run(); // warm-up: class loading, code generation, JIT (the consumer's too)
        cases.put(name.trim(), measured);
      }
      // the cases take turns, so that a change in the machine's load or the JIT's state falls on all of them
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      for (int r = 0; r < repeat; r++) {
        for (Map.Entry<String, Case> measured : cases.entrySet()) {
          String name = measured.getKey();
          long cpu0 = processCpuNanos();
          long wall0 = System.nanoTime();
          long read = measured.getValue().run();
          double cpu = (processCpuNanos() - cpu0) / 1e9;
          double wall = (System.nanoTime() - wall0) / 1e9;
          if (read != rows) {
            throw new IllegalStateException(name + " read " + read + " rows of " + rows);
          }
          rates.computeIfAbsent(name, k -> new ArrayList<>()).add(read / cpu);
          System.out.printf("KAFKA %-7s run=%d rows=%d cpu=%.2fs wall=%.2fs rows/cpu-s=%.0f [load %s]%n", name, r,
              read, cpu, wall, read / cpu, NexmarkHarness.loadavg());
        }
      }
      Map<String, Double> medians = new LinkedHashMap<>();
      rates.forEach((name, list) -> medians.put(name, NexmarkHarness.median(list)));
      Double floor = medians.get("raw");
      Double jsonFloor = medians.get("rawjson");
      for (Map.Entry<String, Double> m : medians.entrySet()) {
        boolean sluice = !m.getKey().startsWith("raw");
        System.out.printf("KAFKA-SUMMARY %-7s median=%.0f rows/cpu-s%s%s%n", m.getKey(), m.getValue(),
            floor == null || m.getKey().equals("raw") ? "" : String.format(" (%.2fx the raw consumer's CPU per row)",
                floor / m.getValue()),
            jsonFloor == null || !sluice ? "" : String.format(" (%.2fx rawjson's)", jsonFloor / m.getValue()));
      }
      if (o.containsKey("flink-classpath")) {
        runFlink(o.get("flink-classpath"), broker.bootstrapServers(), rows, repeat,
            o.getOrDefault("flink-parallelism", "2"));
      }
    } finally {
      if (!o.containsKey("dir")) {
        deleteTree(dir);
      }
    }
  }

  /** One measured case: runs it over the whole topic and returns the rows it read. */
  private interface Case {
    long run() throws Exception;
  }

  private Case measure(String name) {
    switch (name) {
      case "raw":
        return () -> readRaw(new ByteArrayDeserializer(), value -> ((byte[]) value).length);
      case "rawbuf":
        return () -> readRaw(new ByteBufferDeserializer(), value -> ((java.nio.ByteBuffer) value).remaining());
      case "rawjson": {
        BidJsonFields fields = new BidJsonFields();
        return () -> readRaw(new ByteArrayDeserializer(), value -> fields.parse((byte[]) value));
      }
      case "scan":
        return () -> runSluice("CREATE SINK out WITH (connector = 'blackhole')",
            "INSERT INTO out SELECT * FROM bid");
      case "filter":
        return () -> {
          String topic = "filtered-" + filterRuns++;
          createTopic(topic, 1); // the sink's transactions commit the batch id on partition 0 of its topic
          return runSluice("CREATE SINK out WITH (connector = 'kafka', topic = '" + topic + "', 'bootstrap-servers' = '"
              + bootstrap + "', format = 'json')",
              "INSERT INTO out SELECT auction, bidder, price, dateTime FROM bid WHERE MOD(auction, 123) = 0");
        };
      case "filterbh":
        return () -> runSluice("CREATE SINK out WITH (connector = 'blackhole')",
            "INSERT INTO out SELECT auction, bidder, price, dateTime FROM bid WHERE MOD(auction, 123) = 0");
      case "tumble":
        return () -> runSluice("CREATE SINK out WITH (connector = 'blackhole')",
            "INSERT INTO out SELECT auction, window_start, COUNT(*) AS bids"
                + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
                + " GROUP BY auction, window_start, window_end");
      default:
        throw new IllegalArgumentException("Unknown case '" + name + "': raw, rawbuf, rawjson, scan, filter, filterbh"
            + " or tumble.");
    }
  }

  /**
   * Runs Flink SQL's Kafka connector over the topic in a child JVM of class path {@code classPath}
   * (benchmarks/peers/flink-kafka), which prints its own rows per CPU-second; its output is passed on.
   */
  private static void runFlink(String classPath, String bootstrap, long rows, int repeat, String parallelism)
      throws Exception {
    Path launcher = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(launcher.toString(), "-Xmx2g",
        "--add-opens=java.base/java.util=ALL-UNNAMED", "--add-opens=java.base/java.lang=ALL-UNNAMED",
        "-cp", classPath, "peers.FlinkKafka", "--bootstrap", bootstrap, "--topic", TOPIC, "--rows",
        Long.toString(rows), "--query", "filter,tumble", "--repeat", Integer.toString(repeat), "--warmup", "1",
        "--parallelism", parallelism));
    Process flink = new ProcessBuilder(command).redirectErrorStream(true).start();
    try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(flink.getInputStream(),
        java.nio.charset.StandardCharsets.UTF_8))) {
      String line;
      while ((line = lines.readLine()) != null) {
        if (line.startsWith("FLINK-KAFKA") || line.contains("Exception") || line.contains("ERROR")
            || line.startsWith("Caused by")) {
          System.out.println(line); // its figures and errors, not Flink's warnings about its own settings
        }
      }
    }
    if (flink.waitFor() != 0) {
      throw new IllegalStateException("Flink's run ended with status " + flink.exitValue());
    }
  }

  /** Loads the bids of {@code events} Nexmark events into the topic with Sluice's kafka sink; returns their number. */
  private long load(long events, int partitions) throws Exception {
    createTopic(TOPIC, partitions);
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE SOURCE nexmark_bid (" + NexmarkHarness.COLUMNS.get("bid") + ")"
          + " WITH (connector = 'nexmark', 'table' = 'bid', 'events-per-second' = 'unlimited',"
          + " 'max-events' = '" + events + "', 'max-events-per-batch' = '1000000')");
      session.execute("CREATE SINK bids WITH (connector = 'kafka', topic = '" + TOPIC + "', 'bootstrap-servers' = '"
          + bootstrap + "', format = 'json', 'properties.linger.ms' = '20', 'properties.batch.size' = '262144',"
          // a batch of a million records on a loaded machine can outlast the producer's default minute
          + " 'properties.transaction.timeout.ms' = '600000')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute("INSERT INTO bids SELECT * FROM nexmark_bid");
      awaitAll(database);
    } finally {
      database.close();
    }
    return new NexmarkHarness.BuiltIn(events).rows("bid");
  }

  private void createTopic(String topic, int partitions) throws Exception {
    Properties admin = new Properties();
    admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    try (Admin client = Admin.create(admin)) {
      client.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
    }
  }

  /** Runs {@code insert} over a kafka source of the topic until it has read it all; returns the rows read. */
  private long runSluice(String sinkDdl, String insert) throws Exception {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE SOURCE bid (" + NexmarkHarness.COLUMNS.get("bid")
          + ", WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH (connector = 'kafka', topic = '" + TOPIC + "', 'bootstrap-servers' = '" + bootstrap + "',"
          + " format = 'json', 'max-records-per-trigger' = '" + maxRecords + "')");
      session.execute(sinkDdl);
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute(insert);
      awaitAll(database);
      long rows = 0;
      for (StreamingQuery query : database.queries().list()) {
        for (var progress : query.progress()) {
          rows += progress.inputRows();
        }
      }
      return rows;
    } finally {
      database.close();
    }
  }

  private static void awaitAll(Database database) throws InterruptedException {
    List<StreamingQuery> failed = database.queries().awaitAll();
    if (!failed.isEmpty()) {
      throw new IllegalStateException("query failed: " + failed.get(0).failure(), failed.get(0).failure());
    }
  }

  /** What a raw case does with each value: returns a number that depends on it (its length, a sum of its fields). */
  private interface ValueWork {
    long apply(Object value) throws java.io.IOException;
  }

  /**
   * Kafka's consumer alone: every committed record of the topic, its value deserialized by
   * {@code values} and handed to {@code work}.
   */
  private <V> long readRaw(Deserializer<V> values, ValueWork work) throws java.io.IOException {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    long records = 0;
    long checksum = 0;
    try (KafkaConsumer<byte[], V> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), values)) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(TOPIC)) {
        partitions.add(new TopicPartition(TOPIC, info.partition()));
      }
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      while (!reached(consumer, ends)) {
        for (ConsumerRecord<byte[], V> record : consumer.poll(Duration.ofMillis(200))) {
          records++;
          checksum += work.apply(record.value());
        }
      }
    }
    if (checksum == 0) {
      throw new IllegalStateException("no bytes read");
    }
    return records;
  }

  /**
   * A bid's JSON value read with Jackson's streaming parser, one parser per record as a consumer of
   * single-record messages makes them: the numbers as longs, the strings as text (their lengths
   * summed, so that the work cannot be left out).
   */
  private static final class BidJsonFields {
    private final com.fasterxml.jackson.core.JsonFactory factory = new com.fasterxml.jackson.core.JsonFactory();

    long parse(byte[] value) throws java.io.IOException {
      long sum = 0;
      try (com.fasterxml.jackson.core.JsonParser parser = factory.createParser(value)) {
        parser.nextToken();
        while (parser.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
          com.fasterxml.jackson.core.JsonToken token = parser.nextToken();
          if (token == com.fasterxml.jackson.core.JsonToken.VALUE_NUMBER_INT) {
            sum += parser.getLongValue();
          } else if (token == com.fasterxml.jackson.core.JsonToken.VALUE_STRING) {
            sum += parser.getTextLength();
          } else {
            parser.skipChildren();
          }
        }
      }
      return sum;
    }
  }

  private static boolean reached(KafkaConsumer<byte[], ?> consumer, Map<TopicPartition, Long> ends) {
    for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
      if (consumer.position(end.getKey()) < end.getValue()) {
        return false;
      }
    }
    return true;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void deleteTree(Path folder) throws java.io.IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try (var paths = Files.walk(folder)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(path);
      }
    }
  }
}
