package io.sluice.optimizer.schema;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.TableKind;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

/** The catalog as a Calcite schema, read afresh each time so it always shows current names. */
public final class CatalogSchema extends AbstractSchema {
  private final Catalog catalog;

  public CatalogSchema(Catalog catalog) {
    this.catalog = catalog;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> tables = new LinkedHashMap<>();
    for (Catalog.Entry e : catalog.entries()) {
      if (e.kind() == TableKind.VIEW) {
        tables.put(e.name(), new CatalogView(e));
      } else if (e.kind() != TableKind.SINK || e.table() != null) {
        tables.put(e.name(), new CatalogTable(e));
      }
    }
    return tables;
  }
}
