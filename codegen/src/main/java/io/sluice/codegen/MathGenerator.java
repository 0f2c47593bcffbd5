package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.checkIntegral;
import static io.sluice.codegen.TypeCode.isFloating;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Numeric functions whose code follows their argument's type: ABS, SIGN, ROUND, TRUNCATE, FLOOR and
 * CEIL of numbers (the double-valued ones, SQRT, LN, SIN, ..., are run-time methods in
 * {@code Maths}).
 */
final class MathGenerator {
  private final ExpressionGenerator expressions;
  private final Results results;

  MathGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.results = expressions.results;
  }

  Val abs(Val a, DataType type, RelDataType rel, Body b) {
    if (a.type.isWideDecimal()) {
      return expressions.wideDecimals.unary("ABS", a, "0L", type, rel, b);
    }
    if (isFloating(a.kind())) {
      return results.strict(b, type, rel, "Math.abs(" + a.value + ")", a);
    }
    if (a.kind() == TypeKind.DECIMAL) {
      return results.strict(b, type, rel, "Math.abs(" + a.value + ")", a);
    }
    return results.strict(b, type, rel, checkIntegral(type.kind(), "Arith.absLong(" + a.value + ")"), a);
  }

  Val sign(Val a, DataType type, RelDataType rel, Body b) {
    if (a.type.isWideDecimal()) {
      return expressions.wideDecimals.unary("SIGN", a, "0L", type, rel, b);
    }
    if (isFloating(a.kind())) {
      return results.strict(b, type, rel, "Math.signum(" + a.value + ")", a);
    }
    if (type.kind() == TypeKind.DECIMAL) {
      return results.strict(b, type, rel, "((long) Long.signum(" + a.value + ")) * "
          + io.sluice.runtime.function.Decimals.POW10[type.scale()] + "L", a);
    }
    return results.strict(b, type, rel, "(long) Long.signum(" + a.value + ")", a);
  }

  Val roundTruncate(boolean round, Val[] ops, DataType type, RelDataType rel, Body b) {
    Val a = ops[0];
    CastGenerator casts = expressions.casts;
    String digits = ops.length > 1 ? casts.asLong(b, ops[1]) : "0L";
    String e;
    if (isFloating(a.kind())) {
      e = (round ? "Arith.roundDouble(" : "Arith.truncateDouble(") + a.value + ", " + digits + ")";
      Val v = results.strict(b, DataType.of(TypeKind.DOUBLE), rel, e, ops);
      return type.kind() == TypeKind.DOUBLE ? v : casts.cast(b, v, type, rel);
    }
    if (a.type.isWideDecimal()) {
      return expressions.wideDecimals.unary(round ? "ROUND" : "TRUNCATE", a, digits, type, rel, b, ops);
    }
    if (a.kind() == TypeKind.DECIMAL) {
      // rounding may carry into one more digit than the precision allows
      e = "Decimals.check(" + (round ? "Decimals.round(" : "Decimals.truncate(") + a.value + ", " + a.type.scale() + ", "
          + digits + "), " + a.type.precision() + ", " + a.type.scale() + ")";
      Val v = results.strict(b, a.type, rel, e, ops);
      return casts.cast(b, v, type, rel);
    }
    e = checkIntegral(type.kind(), (round ? "Arith.roundLong(" : "Arith.truncateLong(") + a.value + ", " + digits + ")");
    Val v = results.strict(b, a.type, rel, e, ops);
    return casts.cast(b, v, type, rel);
  }

  /** FLOOR or CEIL of a number (to a time unit: {@link DateTimeGenerator#floorCeil}). */
  Val floorCeil(Val a, boolean floor, DataType type, RelDataType rel, Body b) {
    CastGenerator casts = expressions.casts;
    switch (a.kind()) {
      case DOUBLE:
      case REAL:
        return results.strict(b, type, rel, (floor ? "Math.floor(" : "Math.ceil(") + a.value + ")", a);
      case DECIMAL: {
        if (a.type.isWideDecimal()) {
          return expressions.wideDecimals.unary(floor ? "FLOOR" : "CEIL", a, "0L", type, rel, b);
        }
        int resultScale = type.kind() == TypeKind.DECIMAL ? type.scale() : 0;
        int resultPrecision = type.kind() == TypeKind.DECIMAL ? type.precision() : 18;
        Val v = results.strict(b, type.kind() == TypeKind.DECIMAL ? type : DataType.decimal(18, 0), rel,
            "Decimals." + (floor ? "floor(" : "ceil(") + a.value + ", " + a.type.scale() + ", " + resultScale + ", "
                + resultPrecision + ")", a);
        return casts.cast(b, v, type, rel);
      }
      case NULL:
        return Results.nullOf(type, rel);
      default:
        if (a.kind().isIntegral()) {
          return casts.cast(b, a, type, rel);
        }
        throw TypeCode.unsupported((floor ? "FLOOR" : "CEIL") + " of " + a.type);
    }
  }
}
