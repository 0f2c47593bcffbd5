package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.catalog.data.Values;
import io.sluice.engine.checkpoint.ChildJvm;
import io.sluice.engine.checkpoint.KilledRun;
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
 * The watermark is per partition, so each partition gets such a last bid.
 *
 * <p>A round is one input topic with its output topics and checkpoints; it ends when a run ends by
 * itself once all input is there. Rounds repeat until there were {@code sluice.crash.kills} kills.
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
  private static final List<String> SINKS = List.of("filtered", "windowed", "firsts");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  Path folder;

  private RandomKills runs;

  private record Bid(long id, long key, long amount, long time) {
    String json() {
      return "{\"id\": " + id + ", \"k\": " + key + ", \"amount\": " + amount + ", \"ts\": \""
          + Values.formatTimestamp(time) + "\"}";
    }
  }

  /** Figures of a round, or of all rounds. */
  private static final class Tally {
    int rounds;
    int kills;
    int restarts;
    /** Kills while the JVM started, while it planned, while it ran. */
    final int[] stages = new int[3];
    /** Per query at a kill: a batch started and not committed anywhere. */
    int midBatch;
    /** Per query at a kill: Kafka committed the batch, the checkpoint did not. */
    int sinkAhead;
    long checked;
    long lost;
    long duplicated;
    long unexpected;
    final List<String> problems = new ArrayList<>();

    void add(Tally round) {
      rounds += round.rounds;
      kills += round.kills;
      restarts += round.restarts;
      for (int i = 0; i < stages.length; i++) {
        stages[i] += round.stages[i];
      }
      midBatch += round.midBatch;
      sinkAhead += round.sinkAhead;
      checked += round.checked;
      lost += round.lost;
      duplicated += round.duplicated;
      unexpected += round.unexpected;
      problems.addAll(round.problems);
    }

    String line() {
      return String.format("%d rounds, kills %d (JVM start-up %d, planning %d, running %d; per query: mid-batch %d,"
          + " Kafka committed before the checkpoint %d), restarts %d, rows checked %d, lost %d, duplicated %d,"
          + " unexpected %d", rounds, kills, stages[0], stages[1], stages[2], midBatch, sinkAhead, restarts, checked,
          lost, duplicated, unexpected);
    }
  }

  @Test
  void killedKafkaPipelinesLoseAndDuplicateNoRow() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("KafkaCrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    runs = new RandomKills(ChildJvm.create(folder.resolve("jvm")), random);
    long started = System.currentTimeMillis();
    Tally total = new Tally();
    try (KafkaTestBroker broker = KafkaTestBroker.start(folder.resolve("broker"))) {
      // a round ends when a run ends by itself; rounds repeat, on new topics, until there were enough kills
      while (total.kills < KILLS && total.problems.isEmpty()) {
        Tally round = runRound(broker, total.rounds, random, KILLS - total.kills);
        System.out.println("KafkaCrashTest round " + total.rounds + ": " + round.line());
        total.add(round);
      }
    }
    String line = total.line() + String.format(", %.1f s", (System.currentTimeMillis() - started) / 1000.0);
    System.out.println("KafkaCrashTest total: " + line);
    assertEquals(0, total.lost + total.duplicated + total.unexpected, line + "\n" + String.join("\n", total.problems));
  }

  /**
   * One round: new input topic, output topics and checkpoints; the bids arrive while the pipeline
   * runs with the continuous trigger and is killed and restarted, then with available-now until a
   * run ends by itself (after {@code maxKills} kills, runs go undisturbed). Then checks the outputs.
   */
  private Tally runRound(KafkaTestBroker broker, int number, Random random, int maxKills) throws Exception {
    Tally tally = new Tally();
    tally.rounds = 1;
    Path roundFolder = folder.resolve("round-" + number);
    Files.createDirectories(roundFolder);
    String suffix = "-" + number;
    List<Bid> bids = new ArrayList<>();
    for (int i = 0; i < BIDS; i++) {
      bids.add(new Bid(i, random.nextInt(KEYS), random.nextInt(100), BASE + i * STEP_MILLIS));
    }
    // a bid a day later in each partition moves the watermark, per partition, past every other bid
    List<Bid> sentinels = List.of(new Bid(BIDS, 0, 0, BASE + BIDS * STEP_MILLIS + 86_400_000L),
        new Bid(BIDS + 1, 0, 0, BASE + BIDS * STEP_MILLIS + 86_400_000L));
    broker.createTopic("bids" + suffix, 2);
    for (String sink : SINKS) {
      broker.createTopic(sink + suffix, 2);
    }
    Feeder feeder = new Feeder(broker, "bids" + suffix, bids, sentinels);
    feeder.start();
    try {
      for (int run = 0; ; run++) {
        if (run > 0) {
          tally.restarts++;
        }
        boolean allInput = !feeder.isAlive();
        Path script = writeScript(broker, roundFolder, suffix, allInput ? "available-now" : "continuous");
        Path log = roundFolder.resolve("run-" + run + ".log");
        boolean last = allInput && tally.kills >= maxKills;
        if (!runs.run(script, log, !last)) {
          if (!allInput) {
            throw new AssertionError("a run ended by itself while input still came; its output:\n"
                + KilledRun.read(log));
          }
          break;
        }
        tally.kills++;
        runs.afterKill(committedBatches(roundFolder));
        tally.stages[RandomKills.stage(KilledRun.read(log))]++;
        for (String sink : SINKS) {
          Path checkpoint = roundFolder.resolve("checkpoint").resolve(sink);
          long inFlight = KilledRun.lastBatch(checkpoint.resolve("offsets"));
          long committed = KilledRun.lastBatch(checkpoint.resolve("commits"));
          if (inFlight > committed) {
            String topic = sink + suffix;
            if (broker.committedOffset("sluice-" + sink + "-" + topic, topic, 0) >= inFlight) {
              tally.sinkAhead++;
            } else {
              tally.midBatch++;
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
    check(broker, suffix, expected(bids, sentinels), tally);
    return tally;
  }

  /** Compares every output topic with its expected records, counting records lost, duplicated and unexpected. */
  private static void check(KafkaTestBroker broker, String suffix, Map<String, Map<String, Integer>> expected,
      Tally tally) throws IOException {
    for (String sink : SINKS) {
      Map<String, Integer> actual = new HashMap<>();
      for (String record : broker.readCommitted(sink + suffix)) {
        actual.merge(normalize(record), 1, Integer::sum);
      }
      TreeSet<String> examples = new TreeSet<>();
      for (Map.Entry<String, Integer> e : expected.get(sink).entrySet()) {
        int seen = actual.getOrDefault(e.getKey(), 0);
        tally.checked += e.getValue();
        if (seen < e.getValue()) {
          tally.lost += e.getValue() - seen;
          examples.add("lost " + e.getKey());
        } else if (seen > e.getValue()) {
          tally.duplicated += seen - e.getValue();
          examples.add("duplicated x" + (seen - e.getValue()) + " " + e.getKey());
        }
      }
      for (Map.Entry<String, Integer> e : actual.entrySet()) {
        if (!expected.get(sink).containsKey(e.getKey())) {
          tally.unexpected += e.getValue();
          examples.add("unexpected " + e.getKey());
        }
      }
      if (!examples.isEmpty()) {
        tally.problems.add(sink + suffix + ": " + examples.stream().limit(10).toList());
      }
    }
  }

  /** Sends the bids over {@link #FEED_MILLIS}, alternating partitions, in small flushed chunks, and the sentinels last. */
  private static final class Feeder extends Thread {
    private final KafkaTestBroker broker;
    private final String topic;
    private final List<Bid> bids;
    private final List<Bid> sentinels;
    volatile Exception failure;

    Feeder(KafkaTestBroker broker, String topic, List<Bid> bids, List<Bid> sentinels) {
      this.broker = broker;
      this.topic = topic;
      this.bids = bids;
      this.sentinels = sentinels;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        int chunk = 40;
        long pause = FEED_MILLIS * chunk / bids.size();
        for (int from = 0; from < bids.size(); from += chunk) {
          for (Bid bid : bids.subList(from, Math.min(bids.size(), from + chunk))) {
            broker.send(topic, (int) (bid.id % 2), bid.json());
          }
          Thread.sleep(pause);
        }
        for (Bid sentinel : sentinels) {
          broker.send(topic, (int) (sentinel.id % 2), sentinel.json());
        }
      } catch (Exception e) {
        failure = e;
      }
    }
  }

  /** The pipeline script of a round, over its topics (names ending in {@code suffix}) and with its checkpoints. */
  private static Path writeScript(KafkaTestBroker broker, Path roundFolder, String suffix, String trigger)
      throws IOException {
    String kafka = "connector = 'kafka', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', ";
    String script = "CREATE SOURCE bids (id BIGINT, k BIGINT, amount BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)"
        + " WITH (" + kafka + "topic = 'bids" + suffix + "', format = 'json', 'max-records-per-trigger' = '300');\n"
        + "CREATE SINK filtered WITH (" + kafka + "topic = 'filtered" + suffix + "', format = 'json', key = 'id');\n"
        + "CREATE SINK windowed WITH (" + kafka + "topic = 'windowed" + suffix + "', format = 'json');\n"
        + "CREATE SINK firsts WITH (" + kafka + "topic = 'firsts" + suffix + "', format = 'json', key = 'k');\n"
        + "SET 'pipeline.trigger' = '" + trigger + "';\n"
        + "SET 'pipeline.checkpoint' = '" + roundFolder.resolve("checkpoint") + "';\n"
        + "INSERT INTO filtered SELECT id, amount FROM bids WHERE amount % 3 = 0;\n"
        + "INSERT INTO windowed SELECT window_start, k, COUNT(*) AS n, SUM(amount) AS total"
        + " FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k;\n"
        + "INSERT INTO firsts SELECT k, id FROM (SELECT k, id, ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn"
        + " FROM bids) WHERE rn = 1;\n";
    Path file = roundFolder.resolve("pipeline.sql");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    return file;
  }

  /** Each sink's records as a batch computation over all bids gives them, normalized, with their counts. */
  private static Map<String, Map<String, Integer>> expected(List<Bid> bids, List<Bid> sentinels) {
    Map<String, Map<String, Integer>> expected = new HashMap<>();
    Map<String, Integer> filtered = new HashMap<>();
    Map<String, long[]> windows = new TreeMap<>();
    Map<Long, Bid> firsts = new TreeMap<>();
    List<Bid> all = new ArrayList<>(bids);
    all.addAll(sentinels);
    for (Bid bid : all) {
      if (bid.amount % 3 == 0) {
        filtered.merge("{\"id\":" + bid.id + "}|{\"id\":" + bid.id + ",\"amount\":" + bid.amount + "}", 1, Integer::sum);
      }
      if (!sentinels.contains(bid)) {
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

  /** The batches the queries committed to their checkpoints so far, summed. */
  private static long committedBatches(Path roundFolder) throws IOException {
    long sum = 0;
    for (String sink : SINKS) {
      sum += KilledRun.lastBatch(roundFolder.resolve("checkpoint").resolve(sink).resolve("commits")) + 1;
    }
    return sum;
  }
}
