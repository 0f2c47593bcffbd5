package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.exec.ConnectorRegistry;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.table.MemoryTable;
import io.sluice.optimizer.TypeMapping;
import io.sluice.sqlparser.CreateTable;
import io.sluice.sqlparser.SqlSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name (columns) [WITH (...)] [AS query]}: an
 * in-memory table without a connector, a connector's table with one; with a query, its rows.
 */
final class CreateTableHandler implements StatementHandler<CreateTable> {
  private final SessionContext session;
  private final Catalog catalog;
  private final Planning planning;
  private final TableWriter writer;
  private final IndexHandlers indexes;

  CreateTableHandler(SessionContext session, Planning planning, TableWriter writer) {
    this.session = session;
    this.catalog = session.catalog();
    this.planning = planning;
    this.writer = writer;
    this.indexes = new IndexHandlers(catalog);
  }

  @Override
  public StatementResult execute(CreateTable create) {
    Catalog.Entry existing = catalog.find(create.name());
    if (existing != null) {
      if (create.ifNotExists()) {
        return StatementResult.ok("Table " + existing.name() + " already exists");
      }
      if (!create.orReplace()) {
        throw new SluiceException(ErrorCode.OBJECT_EXISTS, CatalogObjects.kindName(existing.kind()) + " '" + existing.name()
            + "' already exists. Use CREATE OR REPLACE TABLE or DROP it first.");
      }
      if (existing.kind() != TableKind.TABLE) {
        throw new SluiceException(ErrorCode.OBJECT_EXISTS, "'" + existing.name() + "' is a "
            + CatalogObjects.kindName(existing.kind()).toLowerCase(Locale.ROOT) + ", not a table");
      }
    }
    TableSchema schema = Types.schema(create.columns());
    RelNode asQuery = null;
    if (create.asQuery() != null) {
      SqlSpan span = create.asQuery();
      asQuery = planning.analyze(span);
      if (create.columns().isEmpty()) {
        schema = Planning.nullable(TypeMapping.toSchema(asQuery.getRowType()));
      }
    }
    Map<String, String> options = new LinkedHashMap<>(create.options());
    String connector = options.get("connector");
    IndexDefinition primaryKey = primaryKey(create, connector, existing);
    TableDefinition definition = new TableDefinition(create.name(), TableKind.TABLE, schema, options, null);
    session.externalAccess().checkDefinition(definition);
    Table table;
    if (connector == null) {
      if (!options.isEmpty()) {
        String misspelt = null;
        for (String key : options.keySet()) {
          if (NameMatcher.nearest(key, List.of("connector")) != null) {
            misspelt = key;
          }
        }
        throw new SluiceException(ErrorCode.INVALID_OPTION, (misspelt != null
            ? "Unknown option '" + misspelt + "'. Did you mean 'connector'? "
            : "Table options need a connector, e.g. WITH (connector = 'files', path = '...', format = 'csv'); ")
            + "got " + options.keySet());
      }
      if (schema.size() == 0) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR,
            "An in-memory table needs columns: CREATE TABLE " + create.name() + " (id BIGINT, ...)");
      }
      table = new MemoryTable(schema);
    } else {
      table = ConnectorRegistry.get(connector).create(definition);
      definition = definition.withSchema(table.schema());
      CatalogObjects.ensureRejectsTable(catalog, create.name(), options);
    }
    if (existing != null) {
      catalog.indexesOf(existing.name()).forEach(index -> catalog.removeIndex(index.name()));
    }
    Catalog.Entry entry = new Catalog.Entry(definition, table);
    catalog.register(entry, existing != null);
    if (primaryKey != null) {
      indexes.add(entry, primaryKey);
    }
    if (asQuery != null && session.checkOnly()) {
      planning.optimize(planning.conform(asQuery, definition.schema(), null));
      return StatementResult.ok("Table " + create.name() + " checked: its query is planned, not run");
    }
    if (asQuery != null) {
      TableWriter.Written written = writer.write(create.name(), planning.conform(asQuery, definition.schema(), null),
          (WritableTable) table);
      long rows = written.rows();
      return StatementResult.updateCount(rows, "Table " + create.name() + " created with " + rows + " rows",
          written.warnings());
    }
    return StatementResult.ok("Table " + create.name() + " created");
  }

  /** The table's primary key as an index to record and enforce, or null; refused where it cannot be enforced. */
  private IndexDefinition primaryKey(CreateTable create, String connector, Catalog.Entry existing) {
    if (create.primaryKey().isEmpty()) {
      return null;
    }
    if (connector != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "PRIMARY KEY is enforced only on in-memory tables; table '"
          + create.name() + "' is read through connector '" + connector + "', whose rows Sluice cannot check. "
          + "Declare the table without it.");
    }
    String name = IndexHandlers.primaryKeyName(create.name());
    IndexDefinition taken = catalog.findIndex(name);
    if (taken != null && (existing == null || !taken.table().equalsIgnoreCase(existing.name()))) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "Index '" + name + "' already exists (on table '"
          + taken.table() + "'); it is the name of table " + create.name() + "'s primary key");
    }
    return new IndexDefinition(name, create.name(), create.primaryKey(), true, true);
  }
}
