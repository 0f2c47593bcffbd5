package io.sluice.engine.statement;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.engine.result.StatementResult;
import io.sluice.sqlparser.Drop;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code DROP TABLE | VIEW | SOURCE | SINK [IF EXISTS] name}: the kind must match the object's. */
final class DropHandler implements StatementHandler<Drop> {
  private final Catalog catalog;

  DropHandler(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  public StatementResult execute(Drop drop) {
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
    catalog.remove(entry.name());
    return StatementResult.ok(CatalogObjects.kindName(wanted) + " " + entry.name() + " dropped");
  }
}
