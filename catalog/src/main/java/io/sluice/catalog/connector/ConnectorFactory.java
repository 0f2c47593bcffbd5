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
}
