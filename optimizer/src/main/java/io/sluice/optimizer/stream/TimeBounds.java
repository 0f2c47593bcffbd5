package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.IntervalBound;
import io.sluice.catalog.stream.RowRelease;
import io.sluice.catalog.stream.Saturated;
import io.sluice.optimizer.physical.JoinTimeBound;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Derives from the condition of a join of two streams when each input's stored rows can no
 * longer match, so that the join can drop them.
 *
 * <p>The constant form is a bound {@code lower <= left.t - right.t <= upper} from the top-level
 * AND terms that compare a timestamp column of each side, each side plus or minus constant
 * day-time intervals ({@code a.ts BETWEEN b.ts - INTERVAL '5' SECOND AND b.ts},
 * {@code a.ts >= b.ts AND a.ts < b.ts + INTERVAL '1' MINUTE}, {@code a.window_end =
 * b.window_end}), and equi-keys on such columns, where both columns carry event time that the
 * watermark bounds ({@link EventTimeColumns}): rows of both inputs are released by their event
 * time, and the bound prunes candidate pairs.
 *
 * <p>Without it, each input may be released by a row bound: a term {@code other.t <= x + c} where
 * {@code other.t} is the other input's event time and {@code x} any timestamp column of the row
 * (Nexmark q4's {@code B.dateTime BETWEEN A.dateTime AND A.expires} releases an auction once the
 * watermark passes its {@code expires}, a bid once it passes the bid's {@code dateTime}).
 *
 * <p>A condition that releases one input's rows only ({@code a.ts >= b.ts}: an {@code a} row can
 * match no {@code b} row that comes after the watermark passes {@code a.ts}, but a {@code b} row
 * matches {@code a} rows however late) still bounds that input: the other input's rows are kept
 * for the whole query (their release is {@link Long#MAX_VALUE} after their time), for an inner
 * join, an outer join that preserves the released input, and a semi or anti join whose left
 * (emitted) input is the released one.
 */
public final class TimeBounds {
  private TimeBounds() {}

  /** The bound of the join, or null when it has none usable (the join then runs as a regular join). */
  public static JoinTimeBound tryDerive(JoinSpec join) {
    return analyze(join);
  }

  /** Bounds on {@code left column - right column}, gathered from every term that relates the two. */
  private static final class Range {
    long lower = Long.MIN_VALUE;
    long upper = Long.MAX_VALUE;

    void atLeast(long value) {
      lower = Math.max(lower, value);
    }

    void atMost(long value) {
      upper = Math.min(upper, value);
    }

    boolean empty() {
      return lower > upper;
    }
  }

  /** A row bound found for one input: release at {@code column + offset}; {@code eventTime} when the column is one. */
  private record Candidate(RowRelease release, boolean eventTime) {
    /** Prefers an event-time column (rows come nearly in its order: cheap to release), then the earlier release. */
    boolean betterThan(Candidate other) {
      if (other == null) {
        return true;
      }
      if (eventTime != other.eventTime) {
        return eventTime;
      }
      return release.column() == other.release.column() && release.offset() < other.release.offset();
    }
  }

  private static JoinTimeBound analyze(JoinSpec join) {
    int width = join.leftWidth();
    Map<Long, Range> ranges = new LinkedHashMap<>();
    int[] leftKeys = join.leftKeys();
    int[] rightKeys = join.rightKeys();
    for (int i = 0; i < leftKeys.length; i++) {
      if (isTimestamp(join.left().rowType().getFieldList().get(leftKeys[i]).getType().getSqlTypeName())) {
        Range range = ranges.computeIfAbsent(pair(leftKeys[i], rightKeys[i]), k -> new Range());
        range.atLeast(0);
        range.atMost(0);
      }
    }
    for (RexNode term : join.residualConjuncts()) {
      addComparison(term, width, ranges);
    }
    JoinTimeBound best = null;
    Candidate leftRows = null;
    Candidate rightRows = null;
    IntervalBound pruning = null;
    for (Map.Entry<Long, Range> e : ranges.entrySet()) {
      int leftColumn = (int) (e.getKey() >>> 32);
      int rightColumn = (int) (long) e.getKey();
      Range range = e.getValue();
      if (range.empty()) {
        continue; // no pair can match: any other bound will do
      }
      EventTimeColumns.TimeColumn leftTime = EventTimeColumns.trace(join.left(), leftColumn);
      EventTimeColumns.TimeColumn rightTime = EventTimeColumns.trace(join.right(), rightColumn);
      long leftLag = leftTime == null ? 0 : leftTime.lag();
      long rightLag = rightTime == null ? 0 : rightTime.lag();
      IntervalBound bound = new IntervalBound(leftColumn, rightColumn, range.lower, range.upper, leftLag, rightLag);
      // right.t <= left column - lower: a left row can match no right row once the watermark passes that
      if (range.lower != Long.MIN_VALUE && rightTime != null) {
        Candidate c = new Candidate(bound.leftRowRelease(), leftTime != null);
        leftRows = c.betterThan(leftRows) ? c : leftRows;
      }
      // left.t <= right column + upper: likewise for a right row
      if (range.upper != Long.MAX_VALUE && leftTime != null) {
        Candidate c = new Candidate(bound.rightRowRelease(), rightTime != null);
        rightRows = c.betterThan(rightRows) ? c : rightRows;
      }
      if (pruning == null) {
        pruning = bound;
      }
      if (leftTime == null || rightTime == null || !bound.closed()) {
        continue;
      }
      boolean window = leftTime.window() && rightTime.window() && range.lower == 0 && range.upper == 0;
      if (best == null || span(bound) < span(best.bound())) {
        best = derived(join, bound, bound.leftRowRelease(), bound.rightRowRelease(), window);
      }
    }
    if (best != null) {
      return best;
    }
    if (leftRows != null && rightRows != null) {
      return derived(join, pruning, leftRows.release(), rightRows.release(), false);
    }
    if (oneSidedAllowed(join.type(), leftRows != null, rightRows != null)) {
      // bounded on one side only: that side's rows go with the watermark, the other side's are kept
      RowRelease leftRelease = leftRows != null ? leftRows.release() : new RowRelease(pruning.leftTime(), Long.MAX_VALUE);
      RowRelease rightRelease = rightRows != null ? rightRows.release()
          : new RowRelease(pruning.rightTime(), Long.MAX_VALUE);
      return derived(join, pruning, leftRelease, rightRelease, false);
    }
    return null;
  }

  /**
   * Whether a join whose condition releases the rows of one input only may run as an interval
   * join that keeps the other input's rows for the whole query: an inner join, or an outer join
   * whose preserved input is the released one (its unmatched rows are emitted, padded, when they
   * go; a preserved input kept forever would never emit them, so such a join runs as a regular
   * join, whose changelog emits them at once). Spark's outer joins ask the same of their
   * condition.
   */
  private static boolean oneSidedAllowed(JoinRelType type, boolean leftReleased, boolean rightReleased) {
    if (leftReleased == rightReleased) {
      return false;
    }
    switch (type) {
      case INNER:
        return true;
      case LEFT:
        return leftReleased;
      case RIGHT:
        return rightReleased;
      case SEMI:
      case ANTI:
        return leftReleased; // an anti join emits a left row when it goes; a semi join keeps no left row forever
      default:
        return false;
    }
  }

  private static JoinTimeBound derived(JoinSpec join, IntervalBound bound, RowRelease leftRelease, RowRelease rightRelease,
      boolean window) {
    return new JoinTimeBound(bound, leftRelease, rightRelease, releaseText(join, leftRelease.column(), leftRelease),
        releaseText(join, join.leftWidth() + rightRelease.column(), rightRelease), window);
  }

  private static String releaseText(JoinSpec join, int pairColumn, RowRelease release) {
    long offset = release.offset();
    if (offset == Long.MAX_VALUE) {
      return null;
    }
    return join.qualifiedName(pairColumn) + (offset == 0 ? "" : (offset > 0 ? " + " : " - ") + Math.abs(offset)
        + " ms");
  }

  private static long span(IntervalBound bound) {
    return Saturated.add(Saturated.subtract(bound.upper(), bound.lower()),
        Saturated.add(bound.leftLag(), bound.rightLag()));
  }

  private static long pair(int leftColumn, int rightColumn) {
    return ((long) leftColumn << 32) | (rightColumn & 0xFFFFFFFFL);
  }

  /** Adds what a comparison {@code x op y} says about a left time minus a right time, if it says anything. */
  private static void addComparison(RexNode term, int width, Map<Long, Range> ranges) {
    SqlKind kind = term.getKind();
    if (!(term instanceof RexCall) || !isComparison(kind) || ((RexCall) term).getOperands().size() != 2) {
      return;
    }
    RexCall call = (RexCall) term;
    Linear x = Linear.of(call.getOperands().get(0));
    Linear y = Linear.of(call.getOperands().get(1));
    if (x == null || y == null) {
      return;
    }
    Linear difference = x.plus(y, -1);
    if (difference.terms.size() != 2) {
      return;
    }
    int leftColumn = difference.terms.firstKey();
    int rightColumn = difference.terms.lastKey();
    long leftFactor = difference.terms.get(leftColumn);
    long rightFactor = difference.terms.get(rightColumn);
    if (leftColumn >= width || rightColumn < width || Math.abs(leftFactor) != 1 || rightFactor != -leftFactor) {
      return;
    }
    // difference = s * (left - right) + c, and "difference op 0"
    long constant = difference.constant;
    if (leftFactor < 0) {
      kind = kind.reverse();
      constant = -constant;
    }
    // left - right op -constant
    long bound = -constant;
    Range range = ranges.computeIfAbsent(pair(leftColumn, rightColumn - width), k -> new Range());
    switch (kind) {
      case EQUALS:
        range.atLeast(bound);
        range.atMost(bound);
        break;
      case GREATER_THAN_OR_EQUAL:
        range.atLeast(bound);
        break;
      case GREATER_THAN:
        range.atLeast(Saturated.add(bound, 1));
        break;
      case LESS_THAN_OR_EQUAL:
        range.atMost(bound);
        break;
      case LESS_THAN:
        range.atMost(Saturated.subtract(bound, 1));
        break;
      default:
        break;
    }
  }

  private static boolean isComparison(SqlKind kind) {
    return kind == SqlKind.EQUALS || kind == SqlKind.LESS_THAN || kind == SqlKind.LESS_THAN_OR_EQUAL
        || kind == SqlKind.GREATER_THAN || kind == SqlKind.GREATER_THAN_OR_EQUAL;
  }

  private static boolean isTimestamp(SqlTypeName type) {
    return type == SqlTypeName.TIMESTAMP;
  }

  /**
   * A sum of timestamp columns of the pair row with integer factors plus a constant number of
   * milliseconds: what {@code ts + INTERVAL '5' SECOND - ...} denotes.
   */
  private static final class Linear {
    final TreeMap<Integer, Long> terms = new TreeMap<>();
    long constant;

    static Linear of(RexNode e) {
      switch (e.getKind()) {
        case INPUT_REF: {
          if (!isTimestamp(e.getType().getSqlTypeName())) {
            return null;
          }
          Linear l = new Linear();
          l.terms.put(((RexInputRef) e).getIndex(), 1L);
          return l;
        }
        case LITERAL: {
          RexLiteral literal = (RexLiteral) e;
          if (literal.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME
              || literal.isNull()) {
            return null;
          }
          BigDecimal millis = literal.getValueAs(BigDecimal.class);
          if (millis == null || millis.stripTrailingZeros().scale() > 0) {
            return null;
          }
          Linear l = new Linear();
          try {
            l.constant = millis.longValueExact();
          } catch (ArithmeticException tooLarge) {
            return null;
          }
          return l;
        }
        case PLUS:
        case MINUS: {
          List<RexNode> operands = ((RexCall) e).getOperands();
          if (operands.size() != 2) {
            return null;
          }
          Linear a = of(operands.get(0));
          Linear b = of(operands.get(1));
          return a == null || b == null ? null : a.plus(b, e.getKind() == SqlKind.PLUS ? 1 : -1);
        }
        case MINUS_PREFIX: {
          Linear a = of(((RexCall) e).getOperands().get(0));
          return a == null ? null : new Linear().plus(a, -1);
        }
        case CAST: {
          // only casts that change nullability: a change of precision would change the values
          RexNode operand = ((RexCall) e).getOperands().get(0);
          boolean same = operand.getType().getSqlTypeName() == e.getType().getSqlTypeName()
              && operand.getType().getPrecision() == e.getType().getPrecision()
              && operand.getType().getScale() == e.getType().getScale();
          return same ? of(operand) : null;
        }
        default:
          return null;
      }
    }

    /** {@code this + factor * other}, as a new form. */
    Linear plus(Linear other, long factor) {
      Linear sum = new Linear();
      sum.terms.putAll(terms);
      sum.constant = Saturated.add(constant, factor * other.constant);
      for (Map.Entry<Integer, Long> t : other.terms.entrySet()) {
        long value = sum.terms.getOrDefault(t.getKey(), 0L) + factor * t.getValue();
        if (value == 0) {
          sum.terms.remove(t.getKey());
        } else {
          sum.terms.put(t.getKey(), value);
        }
      }
      return sum;
    }
  }
}
