package io.sluice.engine.connector.kafka;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * What a kafka source with {@code 'broker-unavailable' = 'wait'} is waiting for while its broker
 * does not answer: the batch keeps retrying where it was (no record is read twice or skipped), and
 * the query says so ({@link io.sluice.catalog.connector.StreamSource#waitingFor}) instead of hanging
 * without a word. A stopped query (its thread interrupted) stops waiting.
 */
final class BrokerWait {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private final String source;
  private final String bootstrapServers;
  private volatile String waitingFor;

  BrokerWait(String source, String bootstrapServers) {
    this.source = source;
    this.bootstrapServers = bootstrapServers;
  }

  /** The broker did not answer while the source tried to do {@code what}: say so (once) and go on waiting. */
  void notAnswering(String what) {
    if (Thread.currentThread().isInterrupted()) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + source + "' stopped waiting for the broker at '"
          + bootstrapServers + "' (the query was stopped) while it tried to " + what + ".");
    }
    if (waitingFor == null) {
      waitingFor = "kafka source '" + source + "' waits for the broker at '" + bootstrapServers + "', not answering"
          + " since " + TIME.format(Instant.now()) + " UTC (to " + what + "); retrying";
    }
  }

  /** The broker answered. */
  void answered() {
    waitingFor = null;
  }

  String waitingFor() {
    return waitingFor;
  }
}
