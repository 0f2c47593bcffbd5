package io.sluice.engine.exec;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one scan rejected (malformed text it dropped or kept with NULLs), counted per file
 * for the result's warnings, {@code EXPLAIN ANALYZE} and progress records, and written to the
 * table's rejects table (option {@code 'rejects-table'}) when it has one. Rows for the rejects
 * table wait in a batch until {@link #flush}: the end of a bounded scan, or the commit of a
 * micro-batch, so a batch that fails does not leave its rejects behind.
 */
public final class RejectCounts implements RejectedRows {
  /** The columns of a rejects table. */
  public static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("table_name", DataType.of(TypeKind.VARCHAR)),
      new Column("file", DataType.of(TypeKind.VARCHAR)),
      new Column("line", DataType.of(TypeKind.BIGINT)),
      new Column("column_index", DataType.of(TypeKind.BIGINT)),
      new Column("reason", DataType.of(TypeKind.VARCHAR)),
      new Column("raw_line", DataType.of(TypeKind.VARCHAR)),
      new Column("action", DataType.of(TypeKind.VARCHAR))));
  /** The most bytes of a raw line a rejects table keeps. */
  private static final int MAX_RAW_BYTES = 64 * 1024;

  /** Counts of one file, and its first rejected row, which the warning names. */
  private static final class FileCounts {
    long dropped;
    long kept;
    String first;
  }

  private final String table;
  private final WritableTable rejectsTable;
  private final String rejectsTableName;
  private final Map<String, FileCounts> files = new LinkedHashMap<>();
  /** The running micro-batch's dead letters (a stream with 'pipeline.dead-letter-sink'); null otherwise. */
  private java.util.function.Supplier<io.sluice.engine.stream.DeadLetters> deadLetters;
  private Batch pending;
  private long dropped;
  private long kept;
  private long droppedReported;
  private long keptReported;

  /**
   * @param table the scanned table or source, as the rows name it
   * @param rejectsTable where rejected rows go, or null
   */
  public RejectCounts(String table, WritableTable rejectsTable, String rejectsTableName) {
    this.table = table;
    this.rejectsTable = rejectsTable;
    this.rejectsTableName = rejectsTableName;
  }

  /** Also sends every rejected row to the dead letters of the running micro-batch, when there are any. */
  public RejectCounts withDeadLetters(java.util.function.Supplier<io.sluice.engine.stream.DeadLetters> source) {
    this.deadLetters = source;
    return this;
  }

  @Override
  public synchronized void rejected(String file, long line, long column, String reason, byte[] raw, int rawFrom,
      int rawTo, boolean keptRow, long rowsBefore) {
    FileCounts counts = files.computeIfAbsent(file, f -> new FileCounts());
    if (keptRow) {
      counts.kept++;
      kept++;
    } else {
      counts.dropped++;
      dropped++;
    }
    if (counts.first == null) {
      counts.first = "line " + line + (column > 0 ? ", column " + column : "") + ": " + reason;
    }
    io.sluice.engine.stream.DeadLetters letters = deadLetters == null ? null : deadLetters.get();
    if (letters != null) {
      letters.accept("Scan " + table, raw == null ? "" : text(raw, rawFrom, rawTo), "file " + file + ", line " + line
          + (column > 0 ? ", column " + column : "") + ": " + reason + (keptRow ? " (kept with NULL fields)" : ""));
    }
    if (rejectsTable == null) {
      return;
    }
    if (pending == null) {
      pending = Batch.allocate(SCHEMA.types(), Batch.DEFAULT_CAPACITY);
    }
    String rawText = raw == null ? null : text(raw, rawFrom, rawTo);
    Object[] values = {table, file, line, column, reason, rawText, keptRow ? "kept" : "dropped"};
    int row = pending.size;
    for (int c = 0; c < values.length; c++) {
      Values.write(SCHEMA.column(c).type(), pending.columns[c], row, values[c]);
    }
    pending.size++;
    if (pending.size == Batch.DEFAULT_CAPACITY) {
      flush();
    }
  }

  private static String text(byte[] raw, int from, int to) {
    return new String(raw, from, Math.min(to - from, MAX_RAW_BYTES), StandardCharsets.UTF_8);
  }

  /** Writes the rows waiting for the rejects table. */
  public synchronized void flush() {
    if (pending == null || pending.size == 0) {
      return;
    }
    try (WritableTable.Writer writer = rejectsTable.openWriter()) {
      writer.write(pending);
      writer.commit();
    }
    pending.reset();
  }

  /** Forgets the rows waiting for the rejects table: their batch did not commit. */
  public synchronized void discard() {
    if (pending != null) {
      pending.reset();
    }
  }

  /** Rows dropped and rows kept with NULLs since the last call, as {dropped, kept}. */
  synchronized long[] takeCounts() {
    long[] delta = {dropped - droppedReported, kept - keptReported};
    droppedReported = dropped;
    keptReported = kept;
    return delta;
  }

  /** One sentence per file with rejected rows, e.g. "dropped 3 malformed rows of data/raw.csv (first: ...)". */
  synchronized List<String> messages() {
    List<String> messages = new ArrayList<>();
    for (Map.Entry<String, FileCounts> e : files.entrySet()) {
      FileCounts counts = e.getValue();
      StringBuilder sb = new StringBuilder();
      if (counts.dropped > 0) {
        sb.append("dropped ").append(rows(counts.dropped)).append(" of ").append(e.getKey());
        if (counts.kept > 0) {
          sb.append(" and kept ").append(counts.kept).append(" with NULL fields");
        }
      } else {
        sb.append("kept ").append(rows(counts.kept)).append(" of ").append(e.getKey()).append(" with NULL fields");
      }
      sb.append(" (table ").append(table).append("; first at ")
          .append(counts.first).append(')');
      if (rejectsTable != null) {
        sb.append("; the rows are in table ").append(rejectsTableName);
      }
      messages.add(sb.toString());
    }
    return messages;
  }

  private static String rows(long count) {
    return count + (count == 1 ? " malformed row" : " malformed rows");
  }
}
