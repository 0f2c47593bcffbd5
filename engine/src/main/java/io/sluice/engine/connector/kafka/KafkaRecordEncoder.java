package io.sluice.engine.connector.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.connector.files.CsvRowEncoder;
import io.sluice.engine.connector.files.JsonRowEncoder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Turns a row of a sink's output, with its changelog kind, into a Kafka record's key and value
 * in one of {@link KafkaSinkOptions.Format}:
 *
 * <ul>
 *   <li>{@code json}, {@code csv}: the row; only inserts reach them.
 *   <li>{@code upsert-json}: {@code +I} and {@code +U} write the row under its key, {@code -D}
 *       a tombstone (the key with no value); {@code -U} writes nothing, as the {@code +U} after
 *       it replaces the record with the same key.
 *   <li>{@code debezium-json}: {@code {"before": ..., "after": ..., "op": ...}}, one event per
 *       row: {@code +I} and {@code +U} as {@code "c"} with {@code after}, {@code -U} and
 *       {@code -D} as {@code "d"} with {@code before} (the mapping Flink's debezium-json writer
 *       uses, which a reader applying events in order turns back into the same table).
 * </ul>
 *
 * The key, when the sink has key columns, is a JSON object of them (a CSV line for {@code csv}).
 * One encoder per batch writer; it reuses one buffer, and allocates only the two arrays each
 * record needs.
 */
final class KafkaRecordEncoder {
  private static final JsonFactory JSON = new JsonFactory();

  private final KafkaSinkOptions.Format format;
  private final int[] columns;
  private final int[] keyColumns;
  private final JsonRowEncoder json;
  private final CsvRowEncoder csv;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
  private final JsonGenerator generator;

  KafkaRecordEncoder(KafkaSinkOptions options, TableSchema schema, int[] keyColumns) {
    this.format = options.format;
    this.columns = new int[schema.size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
    }
    this.keyColumns = keyColumns;
    this.json = new JsonRowEncoder(schema);
    this.csv = format == KafkaSinkOptions.Format.CSV ? CsvRowEncoder.forOptions(schema, options.csvOptions) : null;
    try {
      this.generator = JSON.createGenerator(buffer);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    generator.setRootValueSeparator(null);
  }

  /** The record key of {@code row}, or null when the sink has no key columns. */
  byte[] key(Batch batch, int row) throws IOException {
    if (keyColumns.length == 0) {
      return null;
    }
    if (csv != null) {
      csv.writeRow(buffer, batch, row, keyColumns);
    } else {
      json.writeObject(generator, batch, row, keyColumns);
    }
    return take();
  }

  /** Whether a row of {@code kind} becomes a record at all. */
  boolean writes(byte kind) {
    return !(format == KafkaSinkOptions.Format.UPSERT_JSON && kind == RowKind.UPDATE_BEFORE);
  }

  /** The record value of {@code row} of {@code kind}; null for a tombstone. */
  byte[] value(Batch batch, int row, byte kind) throws IOException {
    switch (format) {
      case CSV:
        csv.writeRow(buffer, batch, row, columns);
        return take();
      case UPSERT_JSON:
        if (kind == RowKind.DELETE) {
          return null;
        }
        json.writeObject(generator, batch, row, columns);
        return take();
      case DEBEZIUM_JSON: {
        boolean removes = kind == RowKind.UPDATE_BEFORE || kind == RowKind.DELETE;
        generator.writeStartObject();
        generator.writeFieldName("before");
        writeRowOrNull(batch, row, removes);
        generator.writeFieldName("after");
        writeRowOrNull(batch, row, !removes);
        generator.writeStringField("op", removes ? "d" : "c");
        generator.writeEndObject();
        return take();
      }
      default:
        json.writeObject(generator, batch, row, columns);
        return take();
    }
  }

  private void writeRowOrNull(Batch batch, int row, boolean present) throws IOException {
    if (present) {
      json.writeObject(generator, batch, row, columns);
    } else {
      generator.writeNull();
    }
  }

  private byte[] take() throws IOException {
    generator.flush();
    byte[] bytes = buffer.toByteArray();
    buffer.reset();
    return bytes;
  }
}
