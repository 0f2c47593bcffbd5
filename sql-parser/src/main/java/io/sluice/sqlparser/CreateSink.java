package io.sluice.sqlparser;

import java.util.List;
import java.util.Map;

/** {@code CREATE SINK [IF NOT EXISTS] name [(columns)] [WITH (options)]}. */
public record CreateSink(
    String name, List<ColumnDefinition> columns, Map<String, String> options, boolean ifNotExists)
    implements Statement {
  public CreateSink {
    columns = List.copyOf(columns);
    options = Options.copyOf(options);
  }
}
