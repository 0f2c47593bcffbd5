package io.sluice.engine.connector.files;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes rows as CSV with the table's delimiter, quote, header and null-string options. */
final class CsvFileWriter extends FileWriterBase {
  private final OutputStream out;
  private final CsvRowEncoder encoder;
  private final int[] columns;

  CsvFileWriter(FilesTable table, Path target, FilesOptions options, TableSchema schema, int[] columns)
      throws IOException {
    super(table, target);
    this.encoder = new CsvRowEncoder(schema, options);
    this.columns = columns;
    this.out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 1 << 16);
    if (options.header) {
      encoder.writeHeader(out, columns);
      out.write('\n');
    }
  }

  @Override
  void writeRows(Batch batch) throws IOException {
    int rowCount = batch.rowCount();
    for (int k = 0; k < rowCount; k++) {
      encoder.writeRow(out, batch, batch.row(k), columns);
      out.write('\n');
    }
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
