package io.sluice.optimizer.schema;

import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/**
 * The catalog as a Calcite schema, as it was when the schema was made: planning one statement
 * sees one set of names, even while other sessions create and drop them (Calcite looks a table
 * up more than once, and a name gone between two looks is an assertion failure in Calcite).
 */
public final class CatalogSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  private CatalogSchema(Map<String, Table> tables) {
    this.tables = tables;
  }

  /** The catalog's names as they are now. */
  public static CatalogSchema snapshot(Catalog catalog) {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (Catalog.Entry e : catalog.entries()) {
      if (e.kind() == TableKind.VIEW) {
        tables.put(e.name(), new CatalogView(e));
      } else if (e.kind() != TableKind.SINK || e.table() != null) {
        tables.put(e.name(), new CatalogTable(e));
      }
    }
    return new CatalogSchema(tables);
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
