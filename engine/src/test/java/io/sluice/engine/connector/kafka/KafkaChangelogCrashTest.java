package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.engine.checkpoint.ChildJvm;
import io.sluice.engine.checkpoint.KilledRun;
import io.sluice.engine.connector.jdbc.PostgresServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A changelog without old rows, exactly once across SIGKILLs: Debezium change events of a table
 * {@code orders} as PostgreSQL's default replica identity writes them (inserts; updates without
 * {@code before}, some repeating the row; deletes whose {@code before} holds only the key or is
 * null with the key in the record's key, each followed by its tombstone) arrive on a Kafka topic
 * (real broker, 2 partitions, a key's changes in one) while a pipeline in a child JVM reads them
 * with {@code 'changelog.normalize' = 'true'} and upserts an update-mode count and sum per
 * customer into a real PostgreSQL table by key (a customer left without orders is deleted).
 *
 * <p>The child is killed with SIGKILL at random moments (while its JVM starts, while it plans,
 * over its batches) and restarted from its checkpoint, {@code sluice.crash.kills} times (8 by
 * default, for CI on two cores); then a run with the available-now trigger ends by itself. The
 * PostgreSQL table must then equal the aggregation computed in Java over the table as the changes
 * left it: a batch lost, or read twice through the normalize step's state, shows as a wrong or
 * missing or extra total. {@code -Dsluice.crash.seed=N} repeats a run's changes and kill delays.
 */
class KafkaChangelogCrashTest {
  private static final int KILLS = Integer.getInteger("sluice.crash.kills", 8);
  private static final int CHANGES = Integer.getInteger("sluice.crash.changes", 3000);
  private static final int IDS = 150;
  private static final String[] CUSTOMERS = {"ada", "bob", "cy", "dee", "eve"};
  /** How long the changes take to arrive, while the pipeline runs. */
  private static final long FEED_MILLIS = 12_000;
  private static final String SINK = "customers_db";
  private static final String TOPIC = "pg.public.orders";

  @TempDir
  Path folder;

  /** A row of the captured table. */
  private record Order(int id, String customer, long amount) {
    String json() {
      return "{\"id\": " + id + ", \"customer\": \"" + customer + "\", \"amount\": " + amount + "}";
    }
  }

  /** One record of the topic: its partition, key and value (null: a tombstone). */
  private record Change(int partition, String key, String value) {}

  @Test
  void aKilledPipelineOverANormalizedChangelogUpsertsEveryTotalExactlyOnce() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("KafkaChangelogCrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    Map<Integer, Order> table = new TreeMap<>();
    List<Change> changes = changes(random, table);
    PostgresServer postgres = PostgresServer.shared();
    postgres.execute("DROP TABLE IF EXISTS crash_customers", "DROP TABLE IF EXISTS crash_changelog_commits",
        "CREATE TABLE crash_customers (customer VARCHAR PRIMARY KEY, n BIGINT, total BIGINT)");
    RandomKills runs = new RandomKills(ChildJvm.create(folder.resolve("jvm")), random);
    long started = System.currentTimeMillis();
    int kills = 0;
    int sinkAhead = 0;
    int[] stages = new int[3];
    try (KafkaTestBroker broker = KafkaTestBroker.start(folder.resolve("broker"))) {
      broker.createTopic(TOPIC, 2);
      Feeder feeder = new Feeder(broker, changes);
      feeder.start();
      try {
        for (int run = 0; ; run++) {
          boolean allInput = !feeder.isAlive();
          Path script = writeScript(broker, postgres, allInput ? "available-now" : "continuous");
          Path log = folder.resolve("run-" + run + ".log");
          boolean last = allInput && kills >= KILLS;
          if (!runs.run(script, log, !last)) {
            if (!allInput) {
              throw new AssertionError("a run ended by itself while changes still came; its output:\n"
                  + KilledRun.read(log));
            }
            if (last) {
              break;
            }
            continue; // an available-now run that read everything before its kill: the next one is killed again
          }
          kills++;
          stages[RandomKills.stage(KilledRun.read(log))]++;
          Path checkpoint = folder.resolve("checkpoint").resolve(SINK);
          long committed = KilledRun.lastBatch(checkpoint.resolve("commits"));
          if (KilledRun.lastBatch(checkpoint.resolve("offsets")) > committed && postgresCommitted(postgres) > committed) {
            sinkAhead++;
          }
          runs.afterKill(committed);
        }
      } finally {
        feeder.join();
      }
      if (feeder.failure != null) {
        throw feeder.failure;
      }
    }
    Map<String, Integer> expected = counted(expectedTotals(table));
    Map<String, Integer> actual = counted(postgres.rows("SELECT customer, n, total FROM crash_customers"));
    long lost = 0;
    long duplicated = 0;
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      int seen = actual.getOrDefault(e.getKey(), 0);
      lost += Math.max(0, e.getValue() - seen);
      duplicated += Math.max(0, seen - e.getValue());
    }
    long unexpected = actual.entrySet().stream().filter(e -> !expected.containsKey(e.getKey()))
        .mapToLong(Map.Entry::getValue).sum();
    String figures = String.format("changes %d, kills %d (JVM start-up %d, planning %d, running %d; PostgreSQL"
        + " committed the batch before the checkpoint %d), totals checked %d (lost %d, duplicated %d, unexpected %d),"
        + " %.1f s", changes.size(), kills, stages[0], stages[1], stages[2], sinkAhead, expected.size(), lost,
        duplicated, unexpected, (System.currentTimeMillis() - started) / 1000.0);
    System.out.println("KafkaChangelogCrashTest " + figures);
    assertEquals(expected, actual, figures);
    assertEquals(KILLS, kills, figures);
  }

  /**
   * Random changes of {@code table} (filled as they leave it), as Debezium writes them: inserts,
   * updates without {@code before} (one in six repeats the row), deletes of a key without a row,
   * and deletes whose {@code before} holds only the key (even ids) or is null, the key then only
   * in the record's key, bare or in Kafka Connect's schema/payload envelope; each delete is
   * followed by its tombstone. A key's changes all go to one partition, in order.
   */
  private static List<Change> changes(Random random, Map<Integer, Order> table) {
    List<Change> changes = new ArrayList<>();
    for (int i = 0; i < CHANGES; i++) {
      int id = random.nextInt(IDS);
      int partition = id % 2;
      String key = random.nextBoolean() ? "{\"id\": " + id + "}"
          : "{\"schema\": {\"type\": \"struct\", \"fields\": [{\"type\": \"int32\", \"optional\": false, \"field\":"
          + " \"id\"}], \"optional\": false, \"name\": \"pg.public.orders.Key\"}, \"payload\": {\"id\": " + id + "}}";
      Order old = table.get(id);
      int dice = random.nextInt(12);
      if ((old == null && dice == 0) || (old != null && dice < 3)) {
        String before = id % 2 == 0 ? "{\"id\": " + id + ", \"customer\": null, \"amount\": null}" : "null";
        changes.add(new Change(partition, key, event("d", before, "null")));
        changes.add(new Change(partition, key, null));
        table.remove(id);
      } else if (old != null && dice == 3) {
        changes.add(new Change(partition, key, event("u", "null", old.json())));
      } else {
        Order next = new Order(id, CUSTOMERS[random.nextInt(CUSTOMERS.length)], random.nextInt(1000));
        changes.add(new Change(partition, key, event(old == null ? "c" : "u", "null", next.json())));
        table.put(id, next);
      }
    }
    return changes;
  }

  private static String event(String op, String before, String after) {
    return "{\"before\": " + before + ", \"after\": " + after + ", \"source\": {\"connector\": \"postgresql\"},"
        + " \"op\": \"" + op + "\", \"ts_ms\": 1700000000000}";
  }

  /** Each customer's count and sum of amounts over the table's rows, as PostgreSQL prints the row. */
  private static List<String> expectedTotals(Map<Integer, Order> table) {
    Map<String, long[]> totals = new TreeMap<>();
    for (Order order : table.values()) {
      long[] sums = totals.computeIfAbsent(order.customer(), c -> new long[2]);
      sums[0]++;
      sums[1] += order.amount();
    }
    List<String> rows = new ArrayList<>();
    totals.forEach((customer, sums) -> rows.add(customer + " | " + sums[0] + " | " + sums[1]));
    return rows;
  }

  private static Map<String, Integer> counted(List<String> rows) {
    Map<String, Integer> counts = new HashMap<>();
    rows.forEach(row -> counts.merge(row, 1, Integer::sum));
    return counts;
  }

  /** The last batch PostgreSQL's commit table holds for the sink, or -1. */
  private static long postgresCommitted(PostgresServer postgres) throws Exception {
    if (!postgres.rows("SELECT to_regclass('crash_changelog_commits') IS NOT NULL").equals(List.of("t"))) {
      return -1;
    }
    List<String> rows = postgres.rows("SELECT batch_id FROM crash_changelog_commits WHERE sink_id = '" + SINK + "'");
    return rows.isEmpty() ? -1 : Long.parseLong(rows.get(0));
  }

  private Path writeScript(KafkaTestBroker broker, PostgresServer postgres, String trigger) throws IOException {
    String script = "CREATE SOURCE orders (id INT, customer VARCHAR, amount BIGINT, PRIMARY KEY (id) NOT ENFORCED)"
        + " WITH (connector = 'kafka', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', topic = '" + TOPIC
        + "', format = 'debezium-json', 'changelog.normalize' = 'true', 'max-records-per-trigger' = '200');\n"
        + "CREATE SINK " + SINK + " WITH (connector = 'jdbc', url = '" + postgres.url() + "', user = '"
        + PostgresServer.USER + "', password = '" + PostgresServer.PASSWORD + "', 'commit-table' ="
        + " 'crash_changelog_commits', table = 'crash_customers', key = 'customer');\n"
        + "SET 'pipeline.trigger' = '" + trigger + "';\n"
        + "SET 'pipeline.output-mode' = 'update';\n"
        + "SET 'pipeline.checkpoint' = '" + folder.resolve("checkpoint") + "';\n"
        + "INSERT INTO " + SINK + " SELECT customer, COUNT(*) AS n, SUM(amount) AS total FROM orders"
        + " GROUP BY customer;\n";
    Path file = folder.resolve("pipeline.sql");
    Files.writeString(file, script, StandardCharsets.UTF_8);
    return file;
  }

  /** Sends the changes over {@link #FEED_MILLIS} in small chunks, each key's in its partition in order. */
  private static final class Feeder extends Thread {
    private final KafkaTestBroker broker;
    private final List<Change> changes;
    volatile Exception failure;

    Feeder(KafkaTestBroker broker, List<Change> changes) {
      this.broker = broker;
      this.changes = changes;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        int chunk = 30;
        long pause = FEED_MILLIS * chunk / changes.size();
        for (int from = 0; from < changes.size(); from += chunk) {
          for (Change change : changes.subList(from, Math.min(changes.size(), from + chunk))) {
            if (change.value() == null) {
              broker.sendTombstone(TOPIC, change.partition(), change.key());
            } else {
              broker.send(TOPIC, change.partition(), change.key(), change.value(), List.of());
            }
          }
          Thread.sleep(pause);
        }
      } catch (Exception e) {
        failure = e;
      }
    }
  }
}
