package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.Table;
import io.sluice.engine.connector.datagen.GeneratedTable;
import io.sluice.engine.connector.datagen.SourceOptions;

/**
 * The {@code nexmark} connector: the person, auction or bid table (option {@code table}) of the
 * standard Nexmark auction event stream, deterministic for a seed, at a rate of wall-clock time
 * ({@code events-per-second}) or as fast as possible ({@code 'unlimited'}). A declaration may
 * leave out the columns to get the standard ones. As a bounded table it needs {@code max-events}.
 */
public final class NexmarkConnectorFactory implements ConnectorFactory {
  /** The value of the {@code connector} option. */
  public static final String NAME = "nexmark";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public NexmarkSource createSource(TableDefinition definition) {
    return new NexmarkSource(NexmarkOptions.parse(definition), System::nanoTime);
  }

  /** A bounded table of the first {@code max-events} events' rows of one table. */
  @Override
  public Table create(TableDefinition definition) {
    NexmarkSource source = createSource(definition);
    if (source.maxEvents() == Long.MAX_VALUE) {
      throw SourceOptions.invalid("Connector 'nexmark' makes an unbounded stream: declare it with CREATE SOURCE, "
          + "or set 'max-events' to use it as a table.");
    }
    return new GeneratedTable(source, source.maxEvents(), source.rowsIn(source.maxEvents()));
  }
}
