package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.generated.QueryContext;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexNode;

/** Shared test plumbing: the test table, batches from reference rows, and reading results back. */
final class Harness {
  static final List<String> NAMES = List.of("i", "l", "d", "s", "dt", "ts", "m", "b", "tm", "si", "s2", "nn");
  static final List<DataType> TYPES = List.of(
      DataType.of(TypeKind.INTEGER), DataType.of(TypeKind.BIGINT), DataType.of(TypeKind.DOUBLE),
      DataType.varchar(-1), DataType.of(TypeKind.DATE), new DataType(TypeKind.TIMESTAMP, 3, 0, true),
      DataType.decimal(10, 2), DataType.of(TypeKind.BOOLEAN), new DataType(TypeKind.TIME, 3, 0, true),
      DataType.of(TypeKind.SMALLINT), DataType.varchar(-1), new DataType(TypeKind.INTEGER, -1, 0, false));
  static final long NOW = 1_700_000_123_456L;
  static final QueryContext CONTEXT = new QueryContext(NOW, ZoneOffset.UTC);
  static final SqlExpressions SQL = new SqlExpressions(NAMES, TYPES);
  static final FilterProjectCompiler COMPILER = new FilterProjectCompiler();

  private Harness() {}

  /** Internal (batch) form of a reference value. */
  static Object internal(DataType t, Object v) {
    if (v == null) {
      return null;
    }
    switch (t.kind()) {
      case DECIMAL:
        return ((BigDecimal) v).setScale(t.scale()).unscaledValue().longValueExact();
      case DATE:
        return ((LocalDate) v).toEpochDay();
      case TIME:
        return ((LocalTime) v).toNanoOfDay() / 1_000_000L;
      case TIMESTAMP:
        return ReferenceEvaluator.millis((LocalDateTime) v);
      default:
        return v;
    }
  }

  /** Reference form of the value at {@code row} of a vector. */
  static Object reference(DataType t, ColumnVector v, int row) {
    if (v.isNull(row)) {
      return null;
    }
    switch (t.kind()) {
      case BOOLEAN:
        return ((BooleanVector) v).values[row];
      case REAL:
      case DOUBLE:
        return ((DoubleVector) v).values[row];
      case CHAR:
      case VARCHAR:
        return ((BytesVector) v).getString(row);
      case DECIMAL:
        return t.isWideDecimal()
            ? WideDecimal.toBigDecimal(((BytesVector) v).data, ((BytesVector) v).start(row), t.scale())
            : BigDecimal.valueOf(((LongVector) v).values[row], t.scale());
      case DATE:
        return LocalDate.ofEpochDay(((LongVector) v).values[row]);
      case TIME:
        return LocalTime.ofNanoOfDay(((LongVector) v).values[row] * 1_000_000L);
      case TIMESTAMP:
        return ReferenceEvaluator.ts(((LongVector) v).values[row]);
      default:
        return ((LongVector) v).values[row];
    }
  }

  static Batch batch(List<Object[]> rows) {
    Batch batch = Batch.allocate(TYPES, Math.max(1, rows.size()));
    for (int c = 0; c < TYPES.size(); c++) {
      ColumnVector v = batch.columns[c];
      for (int r = 0; r < rows.size(); r++) {
        Object value = internal(TYPES.get(c), rows.get(r)[c]);
        if (value == null) {
          if (v instanceof BytesVector) {
            ((BytesVector) v).setNullAt(r);
          } else {
            v.setNull(r);
          }
          continue;
        }
        switch (TYPES.get(c).physical()) {
          case BOOLEAN:
            ((BooleanVector) v).values[r] = (Boolean) value;
            break;
          case DOUBLE:
            ((DoubleVector) v).values[r] = (Double) value;
            break;
          case BYTES:
            ((BytesVector) v).setString(r, (String) value);
            break;
          default:
            ((LongVector) v).values[r] = (Long) value;
        }
      }
    }
    batch.size = rows.size();
    return batch;
  }

  static boolean same(Object a, Object b) {
    if (a == null || b == null) {
      return a == b;
    }
    if (a instanceof Double && b instanceof Double) {
      double x = (Double) a;
      double y = (Double) b;
      if (Double.isNaN(x) || Double.isNaN(y)) {
        return Double.isNaN(x) && Double.isNaN(y);
      }
      return x == y || Math.abs(x - y) <= 1e-12 * Math.max(1, Math.max(Math.abs(x), Math.abs(y)));
    }
    if (a instanceof BigDecimal && b instanceof BigDecimal) {
      return ((BigDecimal) a).compareTo((BigDecimal) b) == 0;
    }
    return a.equals(b);
  }

  /** Runs a compiled filter-project and returns the selected rows as reference values (or the error). */
  static Object run(FilterProject fp, Batch batch, List<DataType> outTypes) {
    try {
      Batch out = fp.process(batch);
      List<Object[]> rows = new ArrayList<>();
      for (int k = 0; k < out.rowCount(); k++) {
        int r = out.row(k);
        Object[] row = new Object[outTypes.size()];
        for (int c = 0; c < row.length; c++) {
          row[c] = reference(outTypes.get(c), out.columns[c], r);
        }
        rows.add(row);
      }
      return rows;
    } catch (SluiceException e) {
      return e;
    }
  }

  static String show(Object[] row) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < row.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      sb.append(i < NAMES.size() ? NAMES.get(i) + "=" : "").append(row[i] instanceof String ? "'" + row[i] + "'" : row[i]);
    }
    return sb.append(')').toString();
  }

  static List<DataType> outTypes(SqlExpressions.Query q) {
    List<DataType> types = new ArrayList<>();
    for (RexNode p : q.projects()) {
      types.add(ReferenceEvaluator.type(p.getType()));
    }
    return types;
  }
}
