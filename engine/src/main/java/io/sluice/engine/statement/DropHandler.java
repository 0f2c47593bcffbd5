package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.result.StatementResult;
import io.sluice.sqlparser.Drop;
import io.sluice.sqlparser.ObjectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code DROP TABLE | VIEW | SOURCE | SINK [IF EXISTS] name}: the kind must match the object's.
 * A table goes with its indexes; views that read it make DROP TABLE fail (RESTRICT, the default,
 * as in PostgreSQL) or are dropped with it (CASCADE). {@code DROP INDEX} is {@link IndexHandlers}'.
 */
final class DropHandler implements StatementHandler<Drop> {
  private final Catalog catalog;
  private final ViewDependencies dependencies;
  private final IndexHandlers indexes;

  DropHandler(Catalog catalog, Planning planning) {
    this.catalog = catalog;
    this.dependencies = new ViewDependencies(catalog, planning);
    this.indexes = new IndexHandlers(catalog);
  }

  @Override
  public StatementResult execute(Drop drop) {
    if (drop.kind() == ObjectKind.INDEX) {
      return indexes.drop(drop.name(), drop.ifExists());
    }
    Catalog.Entry entry = catalog.find(drop.name());
    TableKind wanted = CatalogObjects.kindOf(drop.kind());
    if (entry == null) {
      if (drop.ifExists()) {
        return StatementResult.ok(CatalogObjects.kindName(wanted) + " " + drop.name() + " does not exist");
      }
      List<String> sameKind = new ArrayList<>();
      for (Catalog.Entry e : catalog.entries()) {
        if (e.kind() == wanted) {
          sameKind.add(e.name());
        }
      }
      throw new SluiceException(ErrorCode.UNKNOWN_TABLE, CatalogObjects.kindName(wanted) + " '" + drop.name() + "' not found."
          + NameMatcher.hint(drop.name(), sameKind));
    }
    if (entry.kind() != wanted) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "'" + entry.name() + "' is a "
          + CatalogObjects.kindName(entry.kind()).toLowerCase(Locale.ROOT) + ": use DROP " + entry.kind().label());
    }
    String also = "";
    if (wanted == TableKind.TABLE) {
      List<String> views = dependencies.viewsReading(entry.name());
      if (!views.isEmpty() && !drop.cascade()) {
        throw new SluiceException(ErrorCode.DEPENDENT_OBJECTS_EXIST, "Cannot drop table '" + entry.name() + "': "
            + (views.size() == 1 ? "view " : "views ") + String.join(", ", views)
            + (views.size() == 1 ? " reads" : " read") + " it. Drop " + (views.size() == 1 ? "that view" : "those views")
            + " first, or use DROP TABLE " + entry.name() + " CASCADE to drop them too.");
      }
      for (String view : views) {
        catalog.remove(view);
      }
      also = views.isEmpty() ? "" : " with " + (views.size() == 1 ? "view " : "views ") + String.join(", ", views);
    }
    catalog.remove(entry.name());
    return StatementResult.ok(CatalogObjects.kindName(wanted) + " " + entry.name() + " dropped" + also);
  }
}
