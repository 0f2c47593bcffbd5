package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;

/**
 * FLOOR and CEIL of numbers, which share their SQL names with FLOOR and CEIL of a date or time to a
 * unit ({@link DateTimeGenerator#floorCeil}). The other numeric functions, ABS, SIGN, ROUND, SQRT,
 * ..., are run-time methods in {@code Maths}, one per argument form.
 */
final class MathGenerator {
  private final ExpressionGenerator expressions;
  private final Results results;

  MathGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.results = expressions.results;
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
          return expressions.wideDecimals.floorCeil(floor ? "FLOOR" : "CEIL", a, type, rel, b);
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
