package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.result.StatementResult;
import io.sluice.optimizer.TypeMapping;
import io.sluice.sqlparser.CreateView;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/** {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS query}: the query is analysed, its text kept. */
final class CreateViewHandler implements StatementHandler<CreateView> {
  private final Catalog catalog;
  private final Planning planning;

  CreateViewHandler(Catalog catalog, Planning planning) {
    this.catalog = catalog;
    this.planning = planning;
  }

  @Override
  public StatementResult execute(CreateView create) {
    Catalog.Entry existing = catalog.find(create.name());
    if (existing != null && !create.orReplace()) {
      if (create.ifNotExists()) {
        return StatementResult.ok("View " + existing.name() + " already exists");
      }
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, CatalogObjects.kindName(existing.kind()) + " '" + existing.name()
          + "' already exists. Use CREATE OR REPLACE VIEW or DROP it first.");
    }
    if (existing != null && existing.kind() != TableKind.VIEW) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "'" + existing.name() + "' is a "
          + CatalogObjects.kindName(existing.kind()).toLowerCase(Locale.ROOT) + ", not a view");
    }
    SqlSpan span = create.query();
    RelNode plan = planning.analyze(span);
    TableSchema schema = Planning.nullable(TypeMapping.toSchema(plan.getRowType()));
    if (!create.columnNames().isEmpty()) {
      if (create.columnNames().size() != schema.size()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "View '" + create.name() + "' names "
            + create.columnNames().size() + " columns but its query returns " + schema.size());
      }
      List<Column> renamed = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        renamed.add(new Column(create.columnNames().get(i), schema.column(i).type()));
      }
      schema = new TableSchema(renamed);
    }
    catalog.register(new Catalog.Entry(
        new TableDefinition(create.name(), TableKind.VIEW, schema, Map.of(), span.text()), null), existing != null);
    return StatementResult.ok("View " + create.name() + " created");
  }
}
