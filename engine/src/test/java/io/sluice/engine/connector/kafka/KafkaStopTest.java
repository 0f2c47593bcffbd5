package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Stopping a running query that reads from and writes to Kafka: {@code StreamingQuery.stop}
 * interrupts the query's thread, which then closes its consumer and producer. Kafka's clients log
 * an ERROR with an InterruptedException stack trace when closed on an interrupted thread; a clean
 * stop must log none, and leave the output topic with each batch committed once and no transaction
 * open.
 */
class KafkaStopTest extends KafkaBrokerTestBase {

  @Test
  void stoppingARunningKafkaQueryLogsNoErrorAndCommitsItsLastBatch() throws Exception {
    broker.createTopic("stop_in", 1);
    broker.createTopic("stop_out", 1);
    String kafka = "connector = 'kafka', 'bootstrap-servers' = '" + broker.bootstrapServers() + "', format = 'json'";
    t = new StreamTestSession("SET 'pipeline.trigger' = 'continuous';"
        + " SET 'pipeline.checkpoint' = '" + folder.resolve("stop-checkpoints") + "';"
        + " CREATE SOURCE stop_in (id BIGINT) WITH (" + kafka + ", topic = 'stop_in');"
        + " CREATE SINK stop_out WITH (" + kafka + ", topic = 'stop_out');");
    StreamingQuery query = t.start("INSERT INTO stop_out SELECT id FROM stop_in");
    broker.send("stop_in", 0, "{\"id\": 1}", "{\"id\": 2}", "{\"id\": 3}");
    awaitCommitted("stop_out", 3);

    String logged = stderrOf(query::stop);

    assertFalse(logged.contains("ERROR"), logged);
    assertFalse(logged.contains("InterruptedException"), logged);
    assertEquals(List.of("{\"id\":1}", "{\"id\":2}", "{\"id\":3}"), broker.readCommitted("stop_out"));
    KafkaSink sink = (KafkaSink) t.database.catalog().get("stop_out").sink();
    long lastBatch = query.progress().get(query.progress().size() - 1).batchId();
    assertEquals(lastBatch, broker.committedOffset(sink.transactionalId(), "stop_out", 0),
        "the last batch's id is committed with its transaction: a restart skips nothing and repeats nothing");
    KafkaSource source = (KafkaSource) t.database.catalog().get("stop_in").source();
    assertFalse(source.consumerOpen(), "the consumer is closed");
    assertFalse(Thread.currentThread().isInterrupted());
  }

  /** Waits until a read_committed consumer of {@code topic} sees {@code count} records (at most a minute). */
  private static void awaitCommitted(String topic, int count) throws InterruptedException {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (broker.readCommitted(topic).size() < count) {
      assertTrue(System.nanoTime() < deadline, "the query did not write " + count + " records to " + topic);
      Thread.sleep(50);
    }
  }

  /** What {@code action} wrote to System.err, where the tests' logger (slf4j-simple) writes. */
  private static String stderrOf(Runnable action) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      action.run();
    } finally {
      System.setErr(original);
    }
    String text = captured.toString(StandardCharsets.UTF_8);
    original.print(text);
    return text;
  }
}
