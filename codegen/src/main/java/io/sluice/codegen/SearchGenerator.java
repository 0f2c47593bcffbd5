package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.scaleOfType;
import static io.sluice.codegen.TypeCode.typeOf;

import com.google.common.collect.Range;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.WideDecimal;
import io.sluice.runtime.function.ValueSet;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUnknownAs;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.util.DateString;
import org.apache.calcite.util.NlsString;
import org.apache.calcite.util.Sarg;
import org.apache.calcite.util.TimeString;
import org.apache.calcite.util.TimestampString;

/**
 * SEARCH (Calcite's form of IN lists and ranges): a list of points (IN) or of all values but some
 * points (NOT IN) becomes one constant {@link ValueSet} looked up per row; any other search is
 * expanded into comparisons.
 */
final class SearchGenerator {
  private final ExpressionGenerator expressions;
  private final ClassState state;

  SearchGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.state = expressions.state;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  Val search(RexCall call, Body b) {
    RexNode operand = call.getOperands().get(0);
    RexLiteral literal = (RexLiteral) call.getOperands().get(1);
    Sarg sarg = literal.getValue() instanceof Sarg ? (Sarg) literal.getValue() : null;
    DataType t = typeOf(operand.getType());
    if (sarg != null && (sarg.isPoints() || sarg.isComplementedPoints())) {
      // a NOT IN list is the complement of its points: its own point count is 0
      boolean complement = !sarg.isPoints();
      com.google.common.collect.RangeSet set = complement ? sarg.rangeSet.complement() : sarg.rangeSet;
      Object points = set.asRanges().size() > 1 ? points(set.asRanges(), t) : null;
      if (points != null) {
        Val a = expressions.operands(List.of(operand), b)[0];
        String values = state.constant("ValueSet", points, "(ValueSet) #");
        String test = a.isBytes() ? values + ".contains(" + a.args() + ")" : values + ".contains(" + a.value + ")";
        if (complement) {
          test = "!" + test;
        }
        DataType bool = typeOf(call.getType());
        Val v = expressions.results.strict(b, bool, call.getType(), test, a);
        RexUnknownAs nullAs = sarg.nullAs;
        if (v.neverNull() || nullAs == RexUnknownAs.UNKNOWN) {
          return v;
        }
        String r = state.name("v");
        b.add("boolean " + r + " = " + v.isNull + " ? " + (nullAs == RexUnknownAs.TRUE) + " : " + v.value + ";");
        return new Val(bool, call.getType(), "false", r, null, null);
      }
    }
    return expressions.gen(RexUtil.expandSearch(expressions.rexBuilder, null, call), b);
  }

  /** The set of the point ranges' values in their run-time form, or null when one does not convert. */
  private static ValueSet points(java.util.Set<Range<?>> ranges, DataType t) {
    List<Object> values = new ArrayList<>();
    for (Range<?> r : ranges) {
      if (!r.hasLowerBound() || !r.hasUpperBound() || !r.lowerEndpoint().equals(r.upperEndpoint())) {
        return null;
      }
      values.add(r.lowerEndpoint());
    }
    return valueSet(runtimeValues(values, t));
  }

  /** The set of {@code values} as {@link #runtimeValues} gives them, or null for null. */
  static ValueSet valueSet(Object values) {
    if (values instanceof byte[][]) {
      return ValueSet.ofTexts((byte[][]) values);
    } else if (values instanceof double[]) {
      return ValueSet.ofDoubles((double[]) values);
    } else if (values instanceof long[]) {
      return ValueSet.ofLongs((long[]) values);
    }
    return null;
  }

  /**
   * Literal values (as Calcite holds them: BigDecimal, NlsString, DateString, ...) in the run-time
   * form of type {@code t}: a {@code long[]}, {@code double[]} or {@code byte[][]}, or null when one
   * does not convert.
   */
  static Object runtimeValues(List<Object> values, DataType t) {
    switch (t.physical()) {
      case BYTES: {
        if (t.isWideDecimal()) {
          return wideDecimals(values, t) ? wideDecimalBytes(values, t) : null;
        }
        byte[][] out = new byte[values.size()][];
        for (int i = 0; i < out.length; i++) {
          if (!(values.get(i) instanceof NlsString)) {
            return null;
          }
          out[i] = ((NlsString) values.get(i)).getValue().getBytes(StandardCharsets.UTF_8);
        }
        return out;
      }
      case DOUBLE: {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
          if (!(values.get(i) instanceof Number)) {
            return null;
          }
          out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
      }
      case LONG: {
        long[] out = new long[values.size()];
        for (int i = 0; i < out.length; i++) {
          Long v = longValue(values.get(i), t);
          if (v == null) {
            return null;
          }
          out[i] = v;
        }
        return out;
      }
      default:
        return null;
    }
  }

  private static boolean wideDecimals(List<Object> values, DataType t) {
    for (Object v : values) {
      if (!(v instanceof BigDecimal) || ((BigDecimal) v).movePointRight(t.scale()).stripTrailingZeros().scale() > 0) {
        return false;
      }
    }
    return true;
  }

  /** The points of a DECIMAL wider than 18 digits in their stored form ({@link WideDecimal}). */
  private static byte[][] wideDecimalBytes(List<Object> values, DataType t) {
    byte[][] out = new byte[values.size()][];
    for (int i = 0; i < out.length; i++) {
      java.math.BigInteger unscaled = ((BigDecimal) values.get(i)).movePointRight(t.scale()).toBigIntegerExact();
      out[i] = new byte[WideDecimal.BYTES];
      WideDecimal.write(unscaled.shiftRight(64).longValue(), unscaled.longValue(), out[i], 0);
    }
    return out;
  }

  /** A point's value as the column's long form, or null when it has none. */
  private static Long longValue(Object v, DataType t) {
    if (v instanceof BigDecimal && (t.kind().isIntegral() || t.kind() == TypeKind.DECIMAL)) {
      BigDecimal d = ((BigDecimal) v).movePointRight(scaleOfType(t));
      if (d.stripTrailingZeros().scale() > 0 || d.abs().compareTo(LONG_RANGE) > 0) {
        return null;
      }
      return d.longValueExact();
    } else if (v instanceof DateString && t.kind() == TypeKind.DATE) {
      return (long) ((DateString) v).getDaysSinceEpoch();
    } else if (v instanceof TimestampString && t.kind() == TypeKind.TIMESTAMP) {
      return ((TimestampString) v).getMillisSinceEpoch();
    } else if (v instanceof TimeString && t.kind() == TypeKind.TIME) {
      return (long) ((TimeString) v).getMillisOfDay();
    }
    return null;
  }

  private static final BigDecimal LONG_RANGE = BigDecimal.valueOf(Long.MAX_VALUE);
}
