package io.sluice.sqlparser;

import java.util.List;

/** {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(column names)] AS query}. */
public record CreateView(
    String name, List<String> columnNames, SqlSpan query, boolean orReplace, boolean ifNotExists)
    implements Statement {
  public CreateView {
    columnNames = List.copyOf(columnNames);
  }
}
