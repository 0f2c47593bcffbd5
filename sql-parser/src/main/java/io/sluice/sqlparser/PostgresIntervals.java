package io.sluice.sqlparser;

import java.math.BigInteger;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIntervalLiteral;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;

/**
 * Gives interval literals written as PostgreSQL writes them ({@code INTERVAL '1 year 2 months'},
 * {@code INTERVAL '3 days 04:05:06'}, {@code INTERVAL '90 minutes ago'}) their value, as Calcite
 * literals of Sluice's two interval types, so that they cost nothing over {@code INTERVAL '1' DAY}.
 *
 * <p>PostgreSQL keeps one interval type of months, days and microseconds; Sluice keeps Calcite's two:
 * year-month (months) and day-time (milliseconds, a day being 24 hours as it is in UTC). A literal of
 * months only becomes a year-month literal, one of days and time only a day-time literal (below the
 * millisecond it is cut, as Sluice's timestamps are). A literal that mixes months with days or time
 * is kept where PostgreSQL's meaning can be kept exactly: added to or subtracted from a value
 * ({@code ts + INTERVAL '1 month 2 days'}), it becomes {@code (ts + INTERVAL '1' MONTH) + INTERVAL
 * '2' DAY}, which is how PostgreSQL adds it (months first, a day past the month's end falling back to
 * its last day, then days, then time). Elsewhere it is refused, naming the literal: such a value has
 * no Sluice type yet.
 */
final class PostgresIntervals {
  private final SoftKeywords.Result rewritten;
  private final SqlSpan span;

  private PostgresIntervals(SoftKeywords.Result rewritten, SqlSpan span) {
    this.rewritten = rewritten;
    this.span = span;
  }

  /** The tree with PostgreSQL interval literals replaced; the tree itself when the span has none. */
  static SqlNode rewrite(SqlNode parsed, SqlSpan span, SoftKeywords.Result rewritten) {
    if (rewritten.bareIntervals() == 0) {
      return parsed;
    }
    return new PostgresIntervals(rewritten, span).node(parsed);
  }

  private SqlNode node(SqlNode node) {
    if (node instanceof SqlIntervalLiteral && isBare((SqlLiteral) node)) {
      PostgresIntervalText.Value value = value((SqlIntervalLiteral) node);
      if (value.hasMonths() && value.hasDayTime()) {
        throw error(node, InvalidTextError.Kind.UNSUPPORTED_INTERVAL, "the interval '" + text((SqlIntervalLiteral) node)
            + "' holds months and also days or time, which Sluice keeps only added to or subtracted from a date or"
            + " timestamp (ts + INTERVAL '1 month 2 days'); elsewhere write it as two intervals, INTERVAL '"
            + value.months() + "' MONTH and one of days and time");
      }
      return value.hasMonths() ? months(value.months(), node.getParserPosition())
          : dayTime(value, node.getParserPosition());
    }
    if (node instanceof SqlNodeList) {
      SqlNodeList list = (SqlNodeList) node;
      for (int i = 0; i < list.size(); i++) {
        SqlNode item = list.get(i);
        if (item != null) {
          SqlNode replaced = node(item);
          if (replaced != item) {
            list.set(i, replaced);
          }
        }
      }
      return list;
    }
    if (node instanceof SqlCall) {
      SqlCall call = (SqlCall) node;
      SqlNode mixed = mixedSum(call);
      if (mixed != null) {
        return mixed;
      }
      for (int i = 0; i < call.operandCount(); i++) {
        SqlNode operand = call.operand(i);
        if (operand != null) {
          SqlNode replaced = node(operand);
          if (replaced != operand) {
            call.setOperand(i, replaced);
          }
        }
      }
    }
    return node;
  }

  /**
   * {@code a + mixed}, {@code mixed + a} or {@code a - mixed} as {@code (a ± months) ± day-time}; null
   * when the call is none of these.
   */
  private SqlNode mixedSum(SqlCall call) {
    if (call.getKind() != SqlKind.PLUS && call.getKind() != SqlKind.MINUS || call.operandCount() != 2) {
      return null;
    }
    boolean plus = call.getKind() == SqlKind.PLUS;
    int side = mixedOperand(call.operand(1)) ? 1 : plus && mixedOperand(call.operand(0)) ? 0 : -1;
    if (side < 0) {
      return null;
    }
    SqlIntervalLiteral literal = call.operand(side);
    PostgresIntervalText.Value value = value(literal);
    SqlNode other = node(call.operand(1 - side));
    SqlParserPos pos = call.getParserPosition();
    SqlNode withMonths = (plus ? SqlStdOperatorTable.PLUS : SqlStdOperatorTable.MINUS)
        .createCall(pos, other, months(value.months(), literal.getParserPosition()));
    return (plus ? SqlStdOperatorTable.PLUS : SqlStdOperatorTable.MINUS)
        .createCall(pos, withMonths, dayTime(value, literal.getParserPosition()));
  }

  private boolean mixedOperand(SqlNode node) {
    if (!(node instanceof SqlIntervalLiteral) || !isBare((SqlLiteral) node)) {
      return false;
    }
    PostgresIntervalText.Value value = value((SqlIntervalLiteral) node);
    return value.hasMonths() && value.hasDayTime();
  }

  private boolean isBare(SqlLiteral literal) {
    SqlParserPos pos = literal.getParserPosition();
    return rewritten.isBareInterval(pos.getLineNum(), pos.getColumnNum());
  }

  private PostgresIntervalText.Value value(SqlIntervalLiteral literal) {
    try {
      PostgresIntervalText.Value value = PostgresIntervalText.parse(text(literal));
      int sign = ((SqlIntervalLiteral.IntervalValue) literal.getValue()).getSign();
      return sign >= 0 ? value : new PostgresIntervalText.Value(-value.months(), -value.days(), -value.micros());
    } catch (PostgresIntervalText.BadInterval e) {
      throw error(literal, InvalidTextError.Kind.INVALID_DATETIME_FORMAT, e.getMessage());
    }
  }

  private static String text(SqlIntervalLiteral literal) {
    return ((SqlIntervalLiteral.IntervalValue) literal.getValue()).getIntervalLiteral();
  }

  /** A YEAR TO MONTH literal of {@code months}. */
  private static SqlNode months(long months, SqlParserPos pos) {
    long magnitude = Math.abs(months);
    String years = Long.toString(magnitude / 12);
    SqlIntervalQualifier qualifier = new SqlIntervalQualifier(TimeUnit.YEAR, precision(years),
        TimeUnit.MONTH, -1, pos);
    return SqlLiteral.createInterval(months < 0 ? -1 : 1, years + "-" + magnitude % 12, qualifier, pos);
  }

  /** A DAY TO SECOND literal of the value's days and time, to the millisecond. */
  private SqlNode dayTime(PostgresIntervalText.Value value, SqlParserPos pos) {
    BigInteger millis = BigInteger.valueOf(value.days()).multiply(BigInteger.valueOf(86_400_000L))
        .add(BigInteger.valueOf(value.micros() / 1000));
    if (millis.bitLength() > 62) {
      throw new IllegalStateException("unreachable: days and microseconds are bounded by the parser");
    }
    long total = millis.longValue();
    long magnitude = Math.abs(total);
    long days = magnitude / 86_400_000L;
    long rest = magnitude % 86_400_000L;
    String text = String.format(java.util.Locale.ROOT, "%d %02d:%02d:%02d.%03d", days, rest / 3_600_000L,
        rest / 60_000L % 60, rest / 1000 % 60, rest % 1000);
    SqlIntervalQualifier qualifier = new SqlIntervalQualifier(TimeUnit.DAY, precision(Long.toString(days)),
        TimeUnit.SECOND, -1, pos);
    return SqlLiteral.createInterval(total < 0 ? -1 : 1, text, qualifier, pos);
  }

  /**
   * The leading field's precision: the default (two digits) where it suffices, so that the literal's
   * type is the one {@code INTERVAL '1' DAY} has (Calcite's validator fails on a comparison of two
   * interval types that differ only in precision).
   */
  private static int precision(String leadingDigits) {
    return leadingDigits.length() <= 2 ? -1 : leadingDigits.length();
  }

  private InvalidTextError error(SqlNode node, InvalidTextError.Kind kind, String problem) {
    SqlParserPos pos = node.getParserPosition();
    int[] outer = pos.getLineNum() > 0 ? span.toOuterPosition(pos.getLineNum(), pos.getColumnNum())
        : new int[] {span.line(), span.column()};
    return new InvalidTextError(kind, outer[0], outer[1], problem);
  }
}
