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
 * table wait in batches until {@link #flush}: the end of a bounded scan, or the commit of a
 * micro-batch, so a batch that fails does not leave its rejects behind. A micro-batch run again
 * after a crash may find its rejects already written by its first run (they are saved before the
 * batch's commit record): a reject is named by table, file, line and column, which a source reads
 * once, so those already in the table are left out and none is lost or doubled.
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
  private java.util.function.Supplier<io.sluice.engine.batch.DeadLetters> deadLetters;
  /** Rows waiting for the rejects table: full batches, then the one being filled (last). */
  private final List<Batch> pending = new ArrayList<>();
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
  public RejectCounts withDeadLetters(java.util.function.Supplier<io.sluice.engine.batch.DeadLetters> source) {
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
    io.sluice.engine.batch.DeadLetters letters = deadLetters == null ? null : deadLetters.get();
    if (letters != null) {
      letters.accept("Scan " + table, raw == null ? "" : text(raw, rawFrom, rawTo), "file " + file + ", line " + line
          + (column > 0 ? ", column " + column : "") + ": " + reason + (keptRow ? " (kept with NULL fields)" : ""));
    }
    if (rejectsTable == null) {
      return;
    }
    String rawText = raw == null ? null : text(raw, rawFrom, rawTo);
    append(new Object[] {table, file, line, column, reason, rawText, keptRow ? "kept" : "dropped"});
  }

  private void append(Object[] values) {
    Batch filling = pending.isEmpty() ? null : pending.get(pending.size() - 1);
    if (filling == null || filling.size == Batch.DEFAULT_CAPACITY) {
      filling = Batch.allocate(SCHEMA.types(), Batch.DEFAULT_CAPACITY);
      pending.add(filling);
    }
    int row = filling.size;
    for (int c = 0; c < values.length; c++) {
      Values.write(SCHEMA.column(c).type(), filling.columns[c], row, values[c]);
    }
    filling.size++;
  }

  private static String text(byte[] raw, int from, int to) {
    return new String(raw, from, Math.min(to - from, MAX_RAW_BYTES), StandardCharsets.UTF_8);
  }

  /** Writes the rows waiting for the rejects table. */
  public void flush() {
    flush(false);
  }

  /**
   * Writes the rows waiting for the rejects table in one commit; with {@code rerun} (a micro-batch
   * run again after a crash), only those the table does not hold yet.
   */
  public synchronized void flush(boolean rerun) {
    if (pending.isEmpty()) {
      return;
    }
    List<Batch> rows = rerun ? notYetWritten() : List.copyOf(pending);
    pending.clear();
    if (rows.isEmpty()) {
      return;
    }
    try (WritableTable.Writer writer = rejectsTable.openWriter()) {
      for (Batch batch : rows) {
        writer.write(batch);
      }
      writer.commit();
    }
  }

  /** The waiting rows whose table, file, line and column the rejects table does not hold. */
  private List<Batch> notYetWritten() {
    java.util.Set<String> written = new java.util.HashSet<>();
    rejectsTable.scan(io.sluice.catalog.connector.ScanRequest.all(SCHEMA.size()), batch -> {
      for (int row = 0; row < batch.size; row++) {
        written.add(key(batch, row));
      }
    });
    List<Batch> waiting = List.copyOf(pending);
    pending.clear();
    for (Batch batch : waiting) {
      for (int row = 0; row < batch.size; row++) {
        if (!written.contains(key(batch, row))) {
          Object[] values = new Object[SCHEMA.size()];
          for (int c = 0; c < values.length; c++) {
            values[c] = Values.toJava(SCHEMA.column(c).type(), batch.columns[c], row);
          }
          append(values);
        }
      }
    }
    return List.copyOf(pending);
  }

  /** What names a reject: its table, file, line and column. */
  private static String key(Batch batch, int row) {
    StringBuilder key = new StringBuilder();
    for (int c = 0; c < 4; c++) {
      key.append(Values.format(SCHEMA.column(c).type(), batch.columns[c], row)).append('\u0000');
    }
    return key.toString();
  }

  /** Forgets the rows waiting for the rejects table: their batch did not commit. */
  public synchronized void discard() {
    pending.clear();
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
