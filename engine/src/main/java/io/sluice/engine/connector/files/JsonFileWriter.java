package io.sluice.engine.connector.files;

import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.Values;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes rows as JSON lines: numbers and booleans as JSON values, NULL as null, and dates,
 * times, timestamps, intervals and non-finite doubles as strings in the form Values.format gives.
 */
final class JsonFileWriter extends FileWriterBase {
  private final OutputStream out;
  private final JsonGenerator generator;
  private final TableSchema schema;
  private final int[] columns;

  JsonFileWriter(FilesTable table, Path target, TableSchema schema, int[] columns) throws IOException {
    super(table, target);
    this.schema = schema;
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
      int row = batch.row(k);
      generator.writeStartObject();
      for (int c : columns) {
        DataType type = schema.column(c).type();
        ColumnVector vector = batch.columns[c];
        generator.writeFieldName(schema.column(c).name());
        if (vector.isNull(row)) {
          generator.writeNull();
          continue;
        }
        switch (type.kind()) {
          case BOOLEAN:
            generator.writeBoolean(((BooleanVector) vector).values[row]);
            break;
          case TINYINT:
          case SMALLINT:
          case INTEGER:
          case BIGINT:
            generator.writeNumber(((LongVector) vector).values[row]);
            break;
          case DECIMAL:
            generator.writeNumber(Values.format(type, vector, row));
            break;
          case REAL:
          case DOUBLE: {
            double d = ((DoubleVector) vector).values[row];
            if (Double.isFinite(d)) {
              generator.writeNumber(Values.format(type, vector, row));
            } else {
              generator.writeString(Values.format(type, vector, row));
            }
            break;
          }
          case CHAR:
          case VARCHAR: {
            BytesVector bytes = (BytesVector) vector;
            generator.writeUTF8String(bytes.data, bytes.start(row), bytes.length(row));
            break;
          }
          default:
            generator.writeString(Values.format(type, vector, row));
        }
      }
      generator.writeEndObject();
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
