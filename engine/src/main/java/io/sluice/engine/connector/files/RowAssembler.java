package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

/**
 * Turns the fields of one text record (CSV or JSON) into a row of the scan's batch, applying
 * the table's malformed-row mode, and pushes the batch when it is full.
 *
 * <p>The reader stages each table column's field as a byte range of {@link #source} with a
 * kind. Columns that can fail (everything but text) are decoded first and text last, so a row
 * dropped half-way has written nothing that must be undone: the next record overwrites it. In
 * the dropmalformed and permissive modes every column is checked, requested or not, so that
 * the rows a query sees do not depend on its projection.
 */
final class RowAssembler {
  static final byte PLAIN = CsvReader.PLAIN;
  static final byte QUOTED = CsvReader.QUOTED;
  static final byte ESCAPED = CsvReader.ESCAPED;
  /** The field is absent from the record: NULL. */
  static final byte MISSING = 3;
  /** The field is an explicit NULL (JSON null). */
  static final byte NULL = 4;

  private static final int MAX_SHOWN = 120;

  private final String formatName;
  private final TableSchema schema;
  private final MalformedMode mode;
  private final byte[] nullString;
  private final byte quote;
  private Batch batch;
  private final BatchConsumer consumer;
  /**
   * Where a full batch's successor comes from when batches are handed over ({@link #handingOver}):
   * the consumer keeps each batch it is given, and the rows go on in the next; null when one batch is reused.
   */
  private Supplier<Batch> nextBatch;
  /** The columns of a new batch when {@link #nextBatch} gives none. */
  private List<DataType> batchTypes;
  /** The batch column each decoder of {@link #texts} fills, then each of {@link #checked} (-1: a scratch column). */
  private int[] decoderColumns;
  /** The batch column of each of {@link #corruptOutputs}. */
  private int[] corruptColumns;
  private final int capacity;

  private final ValueDecoder[] checked;
  private final int[] checkedColumn;
  private final boolean[] checkedScratch;
  private final ValueDecoder[] texts;
  private final int[] textColumn;
  private final BytesVector[] corruptOutputs;

  /** The staged record: per table column, a range of {@code source} and its kind. */
  byte[] source;
  final int[] start;
  final int[] end;
  final byte[] kind;
  /** Per table column, the 1-based column number shown in errors. */
  final int[] position;
  /** Where the raw record lies, for errors and the corrupt-record column. */
  byte[] rawSource;
  int rawStart;
  int rawEnd;
  String file;
  long line;
  /**
   * Where records come from when not from a file, followed by {@link #line} in errors: e.g.
   * "topic 't', partition 0, offset ". Null for files.
   */
  String place;

  /** Rows dropped (dropmalformed, or too long in any mode but failfast). */
  long dropped;
  /** Rows kept with NULL fields (permissive). */
  long kept;
  long rows;
  /** Rows of the current file added so far. */
  private long rowsInFile;
  /** Lines and rows of the file before the part being read (a split's), which errors and rejected rows add. */
  private long linesBefore;
  private long rowsBefore;
  private final RejectedRows rejects;

  /**
   * @param corruptIndex the table column that receives raw malformed text, or -1
   */
  RowAssembler(String formatName, TableSchema schema, int corruptIndex, FilesOptions options, int[] requested,
      Batch batch, BatchConsumer consumer, RejectedRows rejects) {
    this.formatName = formatName;
    this.rejects = rejects;
    this.schema = schema;
    this.mode = options.mode;
    this.nullString = options.nullString;
    this.quote = (byte) options.quote;
    this.batch = batch;
    this.consumer = consumer;
    this.capacity = Batch.DEFAULT_CAPACITY;
    int columnCount = schema.size();
    start = new int[columnCount];
    end = new int[columnCount];
    kind = new byte[columnCount];
    position = new int[columnCount];

    List<ValueDecoder> checkedList = new ArrayList<>();
    List<Integer> checkedColumns = new ArrayList<>();
    List<Boolean> scratch = new ArrayList<>();
    List<ValueDecoder> textList = new ArrayList<>();
    List<Integer> textColumns = new ArrayList<>();
    List<BytesVector> corrupt = new ArrayList<>();
    List<Integer> textBatchColumns = new ArrayList<>();
    List<Integer> checkedBatchColumns = new ArrayList<>();
    List<Integer> corruptBatchColumns = new ArrayList<>();
    boolean[] requestedColumn = new boolean[columnCount];
    for (int j = 0; j < requested.length; j++) {
      int c = requested[j];
      requestedColumn[c] = true;
      DataType type = schema.column(c).type();
      ColumnVector vector = batch.columns[j];
      if (c == corruptIndex) {
        corrupt.add((BytesVector) vector);
        corruptBatchColumns.add(j);
      } else if (type.kind().isString()) {
        textList.add(new ValueDecoder(type, vector));
        textColumns.add(c);
        textBatchColumns.add(j);
      } else {
        checkedList.add(new ValueDecoder(type, vector));
        checkedColumns.add(c);
        checkedBatchColumns.add(j);
        scratch.add(false);
      }
    }
    if (mode != MalformedMode.FAILFAST) {
      for (int c = 0; c < columnCount; c++) {
        DataType type = schema.column(c).type();
        if (!requestedColumn[c] && c != corruptIndex && !type.kind().isString()) {
          checkedList.add(new ValueDecoder(type, ColumnVector.create(type, 1)));
          checkedColumns.add(c);
          checkedBatchColumns.add(-1);
          scratch.add(true);
        }
      }
    }
    checked = checkedList.toArray(new ValueDecoder[0]);
    checkedColumn = checkedColumns.stream().mapToInt(Integer::intValue).toArray();
    checkedScratch = new boolean[scratch.size()];
    for (int i = 0; i < checkedScratch.length; i++) {
      checkedScratch[i] = scratch.get(i);
    }
    texts = textList.toArray(new ValueDecoder[0]);
    textColumn = textColumns.stream().mapToInt(Integer::intValue).toArray();
    corruptOutputs = corrupt.toArray(new BytesVector[0]);
    textBatchColumns.addAll(checkedBatchColumns);
    decoderColumns = textBatchColumns.stream().mapToInt(Integer::intValue).toArray();
    corruptColumns = corruptBatchColumns.stream().mapToInt(Integer::intValue).toArray();
  }

  /**
   * Hands each full batch over rather than reusing it: the consumer keeps the batch it is given,
   * and the next rows go into {@code next.get()} (a batch of the same columns the consumer is done
   * with), or a new batch of {@code types} when that gives null. A split read by a worker passes its
   * batches to the query's thread this way without a copy.
   */
  RowAssembler handingOver(List<DataType> types, Supplier<Batch> next) {
    this.batchTypes = List.copyOf(types);
    this.nextBatch = next;
    return this;
  }

  /** Marks every column missing, for readers that stage fields by name. */
  void clearFields() {
    Arrays.fill(kind, MISSING);
  }

  /**
   * Adds the staged record as a row. {@code problem} describes what is wrong with the record
   * as a whole (wrong number of fields, bad JSON), or is null.
   */
  void addRow(String problem) {
    addRow(problem, 0);
  }

  /** As {@link #addRow(String)}, with the 1-based column (field or byte) the problem is at, 0 for none. */
  void addRow(String problem, long problemColumn) {
    int row = batch.size;
    String badReason = null;
    long badColumn = 0;
    if (problem != null) {
      if (mode == MalformedMode.FAILFAST) {
        throw recordError(problem);
      }
      if (mode == MalformedMode.DROPMALFORMED) {
        drop(problemColumn, problem);
        return;
      }
      badReason = problem;
      badColumn = problemColumn;
    }
    final byte[] src = source;
    for (int k = 0; k < checked.length; k++) {
      ValueDecoder decoder = checked[k];
      int c = checkedColumn[k];
      int target = checkedScratch[k] ? 0 : row;
      byte fieldKind = kind[c];
      boolean ok;
      if (isNullNonText(src, c, fieldKind)) {
        decoder.setNull(target);
        ok = decoder.type.nullable();
      } else if (fieldKind == ESCAPED) {
        ok = decoder.decodeUnescaped(src, start[c], end[c], quote, target);
      } else {
        ok = decoder.decode(src, start[c], end[c], target);
      }
      if (!ok) {
        if (mode == MalformedMode.FAILFAST) {
          throw fieldError(c, decoder);
        }
        if (mode == MalformedMode.DROPMALFORMED) {
          drop(position[c], fieldProblem(c, decoder));
          return;
        }
        decoder.setNull(target);
        if (badReason == null) {
          badReason = fieldProblem(c, decoder);
          badColumn = position[c];
        }
      }
    }
    for (int k = 0; k < texts.length; k++) {
      ValueDecoder decoder = texts[k];
      int c = textColumn[k];
      byte fieldKind = kind[c];
      if (fieldKind == MISSING || fieldKind == NULL
          || (fieldKind == PLAIN && nullString != null && equalsNullString(src, start[c], end[c]))) {
        decoder.setNull(row);
        if (!decoder.type.nullable()) {
          if (mode == MalformedMode.FAILFAST) {
            throw fieldError(c, decoder);
          }
          if (mode == MalformedMode.DROPMALFORMED) {
            drop(position[c], fieldProblem(c, decoder)); // text columns come last: this row wrote no bytes yet
            return;
          }
          if (badReason == null) {
            badReason = fieldProblem(c, decoder);
            badColumn = position[c];
          }
        }
      } else if (fieldKind == ESCAPED) {
        decoder.setUnescapedText(src, start[c], end[c], quote, row);
      } else {
        decoder.setText(src, start[c], end[c], row);
      }
    }
    boolean bad = badReason != null;
    for (BytesVector corrupt : corruptOutputs) {
      if (bad) {
        corrupt.set(row, rawSource, rawStart, rawEnd - rawStart);
      } else {
        corrupt.setNullAt(row);
      }
    }
    if (bad) {
      kept++;
      rejects.rejected(file, line + linesBefore, badColumn, badReason, rawSource, rawStart, rawEnd, true,
          rowsInFile + rowsBefore);
    }
    rows++;
    rowsInFile++;
    if (++batch.size == capacity) {
      flush();
    }
  }

  /** Rows of the current file added so far. */
  long rowsInFile() {
    return rowsInFile;
  }

  /** Starts on a new file: its rows are counted from 0 for {@link RejectedRows}. */
  void startFile(String fileName) {
    startFile(fileName, 0, 0);
  }

  /** Starts on part of a file, after {@code linesBefore} lines that gave {@code rowsBefore} rows. */
  void startFile(String fileName, long linesBefore, long rowsBefore) {
    file = fileName;
    rowsInFile = 0;
    this.linesBefore = linesBefore;
    this.rowsBefore = rowsBefore;
  }

  /**
   * Drops the staged record in every mode but failfast, where it is an error: for records that
   * cannot be kept even in permissive mode (a line longer than the limit).
   */
  void reject(String problem) {
    if (mode == MalformedMode.FAILFAST) {
      throw recordError(problem);
    }
    drop(0, problem);
  }

  private void drop(long column, String reason) {
    dropped++;
    rejects.rejected(file, line + linesBefore, column, reason, rawSource, rawStart, rawEnd, false, rowsInFile + rowsBefore);
  }

  /** Counts a row without decoding anything: for scans that request no columns. */
  void addEmptyRow() {
    rows++;
    rowsInFile++;
    if (++batch.size == capacity) {
      flush();
    }
  }

  /** The batch row the next record fills. */
  int nextRow() {
    return batch.size;
  }

  /** Pushes the rows gathered so far. */
  void flush() {
    if (batch.size == 0) {
      return;
    }
    consumer.accept(batch);
    if (nextBatch == null) {
      batch.reset();
      return;
    }
    Batch next = nextBatch.get();
    if (next == null) {
      next = Batch.allocate(batchTypes, capacity);
    } else {
      next.reset();
    }
    batch = next;
    for (int k = 0; k < texts.length; k++) {
      texts[k].decodeInto(batch.columns[decoderColumns[k]]);
    }
    for (int k = 0; k < checked.length; k++) {
      int column = decoderColumns[texts.length + k];
      if (column >= 0) {
        checked[k].decodeInto(batch.columns[column]);
      }
    }
    for (int k = 0; k < corruptOutputs.length; k++) {
      corruptOutputs[k] = (BytesVector) batch.columns[corruptColumns[k]];
    }
  }

  /** Text that stands for NULL in a non-text column: blank, or the null string unquoted. */
  private boolean isNullNonText(byte[] src, int c, byte fieldKind) {
    if (fieldKind == MISSING || fieldKind == NULL) {
      return true;
    }
    int s = start[c];
    int e = end[c];
    if (fieldKind == PLAIN && nullString != null && equalsNullString(src, s, e)) {
      return true;
    }
    for (int i = s; i < e; i++) {
      if (src[i] != ' ' && src[i] != '\t') {
        return false;
      }
    }
    return true;
  }

  private boolean equalsNullString(byte[] src, int s, int e) {
    byte[] n = nullString;
    if (e - s != n.length) {
      return false;
    }
    for (int i = 0; i < n.length; i++) {
      if (src[s + i] != n[i]) {
        return false;
      }
    }
    return true;
  }

  private SluiceException recordError(String problem) {
    return new SluiceException(ErrorCode.MALFORMED_INPUT, "Malformed " + formatName + " row in " + where() + ": " + problem + ". Record: '" + shown(rawSource, rawStart, rawEnd) + "'. " + modeHint());
  }

  private SluiceException fieldError(int c, ValueDecoder decoder) {
    Column column = schema.column(c);
    String where = "Malformed " + formatName + " row in " + where() + ", column "
        + position[c] + " ('" + column.name() + "'): ";
    return new SluiceException(ErrorCode.MALFORMED_INPUT, where + fieldProblem(c, decoder) + ". " + modeHint());
  }

  /** What is wrong with the field of column {@code c}, which its decoder refused. */
  private String fieldProblem(int c, ValueDecoder decoder) {
    Column column = schema.column(c);
    if (kind[c] == MISSING || kind[c] == NULL || isNullNonText(source, c, kind[c])) {
      return "NULL is not allowed in the NOT NULL column '" + column.name() + "' of type " + column.type().sql();
    }
    String text = shown(source, start[c], end[c]);
    return decoder.failure == ValueDecoder.RANGE
        ? "'" + text + "' is out of range for type " + column.type().sql()
        : "'" + text + "' is not a valid " + column.type().sql();
  }

  /**
   * Why the raw record is not valid UTF-8, with where the first bad byte is (its line when the
   * record spans lines, and its 1-based byte column), or null when it is valid. Sets
   * {@link #invalidColumn}.
   */
  String utf8Problem() {
    int bad = Utf8.firstInvalid(rawSource, rawStart, rawEnd);
    if (bad < 0) {
      return null;
    }
    int lineStart = rawStart;
    long badLine = line + linesBefore;
    for (int i = rawStart; i < bad; i++) {
      if (rawSource[i] == '\n') {
        lineStart = i + 1;
        badLine++;
      }
    }
    invalidColumn = bad - lineStart + 1;
    return String.format("invalid UTF-8 (byte 0x%02X) at %sbyte column %d", rawSource[bad] & 0xFF,
        badLine == line + linesBefore ? "" : "line " + badLine + ", ", invalidColumn);
  }

  /** The byte column {@link #utf8Problem} found. */
  long invalidColumn;

  private String where() {
    return place != null ? place + line : "file '" + file + "', line " + (line + linesBefore);
  }

  private static String modeHint() {
    return "Set option mode = 'dropmalformed' to skip malformed rows, or mode = 'permissive' to keep them"
        + " with NULL fields and the raw text in the corrupt-record column.";
  }

  static String shown(byte[] bytes, int from, int to) {
    if (bytes == null) {
      return "";
    }
    String text = new String(bytes, from, to - from, StandardCharsets.UTF_8);
    return text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
  }
}
