package io.sluice.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The words the shell completes and highlights that do not come from the catalog. */
final class SqlWords {
  private SqlWords() {}

  static final List<String> KEYWORDS = List.of(
      "ADD", "ALL", "ALTER", "ANALYZE", "AND", "ANY", "AS", "ASC", "BATCH", "BETWEEN", "BIGINT", "BOOLEAN", "BY",
      "CASCADE", "CASE", "CAST", "CHAR", "CHECKPOINT", "CODEGEN", "CONSTRAINT", "CREATE", "CROSS", "CUBE", "CUMULATE", "DATE", "DAY",
      "DECIMAL", "DELETE", "DESC", "DESCRIBE", "DESCRIPTOR", "DISTINCT", "DOUBLE", "DROP", "ELSE", "END", "ENFORCED",
      "EXCEPT",
      "EXISTS", "EXPLAIN", "FALSE", "FILTER", "FIRST", "FLOAT", "FOLLOWING", "FOR", "FROM", "FULL", "FUNCTIONS",
      "GROUP", "GROUPING", "HAVING", "HOP", "HOUR", "IF", "IN", "INDEX", "INDEXES", "INNER", "INSERT", "INT", "INTEGER", "INTERSECT",
      "INTERVAL", "INTO", "IS", "JOIN", "KEY", "LAST", "LATERAL", "LEFT", "LIKE", "LIMIT", "MINUTE", "MONTH", "NOT",
      "NULL", "NULLS", "OFFSET", "ON", "OR", "ORDER", "OUTER", "OVER", "PARTITION", "PLAN", "PRECEDING", "PRIMARY",
      "PROGRESS",
      "QUERIES", "QUERY", "RANGE", "REAL", "REPLACE", "REPLAY", "RESET", "RESTRICT", "RIGHT", "ROLLUP", "ROW", "ROWS", "SECOND",
      "SELECT", "SESSION", "SET", "SETS", "SETTINGS",
      "SHOW", "SINK", "SINKS", "SMALLINT", "SOURCE", "SOURCES", "STEP", "STOP", "TABLE",
      "TABLES", "THEN", "TIME", "TIMESTAMP", "TINYINT", "TRUE", "TUMBLE", "UNBOUNDED", "UNION", "UNIQUE", "UPDATE", "USING",
      "VALUES", "VARCHAR", "VIEW", "VIEWS", "WATERMARK", "WHEN", "WHERE", "WINDOW", "WITH", "YEAR");

  static final Set<String> KEYWORD_SET = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);

  static {
    KEYWORD_SET.addAll(KEYWORDS);
  }

  /** Option keys of SET and of WITH (...) clauses, quoted as they are typed. */
  static final List<String> OPTION_KEYS = List.of(
      "'pipeline.trigger'", "'pipeline.checkpoint'", "'pipeline.name'", "'pipeline.output-mode'",
      "'pipeline.progress'", "'pipeline.late-rows-sink'", "'pipeline.state-ttl'", "'pipeline.checkpoint-retain'",
      "'pipeline.checkpoint.snapshot-interval'", "'pipeline.checkpoint.background-snapshots'",
      "'pipeline.dead-letter-sink'", "'pipeline.state.memory'",
      "'execution.batch-size'", "'execution.spill-path'",
      "'shell.result-mode'", "'shell.format'",
      "connector", "path", "format", "header", "delimiter", "quote", "'null-string'", "mode",
      "'max-files-per-trigger'", "'rows-per-second'", "'number-of-rows'", "'max-rows-per-batch'", "seed",
      "'start-time'", "'event-time-per-row'", "'table'");
}
