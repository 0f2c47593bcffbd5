package io.sluice.catalog.connector;

/**
 * A split that reads a byte range of a text file (CSV, JSON lines) and finds its first row by
 * itself: it begins after the first line break at or after its range's start, and reads its last
 * row to its end, past the range, so that the splits of a file give each row once. Until it is
 * {@linkplain #place placed}, a read numbers the lines and rows of its errors and rejected rows
 * from the split's own start (line 1, no rows before); once placed, from the file's start.
 *
 * <p>Where a row may hold a line break (a quoted CSV field) the begin is a guess. The caller takes
 * the splits in split order on one thread: it {@linkplain #place places} each split after the one
 * before it (which fixes the lines and rows of the file before it, to shift its rejected rows by),
 * and when a split did not end exactly where the next one began ({@link #endsWhereNextBegins}) it
 * drops what the next split gave and reads that split again from where this one ended
 * ({@link #restartWherePreviousEnded}): a wrong guess costs a serial read, never a wrong row.
 */
public interface RangeSplit extends ScanSplit {
  /**
   * On the caller's thread, once this split and every split before it in its file were read and
   * placed: counts the lines and rows of the file before this split, which its reads from now on
   * add to the lines and rows they name.
   */
  void place();

  /** Lines of the file before this split's first row, once placed: what its rejected rows' lines are shifted by. */
  long linesBefore();

  /** Rows of the file before this split's first row, once placed. */
  long rowsBefore();

  /**
   * After a read: whether it ended exactly where the next split of its file begins (always, for a
   * file's last split). When not, what the next split's read gave is wrong and must be dropped.
   */
  boolean endsWhereNextBegins();

  /**
   * Makes this split begin exactly where the split before it ended, which did not end where this
   * one guessed it begins, and places it; then read it again (on the caller's thread).
   */
  void restartWherePreviousEnded();
}
