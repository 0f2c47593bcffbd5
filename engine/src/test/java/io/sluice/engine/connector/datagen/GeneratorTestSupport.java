package io.sluice.engine.connector.datagen;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ConnectorFactory;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/** Definitions and row collection for the generator connector tests. */
public final class GeneratorTestSupport {
  private GeneratorTestSupport() {}

  /**
   * The factory the service loader finds for a connector name, or null. Providers of other
   * connectors that fail to load are passed over: the tree is edited concurrently.
   */
  public static ConnectorFactory registered(String name) {
    Iterator<ConnectorFactory> it = ServiceLoader.load(ConnectorFactory.class).iterator();
    while (true) {
      try {
        if (!it.hasNext()) {
          return null;
        }
        ConnectorFactory f = it.next();
        if (f.name().equals(name)) {
          return f;
        }
      } catch (ServiceConfigurationError e) {
        // another connector's entry: skip it
      }
    }
  }

  public static Column column(String name, TypeKind kind) {
    return new Column(name, kind == TypeKind.TIMESTAMP ? new DataType(TypeKind.TIMESTAMP, 3, 0, true) : DataType.of(kind));
  }

  public static Map<String, String> options(String... keysAndValues) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      options.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    return options;
  }

  public static TableDefinition source(String name, Map<String, String> options, Column... columns) {
    return new TableDefinition(name, TableKind.SOURCE, new TableSchema(Arrays.asList(columns)), options, null);
  }

  /** The rows of a read, each value boxed: Long, Double, Boolean, String, or null. */
  public static List<List<Object>> read(StreamSource source, long start, long end, int... columns) {
    int[] requested = columns.length == 0 ? ScanRequest.all(source.schema().size()).columns() : columns;
    List<List<Object>> rows = new ArrayList<>();
    source.read(Long.toString(start), Long.toString(end), new ScanRequest(requested, List.of()),
        batch -> collect(batch, rows));
    return rows;
  }

  /** The number of rows a read returns, without boxing them. */
  public static long count(StreamSource source, long start, long end, int... columns) {
    long[] count = new long[1];
    source.read(Long.toString(start), Long.toString(end), new ScanRequest(columns, List.of()),
        batch -> count[0] += batch.rowCount());
    return count[0];
  }

  public static void collect(Batch batch, List<List<Object>> rows) {
    for (int k = 0; k < batch.rowCount(); k++) {
      int r = batch.row(k);
      List<Object> row = new ArrayList<>(batch.columnCount());
      for (ColumnVector c : batch.columns) {
        row.add(box(c, r));
      }
      rows.add(row);
    }
  }

  static Object box(ColumnVector c, int r) {
    if (c.isNull(r)) {
      return null;
    }
    if (c instanceof LongVector) {
      return ((LongVector) c).values[r];
    }
    if (c instanceof DoubleVector) {
      return ((DoubleVector) c).values[r];
    }
    if (c instanceof BooleanVector) {
      return ((BooleanVector) c).values[r];
    }
    return ((BytesVector) c).getString(r);
  }
}
