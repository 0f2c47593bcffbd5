package io.sluice.sqlparser;

import java.util.List;
import java.util.Map;

/**
 * {@code CREATE SOURCE [IF NOT EXISTS] name [(columns [, WATERMARK FOR c AS expr])]
 * [WITH (options)]}: an unbounded input. watermark is null when none is declared.
 */
public record CreateSource(
    String name,
    List<ColumnDefinition> columns,
    WatermarkDefinition watermark,
    Map<String, String> options,
    boolean ifNotExists)
    implements Statement {
  public CreateSource {
    columns = List.copyOf(columns);
    options = Options.copyOf(options);
  }
}
