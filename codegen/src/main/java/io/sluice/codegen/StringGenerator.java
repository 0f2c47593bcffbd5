package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.runtime.function.LikePattern;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlTrimFunction;

/**
 * Strings: LIKE, TRIM and POSITION, whose operands are not plain values (the string functions that
 * are one run-time call, such as UPPER, SUBSTRING, LPAD or CONCAT, need no code here: see
 * {@link RuntimeCallGenerator}). A result is a view into an operand's bytes (TRIM), so no row
 * allocates.
 */
final class StringGenerator {
  private final ExpressionGenerator expressions;
  private final ClassState state;
  private final Results results;

  StringGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.state = expressions.state;
    this.results = expressions.results;
  }

  Val like(RexCall call, DataType type, RelDataType rel, Body b) {
    String opName = call.getOperator().getName().toUpperCase(Locale.ROOT);
    boolean negated = opName.equals("NOT LIKE");
    if (!opName.equals("LIKE") && !negated) {
      throw TypeCode.unsupported(call.getOperator().getName());
    }
    List<RexNode> ops = call.getOperands();
    RexNode pattern = ops.get(1);
    RexNode escape = ops.size() > 2 ? ops.get(2) : null;
    boolean constantPattern = pattern instanceof RexLiteral && (escape == null || escape instanceof RexLiteral);
    if (constantPattern && (((RexLiteral) pattern).isNull() || (escape != null && ((RexLiteral) escape).isNull()))) {
      return Results.nullOf(type, rel);
    }
    if (constantPattern) {
      byte[] p = ((RexLiteral) pattern).getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      byte[] e = escape == null ? null : ((RexLiteral) escape).getValueAs(String.class).getBytes(StandardCharsets.UTF_8);
      LikePattern compiled = LikePattern.compile(p, 0, p.length, e, 0, e == null ? 0 : e.length);
      Val s = expressions.operands(List.of(ops.get(0)), b)[0];
      String c = state.constant("LikePattern", compiled, "(LikePattern) #");
      return results.strict(b, type, rel, (negated ? "!" : "") + c + ".matches(" + s.args() + ")", s);
    }
    Val[] vals = expressions.operands(ops, b);
    String cache = state.field("like", "LikePattern.Cache", "new LikePattern.Cache()");
    String esc = vals.length > 2 ? vals[2].args() : "null, 0, 0";
    return results.strict(b, type, rel, (negated ? "!" : "") + cache + ".get(" + vals[1].args() + ", " + esc
        + ").matches(" + vals[0].args() + ")", vals);
  }

  /**
   * {@code s [NOT] SIMILAR TO pattern [ESCAPE e]}: the pattern is translated into a regular
   * expression at run time, once per call site while it stays the same (a constant one, once).
   */
  Val similar(RexCall call, DataType type, RelDataType rel, Body b) {
    String opName = call.getOperator().getName().toUpperCase(Locale.ROOT);
    boolean negated = opName.equals("NOT SIMILAR TO");
    if (!opName.equals("SIMILAR TO") && !negated) {
      throw TypeCode.unsupported(call.getOperator().getName());
    }
    Val[] vals = expressions.operands(call.getOperands(), b);
    String escape = vals.length > 2 ? vals[2].args() : "SimilarTo.BACKSLASH, 0, 1";
    return results.strict(b, type, rel, (negated ? "!" : "") + "SimilarTo.matches(" + vals[0].args() + ", "
        + vals[1].args() + ", " + escape + ", " + state.scratch() + ")", vals);
  }

  /**
   * {@code s [NOT] RLIKE pattern}, which PostgreSQL's {@code ~ ~* !~ !~*} are parsed as: REGEXP_LIKE's
   * test, its pattern compiled once per call site while it stays the same.
   */
  Val rlike(RexCall call, DataType type, RelDataType rel, Body b) {
    boolean negated = call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("NOT");
    Val[] vals = expressions.operands(call.getOperands(), b);
    return results.strict(b, type, rel, (negated ? "!" : "") + "RegexMatch.regexpLike(" + vals[0].args() + ", "
        + vals[1].args() + ", " + state.scratch() + ")", vals);
  }

  Val trim(RexCall call, DataType type, RelDataType rel, Body b) {
    SqlTrimFunction.Flag flag = ((RexLiteral) call.getOperands().get(0)).getValueAs(SqlTrimFunction.Flag.class);
    Val[] ops = expressions.operands(call.getOperands().subList(1, 3), b);
    boolean leading = flag != SqlTrimFunction.Flag.TRAILING;
    boolean trailing = flag != SqlTrimFunction.Flag.LEADING;
    return results.strictView(b, type, rel, ops[1],
        "Strings.trim(" + leading + ", " + trailing + ", " + ops[0].args() + ", " + ops[1].args() + ")", ops);
  }

  /**
   * CONCAT_WS(separator, value, ...): the values that are not NULL, as text, joined by the
   * separator; NULL only when the separator is (PostgreSQL's meaning).
   */
  Val concatWs(RexCall call, DataType type, RelDataType rel, Body b) {
    Val[] ops = expressions.operands(call.getOperands(), b);
    return joinNotNull(text(ops[0], b), ops, 1, type, rel, b);
  }

  /**
   * CONCAT(value, ...) as PostgreSQL means it: the values that are not NULL, as text, end to end;
   * never NULL (all NULL gives the empty string). {@code ||} stays strict.
   */
  Val concatSkippingNulls(RexCall call, DataType type, RelDataType rel, Body b) {
    Val[] ops = expressions.operands(call.getOperands(), b);
    return joinNotNull(null, ops, 0, type, rel, b);
  }

  /**
   * The values of {@code ops} from {@code from} on that are not NULL, as text, with a separator
   * (none when null) between them, written into one scratch buffer of the call site, value by
   * value, so a row allocates nothing. NULL only when the separator is.
   */
  private Val joinNotNull(Val separator, Val[] ops, int from, DataType type, RelDataType rel, Body b) {
    String scratch = state.scratch();
    String n = state.name("n");
    String l = state.name("l");
    String first = state.name("f");
    b.add("boolean " + n + " = " + (separator == null ? "false" : separator.isNull) + "; int " + l
        + " = 0; boolean " + first + " = true;");
    for (int i = from; i < ops.length; i++) {
      if (ops[i].kind() == io.sluice.catalog.TypeKind.NULL) {
        continue;
      }
      Val value = text(ops[i], b);
      String between = separator == null ? ""
          : "if (!" + first + ") { " + l + " = Strings.append(" + scratch + ", " + l + ", " + separator.args() + "); } ";
      b.add("if (!" + n + " && !(" + value.isNull + ")) { " + between + l + " = Strings.append(" + scratch
          + ", " + l + ", " + value.args() + "); " + first + " = false; }");
    }
    return new Val(type, rel, n, scratch + ".buf", "0", l);
  }

  /** A value as text (a string as it is, another type cast to VARCHAR). */
  private Val text(Val value, Body b) {
    return value.isBytes() || value.kind() == io.sluice.catalog.TypeKind.NULL ? value
        : expressions.casts.cast(b, value, DataType.of(io.sluice.catalog.TypeKind.VARCHAR), null);
  }

  Val position(RexCall call, DataType type, RelDataType rel, Body b) {
    Val[] ops = expressions.operands(call.getOperands(), b);
    String e = ops.length == 2 ? "Strings.position(" + ops[0].args() + ", " + ops[1].args() + ")"
        : "Strings.position(" + ops[0].args() + ", " + ops[1].args() + ", " + expressions.casts.asLong(b, ops[2]) + ")";
    return results.strict(b, type, rel, e, ops);
  }
}
