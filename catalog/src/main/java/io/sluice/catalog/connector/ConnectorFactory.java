package io.sluice.catalog.connector;

import io.sluice.catalog.TableDefinition;

/**
 * Creates tables for one value of the {@code connector} option. Implementations are found
 * with {@link java.util.ServiceLoader}.
 */
public interface ConnectorFactory {
  /** The value of the {@code connector} option this factory serves, lower case. */
  String name();

  /**
   * Opens the table a definition describes, checking its options. A definition without
   * columns asks the connector to infer them (Parquet footers); the returned table's schema is
   * the one the catalog records. Invalid options raise an error naming the option.
   */
  Table create(TableDefinition definition);

  /** Opens a stream source ({@code CREATE SOURCE}); refused by connectors that cannot be one. */
  default StreamSource createSource(TableDefinition definition) {
    throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.INVALID_OPTION,
        "Connector '" + name() + "' cannot be a source");
  }

  /** Opens a sink ({@code CREATE SINK}); refused by connectors that cannot be one. */
  default StreamSink createSink(TableDefinition definition) {
    throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.INVALID_OPTION,
        "Connector '" + name() + "' cannot be a sink");
  }
}
