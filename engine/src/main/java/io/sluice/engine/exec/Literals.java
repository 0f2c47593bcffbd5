package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.NlsString;

/** Calcite literals in the internal form of a column type, and writing them into vectors. */
public final class Literals {
  private Literals() {}

  /** The literal as Long, Double, Boolean, String or (a wide DECIMAL) 16 bytes in the form {@code type} keeps values; null for NULL. */
  public static Object toInternal(RexLiteral literal, DataType type) {
    if (literal.isNull()) {
      return null;
    }
    switch (type.kind()) {
      case BOOLEAN:
        return literal.getValueAs(Boolean.class);
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return literal.getValueAs(BigDecimal.class).setScale(0, RoundingMode.HALF_UP).longValueExact();
      case DECIMAL: {
        if (type.isWideDecimal()) {
          return io.sluice.catalog.data.WideDecimal.encode(literal.getValueAs(BigDecimal.class), type);
        }
        BigDecimal d = literal.getValueAs(BigDecimal.class).setScale(type.scale(), RoundingMode.HALF_UP);
        try {
          return d.unscaledValue().longValueExact();
        } catch (ArithmeticException e) {
          throw new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "Value " + d + " does not fit " + type.sql());
        }
      }
      case REAL:
      case DOUBLE:
        return literal.getValueAs(Double.class);
      case CHAR:
      case VARCHAR: {
        NlsString s = literal.getValueAs(NlsString.class);
        return s == null ? literal.getValueAs(String.class) : s.getValue();
      }
      case DATE:
      case TIME:
        return literal.getValueAs(Integer.class).longValue();
      case TIMESTAMP:
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_DAY_TIME:
        return literal.getValueAs(Long.class);
      case NULL:
      default:
        return null;
    }
  }

  /** Writes an internal value (as {@link #toInternal} returns) at {@code row}. */
  public static void write(ColumnVector vector, int row, Object value) {
    if (value == null) {
      if (vector instanceof BytesVector) {
        ((BytesVector) vector).setNullAt(row);
      } else {
        vector.setNull(row);
      }
    } else if (vector instanceof LongVector) {
      ((LongVector) vector).values[row] = (Long) value;
      vector.nulls[row] = false;
    } else if (vector instanceof DoubleVector) {
      ((DoubleVector) vector).values[row] = (Double) value;
      vector.nulls[row] = false;
    } else if (vector instanceof BooleanVector) {
      ((BooleanVector) vector).values[row] = (Boolean) value;
      vector.nulls[row] = false;
    } else if (value instanceof byte[]) {
      ((BytesVector) vector).set(row, (byte[]) value);
    } else {
      ((BytesVector) vector).setString(row, (String) value);
    }
  }
}
