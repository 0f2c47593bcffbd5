package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.asDouble;
import static io.sluice.codegen.TypeCode.isFloating;
import static io.sluice.codegen.TypeCode.scaleOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/** Comparisons (=, <>, <, <=, >, >=) and IS [NOT] DISTINCT FROM, across numeric, string and date/time values. */
final class ComparisonGenerator {
  private ComparisonGenerator() {}

  /** A boolean Java expression comparing two non-null values. */
  static String compare(SqlKind kind, Val a, Val b) {
    String op;
    switch (kind) {
      case EQUALS:
        op = "==";
        break;
      case NOT_EQUALS:
        op = "!=";
        break;
      case LESS_THAN:
        op = "<";
        break;
      case LESS_THAN_OR_EQUAL:
        op = "<=";
        break;
      case GREATER_THAN:
        op = ">";
        break;
      default:
        op = ">=";
    }
    TypeKind x = a.kind();
    TypeKind y = b.kind();
    if (x == TypeKind.NULL || y == TypeKind.NULL) {
      return "false";
    }
    if ((isFloating(x) && y == TypeKind.DECIMAL) || (isFloating(y) && x == TypeKind.DECIMAL)) {
      return asDouble(a) + " " + op + " " + asDouble(b);
    }
    if (a.isBytes() && b.isBytes()) {
      if (kind == SqlKind.EQUALS) {
        return "Strings.equals(" + a.args() + ", " + b.args() + ")";
      }
      if (kind == SqlKind.NOT_EQUALS) {
        return "!Strings.equals(" + a.args() + ", " + b.args() + ")";
      }
      return "Strings.compare(" + a.args() + ", " + b.args() + ") " + op + " 0";
    }
    if (a.isBytes() || b.isBytes()) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Comparison of " + a.type + " with " + b.type + " is not supported yet");
    }
    if (x == TypeKind.BOOLEAN || y == TypeKind.BOOLEAN) {
      return "(" + a.value + " ? 1 : 0) " + op + " (" + b.value + " ? 1 : 0)";
    }
    if (isFloating(x) || isFloating(y)) {
      return asDouble(a) + " " + op + " " + asDouble(b);
    }
    if ((x == TypeKind.DECIMAL || y == TypeKind.DECIMAL) && scaleOf(a) != scaleOf(b)) {
      return "Decimals.compare(" + a.value + ", " + scaleOf(a) + ", " + b.value + ", " + scaleOf(b) + ") " + op + " 0";
    }
    String l = a.value;
    String r = b.value;
    if (x == TypeKind.DATE && y == TypeKind.TIMESTAMP) {
      l = "(" + l + " * DateTimes.MILLIS_PER_DAY)";
    } else if (x == TypeKind.TIMESTAMP && y == TypeKind.DATE) {
      r = "(" + r + " * DateTimes.MILLIS_PER_DAY)";
    }
    return l + " " + op + " " + r;
  }

  /** IS DISTINCT FROM ({@code distinct}) or IS NOT DISTINCT FROM: never null; two nulls are not distinct. */
  static Val distinct(ClassState state, boolean distinct, Val[] ops, DataType type, RelDataType rel, Body b) {
    String eq = compare(SqlKind.EQUALS, ops[0], ops[1]);
    String v = state.name("v");
    String a = ops[0].isNull;
    String c = ops[1].isNull;
    String test = "((" + a + ") || (" + c + ") ? (" + a + ") != (" + c + ") : !(" + eq + "))";
    b.add("boolean " + v + " = " + (distinct ? test : "!" + test) + ";");
    return new Val(type, rel, "false", v, null, null);
  }
}
