package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The kafka sink against a real broker (KRaft, in this JVM, started once for the class): what a
 * {@code read_committed} consumer of the output topic sees, in each format, across a batch run
 * again after a crash, and the queries a format cannot carry.
 */
class KafkaSinkTest extends KafkaBrokerTestBase {

  private String kafka(String topic, String options) {
    return "connector = 'kafka', topic = '" + topic + "', 'bootstrap-servers' = '" + broker.bootstrapServers() + "'"
        + options;
  }

  private String pipeline(String in, String out, String sinkOptions) throws Exception {
    broker.createTopic(in, 2);
    broker.createTopic(out, 1);
    return "CREATE SOURCE " + in + " (id BIGINT, amount BIGINT) WITH (" + kafka(in, ", format = 'json'") + ");"
        + " CREATE SINK " + out + " WITH (" + kafka(out, sinkOptions) + ");";
  }

  @Test
  void eachBatchIsCommittedAsJsonAndCsvForReadCommittedConsumers() throws Exception {
    t = new StreamTestSession(pipeline("orders", "big", ", format = 'json', key = 'id'")
        + " CREATE SINK big_csv WITH (" + kafka("big_csv", ", format = 'csv'") + ");");
    broker.createTopic("big_csv", 1);
    StreamingQuery json = t.start("INSERT INTO big SELECT id, amount FROM orders WHERE amount > 15");
    StreamingQuery csv = t.start("INSERT INTO big_csv SELECT id, amount, 'a,b' AS note FROM orders WHERE amount > 15");
    broker.send("orders", 0, "{\"id\": 1, \"amount\": 10}", "{\"id\": 2, \"amount\": 20}");
    broker.send("orders", 1, "{\"id\": 3, \"amount\": 30}");
    for (StreamingQuery query : List.of(json, csv)) {
      assertTrue(query.step(), "fixes where each partition starts");
      assertTrue(query.step());
    }
    assertEquals(List.of("{\"id\":2}|{\"id\":2,\"amount\":20}", "{\"id\":3}|{\"id\":3,\"amount\":30}"),
        broker.readCommitted("big"));
    assertEquals(List.of("2,20,\"a,b\"", "3,30,\"a,b\""), broker.readCommitted("big_csv"));
  }

  @Test
  void aTopicThatDoesNotExistYetIsCreatedByTheBrokerBeforeTheFirstBatchCommits() throws Exception {
    broker.createTopic("page_views", 1);
    // "page_views_copy" is never created: the test broker creates topics on use, as Kafka's default does
    t = new StreamTestSession("CREATE SOURCE page_views (id BIGINT) WITH ("
        + kafka("page_views", ", format = 'json'") + "); CREATE SINK page_views_copy WITH ("
        + kafka("page_views_copy", ", format = 'json', 'properties.max.block.ms' = '20000'") + ");");
    StreamingQuery query = t.start("INSERT INTO page_views_copy SELECT id FROM page_views");
    broker.send("page_views", 0, "{\"id\": 7}");
    assertTrue(query.step(), "fixes where the partition starts: a batch without records");
    assertTrue(query.step());
    assertEquals(List.of("{\"id\":7}"), broker.readCommitted("page_views_copy"));
  }

  @Test
  void aBatchCommittedToKafkaBeforeACrashIsNotWrittenAgain() throws Exception {
    Path checkpoints = folder.resolve("redo-checkpoints");
    String script = pipeline("payments", "copied", ", format = 'json'")
        + " SET 'pipeline.checkpoint' = '" + checkpoints + "';";
    String copy = "INSERT INTO copied SELECT id FROM payments";
    t = new StreamTestSession(script);
    StreamingQuery query = t.start(copy);
    broker.send("payments", 0, "{\"id\": 1}", "{\"id\": 2}");
    broker.send("payments", 1, "{\"id\": 3}");
    assertTrue(query.step());
    assertTrue(query.step());
    query.stop();
    t.close();
    // as if the process died after batch 1 committed its Kafka transaction, before its checkpoint commit
    Files.delete(checkpoints.resolve("copied/commits/1"));
    broker.send("payments", 0, "{\"id\": 4}");

    t = new StreamTestSession(script); // a new process: a new producer, fencing the old one
    query = t.start(copy);
    assertTrue(query.step(), "batch 1 again: the topic already has it");
    assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"), broker.readCommitted("copied"));
    assertTrue(query.step());
    assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"), broker.readCommitted("copied"));
    assertFalse(query.step());
  }

  @Test
  void twoQueriesIntoSinksOfOneNameDoNotFenceEachOtherAndEachKeepsItsIdAcrossRestarts() throws Exception {
    broker.createTopic("visits", 1);
    broker.createTopic("visit_copies", 1);
    String sink = "CREATE SINK copies WITH (" + kafka("visit_copies", ", format = 'json'") + ");";
    String source = "CREATE SOURCE visits (id BIGINT, amount BIGINT) WITH (" + kafka("visits", ", format = 'json'")
        + ");";
    // two databases, as two processes would be, each with its own checkpoint
    t = new StreamTestSession(source + sink + " SET 'pipeline.checkpoint' = '" + folder.resolve("first") + "';");
    StreamTestSession other = new StreamTestSession(source + sink
        + " SET 'pipeline.checkpoint' = '" + folder.resolve("second") + "';");
    try {
      StreamingQuery first = t.start("INSERT INTO copies SELECT id FROM visits WHERE amount < 10");
      StreamingQuery second = other.start("INSERT INTO copies SELECT id FROM visits WHERE amount >= 10");
      broker.send("visits", 0, "{\"id\": 1, \"amount\": 5}", "{\"id\": 2, \"amount\": 50}");
      for (StreamingQuery query : List.of(first, second, first, second)) {
        assertTrue(query.step());
      }
      broker.send("visits", 0, "{\"id\": 3, \"amount\": 7}", "{\"id\": 4, \"amount\": 70}");
      assertTrue(second.step(), "the second query opened its producer last; the first must not be fenced by it");
      assertTrue(first.step());
      assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}", "{\"id\":4}"),
          broker.readCommitted("visit_copies").stream().sorted().toList());
      KafkaSink firstSink = (KafkaSink) t.database.catalog().get("copies").sink();
      KafkaSink secondSink = (KafkaSink) other.database.catalog().get("copies").sink();
      String firstId = firstSink.transactionalId();
      assertTrue(firstId.startsWith("sluice-copies-visit_copies-"), firstId);
      assertFalse(firstId.equals(secondSink.transactionalId()), "one id per query");

      first.stop();
      broker.send("visits", 0, "{\"id\": 5, \"amount\": 8}");
      first = t.start("INSERT INTO copies SELECT id FROM visits WHERE amount < 10");
      assertTrue(first.step());
      assertEquals(firstId, firstSink.transactionalId(), "a restart from the checkpoint keeps the id");
      assertEquals(5, broker.readCommitted("visit_copies").size());
    } finally {
      other.close();
    }
  }

  @Test
  void anUpdatingAggregationWritesUpsertsByKey() throws Exception {
    t = new StreamTestSession(pipeline("sales", "totals", ", format = 'upsert-json', key = 'id'")
        + " SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start("INSERT INTO totals SELECT id, SUM(amount) AS total FROM sales GROUP BY id");
    broker.send("sales", 0, "{\"id\": 1, \"amount\": 10}", "{\"id\": 2, \"amount\": 5}");
    assertTrue(query.step());
    assertTrue(query.step());
    broker.send("sales", 1, "{\"id\": 1, \"amount\": 7}");
    assertTrue(query.step());
    assertEquals(List.of("{\"id\":1}|{\"id\":1,\"total\":10}", "{\"id\":2}|{\"id\":2,\"total\":5}",
        "{\"id\":1}|{\"id\":1,\"total\":17}"), broker.readCommitted("totals"), "no record for the -U");
  }

  @Test
  void aRowThatLeavesTheResultBecomesATombstone() throws Exception {
    t = new StreamTestSession(pipeline("bids", "top", ", format = 'upsert-json', key = 'id'")
        + " SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start("INSERT INTO top SELECT id, amount FROM (SELECT id, amount,"
        + " ROW_NUMBER() OVER (ORDER BY amount DESC) AS rn FROM bids) WHERE rn <= 2");
    broker.send("bids", 0, "{\"id\": 1, \"amount\": 10}", "{\"id\": 2, \"amount\": 5}");
    assertTrue(query.step());
    assertTrue(query.step());
    broker.send("bids", 0, "{\"id\": 3, \"amount\": 20}");
    assertTrue(query.step());
    List<String> records = broker.readCommitted("top");
    assertEquals(List.of("{\"id\":1}|{\"id\":1,\"amount\":10}", "{\"id\":2}|{\"id\":2,\"amount\":5}"),
        records.subList(0, 2));
    assertEquals(java.util.Set.of("{\"id\":2}|null", "{\"id\":3}|{\"id\":3,\"amount\":20}"),
        java.util.Set.copyOf(records.subList(2, records.size())), "id 2 left the top 2: a tombstone");
    assertEquals(4, records.size());
  }

  @Test
  void debeziumEnvelopesCarryEveryChange() throws Exception {
    t = new StreamTestSession(pipeline("events", "changes", ", format = 'debezium-json'")
        + " SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start("INSERT INTO changes SELECT id, COUNT(*) AS n FROM events GROUP BY id");
    broker.send("events", 0, "{\"id\": 1, \"amount\": 0}");
    assertTrue(query.step());
    assertTrue(query.step());
    broker.send("events", 0, "{\"id\": 1, \"amount\": 0}");
    assertTrue(query.step());
    assertEquals(List.of("{\"before\":null,\"after\":{\"id\":1,\"n\":1},\"op\":\"c\"}",
        "{\"before\":{\"id\":1,\"n\":1},\"after\":null,\"op\":\"d\"}",
        "{\"before\":null,\"after\":{\"id\":1,\"n\":2},\"op\":\"c\"}"), broker.readCommitted("changes"));
  }

  @Test
  void aBrokerThatDoesNotAnswerFailsTheQueryNamingTheSink() throws Exception {
    broker.createTopic("unsent", 1);
    t = new StreamTestSession("CREATE SOURCE unsent (id BIGINT) WITH (" + kafka("unsent", ", format = 'json'") + ");"
        + " CREATE SINK nowhere WITH (connector = 'kafka', topic = 'out', 'bootstrap-servers' = 'localhost:1',"
        + " format = 'json', 'properties.max.block.ms' = '1500');");
    StreamingQuery query = t.start("INSERT INTO nowhere SELECT id FROM unsent");
    RuntimeException error = assertThrows(RuntimeException.class, query::step);
    assertTrue(error.getMessage().contains("Kafka sink 'nowhere' could not start writing"), error.getMessage());
    assertTrue(error.getMessage().contains("at 'localhost:1'"), error.getMessage());
  }

  @Test
  void aQueryTheFormatCannotCarryIsRefusedWhenItStarts() throws Exception {
    t = new StreamTestSession(pipeline("clicks", "flat", ", format = 'json'"));
    RuntimeException complete = assertThrows(RuntimeException.class,
        () -> t.start("INSERT INTO flat SELECT id, COUNT(*) AS n FROM clicks GROUP BY id"));
    assertTrue(complete.getMessage().contains("Kafka sink 'flat' cannot take complete output"), complete.getMessage());
    t.session.execute("SET 'pipeline.output-mode' = 'update'");
    RuntimeException update = assertThrows(RuntimeException.class,
        () -> t.start("INSERT INTO flat SELECT id, COUNT(*) AS n FROM clicks GROUP BY id"));
    assertTrue(update.getMessage().contains("Kafka sink 'flat' in format 'json' takes only inserts"),
        update.getMessage());

    t.session.execute("CREATE SINK keyed WITH (" + kafka("flat", ", format = 'json', key = 'ID, region'") + ")");
    t.session.execute("SET 'pipeline.output-mode' = 'append'");
    RuntimeException key = assertThrows(RuntimeException.class, () -> t.start("INSERT INTO keyed SELECT id FROM clicks"));
    assertTrue(key.getMessage().contains("Key column 'region' of kafka sink 'keyed' is not among the columns written: id"),
        key.getMessage());

    RuntimeException noKey = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SINK up WITH (" + kafka("flat", ", format = 'upsert-json'") + ")"));
    assertTrue(noKey.getMessage().contains("needs option 'key'"), noKey.getMessage());
    RuntimeException owned = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SINK tx WITH (" + kafka("flat", ", format = 'json', 'properties.transactional.id' = 'x'") + ")"));
    assertTrue(owned.getMessage().contains("option 'transactional-id'"), owned.getMessage());
    RuntimeException format = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SINK f WITH (" + kafka("flat", ", format = 'upsert-jsn', key = 'id'") + ")"));
    assertTrue(format.getMessage().contains("Unknown format 'upsert-jsn'"), format.getMessage());
  }
}
