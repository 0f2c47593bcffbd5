package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A broker that goes away while a query reads it and comes back: with {@code 'broker-unavailable'
 * = 'wait'} the batch waits, the query says what it waits for, and once the broker is back the
 * batch goes on with no record lost or read twice. (Its own class: it stops the class's broker.)
 */
class KafkaBrokerOutageTest extends KafkaBrokerTestBase {

  @Test
  void aQueryWaitsForABrokerThatWentAwayAndGoesOnWhenItIsBack() throws Exception {
    broker.createTopic("pulses", 1);
    t = new StreamTestSession("CREATE SOURCE pulses (n BIGINT) WITH (connector = 'kafka', topic = 'pulses',"
        + " 'bootstrap-servers' = '" + broker.bootstrapServers() + "', format = 'json', 'broker-unavailable' = 'wait',"
        + " 'properties.default.api.timeout.ms' = '2000', 'properties.request.timeout.ms' = '1000',"
        + " 'properties.reconnect.backoff.max.ms' = '500');"
        + " CREATE SINK seen WITH (connector = 'memory');");
    StreamingQuery query = t.start("INSERT INTO seen SELECT n FROM pulses");
    broker.send("pulses", 0, "{\"n\": 1}", "{\"n\": 2}");
    assertTrue(query.step());
    assertTrue(query.step());
    assertEquals(List.of("1", "2"), t.rows("SELECT * FROM seen"));

    broker.stopBroker();
    CompletableFuture<Boolean> batch = CompletableFuture.supplyAsync(query::step);
    String waiting = null;
    for (int i = 0; i < 600 && waiting == null; i++) { // the message appears once a request timed out
      Thread.sleep(100);
      waiting = query.waitingFor();
    }
    assertTrue(waiting != null && waiting.contains("kafka source 'pulses' waits for the broker at '"
        + broker.bootstrapServers() + "'"), String.valueOf(waiting));
    assertTrue(String.valueOf(t.rows("SHOW QUERIES")).contains("running: kafka source 'pulses' waits"),
        t.rows("SHOW QUERIES").toString());

    broker.startBroker();
    broker.send("pulses", 0, "{\"n\": 3}");
    batch.get(120, TimeUnit.SECONDS);
    while (query.step()) {
      // read what came while the broker was away and since
    }
    assertEquals(List.of("1", "2", "3"), t.rows("SELECT * FROM seen"), "nothing lost, nothing twice");
    assertNull(query.waitingFor(), "no longer waiting");
  }
}
