package io.sluice.codegen;

import io.sluice.catalog.DataType;
import java.lang.reflect.Method;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/**
 * Functions called by name. Nearly all are one call of a run-time method marked
 * {@link io.sluice.runtime.function.SqlFunction} (UPPER, SQRT, LPAD, ...), found by the function's
 * name and written from the method's parameters, with no line here. The few with code of their own
 * are the forms whose code depends on their arguments' types (ABS, SIGN and ROUND keep a DECIMAL's
 * scale, CONCAT takes any number of strings) and the constants of the query (PI, CURRENT_DATE, ...).
 */
final class FunctionGenerator {
  private final ExpressionGenerator expressions;
  private final StringGenerator strings;
  private final MathGenerator math;
  private final RuntimeCallGenerator runtimeCalls;

  FunctionGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.strings = expressions.strings;
    this.math = expressions.math;
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
      case "ABS":
        return math.abs(ops[0], type, rel, b);
      case "SIGN":
        return math.sign(ops[0], type, rel, b);
      case "ROUND":
      case "TRUNCATE":
        return math.roundTruncate(name.equals("ROUND"), ops, type, rel, b);
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
