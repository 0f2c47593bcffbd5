package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.typeOf;

import io.sluice.catalog.DataType;
import io.sluice.optimizer.InTupleSet;
import io.sluice.runtime.function.TupleSet;
import io.sluice.runtime.function.ValueSet;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/**
 * {@link InTupleSet} (an OR of ANDs of equalities with literals): each column's value is looked up
 * in that column's constant {@link ValueSet}, the indexes make one key, and the key is looked up in
 * a constant {@link TupleSet}; where the values have no run-time set form, the OR as written.
 */
final class TupleSetGenerator {
  private final ExpressionGenerator expressions;
  private final ClassState state;

  TupleSetGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.state = expressions.state;
  }

  Val tuples(RexCall call, Body b) {
    List<RexNode> operands = call.getOperands();
    int width = InTupleSet.width(operands);
    TupleSet set = tupleSet(operands, width);
    if (set == null) {
      return expressions.gen(InTupleSet.expand(expressions.rexBuilder, call), b);
    }
    Val[] columns = expressions.operands(operands.subList(1, 1 + width), b);
    String key = state.name("k");
    String miss = state.name("m");
    String nulls = state.name("n");
    b.add("long " + key + " = 0L; boolean " + miss + " = false; boolean " + nulls + " = false;");
    for (int c = 0; c < width; c++) {
      Val a = columns[c];
      String values = state.constant("ValueSet", set.column(c), "(ValueSet) #");
      String digit = state.name("d");
      String lookup = values + ".indexOf(" + (a.isBytes() ? a.args() : a.value) + ")";
      if (a.neverNull()) {
        b.add("int " + digit + " = " + lookup + ";");
      } else {
        b.add("int " + digit + ";");
        b.add("if (" + a.isNull + ") { " + digit + " = " + set.nullDigit(c) + "; " + nulls + " = true; } else { "
            + digit + " = " + lookup + "; }");
      }
      b.add("if (" + digit + " < 0) { " + miss + " = true; } else { " + key + " += " + digit + " * "
          + set.weight(c) + "L; }");
    }
    String tuples = state.constant("TupleSet", set, "(TupleSet) #");
    DataType bool = typeOf(call.getType());
    String isNull = state.name("n");
    String value = state.name("v");
    b.add("boolean " + isNull + " = !" + miss + " && " + nulls + " && " + tuples + ".matchesBesideNulls(" + key + ");");
    b.add("boolean " + value + " = !" + miss + " && !" + nulls + " && " + tuples + ".contains(" + key + ");");
    return new Val(bool, call.getType(), isNull, value, null, null);
  }

  /** The constant set of the call's tuples, or null when a column's values have no run-time set form. */
  private static TupleSet tupleSet(List<RexNode> operands, int width) {
    int count = (operands.size() - 1 - width) / width;
    ValueSet[] columns = new ValueSet[width];
    int[][] digits = new int[count][width];
    for (int c = 0; c < width; c++) {
      List<Object> literals = new ArrayList<>(count);
      for (int t = 0; t < count; t++) {
        literals.add(((RexLiteral) operands.get(1 + width + t * width + c)).getValue());
      }
      Object values = SearchGenerator.runtimeValues(literals, typeOf(operands.get(1 + c).getType()));
      columns[c] = SearchGenerator.valueSet(values);
      if (columns[c] == null) {
        return null;
      }
      for (int t = 0; t < count; t++) {
        digits[t][c] = values instanceof long[] ? columns[c].indexOf(((long[]) values)[t])
            : values instanceof double[] ? columns[c].indexOf(((double[]) values)[t])
            : columns[c].indexOf(((byte[][]) values)[t], 0, ((byte[][]) values)[t].length);
        if (digits[t][c] < 0) {
          return null; // NaN, which equals nothing: the OR as written says what a row with NULLs gives
        }
      }
    }
    return TupleSet.of(columns, digits);
  }
}
