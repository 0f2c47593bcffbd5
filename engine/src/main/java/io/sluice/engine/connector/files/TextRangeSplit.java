package io.sluice.engine.connector.files;

import io.sluice.catalog.connector.HandOverSplit;
import io.sluice.catalog.connector.RangeSplit;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The bytes {@code [from, to)} of a CSV or JSON file of a scan read in splits: the rows that
 * begin after the first line break at or after {@code from} (the file's first row for the first
 * split) up to the first line break at or after {@code to}. JSON lines always break there; a CSV
 * row may hold a line break in a quoted field, which the split finds when its reading does not
 * end where the next split begins ({@link RangeSplit}). Its reader fills each batch afresh (the
 * decoders are pointed at the next batch's columns), so a worker passes its batches on without a copy.
 *
 * <p>A read runs on one thread; the caller reads what it noted (where it ended, lines, rows)
 * after the read, on its own thread, which the hand-off of the split's result orders.
 */
final class TextRangeSplit implements RangeSplit, HandOverSplit {
  private final FilesTable table;
  private final Path file;
  private final ScanRequest request;
  private final long from;
  private final long to;
  private final long fileSize;
  /** The split before this one in the file, or null for its first. */
  private final TextRangeSplit previous;
  /** Where this split begins when the split before it ended elsewhere than it guessed; -1 until then. */
  private long restartAt = -1;
  /** What the last read found: where it ended, the lines and rows it read, and whether the next split began there. */
  private long end;
  private long lines;
  private long rows;
  private boolean endsWhereNextBegins;
  private long linesBefore;
  private long rowsBefore;
  /** Whether {@link #place} was called: reads then name lines by their place in the file. */
  private boolean placed;

  TextRangeSplit(FilesTable table, Path file, ScanRequest request, long from, long to, long fileSize,
      TextRangeSplit previous) {
    this.table = table;
    this.file = file;
    this.request = request;
    this.from = from;
    this.to = to;
    this.fileSize = fileSize;
    this.previous = previous;
  }

  @Override
  public void read(RejectedRows rejects, BatchConsumer consumer) {
    readHandingOver(rejects, null, consumer);
  }

  @Override
  public void readHandingOver(RejectedRows rejects, Supplier<Batch> reused, BatchConsumer consumer) {
    long start = restartAt >= 0 ? restartAt : TextRange.lineStartAfter(file, from);
    TextRange range = new TextRange(start, to);
    if (placed) {
      range.linesBefore = linesBefore;
      range.rowsBefore = rowsBefore;
    }
    table.scanRange(file, range,
        new ScanRequest(request.columns(), request.predicates(), rejects, request.partEventTimes()), reused, consumer);
    end = range.end;
    lines = range.lines;
    rows = range.rows;
    endsWhereNextBegins = to >= fileSize || end == TextRange.lineStartAfter(file, to);
  }

  @Override
  public void place() {
    linesBefore = previous == null ? 0 : previous.linesBefore + previous.lines;
    rowsBefore = previous == null ? 0 : previous.rowsBefore + previous.rows;
    placed = true;
  }

  @Override
  public long linesBefore() {
    return linesBefore;
  }

  @Override
  public long rowsBefore() {
    return rowsBefore;
  }

  @Override
  public boolean endsWhereNextBegins() {
    return endsWhereNextBegins;
  }

  @Override
  public void restartWherePreviousEnded() {
    restartAt = previous.end;
    place();
  }

  @Override
  public String toString() {
    return file + " bytes " + from + ".." + to;
  }
}
