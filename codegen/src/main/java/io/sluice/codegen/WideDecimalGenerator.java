package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.checkIntegral;
import static io.sluice.codegen.TypeCode.isFloating;
import static io.sluice.codegen.TypeCode.scaleOf;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.WideDecimal;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.sql.SqlKind;

/**
 * Code for DECIMAL values wider than 18 digits (stored as {@link WideDecimal} bytes): arithmetic,
 * casts and the alignment that lets comparisons compare bytes. Every operand enters the run-time
 * helpers ({@code WideDecimals}) as the two halves of its 128-bit unscaled value, so a narrow
 * decimal or an integer mixes with a wide one without a conversion step; a wide result is
 * written into a 16-byte buffer owned by the expression and reused for every row.
 */
final class WideDecimalGenerator {
  private final ClassState state;
  private final Results results;

  WideDecimalGenerator(ClassState state, Results results) {
    this.state = state;
    this.results = results;
  }

  static boolean isWide(Val v) {
    return v.type.isWideDecimal();
  }

  /** The high and low halves of an exact number's unscaled value, as two Java arguments. */
  static String halves(Val v) {
    if (isWide(v)) {
      return "WideDecimal.high(" + v.value + ", " + v.offset + "), WideDecimal.low(" + v.value + ", " + v.offset + ")";
    }
    return "(" + v.value + " >> 63), " + v.value;
  }

  private String register() {
    return state.field("r", "Int128", "new Int128()");
  }

  /** A wide result that {@code call} (a statement writing into {@code buffer}) computes. */
  Val wideResult(Body b, DataType type, RelDataType rel, String call, String buffer, Val... args) {
    return results.strictBytes(b, type, rel, args, (v, o, l) ->
        call + "; " + v + " = " + buffer + "; " + o + " = 0; " + l + " = " + WideDecimal.BYTES + ";");
  }

  /** A 16-byte buffer owned by one expression, reused for every row. */
  String buffer() {
    return state.field("w", "byte[]", "new byte[" + WideDecimal.BYTES + "]");
  }

  /** +, -, *, / or MOD where an operand or the result is a wide DECIMAL. */
  Val arithmetic(SqlKind kind, Val a, Val c, DataType type, RelDataType rel, Body b) {
    if (isFloating(a.kind()) || isFloating(c.kind())) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "DECIMAL arithmetic on floating-point operands is not supported yet");
    }
    if (!type.isWideDecimal()) {
      // a narrower result (an integer or a short DECIMAL) from wide operands: compute wide, then cast
      DataType wide = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, Math.max(scaleOf(a), scaleOf(c)));
      return cast(b, arithmetic(kind, a, c, wide, null, b), type, rel);
    }
    String f = ArithmeticGenerator.decimalHelper(kind);
    String buffer = buffer();
    String registerArgument = kind == SqlKind.MOD ? "" : register() + ", ";
    String call = "WideDecimals." + f + "(" + registerArgument + halves(a) + ", " + scaleOf(a) + ", " + halves(c)
        + ", " + scaleOf(c) + ", " + type.scale() + ", " + type.precision() + ", " + buffer + ")";
    return wideResult(b, type, rel, call, buffer, a, c);
  }

  Val negate(Val a, DataType type, RelDataType rel, Body b) {
    String buffer = buffer();
    String call = "WideDecimals.subtract(" + register() + ", 0L, 0L, 0, " + halves(a) + ", " + scaleOf(a) + ", "
        + type.scale() + ", " + type.precision() + ", " + buffer + ")";
    return wideResult(b, type, rel, call, buffer, a);
  }

  /**
   * CAST where the source or the target is a wide DECIMAL (to text: {@link CastGenerator} calls
   * {@link #format}).
   */
  Val cast(Body b, Val a, DataType to, RelDataType rel) {
    TypeKind f = a.kind();
    if (to.isWideDecimal()) {
      String buffer = buffer();
      String call;
      if (f.isIntegral() || f == TypeKind.DECIMAL) {
        call = "WideDecimals.rescale(" + register() + ", " + halves(a) + ", " + scaleOf(a) + ", " + to.scale()
            + ", " + to.precision() + ", " + buffer + ")";
      } else if (isFloating(f)) {
        call = "WideDecimals.fromDouble(" + a.value + ", " + to.scale() + ", " + to.precision() + ", " + buffer + ")";
      } else if (a.isBytes()) {
        call = "WideDecimals.parse(" + register() + ", " + a.args() + ", " + to.scale() + ", " + to.precision() + ", " + buffer + ")";
      } else {
        throw unsupported(a, to);
      }
      return wideResult(b, to, rel, call, buffer, a);
    }
    String e;
    TypeKind t = to.kind();
    if (t == TypeKind.DECIMAL) {
      e = "WideDecimals.toNarrow(" + register() + ", " + halves(a) + ", " + a.type.scale() + ", " + to.scale()
          + ", " + to.precision() + ")";
    } else if (t.isIntegral()) {
      e = checkIntegral(t, "WideDecimals.toLong(" + register() + ", " + halves(a) + ", " + a.type.scale() + ")");
    } else if (isFloating(t)) {
      e = "WideDecimals.toDouble(" + halves(a) + ", " + a.type.scale() + ")";
      if (t == TypeKind.REAL) {
        e = "Arith.toReal(" + e + ")";
      }
    } else {
      throw unsupported(a, to);
    }
    return results.strict(b, to, rel, e, a);
  }

  /** FLOOR or CEIL ({@code function}, a {@code WideDecimals} constant) of a wide decimal, then cast to the call's type. */
  Val floorCeil(String function, Val a, DataType type, RelDataType rel, Body b) {
    int resultScale = type.kind() == TypeKind.DECIMAL ? type.scale() : 0;
    DataType wide = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, resultScale);
    String buffer = buffer();
    String call = "WideDecimals.unary(WideDecimals." + function + ", " + halves(a) + ", " + a.type.scale() + ", 0L, "
        + resultScale + ", " + DataType.MAX_DECIMAL_PRECISION + ", " + buffer + ")";
    return cast(b, wideResult(b, wide, null, call, buffer, a), type, rel);
  }

  /** The expression that writes a wide decimal's text into {@code scratch} and returns its length. */
  static String format(Val a, String scratch) {
    return "WideDecimals.format(" + halves(a) + ", " + a.type.scale() + ", " + scratch + ")";
  }

  /**
   * Two exact numbers of which one is a wide DECIMAL, both brought to DECIMAL(38, s) with the
   * larger scale s, so that comparing their bytes compares the numbers.
   */
  Val[] align(Body b, Val x, Val y) {
    DataType common = DataType.decimal(DataType.MAX_DECIMAL_PRECISION, Math.max(scaleOf(x), scaleOf(y)));
    return new Val[] {alignOne(b, x, common), alignOne(b, y, common)};
  }

  private Val alignOne(Body b, Val v, DataType common) {
    if (isWide(v) && v.type.scale() == common.scale()) {
      return v;
    }
    return cast(b, v, common.withNullable(v.type.nullable()), v.rel);
  }

  /** Whether a comparison of {@code x} and {@code y} needs {@link #align}. */
  static boolean needsAlignment(Val x, Val y) {
    boolean exact = (x.kind() == TypeKind.DECIMAL || x.kind().isIntegral())
        && (y.kind() == TypeKind.DECIMAL || y.kind().isIntegral());
    return exact && (isWide(x) || isWide(y)) && !(isWide(x) && isWide(y) && x.type.scale() == y.type.scale());
  }

  private static SluiceException unsupported(Val a, DataType to) {
    return new SluiceException(ErrorCode.UNSUPPORTED, "CAST from " + a.type.sql() + " to " + to.sql()
        + " is not supported yet");
  }
}
