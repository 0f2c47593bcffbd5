package io.sluice.engine.result;

import java.util.List;

/** What one statement produced: rows, a count of changed rows, or a message. */
public final class StatementResult {
  /** Which of the three a result is. */
  public enum Kind { ROWS, UPDATE_COUNT, OK }

  private final Kind kind;
  private final RowCursor rows;
  private final long updateCount;
  private final String message;
  private final List<String> warnings;

  private StatementResult(Kind kind, RowCursor rows, long updateCount, String message, List<String> warnings) {
    this.kind = kind;
    this.rows = rows;
    this.updateCount = updateCount;
    this.message = message;
    this.warnings = List.copyOf(warnings);
  }

  public static StatementResult rows(RowCursor rows) {
    return new StatementResult(Kind.ROWS, rows, -1, null, List.of());
  }

  public static StatementResult updateCount(long count, String message) {
    return updateCount(count, message, List.of());
  }

  /** A count of changed rows with warnings about rows its scans dropped or altered. */
  public static StatementResult updateCount(long count, String message, List<String> warnings) {
    return new StatementResult(Kind.UPDATE_COUNT, null, count, message, warnings);
  }

  public static StatementResult ok(String message) {
    return new StatementResult(Kind.OK, null, -1, message, List.of());
  }

  /**
   * What the user should know about rows the statement's scans dropped or kept with NULLs, one
   * sentence each ("dropped 3 malformed rows of data/raw.csv ..."); for rows, those seen so far:
   * complete once the rows are read.
   */
  public List<String> warnings() {
    return kind == Kind.ROWS ? rows.warnings() : warnings;
  }

  public Kind kind() {
    return kind;
  }

  /** The rows, for {@link Kind#ROWS}; null otherwise. */
  public RowCursor rows() {
    return rows;
  }

  /** Rows inserted, updated or deleted, for {@link Kind#UPDATE_COUNT}; -1 otherwise. */
  public long updateCount() {
    return updateCount;
  }

  /** A short human-readable confirmation, e.g. "Table t created"; may be null. */
  public String message() {
    return message;
  }
}
