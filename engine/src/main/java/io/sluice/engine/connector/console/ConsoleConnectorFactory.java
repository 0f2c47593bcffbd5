package io.sluice.engine.connector.console;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.Table;

/** The {@code console} connector: a sink that prints every batch. See {@link ConsoleSink}. */
public final class ConsoleConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "console";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Table create(TableDefinition definition) {
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Connector 'console' is a sink, not a table: declare '"
        + definition.name() + "' with CREATE SINK.");
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    return ConsoleSink.open(definition);
  }
}
