package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.optimizer.analysis.TypeMapping;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlTrimFunction;

/**
 * A slow, direct interpreter of RexNodes over boxed values, the oracle of the differential test.
 * Values: Long (integers, intervals), BigDecimal (DECIMAL, at its scale), Double, Boolean,
 * String, LocalDate, LocalTime, LocalDateTime; null is SQL NULL. It uses BigDecimal, java.time
 * and java.lang.String rather than anything from the runtime package under test.
 */
final class ReferenceEvaluator {
  private final RexBuilder rexBuilder;
  private final long nowMillis;

  ReferenceEvaluator(RexBuilder rexBuilder, long nowMillis) {
    this.rexBuilder = rexBuilder;
    this.nowMillis = nowMillis;
  }

  static DataType type(RelDataType t) {
    return TypeMapping.toDataType(t);
  }

  static SluiceException error(ErrorCode code) {
    return new SluiceException(code, code.name());
  }

  Object eval(RexNode node, Object[] row) {
    if (node instanceof RexInputRef) {
      return row[((RexInputRef) node).getIndex()];
    }
    if (node instanceof RexLiteral) {
      return literal((RexLiteral) node);
    }
    return call((RexCall) node, row);
  }

  private Object literal(RexLiteral lit) {
    if (lit.isNull()) {
      return null;
    }
    DataType t = type(lit.getType());
    switch (t.kind()) {
      case BOOLEAN:
        return lit.getValueAs(Boolean.class);
      case DECIMAL:
        return lit.getValueAs(BigDecimal.class).setScale(t.scale(), RoundingMode.HALF_UP);
      case REAL:
      case DOUBLE:
        return lit.getValueAs(Double.class);
      case CHAR:
      case VARCHAR:
        return lit.getValueAs(String.class);
      case DATE:
        return LocalDate.ofEpochDay(lit.getValueAs(Integer.class));
      case TIME:
        return LocalTime.ofNanoOfDay(lit.getValueAs(Integer.class) * 1_000_000L);
      case TIMESTAMP:
        return ts(lit.getValueAs(Long.class));
      default:
        return lit.getValueAs(BigDecimal.class).longValueExact();
    }
  }

  static LocalDateTime ts(long millis) {
    return LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000) * 1_000_000,
        java.time.ZoneOffset.UTC);
  }

  static long millis(LocalDateTime t) {
    return t.toEpochSecond(java.time.ZoneOffset.UTC) * 1000 + t.getNano() / 1_000_000;
  }

  private Object call(RexCall call, Object[] row) {
    List<RexNode> ops = call.getOperands();
    DataType type = type0(call.getType());
    switch (call.getKind()) {
      case AND: {
        boolean sawNull = false;
        for (RexNode o : ops) {
          Object v = eval(o, row);
          if (Boolean.FALSE.equals(v)) {
            return false;
          }
          sawNull |= v == null;
        }
        return sawNull ? null : true;
      }
      case OR: {
        boolean sawNull = false;
        for (RexNode o : ops) {
          Object v = eval(o, row);
          if (Boolean.TRUE.equals(v)) {
            return true;
          }
          sawNull |= v == null;
        }
        return sawNull ? null : false;
      }
      case NOT: {
        Object v = eval(ops.get(0), row);
        return v == null ? null : !(Boolean) v;
      }
      case CASE: {
        int i = 0;
        for (; i + 1 < ops.size(); i += 2) {
          if (Boolean.TRUE.equals(eval(ops.get(i), row))) {
            return coerce(eval(ops.get(i + 1), row), type0(ops.get(i + 1).getType()), type);
          }
        }
        return i < ops.size() ? coerce(eval(ops.get(i), row), type0(ops.get(i).getType()), type) : null;
      }
      case COALESCE:
        for (RexNode o : ops) {
          Object v = eval(o, row);
          if (v != null) {
            return coerce(v, type0(o.getType()), type);
          }
        }
        return null;
      case SEARCH:
        return eval(RexUtil.expandSearch(rexBuilder, null, call), row);
      case IS_NULL:
        return eval(ops.get(0), row) == null;
      case IS_NOT_NULL:
        return eval(ops.get(0), row) != null;
      case IS_TRUE:
        return Boolean.TRUE.equals(eval(ops.get(0), row));
      case IS_NOT_TRUE:
        return !Boolean.TRUE.equals(eval(ops.get(0), row));
      case IS_FALSE:
        return Boolean.FALSE.equals(eval(ops.get(0), row));
      case IS_NOT_FALSE:
        return !Boolean.FALSE.equals(eval(ops.get(0), row));
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM: {
        Object a = eval(ops.get(0), row);
        Object b = eval(ops.get(1), row);
        boolean same = a == null || b == null ? a == b
            : compare(a, type0(ops.get(0).getType()), b, type0(ops.get(1).getType())) == 0;
        return call.getKind() == SqlKind.IS_DISTINCT_FROM ? !same : same;
      }
      default:
        break;
    }
    // strict functions: evaluate all operands, NULL in gives NULL out
    Object[] args = new Object[ops.size()];
    DataType[] types = new DataType[ops.size()];
    boolean anyNull = false;
    for (int i = 0; i < args.length; i++) {
      RexNode o = ops.get(i);
      if (o instanceof RexLiteral && ((RexLiteral) o).getTypeName().getName().equals("SYMBOL")) {
        args[i] = ((RexLiteral) o).getValue();
        continue;
      }
      types[i] = type0(o.getType());
      args[i] = eval(o, row);
      anyNull |= args[i] == null;
    }
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (name.equals("CURRENT_TIMESTAMP") || name.equals("LOCALTIMESTAMP")) {
      return ts(Math.floorDiv(nowMillis, 1000) * 1000);
    }
    if (name.equals("CURRENT_DATE")) {
      return ts(nowMillis).toLocalDate();
    }
    if (name.equals("PI")) {
      return Math.PI;
    }
    if (anyNull) {
      return null;
    }
    switch (call.getKind()) {
      case EQUALS:
      case NOT_EQUALS:
      case LESS_THAN:
      case LESS_THAN_OR_EQUAL:
      case GREATER_THAN:
      case GREATER_THAN_OR_EQUAL:
        if (args[0] instanceof Double || args[1] instanceof Double) {
          double x = dbl(args[0]);
          double y = dbl(args[1]);
          switch (call.getKind()) {
            case EQUALS:
              return x == y;
            case NOT_EQUALS:
              return x != y;
            case LESS_THAN:
              return x < y;
            case LESS_THAN_OR_EQUAL:
              return x <= y;
            case GREATER_THAN:
              return x > y;
            default:
              return x >= y;
          }
        }
        break;
      default:
        break;
    }
    switch (call.getKind()) {
      case EQUALS:
        return compare(args[0], types[0], args[1], types[1]) == 0;
      case NOT_EQUALS:
        return compare(args[0], types[0], args[1], types[1]) != 0;
      case LESS_THAN:
        return compare(args[0], types[0], args[1], types[1]) < 0;
      case LESS_THAN_OR_EQUAL:
        return compare(args[0], types[0], args[1], types[1]) <= 0;
      case GREATER_THAN:
        return compare(args[0], types[0], args[1], types[1]) > 0;
      case GREATER_THAN_OR_EQUAL:
        return compare(args[0], types[0], args[1], types[1]) >= 0;
      case PLUS:
      case MINUS:
      case TIMES:
      case DIVIDE:
      case MOD:
        return arithmetic(call.getKind(), args[0], types[0], args[1], types[1], type);
      case MINUS_PREFIX:
        return arithmetic(SqlKind.MINUS, zeroOf(types[0]), types[0], args[0], types[0], type);
      case PLUS_PREFIX:
      case REINTERPRET:
        return reinterpret(args[0], types[0], type);
      case CAST:
        return cast(args[0], types[0], type, call.getType());
      case LIKE:
        return like((String) args[0], (String) args[1], args.length > 2 ? (String) args[2] : null)
            ^ name.equals("NOT LIKE");
      case EXTRACT:
        return extract((TimeUnitRange) args[0], args[1], types[1]);
      case FLOOR:
      case CEIL:
        if (args.length == 2) {
          return floorCeilTime(args[0], (TimeUnitRange) args[1], call.getKind() == SqlKind.FLOOR);
        }
        return floorCeilNumber(args[0], types[0], call.getKind() == SqlKind.FLOOR, type);
      case TRIM: {
        SqlTrimFunction.Flag flag = (SqlTrimFunction.Flag) args[0];
        return trim((String) args[2], (String) args[1], flag != SqlTrimFunction.Flag.TRAILING,
            flag != SqlTrimFunction.Flag.LEADING);
      }
      case POSITION: {
        String needle = (String) args[0];
        String hay = (String) args[1];
        int from = args.length > 2 ? (int) Math.max(1, toLong(args[2])) : 1;
        int[] cps = hay.codePoints().toArray();
        if (from - 1 > cps.length) {
          return 0L;
        }
        String rest = new String(cps, from - 1, cps.length - from + 1);
        int idx = rest.indexOf(needle);
        return idx < 0 ? 0L : (long) (from + rest.codePointCount(0, idx));
      }
      default:
        return function(name, args, types, type);
    }
  }

  private static DataType type0(RelDataType t) {
    if (t.getSqlTypeName().getName().equals("SYMBOL")) {
      return DataType.of(TypeKind.NULL);
    }
    return type(t);
  }

  private static Object zeroOf(DataType t) {
    switch (t.kind()) {
      case DECIMAL:
        return BigDecimal.ZERO.setScale(t.scale());
      case DOUBLE:
      case REAL:
        return 0.0;
      default:
        return 0L;
    }
  }

  private Object reinterpret(Object v, DataType from, DataType to) {
    if (v instanceof LocalDateTime || v instanceof LocalDate || v instanceof LocalTime) {
      return v;
    }
    return v;
  }

  static BigDecimal big(Object v) {
    if (v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Long) {
      return BigDecimal.valueOf((Long) v);
    }
    if (v instanceof Double) {
      return new BigDecimal((Double) v);
    }
    throw new IllegalArgumentException("not a number: " + v);
  }

  static double dbl(Object v) {
    return v instanceof Double ? (Double) v : big(v).doubleValue();
  }

  static long toLong(Object v) {
    return v instanceof Long ? (Long) v : big(v).setScale(0, RoundingMode.HALF_UP).longValueExact();
  }

  private static long epochMillis(Object v) {
    if (v instanceof LocalDate) {
      return ((LocalDate) v).toEpochDay() * 86_400_000L;
    }
    return millis((LocalDateTime) v);
  }

  int compare(Object a, DataType ta, Object b, DataType tb) {
    if (a instanceof String) {
      // UTF-8 byte order is code point order
      int[] x = ((String) a).codePoints().toArray();
      int[] y = ((String) b).codePoints().toArray();
      return java.util.Arrays.compare(x, y);
    }
    if (a instanceof Boolean) {
      return Boolean.compare((Boolean) a, (Boolean) b);
    }
    if (a instanceof Double || b instanceof Double) {
      double x = dbl(a);
      double y = dbl(b);
      return x < y ? -1 : x > y ? 1 : x == y ? 0 : 2; // NaN: unordered, never equal
    }
    if ((a instanceof LocalDate || a instanceof LocalDateTime) && (b instanceof LocalDate || b instanceof LocalDateTime)) {
      return Long.compare(epochMillis(a), epochMillis(b));
    }
    if (a instanceof LocalTime) {
      return ((LocalTime) a).compareTo((LocalTime) b);
    }
    return big(a).compareTo(big(b));
  }

  static void checkRange(BigInteger v, TypeKind k) {
    long min;
    long max;
    switch (k) {
      case TINYINT:
        min = Byte.MIN_VALUE;
        max = Byte.MAX_VALUE;
        break;
      case SMALLINT:
        min = Short.MIN_VALUE;
        max = Short.MAX_VALUE;
        break;
      case INTEGER:
        min = Integer.MIN_VALUE;
        max = Integer.MAX_VALUE;
        break;
      default:
        min = Long.MIN_VALUE;
        max = Long.MAX_VALUE;
    }
    if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
      throw error(ErrorCode.NUMERIC_OVERFLOW);
    }
  }

  static BigDecimal fitDecimal(BigDecimal v, DataType t) {
    BigDecimal r = v.setScale(t.scale(), RoundingMode.HALF_UP);
    if (r.unscaledValue().abs().compareTo(BigInteger.TEN.pow(t.precision())) >= 0) {
      throw error(ErrorCode.NUMERIC_OVERFLOW);
    }
    return r;
  }

  private Object arithmetic(SqlKind kind, Object a, DataType ta, Object b, DataType tb, DataType t) {
    if (a instanceof LocalDate || a instanceof LocalDateTime || a instanceof LocalTime
        || b instanceof LocalDate || b instanceof LocalDateTime) {
      return datetime(kind, a, ta, b, tb, t);
    }
    if (t.kind() == TypeKind.INTERVAL_DAY_TIME || t.kind() == TypeKind.INTERVAL_YEAR_MONTH) {
      BigInteger x = big(a).toBigInteger();
      BigInteger y = big(b).toBigInteger();
      BigInteger r;
      switch (kind) {
        case PLUS:
          r = x.add(y);
          break;
        case MINUS:
          r = x.subtract(y);
          break;
        case TIMES:
          if (a instanceof Double || b instanceof Double) {
            return roundHalfAway(dbl(a) * dbl(b));
          }
          r = big(a).multiply(big(b)).setScale(0, RoundingMode.HALF_UP).toBigInteger();
          break;
        default:
          if (y.signum() == 0) {
            throw error(ErrorCode.DIVISION_BY_ZERO);
          }
          r = x.divide(y);
      }
      checkRange(r, TypeKind.BIGINT);
      return r.longValue();
    }
    switch (t.kind()) {
      case DOUBLE:
      case REAL: {
        double x = dbl(a);
        double y = dbl(b);
        double r;
        switch (kind) {
          case PLUS:
            r = x + y;
            break;
          case MINUS:
            r = x - y;
            break;
          case TIMES:
            r = x * y;
            break;
          case DIVIDE:
            if (y == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x / y;
            break;
          default:
            if (y == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x % y;
        }
        return t.kind() == TypeKind.REAL ? (double) (float) r : r;
      }
      case DECIMAL: {
        BigDecimal x = big(a);
        BigDecimal y = big(b);
        BigDecimal r;
        switch (kind) {
          case PLUS:
            r = x.add(y);
            break;
          case MINUS:
            r = x.subtract(y);
            break;
          case TIMES:
            r = x.multiply(y);
            break;
          case DIVIDE:
            if (y.signum() == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x.divide(y, t.scale(), RoundingMode.HALF_UP);
            break;
          default:
            if (y.signum() == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x.remainder(y);
        }
        return fitDecimal(r, t);
      }
      default: {
        BigInteger x = big(a).toBigInteger();
        BigInteger y = big(b).toBigInteger();
        BigInteger r;
        switch (kind) {
          case PLUS:
            r = x.add(y);
            break;
          case MINUS:
            r = x.subtract(y);
            break;
          case TIMES:
            r = x.multiply(y);
            break;
          case DIVIDE:
            if (y.signum() == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x.divide(y); // truncates toward zero
            break;
          default:
            if (y.signum() == 0) {
              throw error(ErrorCode.DIVISION_BY_ZERO);
            }
            r = x.remainder(y);
        }
        checkRange(r, t.kind());
        return r.longValue();
      }
    }
  }

  private Object datetime(SqlKind kind, Object a, DataType ta, Object b, DataType tb, DataType t) {
    if (kind == SqlKind.MINUS && (b instanceof LocalDate || b instanceof LocalDateTime)) {
      LocalDateTime x = a instanceof LocalDate ? ((LocalDate) a).atStartOfDay() : (LocalDateTime) a;
      LocalDateTime y = b instanceof LocalDate ? ((LocalDate) b).atStartOfDay() : (LocalDateTime) b;
      if (t.kind() == TypeKind.INTERVAL_YEAR_MONTH) {
        // Calcite's definition: the largest m with y + m months <= x (month ends clamp)
        if (x.isBefore(y)) {
          LocalDateTime swap = x;
          x = y;
          y = swap;
          long m = 0;
          while (!y.plusMonths(m + 1).isAfter(x)) {
            m++;
          }
          return -m;
        }
        long m = 0;
        while (!y.plusMonths(m + 1).isAfter(x)) {
          m++;
        }
        return m;
      }
      return Math.subtractExact(millis(x), millis(y));
    }
    Object dt = a instanceof Long ? b : a;
    long amount = (Long) (a instanceof Long ? a : b);
    DataType intervalType = a instanceof Long ? ta : tb;
    if (kind == SqlKind.MINUS) {
      amount = Math.negateExact(amount);
    }
    boolean months = intervalType.kind() == TypeKind.INTERVAL_YEAR_MONTH;
    if (dt instanceof LocalDate) {
      LocalDate d = (LocalDate) dt;
      return months ? d.plusMonths(amount) : d.plusDays(amount / 86_400_000L);
    }
    if (dt instanceof LocalDateTime) {
      LocalDateTime d = (LocalDateTime) dt;
      if (months) {
        return d.plusMonths(amount);
      }
      return ts(Math.addExact(millis(d), amount));
    }
    LocalTime time = (LocalTime) dt;
    return months ? time : time.plusNanos(Math.floorMod(amount, 86_400_000L) * 1_000_000L);
  }

  static double roundHalfAway(double d) {
    return new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).doubleValue();
  }

  private Object coerce(Object v, DataType from, DataType to) {
    if (v == null) {
      return null;
    }
    if (to.kind() == TypeKind.DECIMAL) {
      return fitDecimal(big(v), to);
    }
    if (to.kind() == TypeKind.DOUBLE || to.kind() == TypeKind.REAL) {
      return dbl(v);
    }
    return v;
  }

  Object cast(Object v, DataType from, DataType to, RelDataType toRel) {
    TypeKind t = to.kind();
    TypeKind f = from.kind();
    if (t.isString()) {
      String s = format(v, from);
      if (to.precision() >= 0) {
        int[] cps = s.codePoints().toArray();
        int n = Math.min(cps.length, to.precision());
        s = new String(cps, 0, n);
        if (t == TypeKind.CHAR) {
          s = s + " ".repeat(to.precision() - n);
        }
      }
      return s;
    }
    if (v instanceof String) {
      String s = ((String) v).strip();
      try {
        switch (t) {
          case TINYINT:
          case SMALLINT:
          case INTEGER:
          case BIGINT: {
            if (!s.matches("[+-]?[0-9]+")) {
              throw error(ErrorCode.INVALID_CAST);
            }
            BigInteger r = new BigInteger(s);
            checkRange(r, t);
            return r.longValue();
          }
          case DECIMAL:
            if (s.isEmpty() || !s.matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?")) {
              throw error(ErrorCode.INVALID_CAST);
            }
            return fitDecimal(new BigDecimal(s), to);
          case DOUBLE:
          case REAL: {
            if (!s.matches("[+-]?[0-9]*\\.?[0-9]*([eE][+-]?[0-9]+)?|NaN|[+-]?Infinity")) {
              throw error(ErrorCode.INVALID_CAST);
            }
            double d = Double.parseDouble(s);
            return t == TypeKind.REAL ? (double) (float) d : d;
          }
          case BOOLEAN:
            if (s.equalsIgnoreCase("true")) {
              return true;
            }
            if (s.equalsIgnoreCase("false")) {
              return false;
            }
            throw error(ErrorCode.INVALID_CAST);
          case DATE:
            return LocalDate.parse(s, java.time.format.DateTimeFormatter.ofPattern("uuuu-M-d")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT));
          case TIMESTAMP: {
            if (s.matches("[0-9]+-[0-9]{1,2}-[0-9]{1,2}")) {
              return cast(s, from, DataType.of(TypeKind.DATE), null) instanceof LocalDate d ? d.atStartOfDay() : null;
            }
            String[] parts = s.split("[ T]", 2);
            LocalDate d = (LocalDate) cast(parts[0], from, DataType.of(TypeKind.DATE), null);
            LocalTime time = (LocalTime) cast(parts[1], from, DataType.of(TypeKind.TIME), null);
            return d.atTime(time);
          }
          case TIME: {
            if (!s.matches("[0-9]{1,2}:[0-9]{1,2}(:[0-9]{1,2}(\\.[0-9]+)?)?")) {
              throw error(ErrorCode.INVALID_CAST);
            }
            LocalTime time = LocalTime.parse(s.length() < 8 && s.indexOf(':') == s.lastIndexOf(':')
                ? pad2(s) : pad3(s));
            return time.withNano(time.getNano() / 1_000_000 * 1_000_000);
          }
          default:
            throw new UnsupportedOperationException("cast string to " + to);
        }
      } catch (java.time.DateTimeException | ArrayIndexOutOfBoundsException | NumberFormatException e) {
        throw error(ErrorCode.INVALID_CAST);
      }
    }
    switch (t) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT: {
        BigInteger r;
        if (v instanceof Double) {
          double d = (Double) v;
          if (Double.isNaN(d)) {
            throw error(ErrorCode.INVALID_CAST);
          }
          if (Double.isInfinite(d)) {
            throw error(ErrorCode.NUMERIC_OVERFLOW);
          }
          r = new BigDecimal(d).setScale(0, RoundingMode.HALF_UP).toBigInteger();
        } else if (v instanceof Boolean) {
          r = (Boolean) v ? BigInteger.ONE : BigInteger.ZERO;
        } else {
          r = big(v).setScale(0, RoundingMode.HALF_UP).toBigInteger();
        }
        checkRange(r, t);
        return r.longValue();
      }
      case DECIMAL:
        if (v instanceof Double) {
          return fitDecimal(BigDecimal.valueOf((Double) v), to);
        }
        return fitDecimal(big(v), to);
      case DOUBLE:
        return dbl(v);
      case REAL:
        return (double) (float) dbl(v);
      case BOOLEAN:
        return v instanceof Boolean ? v : dbl(v) != 0;
      case DATE:
        return v instanceof LocalDateTime ? ((LocalDateTime) v).toLocalDate() : v;
      case TIME:
        return v instanceof LocalDateTime ? ((LocalDateTime) v).toLocalTime() : v;
      case TIMESTAMP: {
        LocalDateTime r = v instanceof LocalDate ? ((LocalDate) v).atStartOfDay() : (LocalDateTime) v;
        return to.precision() == 0 ? r.withNano(0) : r;
      }
      default:
        return v;
    }
  }

  private static String pad2(String s) {
    String[] p = s.split(":");
    return String.format("%02d:%02d", Integer.parseInt(p[0]), Integer.parseInt(p[1]));
  }

  private static String pad3(String s) {
    String[] p = s.split(":");
    String sec = p[2];
    String frac = "";
    int dot = sec.indexOf('.');
    if (dot >= 0) {
      frac = sec.substring(dot);
      sec = sec.substring(0, dot);
    }
    return String.format("%02d:%02d:%02d", Integer.parseInt(p[0]), Integer.parseInt(p[1]), Integer.parseInt(sec)) + frac;
  }

  static String format(Object v, DataType from) {
    switch (from.kind()) {
      case DECIMAL:
        return ((BigDecimal) v).toPlainString();
      case REAL:
        return io.sluice.catalog.data.Values.formatDouble((float) (double) (Double) v);
      case DOUBLE:
        return io.sluice.catalog.data.Values.formatDouble((Double) v);
      case DATE:
        return v.toString();
      case TIME: {
        LocalTime t = (LocalTime) v;
        return t.getNano() == 0 ? t.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss"))
            : t.format(java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss.SSS"));
      }
      case TIMESTAMP:
        return io.sluice.catalog.data.Values.formatTimestamp(millis((LocalDateTime) v));
      case INTERVAL_YEAR_MONTH:
        return io.sluice.catalog.data.Values.formatMonths((Long) v);
      case INTERVAL_DAY_TIME:
        return io.sluice.catalog.data.Values.formatMillisInterval((Long) v);
      default:
        return String.valueOf(v);
    }
  }

  static boolean like(String s, String pattern, String escape) {
    StringBuilder regex = new StringBuilder();
    int[] p = pattern.codePoints().toArray();
    int esc = escape == null ? -1 : escape.codePointAt(0);
    for (int i = 0; i < p.length; i++) {
      int c = p[i];
      if (c == esc) {
        if (i + 1 >= p.length) {
          throw error(ErrorCode.INVALID_ARGUMENT);
        }
        int n = p[++i];
        if (n != '%' && n != '_' && n != esc) {
          throw error(ErrorCode.INVALID_ARGUMENT);
        }
        regex.append(java.util.regex.Pattern.quote(new String(Character.toChars(n))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(java.util.regex.Pattern.quote(new String(Character.toChars(c))));
      }
    }
    return java.util.regex.Pattern.compile(regex.toString(), java.util.regex.Pattern.DOTALL).matcher(s).matches();
  }

  static String trim(String s, String chars, boolean leading, boolean trailing) {
    int[] cps = s.codePoints().toArray();
    java.util.Set<Integer> set = new java.util.HashSet<>();
    chars.codePoints().forEach(set::add);
    int start = 0;
    int end = cps.length;
    while (leading && start < end && set.contains(cps[start])) {
      start++;
    }
    while (trailing && end > start && set.contains(cps[end - 1])) {
      end--;
    }
    return new String(cps, start, end - start);
  }

  private static long extract(TimeUnitRange unit, Object v, DataType t) {
    if (v instanceof Long) {
      long x = (Long) v;
      if (t.kind() == TypeKind.INTERVAL_YEAR_MONTH) {
        switch (unit) {
          case YEAR:
            return x / 12;
          case MONTH:
            return x % 12;
          default:
            throw new UnsupportedOperationException(unit.toString());
        }
      }
      switch (unit) {
        case DAY:
          return x / 86_400_000L;
        case HOUR:
          return x / 3_600_000L % 24;
        case MINUTE:
          return x / 60_000L % 60;
        case SECOND:
          return x / 1000 % 60;
        case EPOCH:
          return x / 1000;
        default:
          throw new UnsupportedOperationException(unit.toString());
      }
    }
    LocalDate d = v instanceof LocalDate ? (LocalDate) v : v instanceof LocalDateTime ? ((LocalDateTime) v).toLocalDate() : null;
    LocalTime time = v instanceof LocalTime ? (LocalTime) v : v instanceof LocalDateTime ? ((LocalDateTime) v).toLocalTime()
        : LocalTime.MIDNIGHT;
    switch (unit) {
      case YEAR:
        return d.getYear();
      case QUARTER:
        return (d.getMonthValue() - 1) / 3 + 1;
      case MONTH:
        return d.getMonthValue();
      case WEEK:
        return d.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR);
      case DAY:
        return d.getDayOfMonth();
      case DOW:
        return d.getDayOfWeek().getValue() % 7; // 0 for Sunday, as PostgreSQL
      case ISODOW:
        return d.getDayOfWeek().getValue();
      case DOY:
        return d.getDayOfYear();
      case HOUR:
        return time.getHour();
      case MINUTE:
        return time.getMinute();
      case SECOND:
        return time.getSecond();
      case EPOCH:
        return v instanceof LocalDate ? d.toEpochDay() * 86400 : Math.floorDiv(millis((LocalDateTime) v), 1000);
      default:
        throw new UnsupportedOperationException(unit.toString());
    }
  }

  private static Object floorCeilTime(Object v, TimeUnitRange unit, boolean floor) {
    if (v instanceof LocalDate) {
      LocalDate d = (LocalDate) v;
      LocalDate f = floorDate(d, unit);
      if (floor || f.equals(d)) {
        return f;
      }
      return nextDate(f, unit);
    }
    LocalDateTime t = (LocalDateTime) v;
    LocalDateTime f;
    switch (unit) {
      case SECOND:
        f = t.truncatedTo(ChronoUnit.SECONDS);
        break;
      case MINUTE:
        f = t.truncatedTo(ChronoUnit.MINUTES);
        break;
      case HOUR:
        f = t.truncatedTo(ChronoUnit.HOURS);
        break;
      case DAY:
        f = t.truncatedTo(ChronoUnit.DAYS);
        break;
      default:
        f = floorDate(t.toLocalDate(), unit).atStartOfDay();
    }
    if (floor || f.equals(t)) {
      return f;
    }
    switch (unit) {
      case SECOND:
        return f.plusSeconds(1);
      case MINUTE:
        return f.plusMinutes(1);
      case HOUR:
        return f.plusHours(1);
      case DAY:
        return f.plusDays(1);
      default:
        return nextDate(f.toLocalDate(), unit).atStartOfDay();
    }
  }

  private static LocalDate floorDate(LocalDate d, TimeUnitRange unit) {
    switch (unit) {
      case YEAR:
        return d.withDayOfYear(1);
      case QUARTER:
        return LocalDate.of(d.getYear(), (d.getMonthValue() - 1) / 3 * 3 + 1, 1);
      case MONTH:
        return d.withDayOfMonth(1);
      case WEEK:
        return d.with(java.time.temporal.TemporalAdjusters.previousOrSame(DayOfWeek.SUNDAY));
      default:
        return d;
    }
  }

  private static LocalDate nextDate(LocalDate f, TimeUnitRange unit) {
    switch (unit) {
      case YEAR:
        return f.plusYears(1);
      case QUARTER:
        return f.plusMonths(3);
      case MONTH:
        return f.plusMonths(1);
      case WEEK:
        return f.plusWeeks(1);
      default:
        return f.plusDays(1);
    }
  }

  private static Object floorCeilNumber(Object v, DataType from, boolean floor, DataType to) {
    if (v instanceof Double) {
      return floor ? Math.floor((Double) v) : Math.ceil((Double) v);
    }
    if (v instanceof BigDecimal) {
      BigDecimal r = ((BigDecimal) v).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING);
      return to.kind() == TypeKind.DECIMAL ? fitDecimal(r, to) : r.longValueExact();
    }
    return v;
  }

  private Object function(String name, Object[] a, DataType[] t, DataType type) {
    switch (name) {
      case "||":
      case "CONCAT": {
        StringBuilder sb = new StringBuilder();
        for (Object o : a) {
          sb.append((String) o);
        }
        return sb.toString();
      }
      case "UPPER":
        return ((String) a[0]).toUpperCase(Locale.ROOT);
      case "LOWER":
        return ((String) a[0]).toLowerCase(Locale.ROOT);
      case "INITCAP": {
        StringBuilder sb = new StringBuilder();
        boolean start = true;
        for (int cp : ((String) a[0]).codePoints().toArray()) {
          sb.appendCodePoint(start ? Character.toUpperCase(cp) : Character.toLowerCase(cp));
          start = !Character.isLetterOrDigit(cp);
        }
        return sb.toString();
      }
      case "REVERSE":
        return new StringBuilder((String) a[0]).reverse().toString();
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH":
      case "LENGTH":
        return (long) ((String) a[0]).codePointCount(0, ((String) a[0]).length());
      case "SUBSTRING": {
        int[] cps = ((String) a[0]).codePoints().toArray();
        long start = toLong(a[1]);
        long end = a.length > 2 ? start + toLong(a[2]) : Long.MAX_VALUE;
        if (a.length > 2 && toLong(a[2]) < 0) {
          throw error(ErrorCode.INVALID_ARGUMENT);
        }
        long from = Math.max(start, 1);
        long to = Math.min(end, cps.length + 1L);
        if (to <= from) {
          return "";
        }
        return new String(cps, (int) from - 1, (int) (to - from));
      }
      case "LEFT": {
        // PostgreSQL: a negative count keeps all but the last |n| characters
        int[] cps = ((String) a[0]).codePoints().toArray();
        long n = kept(cps.length, toLong(a[1]));
        return new String(cps, 0, (int) n);
      }
      case "RIGHT": {
        // PostgreSQL: a negative count keeps all but the first |n| characters
        int[] cps = ((String) a[0]).codePoints().toArray();
        long n = kept(cps.length, toLong(a[1]));
        return new String(cps, cps.length - (int) n, (int) n);
      }
      case "REPLACE":
        return ((String) a[1]).isEmpty() ? a[0] : ((String) a[0]).replace((String) a[1], (String) a[2]);
      case "LPAD":
      case "RPAD": {
        int[] cps = ((String) a[0]).codePoints().toArray();
        long n = toLong(a[1]);
        if (n < 0) {
          throw error(ErrorCode.INVALID_ARGUMENT);
        }
        int[] pad = (a.length > 2 ? (String) a[2] : " ").codePoints().toArray();
        if (cps.length >= n || pad.length == 0) {
          return new String(cps, 0, (int) Math.min(n, cps.length));
        }
        StringBuilder p = new StringBuilder();
        for (int i = 0; i < n - cps.length; i++) {
          p.appendCodePoint(pad[i % pad.length]);
        }
        return name.equals("LPAD") ? p + (String) a[0] : a[0] + p.toString();
      }
      case "REPEAT": {
        long n = toLong(a[1]);
        return n <= 0 ? "" : ((String) a[0]).repeat((int) n);
      }
      case "ABS":
        if (a[0] instanceof Double) {
          return Math.abs((Double) a[0]);
        }
        if (a[0] instanceof BigDecimal) {
          return ((BigDecimal) a[0]).abs();
        }
        BigInteger r = BigInteger.valueOf((Long) a[0]).abs();
        checkRange(r, type.kind());
        return r.longValue();
      case "SIGN":
        if (a[0] instanceof Double) {
          return Math.signum((Double) a[0]);
        }
        if (a[0] instanceof BigDecimal) {
          return BigDecimal.valueOf(((BigDecimal) a[0]).signum()).setScale(type.scale());
        }
        return (long) Long.signum((Long) a[0]);
      case "ROUND":
      case "TRUNCATE": {
        long digits = a.length > 1 ? toLong(a[1]) : 0;
        RoundingMode mode = name.equals("ROUND") ? RoundingMode.HALF_UP : RoundingMode.DOWN;
        if (a[0] instanceof Double) {
          double d = (Double) a[0];
          if (Double.isNaN(d) || Double.isInfinite(d)) {
            return d;
          }
          double rounded = new BigDecimal(d).setScale((int) digits, mode).doubleValue();
          return type.kind() == TypeKind.REAL ? (double) (float) rounded : rounded;
        }
        BigDecimal r0 = big(a[0]).setScale((int) digits, mode);
        if (type.kind() == TypeKind.DECIMAL) {
          return fitDecimal(r0, type);
        }
        BigInteger ri = r0.setScale(0, RoundingMode.UNNECESSARY).toBigInteger();
        checkRange(ri, type.kind());
        return ri.longValue();
      }
      case "POWER":
        return Math.pow(dbl(a[0]), dbl(a[1]));
      case "SQRT":
        return Math.sqrt(dbl(a[0]));
      case "EXP":
        return Math.exp(dbl(a[0]));
      case "LN":
        return Math.log(dbl(a[0]));
      case "LOG10":
        return Math.log10(dbl(a[0]));
      default:
        throw new UnsupportedOperationException(name);
    }
  }

  /** How many characters LEFT/RIGHT keep of {@code length} for a count {@code n}, PostgreSQL's way. */
  private static long kept(int length, long n) {
    return n >= 0 ? Math.min(length, n) : Math.max(0, length + n);
  }
}
