package io.sluice.engine.connector.kafka;

import io.sluice.engine.stream.StreamTestSession;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the Kafka connector's tests share: one real broker per test class (KRaft, in this JVM,
 * started before the class's first test and stopped after its last), and the session each test
 * opens in {@link #t}, closed after it.
 */
abstract class KafkaBrokerTestBase {
  @TempDir
  static Path folder;
  static KafkaTestBroker broker;

  StreamTestSession t;

  @BeforeAll
  static void startBroker() throws Exception {
    broker = KafkaTestBroker.start(folder.resolve("broker"));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    if (broker != null) {
      broker.close();
      broker = null;
    }
  }

  /**
   * Makes in-memory table {@code table} of {@link #t} hold exactly {@code rows}, each a row's SQL
   * values ({@code "1, 'ada', 10"}): the captured table a changelog test runs its batch query on.
   */
  void replaceRows(String table, java.util.Collection<String> rows) {
    t.session.execute("DELETE FROM " + table);
    if (!rows.isEmpty()) {
      t.session.execute("INSERT INTO " + table + " VALUES (" + String.join("), (", rows) + ")");
    }
  }

  @AfterEach
  void closeSession() {
    if (t != null) {
      t.close();
    }
  }
}
