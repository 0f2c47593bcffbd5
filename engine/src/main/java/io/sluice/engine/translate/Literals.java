package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.util.NlsString;

/**
 * Calcite literals in the internal form of a column type, as {@link
 * io.sluice.runtime.kernel.Vectors#writeInternal} writes them into vectors.
 */
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
}
