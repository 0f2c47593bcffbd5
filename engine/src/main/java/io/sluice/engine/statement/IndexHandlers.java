package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.table.MemoryTable;
import io.sluice.engine.table.UniqueKey;
import io.sluice.sqlparser.CreateIndex;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code CREATE [UNIQUE] INDEX} and {@code DROP INDEX}, and a table's primary key: indexes are
 * recorded in the catalog, and an in-memory table looks rows up through them (a scan whose
 * predicates an index looks up reads only the matching rows); a primary key or unique index is
 * enforced on an in-memory table ({@link UniqueKey}) and refused on other tables, which Sluice
 * cannot check.
 */
final class IndexHandlers implements StatementHandler<CreateIndex> {
  private final Catalog catalog;

  IndexHandlers(Catalog catalog) {
    this.catalog = catalog;
  }

  /** The catalog name of a table's primary key, PostgreSQL's. */
  static String primaryKeyName(String table) {
    return table + "_pkey";
  }

  @Override
  public StatementResult execute(CreateIndex create) {
    if (catalog.findIndex(create.name()) != null) {
      if (create.ifNotExists()) {
        return StatementResult.ok("Index " + create.name() + " already exists");
      }
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "Index '" + create.name() + "' already exists");
    }
    Catalog.Entry entry = catalog.get(create.table());
    if (entry.kind() != TableKind.TABLE) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Cannot index '" + entry.name() + "': it is a "
          + CatalogObjects.kindName(entry.kind()).toLowerCase(Locale.ROOT) + "; only tables have indexes");
    }
    IndexDefinition index = new IndexDefinition(create.name(), entry.name(), create.columns(), create.unique(), false,
        create.method());
    add(entry, index);
    return StatementResult.ok((create.unique() ? "Unique index " : "Index ") + create.name() + " created on " + entry.name());
  }

  /**
   * Records the index of a table, enforcing it first when it is unique (an error, such as rows
   * that already repeat a key, leaves the catalog as it was).
   */
  void add(Catalog.Entry table, IndexDefinition index) {
    if (catalog.findIndex(index.name()) != null) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "Index '" + index.name() + "' already exists");
    }
    int[] columns = columns(table, index.columns());
    if (index.unique()) {
      if (!(table.table() instanceof MemoryTable memory)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, (index.primaryKey() ? "PRIMARY KEY" : "A UNIQUE index")
            + " is enforced only on in-memory tables; '" + table.name() + "' is read through its connector, whose "
            + "rows Sluice cannot check. Declare the table without it.");
      }
      memory.addKey(new UniqueKey(table.name(), index.name(), index.columns(), columns, index.primaryKey()));
    }
    if (table.table() instanceof MemoryTable memory) {
      memory.addIndex(index.name(), columns, "hash".equals(index.method()));
    }
    catalog.addIndex(index);
  }

  /** {@code DROP INDEX [IF EXISTS] name}; a primary key goes only with its table. */
  StatementResult drop(String name, boolean ifExists) {
    IndexDefinition index = catalog.findIndex(name);
    if (index == null) {
      if (ifExists) {
        return StatementResult.ok("Index " + name + " does not exist");
      }
      List<String> names = new ArrayList<>();
      catalog.indexes().forEach(i -> names.add(i.name()));
      throw new SluiceException(ErrorCode.UNKNOWN_TABLE, "Index '" + name + "' not found." + NameMatcher.hint(name, names));
    }
    if (index.primaryKey()) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Cannot drop index '" + index.name()
          + "': it is the primary key of table '" + index.table() + "', which goes only with the table");
    }
    Catalog.Entry table = catalog.find(index.table());
    if (table != null && table.table() instanceof MemoryTable memory) {
      memory.removeKey(index.name());
      memory.removeIndex(index.name());
    }
    catalog.removeIndex(index.name());
    return StatementResult.ok("Index " + index.name() + " dropped");
  }

  private static int[] columns(Catalog.Entry table, List<String> names) {
    TableSchema schema = table.definition().schema();
    int[] columns = new int[names.size()];
    for (int i = 0; i < names.size(); i++) {
      columns[i] = schema.indexOf(names.get(i));
      if (columns[i] < 0) {
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Column '" + names.get(i) + "' not found in table '"
            + table.name() + "'." + NameMatcher.hint(names.get(i), schema.names()));
      }
    }
    return columns;
  }
}
