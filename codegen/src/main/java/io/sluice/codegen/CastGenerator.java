package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;
import static io.sluice.codegen.TypeCode.checkIntegral;
import static io.sluice.codegen.TypeCode.isFloating;
import static io.sluice.codegen.TypeCode.isInterval;
import static io.sluice.codegen.TypeCode.scaleOf;
import static io.sluice.codegen.TypeCode.scaleOfType;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlIntervalQualifier;

/** CAST between every pair of types Sluice supports, and the implicit widening of operands ({@link #coerce}). */
final class CastGenerator {
  private final ClassState state;
  private final WideDecimalGenerator wideDecimals;
  private final Results results;

  CastGenerator(ExpressionGenerator expressions) {
    this.state = expressions.state;
    this.results = expressions.results;
    this.wideDecimals = expressions.wideDecimals;
  }

  /** Brings a value to the physical form of {@code to} (scale included) without changing text values. */
  Val coerce(Body b, Val a, DataType to, RelDataType rel) {
    if (a.kind() != TypeKind.NULL && a.type.physical() == to.physical()
        && (a.type.physical() != TypeKind.PhysicalKind.LONG || scaleOf(a) == scaleOfType(to))
        && (a.type.isWideDecimal() == to.isWideDecimal() && (!to.isWideDecimal() || scaleOf(a) == to.scale()))
        && (a.kind() == to.kind() || a.type.physical() != TypeKind.PhysicalKind.LONG
            || (a.kind().isIntegral() && to.kind().isIntegral() && rank(a.kind()) <= rank(to.kind())))) {
      return new Val(to, rel, a.isNull, a.value, a.offset, a.length);
    }
    return cast(b, a, to, rel);
  }

  /** An integer argument as a long expression. */
  String asLong(Body b, Val v) {
    if (v.type.physical() == TypeKind.PhysicalKind.LONG && v.kind() != TypeKind.DECIMAL) {
      return v.value;
    }
    return cast(b, v, DataType.of(TypeKind.BIGINT), null).value;
  }

  private static int rank(TypeKind k) {
    switch (k) {
      case TINYINT:
        return 0;
      case SMALLINT:
        return 1;
      case INTEGER:
        return 2;
      default:
        return 3;
    }
  }

  /** CAST of {@code a} to {@code to}. */
  Val cast(Body b, Val a, DataType to, RelDataType rel) {
    TypeKind f = a.kind();
    TypeKind t = to.kind();
    if (f == TypeKind.NULL || "true".equals(a.isNull)) {
      return Results.nullOf(to, rel);
    }
    if (f == t && (f != TypeKind.DECIMAL || a.type.scale() == to.scale() && a.type.precision() <= to.precision()
            && a.type.isWideDecimal() == to.isWideDecimal())
        && !to.kind().isString() && !(t == TypeKind.TIMESTAMP && to.precision() == 0 && a.type.precision() != 0)) {
      return new Val(to, rel, a.isNull, a.value, a.offset, a.length);
    }
    if (to.kind().isString()) {
      return castToString(b, a, to, rel);
    }
    if (a.type.isWideDecimal() || to.isWideDecimal()) {
      return wideDecimals.cast(b, a, to, rel);
    }
    String e = t == TypeKind.DATE || t == TypeKind.TIME || t == TypeKind.TIMESTAMP || isInterval(t)
        ? temporalCast(a, to, rel) : numericCast(a, to);
    return results.strict(b, to, rel, e, a);
  }

  /** The expression of a CAST to a number or BOOLEAN from a primitive form (not text of the result, nor a wide DECIMAL). */
  private String numericCast(Val a, DataType to) {
    TypeKind f = a.kind();
    TypeKind t = to.kind();
    String target = to.sql();
    String e;
    switch (t) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        if (f.isIntegral()) {
          e = a.value;
        } else if (f == TypeKind.DECIMAL) {
          e = "Decimals.toLong(" + a.value + ", " + a.type.scale() + ")";
        } else if (isFloating(f)) {
          e = "Arith.doubleToLong(" + a.value + ")";
        } else if (a.isBytes()) {
          e = "Casts.parseLong(" + a.args() + ", \"" + target + "\")";
        } else if (f == TypeKind.BOOLEAN) {
          e = "(" + a.value + " ? 1L : 0L)";
        } else if (isInterval(f)) {
          e = a.value + " / " + unitMultiplier(a.rel) + "L";
        } else {
          throw castUnsupported(a, to);
        }
        e = checkIntegral(t, e);
        break;
      case DECIMAL:
        if (f.isIntegral() || f == TypeKind.DECIMAL) {
          e = "Decimals.rescale(" + a.value + ", " + scaleOf(a) + ", " + to.scale() + ", " + to.precision() + ")";
        } else if (isFloating(f)) {
          e = "Decimals.fromDouble(" + a.value + ", " + to.scale() + ", " + to.precision() + ")";
        } else if (a.isBytes()) {
          e = "Decimals.parse(" + a.args() + ", " + to.scale() + ", " + to.precision() + ")";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case REAL:
      case DOUBLE:
        if (a.isBytes()) {
          e = "Casts.parseDouble(" + a.args() + ", \"" + target + "\")";
        } else if (f.isNumeric()) {
          e = asDouble(a);
        } else {
          throw castUnsupported(a, to);
        }
        if (t == TypeKind.REAL) {
          e = "Arith.toReal(" + e + ")";
        }
        break;
      case BOOLEAN:
        if (a.isBytes()) {
          e = "Casts.parseBoolean(" + a.args() + ")";
        } else if (f.isNumeric()) {
          e = isFloating(f) ? a.value + " != 0.0" : a.value + " != 0L";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      default:
        throw castUnsupported(a, to);
    }
    return e;
  }

  /** The expression of a CAST to a date, time, timestamp or interval. */
  private String temporalCast(Val a, DataType to, RelDataType rel) {
    TypeKind f = a.kind();
    TypeKind t = to.kind();
    String e;
    switch (t) {
      case DATE:
        if (a.isBytes()) {
          e = "Casts.parseDate(" + a.args() + ")";
        } else if (f == TypeKind.TIMESTAMP) {
          e = "Math.floorDiv(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case TIME:
        if (a.isBytes()) {
          e = "Casts.parseTime(" + a.args() + ")";
        } else if (f == TypeKind.TIMESTAMP) {
          e = "Math.floorMod(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case TIMESTAMP:
        if (a.isBytes()) {
          e = "Casts.parseTimestamp(" + a.args() + ")";
        } else if (f == TypeKind.DATE) {
          e = "Arith.mulLong(" + a.value + ", DateTimes.MILLIS_PER_DAY)";
        } else if (f == TypeKind.TIMESTAMP) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        if (to.precision() == 0) {
          e = "Math.floorDiv(" + e + ", 1000L) * 1000L";
        }
        break;
      case INTERVAL_YEAR_MONTH:
        if (a.isBytes()) {
          boolean leadingYear = rel != null && rel.getIntervalQualifier() != null
              && rel.getIntervalQualifier().getStartUnit() == TimeUnit.YEAR;
          e = "Casts.parseMonths(" + a.args() + ", " + leadingYear + ", \"" + intervalName(rel, to) + "\")";
        } else if (f.isIntegral()) {
          e = "Arith.mulLong(" + a.value + ", " + unitMultiplier(rel) + "L)";
        } else if (f == t) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        break;
      case INTERVAL_DAY_TIME:
        if (a.isBytes()) {
          e = "Casts.parseMillis(" + a.args() + ", " + leadingDayTimeUnit(rel) + ", \"" + intervalName(rel, to) + "\")";
        } else if (f.isIntegral()) {
          e = "Arith.mulLong(" + a.value + ", " + unitMultiplier(rel) + "L)";
        } else if (f == t) {
          e = a.value;
        } else {
          throw castUnsupported(a, to);
        }
        break;
      default:
        throw castUnsupported(a, to);
    }
    return e;
  }

  private static String intervalName(RelDataType rel, DataType to) {
    return rel != null ? rel.getSqlTypeName().getName().replace('_', ' ') : to.sql();
  }

  private static SluiceException castUnsupported(Val a, DataType to) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "CAST from " + a.type.sql() + " to " + to.sql() + " is not supported yet");
  }

  /** Internal units (months or milliseconds) per unit of an interval type's leading field. */
  private static long unitMultiplier(RelDataType rel) {
    SqlIntervalQualifier q = rel == null ? null : rel.getIntervalQualifier();
    if (q == null) {
      return 1;
    }
    TimeUnit u = q.getStartUnit();
    return u.multiplier.longValueExact();
  }

  private static int leadingDayTimeUnit(RelDataType rel) {
    SqlIntervalQualifier q = rel == null ? null : rel.getIntervalQualifier();
    if (q == null) {
      return 0;
    }
    switch (q.getStartUnit()) {
      case HOUR:
        return 1;
      case MINUTE:
        return 2;
      case SECOND:
        return 3;
      default:
        return 0;
    }
  }

  private Val castToString(Body b, Val a, DataType to, RelDataType rel) {
    boolean fit = to.kind() == TypeKind.CHAR ? to.precision() >= 0 : to.precision() >= 0;
    boolean padded = to.kind() == TypeKind.CHAR;
    Val text;
    if (a.type.isWideDecimal()) {
      String s = state.scratch();
      text = results.strictScratch(b, DataType.varchar(-1), rel, s, WideDecimalGenerator.format(a, s), a);
    } else if (a.isBytes()) {
      text = a;
    } else {
      String s = state.scratch();
      String format;
      switch (a.kind()) {
        case TINYINT:
        case SMALLINT:
        case INTEGER:
        case BIGINT:
          format = "Casts.formatLong(" + a.value + ", " + s + ")";
          break;
        case DECIMAL:
          format = "Casts.formatDecimal(" + a.value + ", " + a.type.scale() + ", " + s + ")";
          break;
        case REAL:
          format = "Casts.formatReal(" + a.value + ", " + s + ")";
          break;
        case DOUBLE:
          format = "Casts.formatDouble(" + a.value + ", " + s + ")";
          break;
        case BOOLEAN:
          format = "Casts.formatBoolean(" + a.value + ", " + s + ")";
          break;
        case DATE:
          format = "Casts.formatDate(" + a.value + ", " + s + ")";
          break;
        case TIME:
          format = "Casts.formatTime(" + a.value + ", " + s + ")";
          break;
        case TIMESTAMP:
          format = "Casts.formatTimestamp(" + a.value + ", " + s + ")";
          break;
        case INTERVAL_YEAR_MONTH:
          format = "Casts.formatMonths(" + a.value + ", " + s + ")";
          break;
        case INTERVAL_DAY_TIME:
          format = "Casts.formatMillisInterval(" + a.value + ", " + s + ")";
          break;
        default:
          throw castUnsupported(a, to);
      }
      text = results.strictScratch(b, DataType.varchar(-1), rel, s, format, a);
    }
    if (!fit) {
      return new Val(to, rel, text.isNull, text.value, text.offset, text.length);
    }
    String s = state.scratch();
    return results.strictScratch(b, to, rel, s, "Strings.fit(" + text.args() + ", " + to.precision() + ", " + padded
        + ", " + s + ")", text);
  }
}
