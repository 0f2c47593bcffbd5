package io.sluice.codegen;

import static io.sluice.codegen.TypeCode.isDatetime;
import static io.sluice.codegen.TypeCode.isInterval;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.sql.SqlKind;

/** Dates, times and intervals: EXTRACT, FLOOR/CEIL to a unit, and date/time arithmetic. */
final class DateTimeGenerator {
  private final ExpressionGenerator expressions;
  private final Results results;

  DateTimeGenerator(ExpressionGenerator expressions) {
    this.expressions = expressions;
    this.results = expressions.results;
  }

  /**
   * CURRENT_TIMESTAMP and its kin: fields of the generated class, set from the query context; null
   * for other names. NOW() is PostgreSQL's spelling of CURRENT_TIMESTAMP and the same value: the
   * statement's start, never the clock per row.
   */
  static Val currentTime(String name, DataType type, RelDataType rel) {
    switch (name) {
      case "CURRENT_TIMESTAMP":
      case "NOW":
        return new Val(type, rel, "false", "currentTimestamp", null, null);
      case "LOCALTIMESTAMP":
        return new Val(type, rel, "false", "localTimestamp", null, null);
      case "CURRENT_DATE":
        return new Val(type, rel, "false", "currentDate", null, null);
      case "CURRENT_TIME":
      case "LOCALTIME":
        return new Val(type, rel, "false", "currentTime", null, null);
      default:
        return null;
    }
  }

  private static String unit(TimeUnitRange range) {
    switch (range) {
      case YEAR:
      case QUARTER:
      case MONTH:
      case WEEK:
      case DAY:
      case HOUR:
      case MINUTE:
      case SECOND:
      case MILLISECOND:
      case MICROSECOND:
      case DOW:
      case ISODOW:
      case DOY:
      case EPOCH:
      case DECADE:
      case CENTURY:
      case MILLENNIUM:
      case ISOYEAR:
        return "DateTimes." + range.name();
      default:
        throw TypeCode.unsupported("EXTRACT/FLOOR/CEIL with unit " + range);
    }
  }

  Val extract(RexCall call, DataType type, RelDataType rel, Body b) {
    TimeUnitRange range = ((RexLiteral) call.getOperands().get(0)).getValueAs(TimeUnitRange.class);
    Val a = expressions.operands(call.getOperands().subList(1, 2), b)[0];
    String u = unit(range);
    String e;
    switch (a.kind()) {
      case DATE:
        e = "DateTimes.extractFromDate(" + u + ", " + a.value + ")";
        break;
      case TIMESTAMP:
        e = "DateTimes.extractFromTimestamp(" + u + ", " + a.value + ")";
        break;
      case TIME:
        e = "DateTimes.extractFromTime(" + u + ", " + a.value + ")";
        break;
      case INTERVAL_YEAR_MONTH:
        e = "DateTimes.extractFromMonths(" + u + ", " + a.value + ")";
        break;
      case INTERVAL_DAY_TIME:
        e = "DateTimes.extractFromMillis(" + u + ", " + a.value + ")";
        break;
      case NULL:
        return Results.nullOf(type, rel);
      default:
        throw TypeCode.unsupported("EXTRACT from " + a.type);
    }
    if (range == TimeUnitRange.EPOCH && type.kind() == TypeKind.DECIMAL
        && (a.kind() == TypeKind.TIMESTAMP || a.kind() == TypeKind.TIME)) {
      // PostgreSQL's epoch keeps the fraction: the value's milliseconds are a DECIMAL of scale 3
      Val millis = results.strict(b, DataType.decimal(18, 3), rel, a.value, a);
      return expressions.casts.cast(b, millis, type, rel);
    }
    if (range == TimeUnitRange.SECOND && type.kind() == TypeKind.DECIMAL) {
      // PostgreSQL's seconds keep the fraction: the milliseconds within the minute, a DECIMAL of scale 3
      // (an interval's keep its sign, as there)
      String millis = a.kind() == TypeKind.TIMESTAMP ? "Math.floorMod(" + a.value + ", 60000L)"
          : "(" + a.value + " % 60000L)";
      return expressions.casts.cast(b, results.strict(b, DataType.decimal(18, 3), rel, millis, a), type, rel);
    }
    Val v = results.strict(b, DataType.of(TypeKind.BIGINT), rel, e, a);
    return type.kind() == TypeKind.BIGINT ? v : expressions.casts.cast(b, v, type, rel);
  }

  /** FLOOR or CEIL of a date, time or timestamp to a unit: {@code FLOOR(ts TO HOUR)}. */
  Val floorCeil(RexCall call, boolean floor, DataType type, RelDataType rel, Body b) {
    TimeUnitRange range = ((RexLiteral) call.getOperands().get(1)).getValueAs(TimeUnitRange.class);
    Val a = expressions.operands(call.getOperands().subList(0, 1), b)[0];
    String u = unit(range);
    String f = floor ? "floor" : "ceil";
    switch (a.kind()) {
      case DATE:
        return results.strict(b, type, rel, "DateTimes." + f + "Date(" + a.value + ", " + u + ")", a);
      case TIMESTAMP:
        return results.strict(b, type, rel, "DateTimes." + f + "Timestamp(" + a.value + ", " + u + ")", a);
      case TIME:
        if (floor) {
          return results.strict(b, type, rel, "DateTimes.floorTime(" + a.value + ", " + u + ")", a);
        }
        throw TypeCode.unsupported("CEIL of TIME");
      default:
        throw TypeCode.unsupported((floor ? "FLOOR" : "CEIL") + " of " + a.type + " to a unit");
    }
  }

  /** Date/time minus date/time (an interval), or date/time plus or minus an interval. */
  Val datetimeArithmetic(SqlKind kind, Val a, Val c, DataType type, RelDataType rel, Body b) {
    TypeKind x = a.kind();
    TypeKind y = c.kind();
    if (isDatetime(x) && isDatetime(y) && kind == SqlKind.MINUS) {
      // MINUS_DATE: the difference as an interval
      String p = x == TypeKind.DATE ? "(" + a.value + " * DateTimes.MILLIS_PER_DAY)" : a.value;
      String q = y == TypeKind.DATE ? "(" + c.value + " * DateTimes.MILLIS_PER_DAY)" : c.value;
      if (type.kind() == TypeKind.INTERVAL_YEAR_MONTH) {
        return results.strict(b, type, rel, "DateTimes.monthsBetweenTimestamps(" + p + ", " + q + ")", a, c);
      }
      return results.strict(b, type, rel, "Arith.subLong(" + p + ", " + q + ")", a, c);
    }
    Val dt = isDatetime(x) ? a : c;
    Val interval = dt == a ? c : a;
    if (!isInterval(interval.kind()) || (kind != SqlKind.PLUS && kind != SqlKind.MINUS)
        || (kind == SqlKind.MINUS && dt != a)) {
      throw TypeCode.unsupported(kind + " on " + a.type + " and " + c.type);
    }
    String amount = kind == SqlKind.MINUS ? "Arith.negLong(" + interval.value + ")" : interval.value;
    String e;
    boolean months = interval.kind() == TypeKind.INTERVAL_YEAR_MONTH;
    switch (dt.kind()) {
      case DATE:
        e = months ? "DateTimes.addMonthsToDate(" + dt.value + ", " + amount + ")"
            : "DateTimes.addMillisToDate(" + dt.value + ", " + amount + ")";
        break;
      case TIMESTAMP:
        e = months ? "DateTimes.addMonthsToTimestamp(" + dt.value + ", " + amount + ")"
            : "Arith.addLong(" + dt.value + ", " + amount + ")";
        break;
      default:
        e = months ? dt.value : "DateTimes.addMillisToTime(" + dt.value + ", " + amount + ")";
    }
    Val v = results.strict(b, dt.type, rel, e, a, c);
    return v.type.kind() == type.kind() ? v : expressions.casts.cast(b, v, type, rel);
  }
}
