package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;

import io.sluice.catalog.DataType;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/** Functions called by name (UPPER, ROUND, SQRT, CURRENT_DATE, ...): each name to the generator of its family. */
final class FunctionGenerator {
  private final ExpressionGenerator expressions;
  private final StringGenerator strings;
  private final MathGenerator math;
  private final Results results;

  FunctionGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.strings = expressions.strings;
    this.math = expressions.math;
    this.results = expressions.results;
  }

  Val function(RexCall call, DataType type, RelDataType rel, Body b) {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    Val current = DateTimeGenerator.currentTime(name, type, rel);
    if (current != null) {
      return current;
    }
    if (name.equals("PI")) {
      return new Val(type, rel, "false", "Math.PI", null, null);
    }
    Val[] ops = expressions.operands(call.getOperands(), b);
    switch (name) {
      case "||":
      case "CONCAT":
        return strings.concat(ops, type, rel, b);
      case "UPPER":
        return strings.scratchFunction(b, type, rel, "upper", ops[0]);
      case "LOWER":
        return strings.scratchFunction(b, type, rel, "lower", ops[0]);
      case "INITCAP":
        return strings.scratchFunction(b, type, rel, "initcap", ops[0]);
      case "REVERSE":
        return strings.scratchFunction(b, type, rel, "reverse", ops[0]);
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH":
      case "LENGTH":
        return results.strict(b, type, rel, "Strings.charLength(" + ops[0].args() + ")", ops[0]);
      case "OCTET_LENGTH":
        return results.strict(b, type, rel, "(long) " + ops[0].length, ops[0]);
      case "SUBSTRING":
        return strings.substring(ops, type, rel, b);
      case "LEFT":
        return strings.leftRight("left", ops, type, rel, b);
      case "RIGHT":
        return strings.leftRight("right", ops, type, rel, b);
      case "LTRIM":
        return strings.trimSpaces(true, ops, type, rel, b);
      case "RTRIM":
        return strings.trimSpaces(false, ops, type, rel, b);
      case "REPLACE":
        return strings.replace(ops, type, rel, b);
      case "LPAD":
      case "RPAD":
        return strings.pad(name.equals("LPAD"), ops, type, rel, b);
      case "REPEAT":
        return strings.repeat(ops, type, rel, b);
      case "ABS":
        return math.abs(ops[0], type, rel, b);
      case "SIGN":
        return math.sign(ops[0], type, rel, b);
      case "ROUND":
      case "TRUNCATE":
        return math.roundTruncate(name.equals("ROUND"), ops, type, rel, b);
      case "POWER":
        return math.doubleResult(b, type, rel, "Math.pow(" + asDouble(ops[0]) + ", " + asDouble(ops[1]) + ")", ops);
      case "SQRT":
        return math.doubleResult(b, type, rel, "Math.sqrt(" + asDouble(ops[0]) + ")", ops);
      case "EXP":
        return math.doubleResult(b, type, rel, "Math.exp(" + asDouble(ops[0]) + ")", ops);
      case "LN":
        return math.doubleResult(b, type, rel, "Math.log(" + asDouble(ops[0]) + ")", ops);
      case "LOG10":
        return math.doubleResult(b, type, rel, "Math.log10(" + asDouble(ops[0]) + ")", ops);
      case "SIN":
      case "COS":
      case "TAN":
      case "ASIN":
      case "ACOS":
      case "ATAN":
      case "CBRT":
        return math.doubleResult(b, type, rel, "Math." + name.toLowerCase(Locale.ROOT) + "(" + asDouble(ops[0]) + ")",
            ops);
      case "COT":
        return math.doubleResult(b, type, rel, "1.0 / Math.tan(" + asDouble(ops[0]) + ")", ops);
      case "ATAN2":
        return math.doubleResult(b, type, rel, "Math.atan2(" + asDouble(ops[0]) + ", " + asDouble(ops[1]) + ")", ops);
      case "DEGREES":
        return math.doubleResult(b, type, rel, "Math.toDegrees(" + asDouble(ops[0]) + ")", ops);
      case "RADIANS":
        return math.doubleResult(b, type, rel, "Math.toRadians(" + asDouble(ops[0]) + ")", ops);
      default:
        throw TypeCode.unsupported(call.getOperator().getName());
    }
  }
}
