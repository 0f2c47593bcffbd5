package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/** CASE and COALESCE: branches that run only for the rows that reach them. */
final class ConditionalGenerator {
  /** Pairs of CASE per node before the rest go into a nested CASE. */
  private static final int WIDE = LogicGenerator.WIDE;

  private final ExpressionGenerator expressions;
  private final ClassState state;

  ConditionalGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.state = expressions.state;
  }

  Val caseWhen(List<RexNode> ops, int from, DataType type, RelDataType rel, Body b) {
    // ops: when, then, when, then, ..., else
    List<Part> parts = new ArrayList<>();
    int pairs = (ops.size() - from) / 2;
    int used = Math.min(pairs, WIDE);
    for (int i = 0; i < used; i++) {
      parts.add(expressions.part(ops.get(from + 2 * i)));
      Body vb = new Body();
      Val vv = expressions.casts.coerce(vb, expressions.gen(ops.get(from + 2 * i + 1), vb), type, rel);
      parts.add(new Part(vb, vv, false));
    }
    Body eb = new Body();
    Val ev;
    int elseAt = from + 2 * used;
    if (used < pairs) {
      ev = caseWhen(ops, elseAt, type, rel, eb);
    } else if (elseAt < ops.size()) {
      ev = expressions.casts.coerce(eb, expressions.gen(ops.get(elseAt), eb), type, rel);
    } else {
      ev = Results.nullOf(type, rel);
    }
    parts.add(new Part(eb, ev, false));
    expressions.balance(parts);
    Val result = expressions.results.declare(b, type, rel);
    String done = state.name("d");
    b.add("boolean " + done + " = false;");
    for (int i = 0; i < used; i++) {
      Part cond = parts.get(2 * i);
      Part then = parts.get(2 * i + 1);
      if (i > 0) {
        b.add("if (!" + done + ") {");
      }
      b.append(cond.body);
      String test = cond.val.kind() == TypeKind.NULL ? "false"
          : cond.val.neverNull() ? cond.val.value : "!" + cond.val.isNull + " && " + cond.val.value;
      b.add("if (" + test + ") {");
      b.append(then.body);
      Results.assign(b, result, then.val);
      b.add(done + " = true;");
      b.add("}");
      if (i > 0) {
        b.add("}");
      }
    }
    Part otherwise = parts.get(parts.size() - 1);
    b.add("if (!" + done + ") {");
    b.append(otherwise.body);
    Results.assign(b, result, otherwise.val);
    b.add("}");
    return result;
  }

  Val coalesce(List<RexNode> ops, DataType type, RelDataType rel, Body b) {
    List<Part> parts = new ArrayList<>();
    for (RexNode n : ops) {
      Body pb = new Body();
      Val pv = expressions.casts.coerce(pb, expressions.gen(n, pb), type, rel);
      parts.add(new Part(pb, pv, false));
    }
    expressions.balance(parts);
    Val result = expressions.results.declare(b, type, rel);
    for (int i = 0; i < parts.size(); i++) {
      if (i > 0) {
        b.add("if (" + result.isNull + ") {");
      }
      b.append(parts.get(i).body);
      Results.assign(b, result, parts.get(i).val);
      if (i > 0) {
        b.add("}");
      }
    }
    return result;
  }
}
