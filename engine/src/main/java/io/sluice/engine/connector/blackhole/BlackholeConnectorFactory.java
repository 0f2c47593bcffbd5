package io.sluice.engine.connector.blackhole;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.Table;

/** The {@code blackhole} connector: a sink that counts rows and keeps none. See {@link BlackholeSink}. */
public final class BlackholeConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "blackhole";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Table create(TableDefinition definition) {
    throw new SluiceException(ErrorCode.INVALID_OPTION, "Connector 'blackhole' is a sink, not a table: declare '"
        + definition.name() + "' with CREATE SINK.");
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    return BlackholeSink.open(definition);
  }
}
