package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.scaleOfType;
import static io.sluice.codegen.TypeCode.typeOf;

import com.google.common.collect.Range;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
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
 * SEARCH (Calcite's form of IN lists and ranges): a list of points becomes one sorted constant
 * array searched per row; any other search is expanded into comparisons.
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
    if (sarg != null && (sarg.isPoints() || sarg.isComplementedPoints()) && sarg.pointCount > 1) {
      boolean complement = !sarg.isPoints();
      com.google.common.collect.RangeSet set = complement ? sarg.rangeSet.complement() : sarg.rangeSet;
      Object points = points(set.asRanges(), t);
      if (points != null) {
        Val a = expressions.operands(List.of(operand), b)[0];
        String test;
        if (a.isBytes()) {
          String c = state.constant("byte[][]", points, "(byte[][]) #");
          test = "Strings.in(" + c + ", " + a.args() + ")";
        } else {
          String c = state.constant("long[]", points, "(long[]) #");
          test = "java.util.Arrays.binarySearch(" + c + ", " + a.value + ") >= 0";
        }
        if (complement) {
          test = "!(" + test + ")";
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

  /** Sorted internal values of point ranges, or null when they are not simple to convert. */
  private static Object points(java.util.Set<Range<?>> ranges, DataType t) {
    List<Object> values = new ArrayList<>();
    for (Range<?> r : ranges) {
      if (!r.hasLowerBound() || !r.hasUpperBound() || !r.lowerEndpoint().equals(r.upperEndpoint())) {
        return null;
      }
      values.add(r.lowerEndpoint());
    }
    if (t.physical() == TypeKind.PhysicalKind.BYTES) {
      byte[][] out = new byte[values.size()][];
      for (int i = 0; i < out.length; i++) {
        if (!(values.get(i) instanceof NlsString)) {
          return null;
        }
        out[i] = ((NlsString) values.get(i)).getValue().getBytes(StandardCharsets.UTF_8);
      }
      Arrays.sort(out, Arrays::compareUnsigned);
      return out;
    }
    if (t.physical() != TypeKind.PhysicalKind.LONG) {
      return null;
    }
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = values.get(i);
      if (v instanceof BigDecimal && (t.kind().isIntegral() || t.kind() == TypeKind.DECIMAL)) {
        BigDecimal d = ((BigDecimal) v).movePointRight(scaleOfType(t));
        if (d.stripTrailingZeros().scale() > 0) {
          return null;
        }
        out[i] = d.longValueExact();
      } else if (v instanceof DateString && t.kind() == TypeKind.DATE) {
        out[i] = ((DateString) v).getDaysSinceEpoch();
      } else if (v instanceof TimestampString && t.kind() == TypeKind.TIMESTAMP) {
        out[i] = ((TimestampString) v).getMillisSinceEpoch();
      } else if (v instanceof TimeString && t.kind() == TypeKind.TIME) {
        out[i] = ((TimeString) v).getMillisOfDay();
      } else {
        return null;
      }
    }
    Arrays.sort(out);
    return out;
  }
}
