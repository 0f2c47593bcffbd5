package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.Table;

/** The {@code jdbc} connector: a sink that writes each batch to a database table exactly once. See {@link JdbcSink}. */
public final class JdbcConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "jdbc";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Table create(TableDefinition definition) {
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Connector 'jdbc' is a sink, not a table: declare '"
        + definition.name() + "' with CREATE SINK.");
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    return JdbcSink.open(definition);
  }
}
