package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import io.sluice.catalog.stream.OutputMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Sources and sinks of the files connector, and rows in and out of them as Java values. */
final class StreamTestSupport {
  static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)),
      new Column("name", DataType.of(TypeKind.VARCHAR))));

  private StreamTestSupport() {}

  static StreamSource source(Map<String, String> options) {
    return new FilesConnectorFactory().createSource(new TableDefinition("s", TableKind.SOURCE, SCHEMA, options, null));
  }

  static StreamSink sink(Map<String, String> options) {
    return new FilesConnectorFactory().createSink(new TableDefinition("out", TableKind.SINK, null, options, null));
  }

  static List<List<Object>> read(StreamSource source, String start, String end) {
    List<List<Object>> rows = new ArrayList<>();
    TableSchema schema = source.schema();
    source.read(start, end, ScanRequest.all(schema.size()), batch -> {
      for (int k = 0; k < batch.rowCount(); k++) {
        int row = batch.row(k);
        List<Object> values = new ArrayList<>();
        for (int c = 0; c < schema.size(); c++) {
          values.add(Values.toJava(schema.column(c).type(), batch.columns[c], row));
        }
        rows.add(values);
      }
    });
    return rows;
  }

  /** A batch of (id, name) rows; rows whose id is negative are left out by the selection vector. */
  static Batch batch(List<List<Object>> rows) {
    List<DataType> types = SCHEMA.types();
    Batch batch = Batch.allocate(types, Math.max(1, rows.size()));
    int[] selection = new int[rows.size()];
    int selected = 0;
    boolean filtered = false;
    for (List<Object> row : rows) {
      for (int c = 0; c < types.size(); c++) {
        Values.write(types.get(c), batch.columns[c], batch.size, row.get(c));
      }
      if (row.get(0) != null && ((Long) row.get(0)) < 0) {
        filtered = true;
      } else {
        selection[selected++] = batch.size;
      }
      batch.size++;
    }
    if (filtered) {
      batch.selection = selection;
      batch.selectedCount = selected;
    }
    return batch;
  }

  /** Writes and commits one batch of the sink. */
  static void commit(StreamSink sink, long batchId, List<List<Object>> rows) {
    try (StreamSink.BatchWriter writer = sink.open(batchId, OutputMode.APPEND, SCHEMA)) {
      writer.write(batch(rows), null);
      writer.commit();
    }
  }
}
