package io.sluice.engine.result;

import io.sluice.catalog.TableSchema;

/**
 * Rows of a result, one at a time, for the edges of the engine (JDBC, shell, tests). Getters
 * take 0-based column indexes and are valid after {@link #next()} returned true.
 */
public interface RowCursor extends AutoCloseable {
  TableSchema schema();

  boolean next();

  boolean isNull(int column);

  /** The value as JDBC's getObject returns it (see {@link io.sluice.catalog.data.Values#toJava}). */
  Object getObject(int column);

  /** The value as the shell prints it, or null. */
  String getString(int column);

  /** Rows returned so far. */
  long position();

  /**
   * Warnings about rows the query's scans dropped or kept with NULL fields (malformed input), one
   * sentence each, as far as the query has read: complete once {@link #next} returned false.
   */
  default java.util.List<String> warnings() {
    return java.util.List.of();
  }

  /** Whether {@link #next()} answers without waiting for the query (rows are there, or the end). */
  default boolean ready() {
    return true;
  }

  /** Whether the rows come from a continuous query (a SELECT over streams), as they are produced. */
  default boolean continuous() {
    return false;
  }

  /** Whether the first column, 'op', gives each row's changelog kind (+I, -U, +U, -D). */
  default boolean changelog() {
    return false;
  }

  /** The continuous query producing these rows (a SELECT over streams), for its progress; else null. */
  default LiveQuery query() {
    return null;
  }

  @Override
  void close();
}
