package io.sluice.sqlparser;

import java.util.List;
import java.util.Map;

/**
 * {@code CREATE SOURCE [IF NOT EXISTS] name [(columns [, WATERMARK FOR c AS expr]
 * [, PRIMARY KEY (c, ...) NOT ENFORCED])] [WITH (options)]}: an unbounded input. watermark is
 * null when none is declared; primaryKey is empty when none is.
 */
public record CreateSource(
    String name,
    List<ColumnDefinition> columns,
    WatermarkDefinition watermark,
    List<String> primaryKey,
    Map<String, String> options,
    boolean ifNotExists)
    implements Statement {
  public CreateSource {
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    options = Options.copyOf(options);
  }
}
