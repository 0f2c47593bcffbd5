package io.sluice.engine.connector.files;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.Values;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Writes a row as one CSV line (without the line break) with a delimiter, quote and null
 * string, quoting a value only when it would otherwise read back differently. Shared by CSV
 * files and the Kafka sink's {@code csv} format.
 */
public final class CsvRowEncoder {
  private final TableSchema schema;
  private final byte delimiter;
  private final int quote;
  private final byte[] nullString;

  CsvRowEncoder(TableSchema schema, FilesOptions options) {
    this.schema = schema;
    this.delimiter = options.delimiter;
    this.quote = options.quote;
    this.nullString = options.nullString;
  }

  /**
   * An encoder for the CSV options ({@code delimiter}, {@code quote}, {@code null-string}) among
   * {@code formatOptions}, which also holds {@code format = 'csv'}; bad options are refused
   * naming the option.
   */
  public static CsvRowEncoder forOptions(TableSchema schema, Map<String, String> formatOptions) {
    return new CsvRowEncoder(schema, FilesOptions.parseRecordFormat(formatOptions));
  }

  /** Writes {@code columns} of {@code row}, separated by the delimiter. */
  public void writeRow(OutputStream out, Batch batch, int row, int[] columns) throws IOException {
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
        writeField(out, bytes.data, bytes.start(row), bytes.start(row) + bytes.length(row));
      } else {
        byte[] text = Values.format(type, vector, row).getBytes(StandardCharsets.UTF_8);
        writeField(out, text, 0, text.length);
      }
    }
  }

  /** Writes the names of {@code columns}, separated by the delimiter. */
  void writeHeader(OutputStream out, int[] columns) throws IOException {
    for (int k = 0; k < columns.length; k++) {
      if (k > 0) {
        out.write(delimiter);
      }
      byte[] name = schema.column(columns[k]).name().getBytes(StandardCharsets.UTF_8);
      writeField(out, name, 0, name.length);
    }
  }

  /** Writes a non-NULL value, quoted when it would otherwise read back differently. */
  private void writeField(OutputStream out, byte[] data, int start, int end) throws IOException {
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
}
