package io.sluice.engine.connector.files;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/** Reads CSV files into a {@link RowAssembler}: columns are matched to fields by position. */
final class CsvScan {
  static final int BUFFER_SIZE = 1 << 20;

  private final FilesOptions options;
  private final RowAssembler assembler;
  /** Per table column, its field number, or -1 for the corrupt-record column. */
  private final int[] fieldOf;
  private final int dataColumns;

  CsvScan(FilesOptions options, int columnCount, int corruptIndex, RowAssembler assembler) {
    this.options = options;
    this.assembler = assembler;
    this.fieldOf = new int[columnCount];
    int field = 0;
    for (int c = 0; c < columnCount; c++) {
      fieldOf[c] = c == corruptIndex ? -1 : field++;
    }
    this.dataColumns = field;
  }

  void scan(Path file) {
    scan(file, TextRange.whole());
  }

  /**
   * Reads the records of {@code range} of {@code file} (the header only at the file's start), and
   * notes in it where the reading ended and the lines and rows it read.
   */
  void scan(Path file, TextRange range) {
    RowAssembler rows = assembler;
    rows.startFile(file.toString(), range.linesBefore, range.rowsBefore);
    try (InputStream in = range.open(file)) {
      // a short range, a split's, needs no large buffer (one grows for a longer record)
      int bufferSize = (int) Math.min(BUFFER_SIZE, Math.max(1 << 16, range.limit - range.start));
      CsvReader reader = new CsvReader(in, options.delimiter, options.quote, bufferSize, options.maxLineSize,
          range.start);
      boolean past = scanRecords(reader, options.header && range.start == 0, -1, range.limit);
      range.end = past ? reader.recordOffset() : reader.endOffset();
      range.lines = past ? reader.line - 1 : reader.linesRead();
      range.rows = rows.rowsInFile();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read file '" + file + "': " + e.getMessage(), e);
    }
  }

  /**
   * Adds every record of {@code reader} as a row.
   *
   * @param number the number errors show for the records (a message's offset), or -1 for their line
   */
  void scanRecords(CsvReader reader, boolean skipHeader, long number) throws IOException {
    scanRecords(reader, skipHeader, number, Long.MAX_VALUE);
  }

  /**
   * As {@link #scanRecords(CsvReader, boolean, long)}, up to the first record that begins past
   * offset {@code limit}, which is left unread: returns whether there was one.
   */
  private boolean scanRecords(CsvReader reader, boolean skipHeader, long number, long limit) throws IOException {
    RowAssembler rows = assembler;
    int[] fieldOf = this.fieldOf;
    int[] start = rows.start;
    int[] end = rows.end;
    byte[] kind = rows.kind;
    int[] position = rows.position;
    while (reader.next()) {
      if (reader.recordOffset() > limit) {
        return true;
      }
      if (reader.tooLong) {
        rows.rawSource = reader.buffer;
        rows.rawStart = reader.recordStart;
        rows.rawEnd = reader.recordEnd;
        rows.line = number < 0 ? reader.line : number;
        rows.reject(FilesOptions.lineTooLong(options.maxLineSize));
        skipHeader = false;
        continue;
      }
      if (skipHeader) {
        skipHeader = false;
        continue;
      }
      if (dataColumns != 1 && reader.isBlankLine()) {
        continue;
      }
      int fieldCount = reader.fieldCount;
      int[] fieldStart = reader.fieldStart;
      int[] fieldEnd = reader.fieldEnd;
      byte[] fieldKind = reader.fieldKind;
      for (int c = 0; c < fieldOf.length; c++) {
        int f = fieldOf[c];
        if (f < 0) {
          continue;
        }
        position[c] = f + 1;
        if (f < fieldCount) {
          start[c] = fieldStart[f];
          end[c] = fieldEnd[f];
          kind[c] = fieldKind[f];
        } else {
          kind[c] = RowAssembler.MISSING;
        }
      }
      rows.source = reader.buffer;
      rows.rawSource = reader.buffer;
      rows.rawStart = reader.recordStart;
      rows.rawEnd = reader.recordEnd;
      rows.line = number < 0 ? reader.line : number;
      String problem = rows.utf8Problem();
      long problemColumn = problem == null ? 0 : rows.invalidColumn;
      if (problem != null) {
        rows.clearFields(); // text with invalid bytes is not passed on, even in permissive mode
      } else if (reader.quoteNotClosed) {
        problem = "a quoted field is not closed within " + FilesOptions.sizeText(options.maxLineSize)
            + " (option 'max-line-size') or before the end of the file; reading goes on at the next line";
      } else if (fieldCount != dataColumns) {
        problem = "expected " + dataColumns + (dataColumns == 1 ? " field" : " fields") + " but found " + fieldCount;
      } else if (reader.badQuoting) {
        problem = "a quoted field is not closed, or text follows its closing quote";
      }
      rows.addRow(problem, problemColumn);
    }
    return false;
  }
}
