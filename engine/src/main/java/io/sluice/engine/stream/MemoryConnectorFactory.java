package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.connector.Table;
import io.sluice.engine.table.MemoryTable;
import java.util.Set;

/**
 * The {@code memory} connector: an in-memory table, a source that statements append to, or a
 * sink whose content is queryable with SQL.
 */
public final class MemoryConnectorFactory implements ConnectorFactory {
  private static final Set<String> OPTIONS = Set.of("connector");

  @Override
  public String name() {
    return "memory";
  }

  private static void check(TableDefinition definition) {
    for (String key : definition.options().keySet()) {
      if (!OPTIONS.contains(key)) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown option '" + key + "' for connector 'memory'."
            + NameMatcher.hint(key, OPTIONS) + " It takes none but connector.");
      }
    }
  }

  @Override
  public Table create(TableDefinition definition) {
    check(definition);
    if (definition.schema().size() == 0) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "An in-memory table needs columns");
    }
    return new MemoryTable(definition.schema());
  }

  @Override
  public StreamSource createSource(TableDefinition definition) {
    check(definition);
    if (definition.schema().size() == 0) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "A memory source needs columns: CREATE SOURCE "
          + definition.name() + " (id BIGINT, ...) WITH (connector = 'memory')");
    }
    return new MemorySource(definition.schema());
  }

  @Override
  public StreamSink createSink(TableDefinition definition) {
    check(definition);
    return new MemorySink(definition.name(), definition.schema());
  }
}
