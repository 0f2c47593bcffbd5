package io.sluice.catalog;

import java.util.List;

/**
 * An index of a table as the catalog records it: {@code CREATE [UNIQUE] INDEX} or a table's
 * {@code PRIMARY KEY} (recorded as the index {@code <table>_pkey}, PostgreSQL's name). A unique or
 * primary index is a constraint the table enforces; the planner does not read indexes yet.
 */
public record IndexDefinition(String name, String table, List<String> columns, boolean unique, boolean primaryKey) {
  public IndexDefinition {
    columns = List.copyOf(columns);
  }

  /** "PRIMARY KEY (a, b)", "UNIQUE (a)" or "INDEX (a)", as DESCRIBE and error messages show it. */
  public String describe() {
    return (primaryKey ? "PRIMARY KEY" : unique ? "UNIQUE" : "INDEX") + " (" + String.join(", ", columns) + ")";
  }
}
