package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.exec.RejectCounts;
import io.sluice.engine.table.MemoryTable;
import io.sluice.engine.translate.QueryExecutor;
import io.sluice.sqlparser.ObjectKind;
import java.util.Locale;
import java.util.Map;

/** What the DDL handlers share: names of object kinds in messages, and the checks and objects CREATE needs. */
final class CatalogObjects {
  private CatalogObjects() {}

  static TableKind kindOf(ObjectKind kind) {
    switch (kind) {
      case VIEW: return TableKind.VIEW;
      case SOURCE: return TableKind.SOURCE;
      case SINK: return TableKind.SINK;
      default: return TableKind.TABLE;
    }
  }

  static String kindName(TableKind kind) {
    String label = kind.label();
    return label.charAt(0) + label.substring(1).toLowerCase(Locale.ROOT);
  }

  static void refuseExisting(Catalog catalog, String name, boolean ifNotExists) {
    Catalog.Entry existing = catalog.find(name);
    if (existing != null && !ifNotExists) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, kindName(existing.kind()) + " '" + existing.name()
          + "' already exists. DROP it first.");
    }
  }

  /**
   * Creates the in-memory table that option {@code 'rejects-table'} names, unless it exists with
   * the columns of a rejects table (several file tables may share one).
   */
  static void ensureRejectsTable(Catalog catalog, String owner, Map<String, String> options) {
    String name = options.get(QueryExecutor.REJECTS_TABLE_OPTION);
    if (name == null) {
      return;
    }
    Catalog.Entry existing = catalog.find(name);
    if (existing == null) {
      TableDefinition rejects = new TableDefinition(name, TableKind.TABLE,
          RejectCounts.SCHEMA, Map.of(), null);
      catalog.register(new Catalog.Entry(rejects, new MemoryTable(RejectCounts.SCHEMA)), false);
      return;
    }
    if (!(existing.table() instanceof MemoryTable)
        || !existing.table().schema().names().equals(RejectCounts.SCHEMA.names())) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'rejects-table' of '" + owner + "' names '"
          + existing.name() + "', which is not a rejects table: give a new name, and Sluice creates an in-memory"
          + " table with columns " + String.join(", ", RejectCounts.SCHEMA.names()) + ".");
    }
  }
}
