package io.sluice.sqlparser;

import java.util.List;

/**
 * {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC|DESC], ...)}: an index
 * recorded in the catalog. Column order directions are accepted and not kept, as the index is not
 * read by the planner.
 */
public record CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists)
    implements Statement {
  public CreateIndex {
    columns = List.copyOf(columns);
  }
}
