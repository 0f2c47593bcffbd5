package io.sluice.engine.connector.files;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.Values;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes rows as CSV with the table's delimiter, quote, header and null-string options. */
final class CsvFileWriter extends FileWriterBase {
  private final OutputStream out;
  private final TableSchema schema;
  private final int[] columns;
  private final byte delimiter;
  private final int quote;
  private final byte[] nullString;

  CsvFileWriter(FilesTable table, Path target, FilesOptions options, TableSchema schema, int[] columns)
      throws IOException {
    super(table, target);
    this.schema = schema;
    this.columns = columns;
    this.delimiter = options.delimiter;
    this.quote = options.quote;
    this.nullString = options.nullString;
    this.out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 1 << 16);
    if (options.header) {
      for (int k = 0; k < columns.length; k++) {
        if (k > 0) {
          out.write(delimiter);
        }
        byte[] name = schema.column(columns[k]).name().getBytes(StandardCharsets.UTF_8);
        writeField(name, 0, name.length);
      }
      out.write('\n');
    }
  }

  @Override
  void writeRows(Batch batch) throws IOException {
    int rowCount = batch.rowCount();
    for (int k = 0; k < rowCount; k++) {
      int row = batch.row(k);
      for (int i = 0; i < columns.length; i++) {
        if (i > 0) {
          out.write(delimiter);
        }
        int c = columns[i];
        ColumnVector vector = batch.columns[c];
        DataType type = schema.column(c).type();
        if (vector.isNull(row)) {
          out.write(nullString);
        } else if (type.kind().isString()) {
          BytesVector bytes = (BytesVector) vector;
          writeField(bytes.data, bytes.start(row), bytes.start(row) + bytes.length(row));
        } else {
          byte[] text = Values.format(type, vector, row).getBytes(StandardCharsets.UTF_8);
          writeField(text, 0, text.length);
        }
      }
      out.write('\n');
    }
  }

  /** Writes a non-NULL value, quoted when it would otherwise read back differently. */
  private void writeField(byte[] data, int start, int end) throws IOException {
    boolean quoted = end - start == nullString.length && equalsNullString(data, start);
    for (int i = start; i < end && !quoted; i++) {
      byte b = data[i];
      quoted = b == delimiter || b == quote || b == '\n' || b == '\r';
    }
    if (!quoted) {
      out.write(data, start, end - start);
      return;
    }
    if (quote < 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Cannot write the value '"
          + RowAssembler.shown(data, start, end) + "' to CSV without quoting (option 'quote' is empty): it contains"
          + " the delimiter or a line break, or equals the null string.");
    }
    out.write(quote);
    int from = start;
    for (int i = start; i < end; i++) {
      if (data[i] == quote) {
        out.write(data, from, i + 1 - from);
        out.write(quote);
        from = i + 1;
      }
    }
    out.write(data, from, end - from);
    out.write(quote);
  }

  private boolean equalsNullString(byte[] data, int start) {
    for (int i = 0; i < nullString.length; i++) {
      if (data[start + i] != nullString[i]) {
        return false;
      }
    }
    return true;
  }

  @Override
  void finish() throws IOException {
    out.close();
  }

  @Override
  void abort() throws IOException {
    out.close();
  }
}
