package io.sluice.engine.connector.kafka;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaBrokerSmokeTest {
  @Test
  void starts(@TempDir Path dir) throws Exception {
    long t0 = System.nanoTime();
    try (KafkaTestBroker broker = KafkaTestBroker.start(dir)) {
      System.err.println("STARTED in " + (System.nanoTime() - t0) / 1_000_000 + " ms at " + broker.bootstrapServers());
      broker.createTopic("t", 2);
      broker.send("t", 0, "a", "b");
      System.err.println("SENT in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
    }
    System.err.println("CLOSED in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
  }
}
