package io.sluice.engine.connector.kafka;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.Table;

/** The {@code kafka} connector: a topic as a stream source (see {@link KafkaSource}) or an exactly-once sink (see {@link KafkaSink}). */
public final class KafkaConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "kafka";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Table create(TableDefinition definition) {
    throw KafkaOptions.invalid("Connector 'kafka' reads a stream: declare '" + definition.name()
        + "' with CREATE SOURCE, not CREATE TABLE.");
  }

  @Override
  public StreamSource createSource(TableDefinition definition) {
    return KafkaSource.open(definition);
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    return KafkaSink.open(definition);
  }
}
