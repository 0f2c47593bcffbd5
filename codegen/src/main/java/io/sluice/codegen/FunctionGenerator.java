package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;

import io.sluice.catalog.DataType;
import java.lang.reflect.Method;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/**
 * Functions called by name: those with code of their own here or in their family's generator
 * (ROUND, SQRT, LPAD, CURRENT_DATE, ...), and every function implemented by a run-time method
 * marked {@link io.sluice.runtime.function.SqlFunction} (UPPER, SUBSTRING, ...), which needs no line here.
 */
final class FunctionGenerator {
  private final ExpressionGenerator expressions;
  private final StringGenerator strings;
  private final MathGenerator math;
  private final Results results;
  private final RuntimeCallGenerator runtimeCalls;

  FunctionGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.strings = expressions.strings;
    this.math = expressions.math;
    this.results = expressions.results;
    this.runtimeCalls = new RuntimeCallGenerator(expressions);
  }

  Val function(RexCall call, DataType type, RelDataType rel, Body b) {
    String name = sqlName(call.getOperator().getName().toUpperCase(Locale.ROOT));
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
      case "OCTET_LENGTH":
        return results.strict(b, type, rel, "(long) " + ops[0].length, ops[0]);
      case "LTRIM":
        return strings.trimSpaces(true, ops, type, rel, b);
      case "RTRIM":
        return strings.trimSpaces(false, ops, type, rel, b);
      case "LPAD":
      case "RPAD":
        return strings.pad(name.equals("LPAD"), ops, type, rel, b);
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
      default: {
        Method method = RuntimeFunctions.lookup(name, ops.length)
            .orElseThrow(() -> TypeCode.unsupported(call.getOperator().getName()));
        return runtimeCalls.call(method, ops, type, rel, b);
      }
    }
  }

  /** The SQL name of a Calcite operator whose own name differs (TRANSLATE with three arguments is TRANSLATE3). */
  private static String sqlName(String operatorName) {
    return operatorName.equals("TRANSLATE3") ? "TRANSLATE" : operatorName;
  }
}
