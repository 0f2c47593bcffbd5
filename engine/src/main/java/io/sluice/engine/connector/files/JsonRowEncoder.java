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
import java.io.IOException;

/**
 * Writes a row's columns as the fields of a JSON object: numbers and booleans as JSON values,
 * NULL as null, and dates, times, timestamps, intervals and non-finite doubles as strings in the
 * form {@link Values#format} gives. Shared by JSON files and the Kafka sink's JSON formats, so a
 * value reads back the same from both.
 */
public final class JsonRowEncoder {
  private final TableSchema schema;

  public JsonRowEncoder(TableSchema schema) {
    this.schema = schema;
  }

  /** Writes {@code {"name": value, ...}} of {@code columns} of {@code row}. */
  public void writeObject(JsonGenerator generator, Batch batch, int row, int[] columns) throws IOException {
    generator.writeStartObject();
    for (int c : columns) {
      generator.writeFieldName(schema.column(c).name());
      writeValue(generator, batch.columns[c], schema.column(c).type(), row);
    }
    generator.writeEndObject();
  }

  private static void writeValue(JsonGenerator generator, ColumnVector vector, DataType type, int row)
      throws IOException {
    if (vector.isNull(row)) {
      generator.writeNull();
      return;
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
}
