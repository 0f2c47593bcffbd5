package io.sluice.catalog.connector;

/**
 * Where a scan tells about the rows of its input it could not read as they stand (option
 * {@code mode} of text files): each one dropped, or kept with NULL fields, with its place and
 * the reason. The engine counts them for the result message, {@code EXPLAIN ANALYZE} and progress
 * records, and writes them to a rejects table when one is asked for. Called only for bad rows,
 * never per good row.
 */
public interface RejectedRows {
  /** Ignores every rejected row. */
  RejectedRows NONE = (file, line, column, reason, raw, rawFrom, rawTo, kept, rowsBefore) -> { };

  /**
   * One row the scan could not read as it stands.
   *
   * @param file the file, as the table names it
   * @param line the 1-based line where the row starts
   * @param column the 1-based field (CSV, JSON) or byte column (invalid UTF-8) at fault; 0 for
   *     the row as a whole
   * @param reason what is wrong, in words
   * @param raw bytes holding the row's text (UTF-8, possibly invalid), {@code raw[rawFrom, rawTo)},
   *     valid during the call only; null when the row's text is not known
   * @param kept true when the row was kept with NULL fields (permissive), false when dropped
   * @param rowsBefore rows of the file the scan produced before this one: where it lies among
   *     the rows of the file, for a reader of part of a file (a range of rows) to tell its own
   */
  void rejected(String file, long line, long column, String reason, byte[] raw, int rawFrom, int rawTo, boolean kept,
      long rowsBefore);

  /**
   * These rejected rows as told by a reader that numbers lines and rows from a later start: each
   * line moved on by {@code lines} and each row position by {@code rows} (a {@link RangeSplit}'s).
   */
  default RejectedRows shiftedBy(long lines, long rows) {
    if (lines == 0 && rows == 0) {
      return this;
    }
    RejectedRows target = this;
    return (file, line, column, reason, raw, rawFrom, rawTo, kept, rowsBefore) ->
        target.rejected(file, line + lines, column, reason, raw, rawFrom, rawTo, kept, rowsBefore + rows);
  }
}
