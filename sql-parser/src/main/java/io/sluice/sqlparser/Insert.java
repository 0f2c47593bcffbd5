package io.sluice.sqlparser;

import java.util.List;

/**
 * {@code INSERT INTO target [(columns)] query}; columns is empty when not listed, and query is
 * the VALUES / SELECT / WITH part.
 */
public record Insert(String target, List<String> columns, SqlSpan query) implements Statement {
  public Insert {
    columns = List.copyOf(columns);
  }
}
