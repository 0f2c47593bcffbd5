package io.sluice.engine.connector.files;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds tables and moves rows in and out of them as Java values. */
final class FilesTestSupport {
  private FilesTestSupport() {}

  static Column column(String name, TypeKind kind) {
    return new Column(name, DataType.of(kind));
  }

  static Column column(String name, DataType type) {
    return new Column(name, type);
  }

  /** Options as alternating keys and values; connector is added. */
  static Map<String, String> options(String... keysAndValues) {
    Map<String, String> options = new LinkedHashMap<>();
    options.put("connector", "files");
    for (int i = 0; i < keysAndValues.length; i += 2) {
      options.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return options;
  }

  static FilesTable table(Map<String, String> options, Column... columns) {
    TableDefinition definition = new TableDefinition("t", TableKind.TABLE, new TableSchema(List.of(columns)), options,
        null);
    return new FilesConnectorFactory().create(definition);
  }

  static List<List<Object>> readAll(FilesTable table) {
    return read(table, ScanRequest.all(table.schema().size()));
  }

  static List<List<Object>> read(FilesTable table, int[] columns, ColumnPredicate... predicates) {
    return read(table, new ScanRequest(columns, List.of(predicates)));
  }

  static List<List<Object>> read(FilesTable table, ScanRequest request) {
    List<List<Object>> rows = new ArrayList<>();
    table.scan(request, batch -> {
      if (batch.columnCount() != request.columns().length) {
        throw new AssertionError("batch has " + batch.columnCount() + " columns, expected " + request.columns().length);
      }
      if (batch.columns.length > 0 && batch.columns[0].capacity() != Batch.DEFAULT_CAPACITY) {
        throw new AssertionError("batch capacity " + batch.columns[0].capacity());
      }
      rows.addAll(rows(table.schema(), request.columns(), batch));
    });
    return rows;
  }

  /** The rows of a batch whose vectors hold {@code columns} of {@code schema}, as Java values. */
  static List<List<Object>> rows(TableSchema schema, int[] columns, Batch batch) {
    List<List<Object>> rows = new ArrayList<>();
    for (int k = 0; k < batch.rowCount(); k++) {
      int row = batch.row(k);
      List<Object> values = new ArrayList<>();
      for (int j = 0; j < columns.length; j++) {
        values.add(Values.toJava(schema.column(columns[j]).type(), batch.columns[j], row));
      }
      rows.add(values);
    }
    return rows;
  }

  /** Writes the rows as one new file and commits it. */
  static void write(FilesTable table, List<List<Object>> rows) {
    List<DataType> types = table.schema().types();
    try (WritableTable.Writer writer = table.openWriter()) {
      Batch batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
      for (List<Object> values : rows) {
        if (batch.size == Batch.DEFAULT_CAPACITY) {
          writer.write(batch);
          batch.reset();
        }
        for (int c = 0; c < types.size(); c++) {
          Values.write(types.get(c), batch.columns[c], batch.size, c < values.size() ? values.get(c) : null);
        }
        batch.size++;
      }
      writer.write(batch);
      writer.commit();
    }
  }

  static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }
}
