package io.sluice.engine;

/** What one statement produced: rows, a count of changed rows, or a message. */
public final class StatementResult {
  /** Which of the three a result is. */
  public enum Kind { ROWS, UPDATE_COUNT, OK }

  private final Kind kind;
  private final RowCursor rows;
  private final long updateCount;
  private final String message;

  private StatementResult(Kind kind, RowCursor rows, long updateCount, String message) {
    this.kind = kind;
    this.rows = rows;
    this.updateCount = updateCount;
    this.message = message;
  }

  public static StatementResult rows(RowCursor rows) {
    return new StatementResult(Kind.ROWS, rows, -1, null);
  }

  public static StatementResult updateCount(long count, String message) {
    return new StatementResult(Kind.UPDATE_COUNT, null, count, message);
  }

  public static StatementResult ok(String message) {
    return new StatementResult(Kind.OK, null, -1, message);
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
