package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes rows as JSON lines, one object per row, values encoded by {@link JsonRowEncoder}.
 */
final class JsonFileWriter extends FileWriterBase {
  private final OutputStream out;
  private final JsonGenerator generator;
  private final JsonRowEncoder encoder;
  private final int[] columns;

  JsonFileWriter(FilesTable table, Path target, TableSchema schema, int[] columns) throws IOException {
    super(table, target);
    this.encoder = new JsonRowEncoder(schema);
    this.columns = columns;
    this.out = new BufferedOutputStream(Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE), 1 << 16);
    this.generator = JsonScan.FACTORY.createGenerator(out);
    generator.setRootValueSeparator(null);
  }

  @Override
  void writeRows(Batch batch) throws IOException {
    int rowCount = batch.rowCount();
    for (int k = 0; k < rowCount; k++) {
      encoder.writeObject(generator, batch, batch.row(k), columns);
      generator.writeRaw('\n');
    }
  }

  @Override
  void finish() throws IOException {
    generator.close();
    out.close();
  }

  @Override
  void abort() throws IOException {
    generator.close();
    out.close();
  }
}
