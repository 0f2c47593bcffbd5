package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;
import static io.sluice.codegen.TypeCode.checkIntegral;
import static io.sluice.codegen.TypeCode.isDatetime;
import static io.sluice.codegen.TypeCode.isFloating;
import static io.sluice.codegen.TypeCode.isInterval;
import static io.sluice.codegen.TypeCode.scaleOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * +, -, *, /, MOD and unary minus on integers, DECIMAL, floating point and intervals; overflow and
 * division by zero are errors raised by the run-time helpers ({@code Arith}, {@code Decimals}).
 * Date and time operands go to {@link DateTimeGenerator}.
 */
final class ArithmeticGenerator {
  private final ExpressionGenerator expressions;
  private final Results results;
  private final DateTimeGenerator dateTimes;

  ArithmeticGenerator(ExpressionGenerator expressions, DateTimeGenerator dateTimes) {
    this.expressions = expressions;
    this.results = expressions.results;
    this.dateTimes = dateTimes;
  }

  Val arithmetic(SqlKind kind, String opName, Val a, Val c, DataType type, RelDataType rel, Body b) {
    TypeKind x = a.kind();
    TypeKind y = c.kind();
    TypeKind r = type.kind();
    if (x == TypeKind.NULL || y == TypeKind.NULL || r == TypeKind.NULL) {
      return Results.nullOf(type, rel);
    }
    if (isDatetime(x) || isDatetime(y)) {
      return dateTimes.datetimeArithmetic(kind, a, c, type, rel, b);
    }
    if (isInterval(r) && (kind == SqlKind.TIMES || kind == SqlKind.DIVIDE)) {
      return intervalTimesNumber(kind, a, c, type, rel, b);
    }
    if (!isFloating(r) && (type.isWideDecimal() || a.type.isWideDecimal() || c.type.isWideDecimal())) {
      return expressions.wideDecimals.arithmetic(kind, a, c, type, rel, b);
    }
    String e;
    if (isFloating(r)) {
      String p = asDouble(a);
      String q = asDouble(c);
      switch (kind) {
        case PLUS:
          e = p + " + " + q;
          break;
        case MINUS:
          e = p + " - " + q;
          break;
        case TIMES:
          e = p + " * " + q;
          break;
        case DIVIDE:
          e = "Arith.divDouble(" + p + ", " + q + ")";
          break;
        default:
          e = "Arith.modDouble(" + p + ", " + q + ")";
      }
      if (r == TypeKind.REAL) {
        e = "Arith.toReal(" + e + ")";
      }
    } else if (r == TypeKind.DECIMAL) {
      if (isFloating(x) || isFloating(y)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "DECIMAL arithmetic on floating-point operands is not supported yet");
      }
      String f = decimalHelper(kind);
      e = "Decimals." + f + "(" + a.value + ", " + scaleOf(a) + ", " + c.value + ", " + scaleOf(c) + ", "
          + type.scale() + ", " + type.precision() + ")";
    } else if (type.physical() == TypeKind.PhysicalKind.LONG) {
      String p = a.value;
      String q = c.value;
      if (x == TypeKind.DECIMAL || y == TypeKind.DECIMAL || isFloating(x) || isFloating(y)) {
        // integer result from non-integer operands: compute as DECIMAL and round to the integer type
        DataType wide = DataType.decimal(18, Math.max(scaleOf(a), scaleOf(c)));
        CastGenerator casts = expressions.casts;
        Val dv = arithmetic(kind, opName, isFloating(x) ? casts.cast(b, a, wide, null) : a,
            isFloating(y) ? casts.cast(b, c, wide, null) : c, wide, null, b);
        return casts.cast(b, dv, type, rel);
      }
      switch (kind) {
        case PLUS:
          e = "Arith.addLong(" + p + ", " + q + ")";
          break;
        case MINUS:
          e = "Arith.subLong(" + p + ", " + q + ")";
          break;
        case TIMES:
          e = "Arith.mulLong(" + p + ", " + q + ")";
          break;
        case DIVIDE:
          e = "Arith.divLong(" + p + ", " + q + ")";
          break;
        default:
          e = "Arith.modLong(" + p + ", " + q + ")";
      }
      e = checkIntegral(r, e);
    } else {
      throw TypeCode.unsupported(opName + " on " + a.type + " and " + c.type);
    }
    return results.strict(b, type, rel, e, a, c);
  }

  /** The name of the {@code Decimals} or {@code WideDecimals} method for +, -, *, / or MOD. */
  static String decimalHelper(SqlKind kind) {
    switch (kind) {
      case PLUS:
        return "add";
      case MINUS:
        return "subtract";
      case TIMES:
        return "multiply";
      case DIVIDE:
        return "divide";
      default:
        return "mod";
    }
  }

  /** An interval multiplied or divided by a number. */
  private Val intervalTimesNumber(SqlKind kind, Val a, Val c, DataType type, RelDataType rel, Body b) {
    Val interval = isInterval(a.kind()) ? a : c;
    Val number = interval == a ? c : a;
    String e;
    if (isFloating(number.kind())) {
      e = kind == SqlKind.TIMES ? "Arith.doubleToLong(" + interval.value + " * " + number.value + ")"
          : "Arith.doubleToLong(Arith.divDouble(" + interval.value + ", " + number.value + "))";
    } else if (number.kind() == TypeKind.DECIMAL) {
      e = kind == SqlKind.TIMES
          ? "Decimals.multiply(" + interval.value + ", 0, " + number.value + ", " + scaleOf(number) + ", 0, 18)"
          : "Decimals.divide(" + interval.value + ", 0, " + number.value + ", " + scaleOf(number) + ", 0, 18)";
    } else {
      e = kind == SqlKind.TIMES ? "Arith.mulLong(" + interval.value + ", " + number.value + ")"
          : "Arith.divLong(" + interval.value + ", " + number.value + ")";
    }
    return results.strict(b, type, rel, e, a, c);
  }

  Val negate(Val a, DataType type, RelDataType rel, Body b) {
    TypeKind k = a.kind();
    if (k == TypeKind.NULL) {
      return Results.nullOf(type, rel);
    }
    if (isFloating(k)) {
      return results.strict(b, type, rel, "-" + a.value, a);
    }
    if (type.isWideDecimal() || a.type.isWideDecimal()) {
      return expressions.wideDecimals.negate(a, type, rel, b);
    }
    if (k == TypeKind.DECIMAL) {
      return results.strict(b, type, rel, "-" + a.value, a);
    }
    return results.strict(b, type, rel, checkIntegral(type.kind(), "Arith.negLong(" + a.value + ")"), a);
  }
}
