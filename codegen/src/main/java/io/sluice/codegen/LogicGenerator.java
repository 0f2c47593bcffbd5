package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/** NOT, the IS predicates, and AND/OR with SQL's three-valued logic. */
final class LogicGenerator {
  /** Operands of AND/OR per node before they are grouped. */
  static final int WIDE = 32;

  private final ExpressionGenerator expressions;
  private final ClassState state;

  LogicGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.state = expressions.state;
  }

  Val not(Val a, DataType type, RelDataType rel, Body b) {
    return expressions.results.strict(b, type, rel, "!" + a.value, a);
  }

  Val isPredicate(SqlKind kind, Val a, DataType type, RelDataType rel, Body b) {
    if (a.kind() == TypeKind.NULL) {
      a = new Val(DataType.of(TypeKind.BOOLEAN), a.rel, "true", "false", null, null);
    }
    String n = a.isNull;
    String v = a.value;
    String e;
    switch (kind) {
      case IS_NULL:
      case IS_UNKNOWN:
        e = n;
        break;
      case IS_NOT_NULL:
        e = "!" + n;
        break;
      case IS_TRUE:
        e = "!" + n + " && " + v;
        break;
      case IS_NOT_TRUE:
        e = n + " || !" + v;
        break;
      case IS_FALSE:
        e = "!" + n + " && !" + v;
        break;
      default:
        e = n + " || " + v;
        break;
    }
    String r = state.name("v");
    b.add("boolean " + r + " = " + e + ";");
    return new Val(type, rel, "false", r, null, null);
  }

  Val andOr(List<RexNode> nodes, boolean isAnd, Body b) {
    List<Part> parts = new ArrayList<>();
    if (nodes.size() > WIDE) {
      for (int start = 0; start < nodes.size(); start += WIDE) {
        List<RexNode> group = nodes.subList(start, Math.min(nodes.size(), start + WIDE));
        Body gb = new Body();
        Val gv = andOr(group, isAnd, gb);
        boolean safe = true;
        for (RexNode n : group) {
          safe &= ExpressionGenerator.isSafe(n);
        }
        parts.add(new Part(gb, gv, safe));
      }
    } else {
      for (RexNode n : nodes) {
        parts.add(expressions.part(n));
      }
    }
    expressions.balance(parts);
    DataType type = DataType.of(TypeKind.BOOLEAN);
    boolean eager = true;
    for (Part p : parts) {
      eager &= p.safe;
    }
    if (eager) {
      return eager(parts, isAnd, type, b);
    }
    String n = state.name("n");
    String v = state.name("v");
    b.add("boolean " + n + " = false;");
    b.add("boolean " + v + " = " + (isAnd ? "true" : "false") + ";");
    boolean first = true;
    for (Part p : parts) {
      Val pv = p.val;
      if (!first) {
        b.add("if (" + (isAnd ? v : "!" + v) + ") {");
      }
      b.append(p.body);
      String decisive = isAnd ? "!" + pv.value : pv.value;
      if (pv.kind() == TypeKind.NULL) {
        b.add(n + " = true;");
      } else if (pv.neverNull()) {
        b.add("if (" + decisive + ") { " + v + " = " + (isAnd ? "false" : "true") + "; }");
      } else {
        b.add("if (!" + pv.isNull + " && " + decisive + ") { " + v + " = " + (isAnd ? "false" : "true") + "; } else if ("
            + pv.isNull + ") { " + n + " = true; }");
      }
      if (!first) {
        b.add("}");
      }
      first = false;
    }
    b.add("if (" + (isAnd ? "!" + v : v) + ") { " + n + " = false; }");
    return new Val(type, null, n, v, null, null);
  }

  /** Cheap operands that cannot fail: evaluates all and combines them without branches. */
  private Val eager(List<Part> parts, boolean isAnd, DataType type, Body b) {
    StringBuilder decided = new StringBuilder();
    StringBuilder anyNull = new StringBuilder();
    for (Part p : parts) {
      b.append(p.body);
      Val v = p.val;
      if (v.kind() == TypeKind.NULL) {
        anyNull.append(anyNull.length() == 0 ? "" : " | ").append("true");
        continue;
      }
      String term = isAnd ? "!" + v.value : v.value;
      decided.append(decided.length() == 0 ? "" : " | ")
          .append(v.neverNull() ? term : "(!" + v.isNull + " & " + term + ")");
      if (!v.neverNull()) {
        anyNull.append(anyNull.length() == 0 ? "" : " | ").append(v.isNull);
      }
    }
    String d = state.name("d");
    b.add("boolean " + d + " = " + (decided.length() == 0 ? "false" : decided.toString()) + ";");
    String v = state.name("v");
    b.add("boolean " + v + " = " + (isAnd ? "!" + d : d) + ";");
    if (anyNull.length() == 0) {
      return new Val(type, null, "false", v, null, null);
    }
    String n = state.name("n");
    b.add("boolean " + n + " = !" + d + " & (" + anyNull + ");");
    return new Val(type, null, n, v, null, null);
  }
}
