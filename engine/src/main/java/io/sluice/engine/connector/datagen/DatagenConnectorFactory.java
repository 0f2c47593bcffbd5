package io.sluice.engine.connector.datagen;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.Table;

/**
 * The {@code datagen} connector: a source of generated rows, per column a sequence or random
 * values, deterministic for a seed, at a rate of wall-clock time ({@code rows-per-second}) or
 * as fast as possible ({@code 'unlimited'}). As a bounded table it needs {@code number-of-rows}.
 */
public final class DatagenConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "datagen";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public DatagenSource createSource(TableDefinition definition) {
    return new DatagenSource(definition.name(), DatagenOptions.parse(definition), System::nanoTime);
  }

  /** A bounded table of all rows; only for a source that ends ({@code number-of-rows} or bounded sequences). */
  @Override
  public Table create(TableDefinition definition) {
    DatagenSource source = createSource(definition);
    if (source.numberOfRows() == Long.MAX_VALUE) {
      throw SourceOptions.invalid("Connector 'datagen' makes an unbounded stream: declare it with CREATE SOURCE, "
          + "or set 'number-of-rows' to use it as a table.");
    }
    return new GeneratedTable(source, source.numberOfRows(), source.numberOfRows());
  }
}
