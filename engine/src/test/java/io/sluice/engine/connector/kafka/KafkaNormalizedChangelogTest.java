package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Kafka changelogs whose records do not say what an update or delete takes back, against a real
 * broker: Debezium events as PostgreSQL's default replica identity writes them (an update without
 * {@code before}, a delete whose {@code before} holds only the key) with {@code
 * 'changelog.normalize' = 'true'}, and upserts by key with tombstones ({@code format =
 * 'upsert-json'}). Both pass through the step that keeps each key's current row; after every
 * round an aggregation above it equals the same query run as a batch over the table as the
 * changes left it, across a restart from the checkpoint.
 */
class KafkaNormalizedChangelogTest extends KafkaBrokerTestBase {
  private static final String COLUMNS = "id INT, customer VARCHAR, amount BIGINT, PRIMARY KEY (id) NOT ENFORCED";
  private static final String AGGREGATE = "SELECT customer, COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS"
      + " biggest FROM %s WHERE amount > 5 GROUP BY customer";

  /** A row of the captured table. */
  private record Order(int id, String customer, long amount) {
    String json() {
      return "{\"id\": " + id + ", \"customer\": \"" + customer + "\", \"amount\": " + amount + "}";
    }

    String values() {
      return id + ", '" + customer + "', " + amount;
    }

    String key() {
      return "{\"id\": " + id + "}";
    }
  }

  /** How one change of the table is written to the topic. */
  private interface Writer {
    void write(int partition, Order old, Order next) throws Exception;
  }

  private String source(String name, String topic, String format) {
    return "CREATE SOURCE " + name + " (" + COLUMNS + ") WITH (connector = 'kafka', topic = '" + topic
        + "', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', " + format + ");";
  }

  private static String debezium(String op, String before, String after) {
    return "{\"before\": " + before + ", \"after\": " + after + ", \"source\": {\"connector\": \"postgresql\"},"
        + " \"op\": \"" + op + "\", \"ts_ms\": 1700000000000}";
  }

  @Test
  void debeziumWithoutOldRowsEqualsABatchRunAcrossARestart() throws Exception {
    broker.createTopic("pg_orders", 2);
    runRounds("pg_orders", "format = 'debezium-json', 'changelog.normalize' = 'true'", (partition, old, next) -> {
      if (next == null) {
        // the default replica identity: the old row's key only
        broker.send("pg_orders", partition, debezium("d", "{\"id\": " + old.id() + ", \"customer\": null}", "null"));
        broker.sendTombstone("pg_orders", partition, old.key());
      } else {
        broker.send("pg_orders", partition, debezium(old == null ? "c" : "u", "null", next.json()));
      }
    });
  }

  /**
   * Deletes whose {@code before} is null, as Debezium writes them for PostgreSQL tables without a
   * usable replica identity: the deleted row's key is only in the record's key, here bare ({@code
   * {"id": 5}}) for even ids and wrapped with its schema (Kafka Connect's JSON converter with
   * schemas) for odd ones. Each delete is followed by its tombstone, which is skipped.
   */
  @Test
  void debeziumDeletesWithoutBeforeTakeTheKeyFromTheRecordKey() throws Exception {
    broker.createTopic("pg_keys", 2);
    runRounds("pg_keys", "format = 'debezium-json', 'changelog.normalize' = 'true'", (partition, old, next) -> {
      String key = debeziumKey(next == null ? old : next);
      if (next == null) {
        broker.send("pg_keys", partition, key, debezium("d", "null", "null"), List.of());
        broker.sendTombstone("pg_keys", partition, key);
      } else {
        broker.send("pg_keys", partition, key, debezium(old == null ? "c" : "u", "null", next.json()), List.of());
      }
    });
  }

  /** Debezium's key of a row: bare for even ids, in a schema/payload envelope for odd ones. */
  private static String debeziumKey(Order row) {
    if (row.id() % 2 == 0) {
      return row.key();
    }
    return "{\"schema\": {\"type\": \"struct\", \"fields\": [{\"type\": \"int32\", \"optional\": false,"
        + " \"field\": \"id\"}], \"optional\": false, \"name\": \"pg.public.orders.Key\"}, \"payload\": "
        + row.key() + "}";
  }

  @Test
  void aDebeziumDeleteWithoutBeforeNeedsNormalizeOrARecordKey() throws Exception {
    broker.createTopic("pg_bare", 1);
    broker.send("pg_bare", 0, "{\"id\": 1}", debezium("c", "null", new Order(1, "ada", 10).json()), List.of());
    broker.send("pg_bare", 0, "{\"id\": 1}", debezium("d", "null", "null"), List.of());
    t = new StreamTestSession(source("bare", "pg_bare", "format = 'debezium-json'")
        + " CREATE SINK copy WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO copy SELECT id, amount FROM bare");
    assertTrue(query.step(), "the first batch fixes where the partition starts");
    RuntimeException refused = assertThrows(RuntimeException.class, query::step);
    assertTrue(refused.getMessage().contains("the Debezium delete has no 'before' row"), refused.getMessage());
    assertTrue(refused.getMessage().contains("set 'changelog.normalize' = 'true'"), refused.getMessage());
    assertTrue(refused.getMessage().contains("partition 0, offset 1"), refused.getMessage());
    query.stop();

    broker.createTopic("pg_keyless", 1);
    broker.send("pg_keyless", 0, debezium("d", "null", "null"));
    t.session.execute(source("keyless", "pg_keyless", "format = 'debezium-json', 'changelog.normalize' = 'true'"));
    StreamingQuery keyless = t.start("INSERT INTO copy SELECT id, amount FROM keyless");
    assertTrue(keyless.step());
    RuntimeException noKey = assertThrows(RuntimeException.class, keyless::step);
    assertTrue(noKey.getMessage().contains("neither a 'before' row nor a record key"), noKey.getMessage());
    keyless.stop();
  }

  @Test
  void upsertsAndTombstonesEqualABatchRunAcrossARestart() throws Exception {
    broker.createTopic("upserts", 2);
    runRounds("upserts", "format = 'upsert-json'", (partition, old, next) -> {
      if (next == null) {
        broker.sendTombstone("upserts", partition, old.key());
      } else {
        broker.send("upserts", partition, next.key(), next.json(), List.of());
      }
    });
  }

  /**
   * Six rounds of random inserts, updates (some to the same row: duplicates), deletes and deletes
   * of keys that have no row; the query is stopped and started again from its checkpoint after
   * round 2. After each round the aggregation equals a batch run over the table.
   */
  private void runRounds(String topic, String format, Writer writer) throws Exception {
    t = new StreamTestSession(source("orders", topic, format)
        + " CREATE SINK totals WITH (connector = 'memory');"
        + " CREATE TABLE captured (id INT, customer VARCHAR, amount BIGINT);"
        + " SET 'pipeline.output-mode' = 'update';"
        + " SET 'pipeline.checkpoint' = '" + folder.resolve(topic + "-checkpoints") + "';");
    String insert = "INSERT INTO totals " + String.format(AGGREGATE, "orders");
    String plan = String.join("\n", t.rows("EXPLAIN " + insert));
    assertTrue(plan.contains("ChangelogNormalize(orders by id) - the current row of every key"), plan);
    StreamingQuery query = t.start(insert);
    assertTrue(query.step(), "the first batch fixes where each partition starts");

    Random random = new Random(topic.hashCode());
    Map<Integer, Order> table = new TreeMap<>();
    String[] customers = {"ada", "bob", "cy", "dee"};
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 40; i++) {
        int id = random.nextInt(25);
        Order old = table.get(id);
        int partition = id % 2; // records of one key stay in order
        int dice = random.nextInt(8);
        if (old == null && dice == 0) {
          writer.write(partition, new Order(id, "nobody", 0), null); // a delete of a key without a row
        } else if (old != null && dice < 2) {
          writer.write(partition, old, null);
          table.remove(id);
        } else if (old != null && dice == 2) {
          writer.write(partition, old, old); // a duplicate: the same row again
        } else {
          Order next = new Order(id, customers[random.nextInt(customers.length)], random.nextInt(100));
          writer.write(partition, old, next);
          table.put(id, next);
        }
      }
      while (query.step()) {
        // read everything sent so far
      }
      if (round == 2) {
        query.stop();
        query = t.start(insert);
      }
      replaceRows("captured", table.values().stream().map(Order::values).toList());
      assertEquals(t.rows(String.format(AGGREGATE, "captured")), t.rows("SELECT * FROM totals"), "after round " + round);
    }
    query.stop();
  }

  @Test
  void theCopyOfANormalizedSourceIsTheTableWithoutDuplicateChanges() throws Exception {
    broker.createTopic("dupes", 1);
    broker.send("dupes", 0, "{\"id\": 1}", "{\"id\": 1, \"customer\": \"ada\", \"amount\": 10}", List.of());
    broker.send("dupes", 0, "{\"id\": 1}", "{\"id\": 1, \"customer\": \"ada\", \"amount\": 10}", List.of());
    broker.send("dupes", 0, "{\"id\": 2}", "{\"id\": 2, \"customer\": \"bob\", \"amount\": 7}", List.of());
    broker.sendTombstone("dupes", 0, "{\"id\": 2}");
    broker.sendTombstone("dupes", 0, "{\"id\": 3}");
    t = new StreamTestSession(source("dupes", "dupes", "format = 'upsert-json', 'metadata-columns' = 'true'")
        + " CREATE SINK copy WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO copy SELECT customer, amount FROM dupes");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("ada | 10"), t.rows("SELECT * FROM copy"), "the key is read though the query does not use it");
    io.sluice.engine.result.BatchProgress.Operator normalize =
        query.progress().get(query.progress().size() - 1).operators().get(0);
    assertEquals("ChangelogNormalize(dupes by id)", normalize.name());
    assertEquals(1, normalize.stateRows(), "progress shows the keys kept");
  }

  @Test
  void aNormalizedSourceNeedsAPrimaryKeyAndTheOptionFitsItsFormat() {
    t = new StreamTestSession("");
    SluiceException noKey = assertThrows(SluiceException.class, () -> t.session.execute(
        "CREATE SOURCE k (id INT, v BIGINT) WITH (connector = 'kafka', topic = 'x', 'bootstrap-servers' = '"
            + broker.bootstrapServers() + "', format = 'upsert-json')"));
    assertTrue(noKey.getMessage().contains("declare the key, e.g. PRIMARY KEY (id) NOT ENFORCED"), noKey.getMessage());
    SluiceException wrongFormat = assertThrows(SluiceException.class, () -> t.session.execute(
        "CREATE SOURCE j (id INT, v BIGINT, PRIMARY KEY (id) NOT ENFORCED) WITH (connector = 'kafka', topic = 'x',"
            + " 'bootstrap-servers' = '" + broker.bootstrapServers() + "', format = 'json', 'changelog.normalize' ="
            + " 'true')"));
    assertTrue(wrongFormat.getMessage().contains("applies to format 'debezium-json'"), wrongFormat.getMessage());
  }
}
