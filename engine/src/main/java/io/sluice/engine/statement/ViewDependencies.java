package io.sluice.engine.statement;

import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;

/**
 * Finds the views that read a table, for DROP TABLE's RESTRICT and CASCADE. Views keep only their
 * text, so each view is analysed again; views expand into the tables they read, so a view over a
 * view over the table counts too. A view that no longer plans (its table already gone) reads
 * nothing.
 */
final class ViewDependencies {
  private final Catalog catalog;
  private final Planning planning;

  ViewDependencies(Catalog catalog, Planning planning) {
    this.catalog = catalog;
    this.planning = planning;
  }

  /** The names of the views whose query reads {@code table}, directly or through other views. */
  List<String> viewsReading(String table) {
    List<String> views = new ArrayList<>();
    for (Catalog.Entry entry : catalog.entries()) {
      if (entry.kind() == TableKind.VIEW && reads(entry.definition().viewQuery(), table)) {
        views.add(entry.name());
      }
    }
    return views;
  }

  private boolean reads(String viewQuery, String table) {
    RelNode plan;
    try {
      plan = planning.analyze(new SqlSpan(viewQuery, 1, 1, 0));
    } catch (SluiceException broken) {
      return false;
    }
    for (RelOptTable read : RelOptUtil.findTables(plan)) {
      List<String> name = read.getQualifiedName();
      if (name.get(name.size() - 1).equalsIgnoreCase(table)) {
        return true;
      }
    }
    return false;
  }
}
