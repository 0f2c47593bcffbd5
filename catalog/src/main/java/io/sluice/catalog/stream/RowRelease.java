package io.sluice.catalog.stream;

/**
 * When a stored row of one input of an interval join can no longer match any later row of the
 * other input: once the watermark W satisfies {@code row[column] + offset < W}.
 *
 * <p>It comes from a term of the join condition that bounds the other input's event time by a
 * timestamp column of this row, {@code other.t <= row.column + c} (in Nexmark q4,
 * {@code B.dateTime <= A.expires} for an auction A): every later row of the other input has
 * {@code other.t >= W - otherLag}, so {@code offset = c + otherLag}. Under a constant bound
 * ({@link IntervalBound}) the column is the row's own event time. A row whose column is NULL
 * fails the term, so it never matches and is not stored.
 */
public record RowRelease(int column, long offset) {
  @Override
  public String toString() {
    return "column " + column + (offset >= 0 ? " + " : " - ") + Math.abs(offset) + " ms";
  }
}
