package io.sluice.engine.connector.files;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.data.WideDecimal;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;

/**
 * Reads one Parquet column chunk into a column of a batch, converting the file's physical and
 * logical type to the table column's internal form; also converts footer statistics to that
 * form. {@link ParquetColumnChunkReader} applies it while decoding pages.
 */
final class ParquetColumnConverter {
  enum Source { INT32, INT64, INT96, FLOAT, DOUBLE, BOOLEAN, BINARY, DECIMAL_BYTES }

  /** How an integral file value is measured, before conversion. */
  private enum Unit { INTEGER, DECIMAL, DAYS, MILLIS, MICROS, NANOS }

  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final long JULIAN_DAY_OF_EPOCH = 2_440_588L;

  final Source source;
  final TypeKind.PhysicalKind target;
  final TypeKind targetKind;
  final DataType targetType;
  private final boolean unsigned32;
  private final long multiplier;
  private final long divisor;
  private final boolean halfUp;
  private final long min;
  private final long max;
  private final double doubleDivisor;
  /** The scale of a file's decimals; 0 for other values. */
  private final int fileScale;
  /** Whether integral values need {@link #adjust}: a unit, a scale or a narrower type. */
  final boolean adjusts;
  /** The table column's name, for messages. */
  final String column;
  private final String file;

  private ParquetColumnConverter(Source source, DataType targetType, boolean unsigned32, long multiplier,
      long divisor, boolean halfUp, double doubleDivisor, int fileScale, String column, String file) {
    this.source = source;
    this.targetType = targetType;
    this.targetKind = targetType.kind();
    this.target = targetType.physical();
    this.unsigned32 = unsigned32;
    this.multiplier = multiplier;
    this.divisor = divisor;
    this.halfUp = halfUp;
    this.doubleDivisor = doubleDivisor;
    this.fileScale = fileScale;
    this.column = column;
    this.file = file;
    switch (targetKind) {
      case TINYINT:
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
        break;
      case SMALLINT:
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
        break;
      case INTEGER:
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
        break;
      case DECIMAL:
        max = pow10(targetType.precision()) - 1;
        min = -max;
        break;
      default:
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
    }
    this.adjusts = multiplier != 1 || divisor != 1 || min != Long.MIN_VALUE || max != Long.MAX_VALUE;
  }

  private static long pow10(int exponent) {
    long value = 1;
    for (int i = 0; i < exponent; i++) {
      value *= 10;
    }
    return value;
  }

  /**
   * Plans reading a file column into a table column, or fails with TYPE_MISMATCH when no
   * sensible conversion exists.
   */
  static ParquetColumnConverter plan(PrimitiveType fileType, DataType target, String column, String file) {
    LogicalTypeAnnotation logical = fileType.getLogicalTypeAnnotation();
    FileForm form = formOf(fileType, target, column, file);
    Source source = form.source();
    Unit unit = form.unit();
    int fileScale = form.scale();
    boolean unsigned32 = form.unsigned32();
    boolean time = fileType.getLogicalTypeAnnotation() instanceof TimeLogicalTypeAnnotation;
    boolean timestamp = source == Source.INT96 || logical instanceof TimestampLogicalTypeAnnotation;
    boolean integral = source == Source.INT32 || source == Source.INT64 || source == Source.DECIMAL_BYTES;
    long multiplier = 1;
    long divisor = 1;
    boolean halfUp = false;
    double doubleDivisor = 1;
    switch (target.kind()) {
      case NULL:
        break;
      case BOOLEAN:
        if (source != Source.BOOLEAN) {
          throw mismatch(fileType, target, column, file);
        }
        break;
      case CHAR:
      case VARCHAR:
        if (source != Source.BINARY) {
          throw mismatch(fileType, target, column, file);
        }
        break;
      case REAL:
      case DOUBLE:
        if (integral && (unit == Unit.INTEGER || unit == Unit.DECIMAL)) {
          doubleDivisor = Math.pow(10, fileScale);
        } else if (source != Source.FLOAT && source != Source.DOUBLE) {
          throw mismatch(fileType, target, column, file);
        }
        break;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case INTERVAL_YEAR_MONTH:
      case INTERVAL_DAY_TIME:
      case DECIMAL: {
        if (!integral || (unit != Unit.INTEGER && unit != Unit.DECIMAL)
            || target.isWideDecimal() && source != Source.DECIMAL_BYTES) {
          throw mismatch(fileType, target, column, file);
        }
        int targetScale = target.kind() == TypeKind.DECIMAL ? target.scale() : 0;
        if (targetScale >= fileScale) {
          multiplier = pow10(targetScale - fileScale);
        } else {
          divisor = pow10(fileScale - targetScale);
          halfUp = true;
        }
        break;
      }
      case DATE:
        if (unit != Unit.DAYS) {
          throw mismatch(fileType, target, column, file);
        }
        break;
      case TIMESTAMP:
      case TIME:
        if (target.kind() == TypeKind.TIME ? !time : !(timestamp || unit == Unit.DAYS)) {
          throw mismatch(fileType, target, column, file);
        }
        if (unit == Unit.DAYS) {
          multiplier = MILLIS_PER_DAY;
        } else if (unit == Unit.MICROS) {
          divisor = 1000;
        } else if (unit == Unit.NANOS) {
          divisor = 1_000_000;
        }
        break;
      default:
        throw mismatch(fileType, target, column, file);
    }
    return new ParquetColumnConverter(source, target, unsigned32, multiplier, divisor, halfUp, doubleDivisor,
        fileScale, column, file);
  }

  /** What a file column holds: its physical form, the unit or scale its values count in, and whether it is an unsigned 32-bit integer. */
  private record FileForm(Source source, Unit unit, int scale, boolean unsigned32) {}

  /** The form of {@code fileType}'s values, or TYPE_MISMATCH for a form Sluice cannot read into {@code target}. */
  private static FileForm formOf(PrimitiveType fileType, DataType target, String column, String file) {
    LogicalTypeAnnotation logical = fileType.getLogicalTypeAnnotation();
    Source source;
    Unit unit = Unit.INTEGER;
    int fileScale = 0;
    boolean unsigned32 = false;
    switch (fileType.getPrimitiveTypeName()) {
      case BOOLEAN:
        source = Source.BOOLEAN;
        break;
      case FLOAT:
        source = Source.FLOAT;
        break;
      case DOUBLE:
        source = Source.DOUBLE;
        break;
      case INT96:
        source = Source.INT96;
        unit = Unit.MILLIS;
        break;
      case INT32:
      case INT64:
        source = fileType.getPrimitiveTypeName() == PrimitiveType.PrimitiveTypeName.INT32 ? Source.INT32 : Source.INT64;
        if (logical instanceof IntLogicalTypeAnnotation) {
          IntLogicalTypeAnnotation integer = (IntLogicalTypeAnnotation) logical;
          unsigned32 = !integer.isSigned() && source == Source.INT32;
          if (!integer.isSigned() && integer.getBitWidth() == 64) {
            throw mismatch(fileType, target, column, file);
          }
        } else if (logical instanceof DecimalLogicalTypeAnnotation) {
          unit = Unit.DECIMAL;
          fileScale = ((DecimalLogicalTypeAnnotation) logical).getScale();
        } else if (logical instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          unit = Unit.DAYS;
        } else if (logical instanceof TimestampLogicalTypeAnnotation) {
          unit = unitOf(((TimestampLogicalTypeAnnotation) logical).getUnit());
        } else if (logical instanceof TimeLogicalTypeAnnotation) {
          unit = unitOf(((TimeLogicalTypeAnnotation) logical).getUnit());
        } else if (logical != null) {
          throw mismatch(fileType, target, column, file);
        }
        break;
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        if (logical instanceof DecimalLogicalTypeAnnotation) {
          source = Source.DECIMAL_BYTES;
          unit = Unit.DECIMAL;
          fileScale = ((DecimalLogicalTypeAnnotation) logical).getScale();
        } else {
          source = Source.BINARY;
        }
        break;
      default:
        throw mismatch(fileType, target, column, file);
    }
    return new FileForm(source, unit, fileScale, unsigned32);
  }

  private static Unit unitOf(TimeUnit unit) {
    switch (unit) {
      case MILLIS:
        return Unit.MILLIS;
      case MICROS:
        return Unit.MICROS;
      default:
        return Unit.NANOS;
    }
  }

  private static SluiceException mismatch(PrimitiveType fileType, DataType target, String column, String file) {
    return new SluiceException(ErrorCode.TYPE_MISMATCH, "Column '" + column + "' is declared " + target.sql()
        + " but Parquet file '" + file + "' stores it as " + fileType + ", which cannot be read as " + target.sql()
        + ".");
  }

  /** An integral file value (INT32 as read, sign-extended) in the target's internal form. */
  long integral(int raw) {
    long value = unsigned32 ? Integer.toUnsignedLong(raw) : raw;
    return adjusts ? adjust(value) : value;
  }

  /** An INT64 file value in the target's internal form. */
  long integral(long raw) {
    return adjusts ? adjust(raw) : raw;
  }

  /** An INT96 or byte-array decimal file value in the target's internal form. */
  long integral(Binary raw) {
    long value = source == Source.INT96 ? int96Millis(raw) : decimalBytes(raw);
    return adjusts ? adjust(value) : value;
  }

  /**
   * A big-endian two's complement decimal of {@code length} bytes into the 16 bytes of a wide
   * DECIMAL at {@code out[at]}: sign-extended, and rescaled when the file's scale differs.
   */
  void wideDecimal(byte[] bytes, int offset, int length, byte[] out, int at) {
    if (length > WideDecimal.BYTES || fileScale != targetType.scale()) {
      BigDecimal value = new BigDecimal(new BigInteger(bytes, offset, length), fileScale);
      System.arraycopy(WideDecimal.encode(value, targetType), 0, out, at, WideDecimal.BYTES);
      return;
    }
    long high = length == 0 || bytes[offset] >= 0 ? 0 : -1;
    long low = high;
    for (int i = 0; i < length; i++) {
      high = (high << 8) | (low >>> 56);
      low = (low << 8) | (bytes[offset + i] & 0xFF);
    }
    if (!WideDecimal.fits(high, low, targetType.precision())) {
      throw new SluiceException(ErrorCode.MALFORMED_INPUT, "Decimal value of column '" + column
          + "' in Parquet file '" + file + "' does not fit type " + targetType.sql() + ".");
    }
    WideDecimal.write(high, low, out, at);
  }

  /** A number of a file read as REAL or DOUBLE: floats as they are, integers and decimals scaled. */
  double real(double value) {
    return targetKind == TypeKind.REAL ? (float) value : value;
  }

  double scaled(long unscaled) {
    return real(unscaled / doubleDivisor);
  }

  double scaled(Binary unscaled) {
    return real(decimalBytes(unscaled) / doubleDivisor);
  }

  long adjust(long raw) {
    long value = raw;
    if (multiplier != 1) {
      long product = value * multiplier;
      if (Math.abs(value) > Long.MAX_VALUE / multiplier) {
        throw outOfRange(raw);
      }
      value = product;
    }
    if (divisor != 1) {
      if (halfUp) {
        long quotient = value / divisor;
        long remainder = Math.abs(value % divisor);
        if (remainder * 2 >= divisor) {
          quotient += value < 0 ? -1 : 1;
        }
        value = quotient;
      } else {
        value = Math.floorDiv(value, divisor);
      }
    }
    if (value < min || value > max) {
      throw outOfRange(raw);
    }
    return value;
  }

  private SluiceException outOfRange(long raw) {
    return new SluiceException(ErrorCode.MALFORMED_INPUT, "Value " + raw + " of column '" + column
        + "' in Parquet file '" + file + "' does not fit type " + targetType.sql() + ".");
  }

  /** An INT96 timestamp: nanoseconds of the day, then the Julian day, both little-endian. */
  private static long int96Millis(Binary binary) {
    ByteBuffer buffer = binary.toByteBuffer().order(java.nio.ByteOrder.LITTLE_ENDIAN);
    long nanos = buffer.getLong();
    long julianDay = buffer.getInt() & 0xFFFFFFFFL;
    return (julianDay - JULIAN_DAY_OF_EPOCH) * MILLIS_PER_DAY + Math.floorDiv(nanos, 1_000_000L);
  }

  /** A big-endian two's complement unscaled decimal. */
  private long decimalBytes(Binary binary) {
    ByteBuffer buffer = binary.toByteBuffer();
    int length = buffer.remaining();
    if (length <= 8) {
      long value = length == 0 ? 0 : buffer.get(buffer.position()); // sign-extends the first byte
      for (int i = 1; i < length; i++) {
        value = (value << 8) | (buffer.get(buffer.position() + i) & 0xFF);
      }
      return value;
    }
    BigInteger value = new BigInteger(binary.getBytes());
    if (value.bitLength() > 63) {
      throw new SluiceException(ErrorCode.MALFORMED_INPUT, "Decimal value " + value + " of column '" + column
          + "' in Parquet file '" + file + "' does not fit type " + targetType.sql() + ".");
    }
    return value.longValue();
  }

  /**
   * A footer statistic (min or max, as Parquet returns it) in the table column's internal form,
   * or null when it cannot serve as a bound.
   */
  Object statistic(Object value) {
    if (value == null || targetKind == TypeKind.NULL) {
      return null;
    }
    try {
      switch (target) {
        case LONG: {
          long raw;
          if (value instanceof Integer) {
            raw = unsigned32 ? Integer.toUnsignedLong((Integer) value) : (Integer) value;
          } else if (value instanceof Long) {
            raw = (Long) value;
          } else if (value instanceof Binary) {
            raw = source == Source.INT96 ? int96Millis((Binary) value) : decimalBytes((Binary) value);
          } else {
            return null;
          }
          return adjust(raw);
        }
        case DOUBLE: {
          double d;
          if (value instanceof Number && (source == Source.FLOAT || source == Source.DOUBLE)) {
            d = ((Number) value).doubleValue();
          } else if (value instanceof Integer || value instanceof Long) {
            d = ((Number) value).longValue() / doubleDivisor;
          } else if (value instanceof Binary) {
            d = decimalBytes((Binary) value) / doubleDivisor;
          } else {
            return null;
          }
          return Double.isNaN(d) ? null : d;
        }
        case BOOLEAN:
          return value instanceof Boolean ? value : null;
        default: {
          if (!(value instanceof Binary)) {
            return null;
          }
          String text = ((Binary) value).toStringUsingUTF8();
          // Parquet orders bytes, Java strings order UTF-16 units: they agree below U+D800 only
          for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) >= 0xD800) {
              return null;
            }
          }
          return text;
        }
      }
    } catch (SluiceException e) {
      return null; // a bound outside the column type says nothing useful
    }
  }

  /** Whether statistics of the two signs of zero need widening (doubles). */
  boolean isDouble() {
    return target == TypeKind.PhysicalKind.DOUBLE;
  }
}
