package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The kafka source against a real broker (KRaft, in this JVM, started once for the class). */
class KafkaSourceTest extends KafkaBrokerTestBase {

  private String source(String name, String columns, String topic, String options) {
    return "CREATE SOURCE " + name + " (" + columns + ") WITH (connector = 'kafka', topic = '" + topic
        + "', 'bootstrap-servers' = '" + broker.bootstrapServers() + "'" + options + ");";
  }

  @Test
  void readsJsonRecordsOfEveryPartitionBatchByBatchWithMetadata() throws Exception {
    broker.createTopic("clicks", 2);
    t = new StreamTestSession(source("clicks", "id BIGINT, page VARCHAR", "clicks",
        ", format = 'json', 'metadata-columns' = 'true'") + " CREATE SINK seen WITH (connector = 'memory');");
    broker.send("clicks", 0, 1_000L, "{\"id\": 1, \"page\": \"home\"}");
    StreamingQuery query = t.start("INSERT INTO seen SELECT id, page, _partition, _offset,"
        + " _timestamp < TIMESTAMP '2000-01-01 00:00:00' AS sent_in_1970 FROM clicks");
    assertTrue(query.step(), "the first batch fixes where each partition starts");
    assertEquals(List.of(), t.rows("SELECT * FROM seen"));
    assertTrue(query.step());
    assertEquals(List.of("1 | home | 0 | 0 | true"), t.rows("SELECT * FROM seen"));
    assertFalse(query.step(), "nothing new");

    broker.send("clicks", 0, "{\"id\": 2, \"page\": \"cart\"}");
    broker.send("clicks", 1, "{\"page\": \"pay\", \"id\": 3}\n", "{\"id\": 4, \"extra\": [1, 2]}");
    assertTrue(query.step());
    assertEquals(List.of("1 | home | 0 | 0 | true", "2 | cart | 0 | 1 | false", "3 | pay | 1 | 0 | false",
        "4 | null | 1 | 1 | false"), t.rows("SELECT * FROM seen"));
  }

  @Test
  void aTopicPatternReadsEveryMatchingTopicAndPicksUpNewPartitionsAndTopics() throws Exception {
    broker.createTopic("shop-a", 1);
    broker.createTopic("shop-b", 1);
    broker.createTopic("shopping-list", 1);
    broker.send("shop-a", 0, "{\"n\": 1}");
    broker.send("shop-b", 0, "{\"n\": 2}");
    broker.send("shopping-list", 0, "{\"n\": 99}");
    String script = "CREATE SOURCE shop (n BIGINT) WITH (connector = 'kafka', 'topic-pattern' = 'shop-.',"
        + " 'bootstrap-servers' = '" + broker.bootstrapServers() + "', format = 'json', 'metadata-columns' = 'true');"
        + " CREATE SINK seen WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + folder.resolve("pattern-checkpoints") + "';";
    t = new StreamTestSession(script);
    String insert = "INSERT INTO seen SELECT n, _topic, _partition FROM shop";
    StreamingQuery query = t.start(insert);
    assertTrue(query.step(), "the first batch fixes where each partition starts");
    assertTrue(query.step());
    assertEquals(List.of("1 | shop-a | 0", "2 | shop-b | 0"), t.rows("SELECT * FROM seen"),
        "'shopping-list' does not match the pattern whole");
    assertFalse(query.step());

    broker.addPartitions("shop-a", 2);
    broker.createTopic("shop-c", 1);
    broker.send("shop-a", 1, "{\"n\": 3}");
    broker.send("shop-c", 0, "{\"n\": 4}");
    broker.send("shop-b", 0, "{\"n\": 5}");
    assertTrue(query.step(), "a batch fixes where the new partitions start");
    assertEquals("shop-a:0:1,shop-b:0:1,shop-a:1:0,shop-c:0:0",
        query.progress().get(query.progress().size() - 1).endOffsets().get("shop"),
        "new partitions come after the known ones in the offset log");
    assertTrue(query.step());
    assertEquals(List.of("1 | shop-a | 0", "2 | shop-b | 0", "3 | shop-a | 1", "4 | shop-c | 0", "5 | shop-b | 0"),
        t.rows("SELECT * FROM seen"));
    query.stop();

    broker.send("shop-c", 0, "{\"n\": 6}");
    query = t.start(insert);
    assertTrue(query.step());
    assertEquals(6, t.rows("SELECT * FROM seen").size(), "a restart goes on from the checkpoint's offsets");
    assertFalse(query.step());

    RuntimeException both = assertThrows(RuntimeException.class, () -> t.session.execute("CREATE SOURCE two (n BIGINT)"
        + " WITH (connector = 'kafka', topic = 'shop-a', 'topic-pattern' = 'shop-.', 'bootstrap-servers' = 'x:1',"
        + " format = 'json')"));
    assertTrue(both.getMessage().contains("needs exactly one of option 'topic'"), both.getMessage());
    RuntimeException bad = assertThrows(RuntimeException.class, () -> t.session.execute("CREATE SOURCE two (n BIGINT)"
        + " WITH (connector = 'kafka', 'topic-pattern' = 'shop-(', 'bootstrap-servers' = 'x:1', format = 'json')"));
    assertTrue(bad.getMessage().contains("Option 'topic-pattern' of source 'two' is not a regular expression"),
        bad.getMessage());
  }

  @Test
  void csvRecordsWithALimitPerBatch() throws Exception {
    broker.createTopic("prices", 1);
    broker.send("prices", 0, "a,1", "b,2", "c,3", "d,4", "e,5");
    t = new StreamTestSession(source("prices", "item VARCHAR, price INT", "prices",
        ", format = 'csv', 'max-records-per-trigger' = '2'") + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT item, price * 10 FROM prices");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("a | 10", "b | 20"), t.rows("SELECT * FROM sunk"));
    assertTrue(query.step());
    assertEquals(List.of("a | 10", "b | 20", "c | 30", "d | 40"), t.rows("SELECT * FROM sunk"));
    assertTrue(query.step());
    assertEquals(5, t.rows("SELECT * FROM sunk").size());
    assertFalse(query.step());
  }

  @Test
  void latestStartupSkipsRecordsAlreadyInTheTopic() throws Exception {
    broker.createTopic("late", 1);
    broker.send("late", 0, "{\"v\": 1}", "{\"v\": 2}");
    t = new StreamTestSession(source("late", "v BIGINT", "late", ", format = 'json', 'scan.startup' = 'latest'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT v FROM late");
    assertTrue(query.step());
    assertFalse(query.step());
    broker.send("late", 0, "{\"v\": 3}");
    assertTrue(query.step());
    assertEquals(List.of("3"), t.rows("SELECT * FROM sunk"));
  }

  @Test
  void startupAtATimestampOrAtGivenOffsets() throws Exception {
    broker.createTopic("history", 2);
    broker.send("history", 0, 1_000L, "{\"v\": 1}");
    broker.send("history", 0, 2_000L, "{\"v\": 2}");
    broker.send("history", 0, 3_000L, "{\"v\": 3}");
    broker.send("history", 1, 1_500L, "{\"v\": 4}");
    t = new StreamTestSession(source("since", "v BIGINT", "history",
        ", format = 'json', 'scan.startup' = 'timestamp', 'scan.startup.timestamp' = '1970-01-01 00:00:02'")
        + source("given", "v BIGINT", "history", ", format = 'json', 'scan.startup' = 'offsets',"
        + " 'scan.startup.offsets' = '0:1'")
        + " CREATE SINK a WITH (connector = 'memory'); CREATE SINK b WITH (connector = 'memory');");
    StreamingQuery since = t.start("INSERT INTO a SELECT v FROM since");
    StreamingQuery given = t.start("INSERT INTO b SELECT v FROM given");
    for (StreamingQuery query : List.of(since, given)) {
      assertTrue(query.step());
      assertTrue(query.step());
    }
    assertEquals(List.of("2", "3"), t.rows("SELECT * FROM a ORDER BY v"), "records at or after 2 seconds");
    assertEquals(List.of("2", "3", "4"), t.rows("SELECT * FROM b ORDER BY v"), "partition 0 from offset 1, 1 from its start");

    RuntimeException missing = assertThrows(RuntimeException.class, () -> t.session.execute(source("bad", "v BIGINT",
        "history", ", format = 'json', 'scan.startup' = 'timestamp'")));
    assertTrue(missing.getMessage().contains("option 'scan.startup.timestamp' must give it"), missing.getMessage());
    RuntimeException stray = assertThrows(RuntimeException.class, () -> t.session.execute(source("bad", "v BIGINT",
        "history", ", format = 'json', 'scan.startup.offsets' = '0:1'")));
    assertTrue(stray.getMessage().contains("applies with 'scan.startup' = 'offsets', not 'earliest'"),
        stray.getMessage());
  }

  private static String at(String time, long id) {
    return "{\"id\": " + id + ", \"ts\": \"2024-01-01 " + time + "\"}";
  }

  @Test
  void theWatermarkWaitsForThePartitionThatLagsUnlessItIsIdle() throws Exception {
    broker.createTopic("skewed", 2);
    t = new StreamTestSession(source("skewed", "id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts", "skewed",
        ", format = 'json', 'scan.watermark.idle-timeout' = '10 s'") + " CREATE SINK counts WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO counts SELECT window_start, COUNT(*) AS n"
        + " FROM TABLE(TUMBLE(TABLE skewed, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end");
    long[] now = {1_000_000};
    query.setClock(() -> now[0]);
    assertTrue(query.step());
    broker.send("skewed", 0, at("00:00:21", 1));
    broker.send("skewed", 1, at("00:00:05", 2));
    assertTrue(query.step());
    broker.send("skewed", 1, at("00:00:06", 3)); // behind partition 0, but not behind partition 1: not late
    now[0] += 1_000;
    assertTrue(query.step());
    assertEquals(List.of(), t.rows("SELECT * FROM counts"), "partition 1 holds the watermark at 00:00:06");
    broker.send("skewed", 1, at("00:00:12", 4));
    now[0] += 1_000;
    assertTrue(query.step());
    assertTrue(query.step(), "the watermark passed 00:00:10: the window closes");
    assertEquals(List.of("2024-01-01 00:00:00 | 2"), t.rows("SELECT * FROM counts"), "none of the window's rows dropped");

    broker.send("skewed", 0, at("00:00:35", 5)); // partition 1 goes quiet at 00:00:12
    now[0] += 1_000;
    assertTrue(query.step());
    assertFalse(query.step(), "the quiet partition holds the window of 00:00:10 open");
    now[0] += 11_000;
    broker.send("skewed", 0, at("00:00:36", 6));
    assertTrue(query.step());
    assertTrue(query.step(), "partition 1 is idle now: the watermark follows partition 0");
    assertEquals(List.of("2024-01-01 00:00:00 | 2", "2024-01-01 00:00:10 | 1", "2024-01-01 00:00:20 | 1"),
        t.rows("SELECT * FROM counts ORDER BY window_start"));
  }

  @Test
  void aRestartGoesOnFromTheCheckpointedOffsetsWithNoRowLostOrRepeated() throws Exception {
    broker.createTopic("orders", 2);
    String script = source("orders", "id BIGINT, amount BIGINT", "orders", ", format = 'json'")
        + " CREATE SINK totals WITH (connector = 'memory');"
        + " CREATE SINK copied WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + folder.resolve("checkpoints") + "';";
    t = new StreamTestSession(script);
    String copy = "INSERT INTO copied SELECT id, amount FROM orders";
    StreamingQuery query = t.start(copy);
    broker.send("orders", 0, "{\"id\": 1, \"amount\": 10}", "{\"id\": 2, \"amount\": 20}");
    broker.send("orders", 1, "{\"id\": 3, \"amount\": 30}");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("1 | 10", "2 | 20", "3 | 30"), t.rows("SELECT * FROM copied"));
    query.stop();

    broker.send("orders", 0, "{\"id\": 4, \"amount\": 40}");
    broker.send("orders", 1, "{\"id\": 5, \"amount\": 50}", "{\"id\": 6, \"amount\": 60}");
    query = t.start(copy);
    assertTrue(query.step());
    assertEquals(List.of("1 | 10", "2 | 20", "3 | 30", "4 | 40", "5 | 50", "6 | 60"), t.rows("SELECT * FROM copied"));
    assertFalse(query.step());
  }

  @Test
  void aBatchRunAgainAfterACrashReadsExactlyItsRecords() throws Exception {
    broker.createTopic("payments", 2);
    Path checkpoints = folder.resolve("redo-checkpoints");
    t = new StreamTestSession(source("payments", "id BIGINT", "payments", ", format = 'json'")
        + " CREATE SINK paid WITH (connector = 'memory');"
        + " SET 'pipeline.checkpoint' = '" + checkpoints + "';");
    String copy = "INSERT INTO paid SELECT id FROM payments";
    StreamingQuery query = t.start(copy);
    broker.send("payments", 0, "{\"id\": 1}", "{\"id\": 2}");
    broker.send("payments", 1, "{\"id\": 3}");
    assertTrue(query.step());
    assertTrue(query.step());
    query.stop();
    // as if the process died after batch 1 wrote its offsets and output, before its commit
    java.nio.file.Files.delete(checkpoints.resolve("paid/commits/1"));
    broker.send("payments", 0, "{\"id\": 4}");
    broker.send("payments", 1, "{\"id\": 5}");

    query = t.start(copy);
    assertTrue(query.step(), "batch 1 again, with its own end offsets: not the records sent since");
    assertEquals(List.of("1", "2", "3"), t.rows("SELECT * FROM paid"));
    assertTrue(query.step());
    assertEquals(List.of("1", "2", "3", "4", "5"), t.rows("SELECT * FROM paid"));
    assertFalse(query.step());
  }

  @Test
  void aMalformedRecordFailsTheQueryNamingTopicPartitionAndOffset() throws Exception {
    broker.createTopic("bad", 1);
    broker.send("bad", 0, "{\"n\": 1}", "{\"n\": \"one\"}", "not json", "{\"n\": 4}");
    t = new StreamTestSession(source("bad", "n BIGINT", "bad", ", format = 'json'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n FROM bad");
    assertTrue(query.step());
    RuntimeException error = assertThrows(RuntimeException.class, query::step);
    String message = error.getMessage();
    assertTrue(message.contains("topic 'bad', partition 0, offset 1"), message);
    assertTrue(message.contains("'one' is not a valid BIGINT"), message);
    assertTrue(message.contains("dropmalformed"), message);
  }

  @Test
  void aCsvRecordWithTheWrongNumberOfFieldsIsNamedByItsOffset() throws Exception {
    broker.createTopic("badcsv", 1);
    broker.send("badcsv", 0, "a,1", "b,2,3");
    t = new StreamTestSession(source("badcsv", "item VARCHAR, n INT", "badcsv", ", format = 'csv'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT item, n FROM badcsv");
    assertTrue(query.step());
    RuntimeException error = assertThrows(RuntimeException.class, query::step);
    assertTrue(error.getMessage().contains("Malformed CSV row in topic 'badcsv', partition 0, offset 1:"
        + " expected 2 fields but found 3"), error.getMessage());
  }

  @Test
  void dropmalformedSkipsAndCountsMalformedRecords() throws Exception {
    broker.createTopic("lenient", 1);
    broker.send("lenient", 0, "{\"n\": 1}", "{\"n\": \"one\"}", "not json", "", "{\"n\": 4}");
    t = new StreamTestSession(source("lenient", "n BIGINT", "lenient", ", format = 'json', mode = 'dropmalformed'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n FROM lenient");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("1", "4"), t.rows("SELECT * FROM sunk"));
    KafkaSource source = (KafkaSource) t.database.catalog().get("lenient").source();
    assertEquals(3, source.malformedRecordsDropped());
    assertEquals(3, query.progress().get(1).malformedRowsDropped(), "counted in the batch's progress, as files are");
  }

  @Test
  void permissiveKeepsAMalformedRecordWithNullsAndItsRawText() throws Exception {
    broker.createTopic("loose", 1);
    broker.send("loose", 0, "{\"n\": 1}", "{\"n\": \"one\"}");
    t = new StreamTestSession(source("loose", "n BIGINT", "loose", ", format = 'json', mode = 'permissive',"
        + " 'rejects-table' = 'loose_rejects'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n, _corrupt_record FROM loose");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("1 | null", "null | {\"n\": \"one\"}"), t.rows("SELECT * FROM sunk"));
    assertEquals(1, query.progress().get(1).malformedRowsKept());
    assertEquals(List.of("topic 'loose', partition 0 | 1 | kept"),
        t.rows("SELECT file, line, action FROM loose_rejects"));
  }

  @Test
  void keyAndHeadersAreMetadataColumnsAndADroppedRecordLeavesNoneBehind() throws Exception {
    broker.createTopic("keyed", 1);
    broker.send("keyed", 0, "user-1", "{\"n\": 1}", List.of(new org.apache.kafka.common.header.internals.RecordHeader(
        "trace", "abc".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    broker.send("keyed", 0, "user-2", "not json", List.of());
    broker.send("keyed", 0, null, "{\"n\": 3}", List.of());
    t = new StreamTestSession(source("keyed", "n BIGINT", "keyed",
        ", format = 'json', mode = 'dropmalformed', 'metadata-columns' = 'true'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n, _key, _headers FROM keyed");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("1 | user-1 | {\"trace\":\"abc\"}", "3 | null | null"), t.rows("SELECT * FROM sunk"));
  }

  @Test
  void aStoppedQueryClosesItsConsumer() throws Exception {
    broker.createTopic("closing", 1);
    t = new StreamTestSession(source("closing", "n BIGINT", "closing", ", format = 'json'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n FROM closing");
    assertTrue(query.step());
    KafkaSource source = (KafkaSource) t.database.catalog().get("closing").source();
    assertTrue(source.consumerOpen());
    query.stop();
    assertFalse(source.consumerOpen(), "closed when the query stopped");
    broker.send("closing", 0, "{\"n\": 1}");
    query = t.start("INSERT INTO sunk SELECT n FROM closing");
    assertTrue(query.step(), "a new query opens a new consumer");
    assertTrue(query.step());
    assertEquals(List.of("1"), t.rows("SELECT * FROM sunk"));
  }

  @Test
  void aBrokerThatDoesNotAnswerFailsTheQueryWithinTheTimeout() {
    t = new StreamTestSession("CREATE SOURCE nowhere (n BIGINT) WITH (connector = 'kafka', topic = 't',"
        + " 'bootstrap-servers' = 'localhost:1', format = 'json', 'properties.default.api.timeout.ms' = '1500');"
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n FROM nowhere");
    long started = System.nanoTime();
    RuntimeException error = assertThrows(RuntimeException.class, query::step);
    assertTrue(System.nanoTime() - started < 20_000_000_000L, "no hang");
    assertTrue(error.getMessage().contains("could not list the partitions of topic 't' at 'localhost:1' within 1500 ms"),
        error.getMessage());
  }

  @Test
  void aMissingTopicAndBadOptionsAreReportedByName() {
    t = new StreamTestSession(source("ghost", "n BIGINT", "no-such-topic", ", format = 'json'")
        + " CREATE SINK sunk WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO sunk SELECT n FROM ghost");
    RuntimeException missing = assertThrows(RuntimeException.class, query::step);
    assertTrue(missing.getMessage().contains("Topic 'no-such-topic' of kafka source 'ghost' does not exist"),
        missing.getMessage());

    RuntimeException unknown = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SOURCE s (n BIGINT) WITH (connector = 'kafka', topic = 't', 'bootstrap-servers' = 'x:1',"
            + " format = 'json', 'max-record-per-trigger' = '3')"));
    assertTrue(unknown.getMessage().contains("Unknown option 'max-record-per-trigger'"), unknown.getMessage());
    RuntimeException fixed = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SOURCE s (n BIGINT) WITH (connector = 'kafka', topic = 't', 'bootstrap-servers' = 'x:1',"
            + " format = 'json', 'properties.group.id' = 'g')"));
    assertTrue(fixed.getMessage().contains("'properties.group.id'"), fixed.getMessage());
    RuntimeException noFormat = assertThrows(RuntimeException.class, () -> t.session.execute(
        "CREATE SOURCE s (n BIGINT) WITH (connector = 'kafka', topic = 't', 'bootstrap-servers' = 'x:1')"));
    assertTrue(noFormat.getMessage().contains("Option 'format' is required"), noFormat.getMessage());
  }
}
