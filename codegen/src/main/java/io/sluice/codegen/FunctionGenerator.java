package io.sluice.codegen;

import io.sluice.catalog.DataType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Functions called by name: each is one call of a run-time method marked
 * {@link io.sluice.runtime.function.SqlFunction} (UPPER, SQRT, LPAD, ABS, CONCAT, ...), found by the
 * function's name and its arguments' types and written from the method's parameters, with no line
 * here. Only the constants of the query (PI, CURRENT_DATE, ...) have code of their own.
 */
final class FunctionGenerator {
  private final ExpressionGenerator expressions;
  private final RuntimeCallGenerator runtimeCalls;

  FunctionGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.runtimeCalls = new RuntimeCallGenerator(expressions);
  }

  Val function(RexCall call, DataType type, RelDataType rel, Body b) {
    String name = sqlName(call.getOperator().getName().toUpperCase(Locale.ROOT));
    Val current = DateTimeGenerator.currentTime(name, type, rel);
    if (current != null) {
      return current;
    }
    if (name.equals("CONCAT_WS")) {
      return expressions.strings.concatWs(call, type, rel, b);
    }
    if (call.getKind() == SqlKind.CONCAT_WITH_NULL) {
      return expressions.strings.concatSkippingNulls(call, type, rel, b);
    }
    if (name.equals("PI")) {
      return new Val(type, rel, "false", "Math.PI", null, null);
    }
    Val[] ops = expressions.operands(name.equals("OCTET_LENGTH") ? textOfBinaryCast(call.getOperands())
        : call.getOperands(), b);
    List<DataType> types = new ArrayList<>(ops.length);
    for (Val op : ops) {
      types.add(op.type);
    }
    FunctionForm form = RuntimeFunctions.lookup(name, types)
        .orElseThrow(() -> TypeCode.unsupported(call.getOperator().getName()));
    return runtimeCalls.call(form, ops, type, rel, b);
  }

  /**
   * OCTET_LENGTH of text: Calcite's operator takes bytes and casts text to VARBINARY first; Sluice
   * keeps text as its UTF-8 bytes, so the text itself is what the function counts.
   */
  private static List<RexNode> textOfBinaryCast(List<RexNode> operands) {
    RexNode operand = operands.get(0);
    if (operand.getKind() == SqlKind.CAST && SqlTypeUtil.isBinary(operand.getType())) {
      RexNode text = ((RexCall) operand).getOperands().get(0);
      if (SqlTypeUtil.isCharacter(text.getType())) {
        return List.of(text);
      }
    }
    return operands;
  }

  /**
   * The SQL name of a Calcite operator whose own name differs (TRANSLATE with three arguments is
   * TRANSLATE3, {@code ||} is CONCAT).
   */
  private static String sqlName(String operatorName) {
    switch (operatorName) {
      case "TRANSLATE3":
        return "TRANSLATE";
      case "||":
        return "CONCAT";
      default:
        return operatorName;
    }
  }
}
