package io.sluice.sqlparser;

import java.util.List;
import java.util.Map;

/**
 * {@code CREATE [OR REPLACE] TABLE [IF NOT EXISTS] name [(columns)] [WITH (options)]
 * [AS query]}, columns possibly with {@code PRIMARY KEY} (inline or as a table constraint; its
 * columns are NOT NULL; empty when none is declared). Columns may be empty (the connector infers them); asQuery is null unless the
 * table is created from a query. Options keep their written order.
 */
public record CreateTable(
    String name,
    List<ColumnDefinition> columns,
    List<String> primaryKey,
    Map<String, String> options,
    boolean ifNotExists,
    boolean orReplace,
    SqlSpan asQuery)
    implements Statement {
  public CreateTable {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    options = Options.copyOf(options);
  }
}
