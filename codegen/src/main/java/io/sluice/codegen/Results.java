package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.javaType;
import static io.sluice.codegen.TypeCode.zero;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Declares the variables of a result and the null rule that fills them: a strict result is
 * computed only when no operand is null. Every family of expression generators builds its
 * results through here.
 */
final class Results {
  private final ClassState state;

  Results(ClassState state) {
    this.state = state;
  }

  /** Declares result variables (initially null) and returns them. */
  Val declare(Body b, DataType type, RelDataType rel) {
    String n = state.name("n");
    String v = state.name("v");
    b.add("boolean " + n + " = true;");
    if (type.physical() == TypeKind.PhysicalKind.BYTES) {
      String o = state.name("o");
      String l = state.name("l");
      b.add("byte[] " + v + " = Strings.EMPTY; int " + o + " = 0; int " + l + " = 0;");
      return new Val(type, rel, n, v, o, l);
    }
    b.add(javaType(type) + " " + v + " = " + zero(type) + ";");
    return new Val(type, rel, n, v, null, null);
  }

  static void assign(Body b, Val target, Val source) {
    if (target.isBytes()) {
      b.add(target.isNull + " = " + source.isNull + "; " + target.value + " = " + source.value + "; "
          + target.offset + " = " + source.offset + "; " + target.length + " = " + source.length + ";");
    } else {
      b.add(target.isNull + " = " + source.isNull + "; " + target.value + " = " + source.value + ";");
    }
  }

  /** A NULL of type {@code t}. */
  static Val nullOf(DataType t, RelDataType rel) {
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      return new Val(t, rel, "true", "Strings.EMPTY", "0", "0");
    }
    return new Val(t, rel, "true", zero(t), null, null);
  }

  private static String orNulls(Val... vals) {
    StringBuilder sb = new StringBuilder();
    for (Val v : vals) {
      if (!v.neverNull()) {
        if (sb.length() > 0) {
          sb.append(" || ");
        }
        sb.append(v.isNull);
      }
    }
    return sb.length() == 0 ? "false" : sb.toString();
  }

  /** A scalar result computed only when no operand is null. */
  Val strict(Body b, DataType type, RelDataType rel, String expression, Val... args) {
    String nulls = orNulls(args);
    String v = state.name("v");
    if (nulls.equals("false")) {
      b.add(javaType(type) + " " + v + " = " + expression + ";");
      return new Val(type, rel, "false", v, null, null);
    }
    String n = state.name("n");
    b.add("boolean " + n + " = " + nulls + ";");
    b.add(javaType(type) + " " + v + " = " + zero(type) + ";");
    b.add("if (!" + n + ") { " + v + " = " + expression + "; }");
    return new Val(type, rel, n, v, null, null);
  }

  /** A string result built in a scratch buffer; {@code lengthExpression} returns its length. */
  Val strictScratch(Body b, DataType type, RelDataType rel, String scratch, String lengthExpression, Val... args) {
    return strictBytes(b, type, rel, args, (v, o, l) ->
        l + " = " + lengthExpression + "; " + v + " = " + scratch + ".buf; " + o + " = 0;");
  }

  /**
   * A string result built in a scratch buffer, NULL when an operand is or when
   * {@code lengthExpression} returns a negative length (a function that found nothing).
   */
  Val scratchOrNull(Body b, DataType type, RelDataType rel, String scratch, String lengthExpression, Val... args) {
    String nulls = orNulls(args);
    String n = state.name("n");
    String v = state.name("v");
    String o = state.name("o");
    String l = state.name("l");
    b.add("boolean " + n + " = " + nulls + ";");
    b.add("byte[] " + v + " = Strings.EMPTY; int " + o + " = 0; int " + l + " = 0;");
    String stmt = l + " = " + lengthExpression + "; if (" + l + " < 0) { " + n + " = true; " + l + " = 0; } else { "
        + v + " = " + scratch + ".buf; }";
    b.add(nulls.equals("false") ? stmt : "if (!" + n + ") { " + stmt + " }");
    return new Val(type, rel, n, v, o, l);
  }

  /** A string result that is a view into {@code source}; {@code viewExpression} returns the packed view. */
  Val strictView(Body b, DataType type, RelDataType rel, Val source, String viewExpression, Val... args) {
    String p = state.name("p");
    return strictBytes(b, type, rel, args, (v, o, l) ->
        "long " + p + " = " + viewExpression + "; " + v + " = " + source.value + "; " + o + " = " + source.offset
            + " + Strings.viewStart(" + p + "); " + l + " = Strings.viewLength(" + p + ");");
  }

  /** The statement that fills a string result's value, offset and length variables. */
  interface BytesCode {
    String code(String v, String o, String l);
  }

  /** A string result that {@code code} fills when no operand is null. */
  Val strictBytes(Body b, DataType type, RelDataType rel, Val[] args, BytesCode code) {
    String nulls = orNulls(args);
    String n = state.name("n");
    String v = state.name("v");
    String o = state.name("o");
    String l = state.name("l");
    b.add("boolean " + n + " = " + nulls + ";");
    b.add("byte[] " + v + " = Strings.EMPTY; int " + o + " = 0; int " + l + " = 0;");
    String stmt = code.code(v, o, l);
    if (nulls.equals("false")) {
      b.add(stmt);
      return new Val(type, rel, "false", v, o, l);
    }
    b.add("if (!" + n + ") { " + stmt + " }");
    return new Val(type, rel, n, v, o, l);
  }
}
