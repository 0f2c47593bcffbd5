package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.data.Values;
import io.sluice.engine.checkpoint.ChildJvm;
import io.sluice.engine.checkpoint.CrashPipeline;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kafka in, Kafka out, exactly once across SIGKILLs: a pipeline in a child JVM reads topic
 * {@code bids} (2 partitions, records arriving while it runs) and writes three topics through
 * kafka sinks, each query on its own checkpoint: a filter, a tumbling window count and sum per
 * key, and a deduplication (first bid per key by event time). The test kills the child with
 * SIGKILL at random moments (while the JVM starts, while it plans and opens producers and
 * consumers, and over the batches after) and restarts it, {@code sluice.crash.kills} times
 * (default 8; the full run is {@code -Dsluice.crash.kills=50}), then lets a run with
 * the available-now trigger end by itself and reads every output topic with a
 * {@code read_committed} consumer: each must hold exactly the rows a batch computation over the
 * input gives (computed here in Java), none lost, none twice, nothing else.
 *
 * <p>Event times increase with the bid's id and the watermark delay is far above any partition's
 * lag, so no bid is ever late; a last bid a day later moves the watermark past every other, so
 * every window closes and every first bid is released (its own window stays open: not expected).
 */
class KafkaCrashTest {
  private static final int KILLS = Integer.getInteger("sluice.crash.kills", 8);
  private static final int BIDS = Integer.getInteger("sluice.crash.bids", 4000);
  private static final int KEYS = 7;
  private static final long STEP_MILLIS = 20;
  private static final long WINDOW_MILLIS = 10_000;
  private static final long BASE = LocalDateTime.of(2024, 1, 1, 0, 0).toInstant(ZoneOffset.UTC).toEpochMilli();
  /** How long the input takes to arrive, while the pipeline runs. */
  private static final long FEED_MILLIS = 15_000;
  /** The first span after planning over which running kills are drawn; it doubles while kills stop all progress. */
  private static final long RUNNING_SPAN_MILLIS = 1_500;
  private static final long MAX_RUNNING_SPAN_MILLIS = 30_000;
  private static final long RUN_TIMEOUT_MILLIS = 180_000;
  private static final List<String> SINKS = List.of("filtered", "windowed", "firsts");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private ChildJvm jvm;
  private double plannedMillis = 3_000;
  /**
   * Kills after planning land within this many ms. On a loaded machine a batch may take longer
   * than the first span: the span doubles after every kill that found no batch committed since the
   * one before, so that kills reach past the first batches too.
   */
  private long runningSpanMillis = RUNNING_SPAN_MILLIS;

  private record Bid(long id, long key, long amount, long time) {
    String json() {
      return "{\"id\": " + id + ", \"k\": " + key + ", \"amount\": " + amount + ", \"ts\": \""
          + Values.formatTimestamp(time) + "\"}";
    }
  }

  @Test
  void killedKafkaPipelinesLoseAndDuplicateNoRow() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("KafkaCrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    List<Bid> bids = new ArrayList<>();
    for (int i = 0; i < BIDS; i++) {
      bids.add(new Bid(i, random.nextInt(KEYS), random.nextInt(100), BASE + i * STEP_MILLIS));
    }
    Bid sentinel = new Bid(BIDS, 0, 0, BASE + BIDS * STEP_MILLIS + 86_400_000L);
    jvm = ChildJvm.create(folder.resolve("jvm"));
    long started = System.currentTimeMillis();
    int kills = 0;
    int restarts = 0;
    int sinkAhead = 0;
    int midBatch = 0;
    long lastProgress = 0;
    int[] stages = new int[3]; // kills while the JVM started, while planning, while running
    try (KafkaTestBroker broker = KafkaTestBroker.start(folder.resolve("broker"))) {
      broker.createTopic("bids", 2);
      for (String sink : SINKS) {
        broker.createTopic(sink, 2);
      }
      Feeder feeder = new Feeder(broker, bids, sentinel);
      feeder.start();
      try {
        for (int run = 0; ; run++) {
          if (run > 0) {
            restarts++;
          }
          boolean allInput = !feeder.isAlive();
          Path script = writeScript(broker, allInput ? "available-now" : "continuous");
          Path log = folder.resolve("run-" + run + ".log");
          boolean last = allInput && kills >= KILLS;
          if (!runOnce(script, log, last ? Long.MAX_VALUE : -1, random)) {
            break;
          }
          kills++;
          long progress = committedBatches();
          if (progress == lastProgress) {
            runningSpanMillis = Math.min(MAX_RUNNING_SPAN_MILLIS, runningSpanMillis * 2);
          }
          lastProgress = progress;
          String output = read(log);
          stages[!output.contains("started") ? 0 : !output.contains("planned") ? 1 : 2]++;
          for (String sink : SINKS) {
            long inFlight = lastBatch(folder.resolve("checkpoint").resolve(sink).resolve("offsets"));
            long committed = lastBatch(folder.resolve("checkpoint").resolve(sink).resolve("commits"));
            if (inFlight > committed) {
              if (broker.committedOffset("sluice-" + sink + "-" + sink, sink, 0) >= inFlight) {
                sinkAhead++;
              } else {
                midBatch++;
              }
            }
          }
        }
      } finally {
        feeder.join();
      }
      if (feeder.failure != null) {
        throw feeder.failure;
      }
      Map<String, Map<String, Integer>> expected = expected(bids, sentinel);
      long checked = 0;
      long lost = 0;
      long duplicated = 0;
      long unexpected = 0;
      List<String> problems = new ArrayList<>();
      for (String sink : SINKS) {
        Map<String, Integer> actual = new HashMap<>();
        for (String record : broker.readCommitted(sink)) {
          actual.merge(normalize(record), 1, Integer::sum);
        }
        TreeSet<String> examples = new TreeSet<>();
        for (Map.Entry<String, Integer> e : expected.get(sink).entrySet()) {
          int seen = actual.getOrDefault(e.getKey(), 0);
          checked += e.getValue();
          if (seen < e.getValue()) {
            lost += e.getValue() - seen;
            examples.add("lost " + e.getKey());
          } else if (seen > e.getValue()) {
            duplicated += seen - e.getValue();
            examples.add("duplicated x" + (seen - e.getValue()) + " " + e.getKey());
          }
        }
        for (Map.Entry<String, Integer> e : actual.entrySet()) {
          if (!expected.get(sink).containsKey(e.getKey())) {
            unexpected += e.getValue();
            examples.add("unexpected " + e.getKey());
          }
        }
        if (!examples.isEmpty()) {
          problems.add(sink + ": " + examples.stream().limit(10).toList());
        }
      }
      String line = String.format("kills %d (JVM start-up %d, planning %d, running %d; per query: mid-batch %d,"
          + " Kafka committed before the checkpoint %d), restarts %d, rows checked %d, lost %d, duplicated %d,"
          + " unexpected %d, %.1f s", kills, stages[0], stages[1], stages[2], midBatch, sinkAhead,
          restarts, checked, lost, duplicated, unexpected, (System.currentTimeMillis() - started) / 1000.0);
      System.out.println("KafkaCrashTest: " + line);
      assertEquals(0, lost + duplicated + unexpected, line + "\n" + String.join("\n", problems));
    }
  }

  /** Sends the bids over {@link #FEED_MILLIS}, alternating partitions, in small flushed chunks, and the sentinel last. */
  private static final class Feeder extends Thread {
    private final KafkaTestBroker broker;
    private final List<Bid> bids;
    private final Bid sentinel;
    volatile Exception failure;

    Feeder(KafkaTestBroker broker, List<Bid> bids, Bid sentinel) {
      this.broker = broker;
      this.bids = bids;
      this.sentinel = sentinel;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        int chunk = 40;
        long pause = FEED_MILLIS * chunk / bids.size();
        for (int from = 0; from < bids.size(); from += chunk) {
          for (Bid bid : bids.subList(from, Math.min(bids.size(), from + chunk))) {
            broker.send("bids", (int) (bid.id % 2), bid.json());
          }
          Thread.sleep(pause);
        }
        broker.send("bids", 0, sentinel.json());
      } catch (Exception e) {
        failure = e;
      }
    }
  }

  private Path writeScript(KafkaTestBroker broker, String trigger) throws IOException {
    String kafka = "connector = 'kafka', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', ";
    String script = "CREATE SOURCE bids (id BIGINT, k BIGINT, amount BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)"
        + " WITH (" + kafka + "topic = 'bids', format = 'json', 'max-records-per-trigger' = '300');\n"
        + "CREATE SINK filtered WITH (" + kafka + "topic = 'filtered', format = 'json', key = 'id');\n"
        + "CREATE SINK windowed WITH (" + kafka + "topic = 'windowed', format = 'json');\n"
        + "CREATE SINK firsts WITH (" + kafka + "topic = 'firsts', format = 'json', key = 'k');\n"
        + "SET 'pipeline.trigger' = '" + trigger + "';\n"
        + "SET 'pipeline.checkpoint' = '" + folder.resolve("checkpoint") + "';\n"
        + "INSERT INTO filtered SELECT id, amount FROM bids WHERE amount % 3 = 0;\n"
        + "INSERT INTO windowed SELECT window_start, k, COUNT(*) AS n, SUM(amount) AS total"
        + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k;\n"
        + "INSERT INTO firsts SELECT k, id FROM (SELECT k, id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn"
        + " FROM bids) WHERE rn = 1;\n";
    Path file = folder.resolve("pipeline.sql");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    return file;
  }

  /** Each sink's records as a batch computation over all bids gives them, normalized, with their counts. */
  private static Map<String, Map<String, Integer>> expected(List<Bid> bids, Bid sentinel) {
    Map<String, Map<String, Integer>> expected = new HashMap<>();
    Map<String, Integer> filtered = new HashMap<>();
    Map<String, long[]> windows = new TreeMap<>();
    Map<Long, Bid> firsts = new TreeMap<>();
    List<Bid> all = new ArrayList<>(bids);
    all.add(sentinel);
    for (Bid bid : all) {
      if (bid.amount % 3 == 0) {
        filtered.merge("{\"id\":" + bid.id + "}|{\"id\":" + bid.id + ",\"amount\":" + bid.amount + "}", 1, Integer::sum);
      }
      if (bid != sentinel) {
        long start = bid.time - Math.floorMod(bid.time, WINDOW_MILLIS);
        long[] window = windows.computeIfAbsent(Values.formatTimestamp(start) + "," + bid.key, w -> new long[2]);
        window[0]++;
        window[1] += bid.amount;
      }
      firsts.merge(bid.key, bid, (a, b) -> a.time <= b.time ? a : b);
    }
    Map<String, Integer> windowed = new HashMap<>();
    windows.forEach((w, v) -> windowed.put(w + "," + v[0] + "," + v[1], 1));
    Map<String, Integer> first = new HashMap<>();
    firsts.forEach((k, bid) -> first.put("{\"k\":" + k + "}|{\"k\":" + k + ",\"id\":" + bid.id + "}", 1));
    expected.put("filtered", filtered);
    expected.put("windowed", windowed);
    expected.put("firsts", first);
    return expected;
  }

  /** A windowed record as {@code start,key,count,sum}; others as read. */
  private static String normalize(String record) throws IOException {
    if (!record.startsWith("{\"window_start\"")) {
      return record;
    }
    JsonNode row = JSON.readTree(record);
    return row.get("window_start").asText() + "," + row.get("k").asLong() + "," + row.get("n").asLong() + ","
        + row.get("total").asLong();
  }

  /**
   * Runs the pipeline in a child JVM; unless {@code killAt} is {@link Long#MAX_VALUE}, kills it
   * with SIGKILL at a random moment. Returns whether it was killed; a run that ends by itself
   * must end with status 0.
   */
  private boolean runOnce(Path script, Path log, long killAt, Random random) throws Exception {
    long afterPlanned = Long.MAX_VALUE;
    if (killAt != Long.MAX_VALUE) {
      double p = random.nextDouble();
      if (p < 0.1) {
        killAt = random.nextInt(150);
      } else if (p < 0.35) {
        killAt = (long) (random.nextDouble() * plannedMillis * 1.1);
      } else {
        killAt = Long.MAX_VALUE;
        afterPlanned = (long) (random.nextDouble() * runningSpanMillis);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(jvm.command(CrashPipeline.class.getName(), script.toString()));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    boolean planned = false;
    try {
      while (true) {
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed >= killAt) {
          process.destroyForcibly(); // SIGKILL
          process.waitFor();
          return true;
        }
        if (elapsed > RUN_TIMEOUT_MILLIS) {
          fail("the pipeline did not end within " + RUN_TIMEOUT_MILLIS + " ms; its output:\n" + read(log));
        }
        if (process.waitFor(Math.max(1, Math.min(5, killAt - elapsed)), TimeUnit.MILLISECONDS)) {
          assertEquals(0, process.exitValue(), "the pipeline failed; its output:\n" + read(log));
          return false;
        }
        if (!planned && read(log).contains("planned")) {
          planned = true;
          plannedMillis = 0.8 * plannedMillis + 0.2 * elapsed;
          if (afterPlanned != Long.MAX_VALUE) {
            killAt = elapsed + afterPlanned;
          }
        }
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }

  /** The batches the queries committed to their checkpoints so far, summed. */
  private long committedBatches() throws IOException {
    long sum = 0;
    for (String sink : SINKS) {
      sum += lastBatch(folder.resolve("checkpoint").resolve(sink).resolve("commits")) + 1;
    }
    return sum;
  }

  /** The highest batch number named by a file in a checkpoint folder, or -1. */
  private static long lastBatch(Path recordFolder) throws IOException {
    if (!Files.isDirectory(recordFolder)) {
      return -1;
    }
    try (Stream<Path> names = Files.list(recordFolder)) {
      return names.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong)
          .max().orElse(-1);
    }
  }

  private static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
