package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * A kafka source of Debezium change events ({@code format = 'debezium-json'}) against a real
 * broker: its rows are a changelog, so the aggregations above it take back what updated and
 * deleted rows added, and after every batch the result equals the same query run as a batch over
 * the captured table as the events left it.
 */
class KafkaChangelogSourceTest extends KafkaBrokerTestBase {
  private static final String COLUMNS = "id INT, customer VARCHAR, amount BIGINT, PRIMARY KEY (id) NOT ENFORCED";

  private String source(String name, String topic, String options) {
    return "CREATE SOURCE " + name + " (" + COLUMNS + ") WITH (connector = 'kafka', topic = '" + topic
        + "', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', format = 'debezium-json'" + options + ");";
  }

  /** A row of the captured table. */
  private record Order(int id, String customer, long amount) {
    String json() {
      return "{\"id\": " + id + ", \"customer\": \"" + customer + "\", \"amount\": " + amount + "}";
    }

    String values() {
      return id + ", '" + customer + "', " + amount;
    }
  }

  private static String event(String op, Order before, Order after, boolean withSchema) {
    String envelope = "{\"before\": " + (before == null ? "null" : before.json()) + ", \"after\": "
        + (after == null ? "null" : after.json()) + ", \"source\": {\"connector\": \"postgresql\", \"table\": \"orders\"},"
        + " \"op\": \"" + op + "\", \"ts_ms\": 1700000000000}";
    return withSchema ? "{\"schema\": {\"type\": \"struct\", \"optional\": false}, \"payload\": " + envelope + "}"
        : envelope;
  }

  @Test
  void aggregationsOverDebeziumEventsEqualABatchRunOverTheCapturedTable() throws Exception {
    broker.createTopic("orders", 2);
    t = new StreamTestSession(source("orders", "orders", "")
        + " CREATE SINK totals WITH (connector = 'memory');"
        + " CREATE TABLE captured (id INT, customer VARCHAR, amount BIGINT);"
        + " SET 'pipeline.output-mode' = 'update';");
    String aggregate = "SELECT customer, COUNT(*) AS n, SUM(amount) AS total, MAX(amount) AS biggest FROM %s"
        + " WHERE amount > 5 GROUP BY customer";
    StreamingQuery query = t.start("INSERT INTO totals " + String.format(aggregate, "orders"));
    assertTrue(query.step(), "the first batch fixes where each partition starts");

    Random random = new Random(11);
    Map<Integer, Order> table = new TreeMap<>();
    String[] customers = {"ada", "bob", "cy", "dee"};
    int events = 0;
    for (int round = 0; round < 6; round++) {
      for (int i = 0; i < 40; i++) {
        int id = random.nextInt(25);
        Order old = table.get(id);
        Order next = new Order(id, customers[random.nextInt(customers.length)], random.nextInt(100));
        int partition = id % 2; // Debezium keys records by the primary key: one row's events stay in order
        boolean withSchema = random.nextBoolean();
        if (old == null) {
          broker.send("orders", partition, event(round == 0 ? "r" : "c", null, next, withSchema));
          table.put(id, next);
        } else if (random.nextInt(4) == 0) {
          broker.send("orders", partition, event("d", old, null, withSchema));
          broker.sendTombstone("orders", partition, "{\"id\": " + id + "}");
          table.remove(id);
        } else {
          broker.send("orders", partition, event("u", old, next, withSchema));
          table.put(id, next);
        }
        events++;
      }
      while (query.step()) {
        // read everything sent so far
      }
      replaceRows("captured", table.values().stream().map(Order::values).toList());
      assertEquals(t.rows(String.format(aggregate, "captured")), t.rows("SELECT * FROM totals"),
          "after round " + round + " (" + events + " events)");
    }
  }

  @Test
  void aMalformedEventFailsTheQueryNamingTopicPartitionAndOffset() throws Exception {
    broker.createTopic("cdc_bad", 1);
    broker.send("cdc_bad", 0, event("c", null, new Order(1, "ada", 10), false),
        event("u", null, new Order(1, "ada", 20), false));
    t = new StreamTestSession(source("bad", "cdc_bad", "") + " CREATE SINK sunk WITH (connector = 'memory');"
        + " SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT customer, SUM(amount) FROM bad GROUP BY customer");
    assertTrue(query.step());
    RuntimeException error = assertThrows(RuntimeException.class, query::step);
    String message = error.getMessage();
    assertTrue(message.contains("topic 'cdc_bad', partition 0, offset 1"), message);
    assertTrue(message.contains("the Debezium update has no 'before' row"), message);
    assertTrue(message.contains("REPLICA IDENTITY FULL"), message);
  }

  @Test
  void dropmalformedDropsAnUpdateWholeAndPermissiveKeepsTheRawEvent() throws Exception {
    broker.createTopic("cdc_lenient", 1);
    broker.send("cdc_lenient", 0,
        event("c", null, new Order(1, "ada", 10), false),
        event("c", null, new Order(2, "bob", 5), true),
        "not json",
        event("x", null, new Order(3, "cy", 1), false),
        // the after half is malformed: the before half must not be taken back alone
        event("u", new Order(1, "ada", 10), null, false).replace("\"after\": null", "\"after\": {\"id\": \"one\"}"),
        event("u", new Order(2, "bob", 5), new Order(2, "bob", 7), false),
        "");
    t = new StreamTestSession(source("lenient", "cdc_lenient", ", mode = 'dropmalformed'")
        + source("loose", "cdc_lenient", ", mode = 'permissive'")
        + " CREATE SINK strict_sums WITH (connector = 'memory'); CREATE SINK loose_rows WITH (connector = 'memory');"
        + " SET 'pipeline.output-mode' = 'update';");
    StreamingQuery lenient = t.start("INSERT INTO strict_sums SELECT customer, SUM(amount) AS total FROM lenient"
        + " GROUP BY customer");
    assertTrue(lenient.step());
    assertTrue(lenient.step());
    assertEquals(List.of("ada | 10", "bob | 7"), t.rows("SELECT * FROM strict_sums"));
    assertEquals(4, lenient.progress().get(1).malformedRowsDropped());

    StreamingQuery loose = t.start("INSERT INTO loose_rows SELECT id, customer, amount, _corrupt_record IS NOT NULL"
        + " AS bad FROM loose");
    assertTrue(loose.step());
    assertTrue(loose.step());
    assertEquals(List.of("2 | bob | 7 | false", "null | null | null | true", "null | null | null | true",
        "null | null | null | true", "null | null | null | true"), t.rows("SELECT * FROM loose_rows"),
        "the update with a malformed after takes its before back and keeps the after with NULLs");
    assertFalse(loose.step());
  }

  @Test
  void aChangelogSourceCannotFeedAnAppendOnlyQuery() throws Exception {
    broker.createTopic("cdc_modes", 1);
    broker.send("cdc_modes", 0, event("c", null, new Order(1, "ada", 10), false),
        event("u", new Order(1, "ada", 10), new Order(1, "ada", 12), false),
        event("d", new Order(1, "ada", 12), null, false));
    t = new StreamTestSession(source("changes", "cdc_modes", "") + " CREATE SINK copy WITH (connector = 'memory');");
    t.session.execute("SET 'pipeline.output-mode' = 'append'");
    RuntimeException refused = assertThrows(RuntimeException.class,
        () -> t.session.execute("INSERT INTO copy SELECT id, amount FROM changes"));
    assertTrue(refused.getMessage().contains("Source 'changes' reads a changelog (format 'debezium-json'"),
        refused.getMessage());
    assertTrue(refused.getMessage().contains("append mode cannot take it"), refused.getMessage());

    t.session.execute("RESET 'pipeline.output-mode'");
    StreamingQuery query = t.start("INSERT INTO copy SELECT id, amount FROM changes");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of(), t.rows("SELECT * FROM copy"), "inserted, updated, then deleted");
  }
}
