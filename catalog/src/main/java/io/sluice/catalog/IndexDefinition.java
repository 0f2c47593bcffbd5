package io.sluice.catalog;

import java.util.List;

/**
 * An index of a table as the catalog records it: {@code CREATE [UNIQUE] INDEX} or a table's
 * {@code PRIMARY KEY} (recorded as the index {@code <table>_pkey}, PostgreSQL's name). A unique or
 * primary index is a constraint the table enforces; an in-memory table also looks rows up through
 * it ({@code method}: "btree", ordered, or "hash").
 */
public record IndexDefinition(String name, String table, List<String> columns, boolean unique, boolean primaryKey,
    String method) {
  public IndexDefinition {
    columns = List.copyOf(columns);
  }

  /** An ordered (btree) index. */
  public IndexDefinition(String name, String table, List<String> columns, boolean unique, boolean primaryKey) {
    this(name, table, columns, unique, primaryKey, "btree");
  }

  /** "PRIMARY KEY (a, b)", "UNIQUE (a)" or "INDEX (a)" ("... USING hash" for a hash index), as DESCRIBE shows it. */
  public String describe() {
    return (primaryKey ? "PRIMARY KEY" : unique ? "UNIQUE" : "INDEX") + " (" + String.join(", ", columns) + ")"
        + ("hash".equals(method) ? " USING hash" : "");
  }
}
