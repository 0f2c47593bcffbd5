package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.stream.RowKind;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Builds batches from boxed rows and collects pushed batches back into boxed rows: for kernel tests
 * and for the operator test harness ({@code io.sluice.runtime.operator.OperatorHarness}).
 */
public final class TestRows {
  public static final DataType BIGINT = DataType.of(TypeKind.BIGINT);
  public static final DataType INTEGER = DataType.of(TypeKind.INTEGER);
  public static final DataType DOUBLE = DataType.of(TypeKind.DOUBLE);
  public static final DataType BOOLEAN = DataType.of(TypeKind.BOOLEAN);
  public static final DataType VARCHAR = DataType.of(TypeKind.VARCHAR);

  private TestRows() {}

  public static List<Object> row(Object... values) {
    return Arrays.asList(values);
  }

  /** One batch holding {@code rows} densely, no selection. */
  public static Batch dense(List<DataType> types, List<List<Object>> rows) {
    Batch batch = Batch.allocate(types, Math.max(1, rows.size()));
    for (int i = 0; i < rows.size(); i++) {
      for (int c = 0; c < types.size(); c++) {
        Vectors.writeInternal(batch.columns[c], i, rows.get(i).get(c));
      }
    }
    batch.size = rows.size();
    return batch;
  }

  /**
   * One batch holding {@code rows} at odd physical positions, with junk rows (random values, some
   * NULL) between them that the selection leaves out.
   */
  public static Batch sparse(List<DataType> types, List<List<Object>> rows, Random random) {
    int n = rows.size();
    Batch batch = Batch.allocate(types, Math.max(1, 2 * n + 1));
    for (int i = 0; i <= 2 * n; i++) {
      for (int c = 0; c < types.size(); c++) {
        Object value = i % 2 == 1 ? rows.get(i / 2).get(c) : junk(types.get(c), random);
        Vectors.writeInternal(batch.columns[c], i, value);
      }
    }
    batch.size = 2 * n + 1;
    batch.selection = new int[n];
    for (int i = 0; i < n; i++) {
      batch.selection[i] = 2 * i + 1;
    }
    batch.selectedCount = n;
    return batch;
  }

  private static Object junk(DataType type, Random random) {
    if (random.nextInt(4) == 0) {
      return null;
    }
    switch (type.physical()) {
      case LONG:
        return random.nextLong();
      case DOUBLE:
        return random.nextDouble();
      case BOOLEAN:
        return random.nextBoolean();
      default:
        return "junk" + random.nextInt(1000);
    }
  }

  /** Splits {@code rows} into several batches, alternately dense and sparse. */
  public static List<Batch> batches(List<DataType> types, List<List<Object>> rows, int batchRows, Random random) {
    List<Batch> result = new ArrayList<>();
    for (int from = 0; from < rows.size(); from += batchRows) {
      List<List<Object>> part = rows.subList(from, Math.min(rows.size(), from + batchRows));
      result.add(result.size() % 2 == 0 ? dense(types, part) : sparse(types, part, random));
    }
    return result;
  }

  /** Reads the selected rows of a batch; strings as String. */
  public static List<List<Object>> read(Batch batch) {
    List<List<Object>> out = new ArrayList<>();
    for (int k = 0; k < batch.rowCount(); k++) {
      int row = batch.row(k);
      List<Object> values = new ArrayList<>();
      for (ColumnVector vector : batch.columns) {
        Object value = vector.getBoxed(row);
        if (vector instanceof BytesVector && value != null) {
          value = new String((byte[]) value, StandardCharsets.UTF_8);
        }
        values.add(value);
      }
      out.add(values);
    }
    return out;
  }

  /** Collects every pushed row. */
  public static final class Collector implements BatchConsumer {
    public final List<List<Object>> rows = new ArrayList<>();
    public int batches;

    @Override
    public void accept(Batch batch) {
      batches++;
      rows.addAll(read(batch));
    }
  }

  /** Collects changelog rows as "+I [k, 1, 5]", in the order they come. */
  public static final class Changes implements BatchConsumer {
    public final List<String> lines = new ArrayList<>();

    @Override
    public void accept(Batch batch) {
      List<List<Object>> rows = read(batch);
      for (int k = 0; k < rows.size(); k++) {
        byte kind = batch.kinds == null ? RowKind.INSERT : batch.kinds[batch.row(k)];
        lines.add(RowKind.symbol(kind) + " " + rows.get(k));
      }
    }

    /** The lines collected since the last call, sorted. */
    public List<String> take() {
      List<String> result = new ArrayList<>(lines);
      Collections.sort(result);
      lines.clear();
      return result;
    }
  }

  /** A sink that applies a changelog: -U and -D must remove a row it holds. */
  public static final class ChangelogSink implements BatchConsumer {
    final Map<List<Object>, Integer> rows = new HashMap<>();
    /** Rows -U and -D removed. */
    public long retracted;

    @Override
    public void accept(Batch batch) {
      List<List<Object>> read = read(batch);
      for (int k = 0; k < read.size(); k++) {
        byte kind = batch.kinds == null ? RowKind.INSERT : batch.kinds[batch.row(k)];
        List<Object> row = read.get(k);
        if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
          rows.merge(row, 1, Integer::sum);
          continue;
        }
        Integer count = rows.get(row);
        if (count == null) {
          throw new AssertionError(RowKind.symbol(kind) + " of a row the sink does not hold: " + row);
        }
        if (count == 1) {
          rows.remove(row);
        } else {
          rows.put(row, count - 1);
        }
        retracted++;
      }
    }

    /** The rows held, as {@link #canonical} gives them. */
    public List<String> content() {
      List<List<Object>> all = new ArrayList<>();
      rows.forEach((row, count) -> {
        for (int i = 0; i < count; i++) {
          all.add(row);
        }
      });
      return canonical(all);
    }
  }

  /**
   * {@code n} rows of (BIGINT, DOUBLE, BOOLEAN, VARCHAR), each value NULL one time in five, the
   * strings of varied lengths: row {@code i}'s values are made from {@code i}.
   */
  public static List<List<Object>> mixedRows(Random random, int n) {
    List<List<Object>> rows = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(random.nextInt(5) == 0 ? null : (long) i, random.nextInt(5) == 0 ? null : i * 0.5,
          random.nextInt(5) == 0 ? null : i % 2 == 0, random.nextInt(5) == 0 ? null : "v" + "x".repeat(i % 7) + i));
    }
    return rows;
  }

  /** Sorts rows by their string form: an order-independent comparison of multisets. */
  public static List<String> canonical(List<List<Object>> rows) {
    List<String> out = new ArrayList<>();
    for (List<Object> row : rows) {
      out.add(row.toString());
    }
    out.sort(null);
    return out;
  }

  public static List<Object> concat(List<Object> a, List<Object> b) {
    List<Object> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  public static List<Object> nulls(int n) {
    return Arrays.asList(new Object[n]);
  }
}
