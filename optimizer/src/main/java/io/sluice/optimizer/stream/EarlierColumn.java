package io.sluice.optimizer.stream;

import java.math.BigDecimal;
import java.util.List;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A projected expression that is an input timestamp column moved back by a constant: {@code $i}
 * or {@code $i - INTERVAL ...} (a window's {@code window_time} is {@code window_end - 1 ms}), either
 * possibly under a CAST to the same timestamp type (a view's column). Such
 * a column carries its input's event time, {@code millis} earlier, so the streaming analysis
 * traces event time and window bounds through it. Only earlier, never later: a window key's
 * distance to its window's end stays non-negative.
 *
 * @param column the input column
 * @param millis how much earlier than the input column's value, at least 0
 */
record EarlierColumn(int column, long millis) {

  /** {@code e} as an earlier input column, or null when it is another expression. */
  static EarlierColumn of(RexNode e) {
    e = withoutSameTypeCast(e);
    if (e instanceof RexInputRef) {
      return new EarlierColumn(((RexInputRef) e).getIndex(), 0);
    }
    if (e.getKind() != SqlKind.MINUS || e.getType().getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      return null;
    }
    List<RexNode> operands = ((RexCall) e).getOperands();
    RexNode column = operands.size() == 2 ? withoutSameTypeCast(operands.get(0)) : null;
    if (!(column instanceof RexInputRef) || !(operands.get(1) instanceof RexLiteral)) {
      return null;
    }
    RexLiteral interval = (RexLiteral) operands.get(1);
    if (interval.isNull() || interval.getType().getSqlTypeName().getFamily() != SqlTypeFamily.INTERVAL_DAY_TIME) {
      return null;
    }
    BigDecimal millis = interval.getValueAs(BigDecimal.class);
    if (millis == null || millis.signum() < 0 || millis.stripTrailingZeros().scale() > 0
        || millis.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 2)) > 0) {
      return null;
    }
    return new EarlierColumn(((RexInputRef) column).getIndex(), millis.longValue());
  }

  /**
   * {@code e} without a CAST that keeps every value: to the same timestamp type, differing at most
   * in nullability. A view's expansion casts its columns so to the view's declared row type, so
   * that a view over a window table function keeps its window columns as window columns.
   */
  private static RexNode withoutSameTypeCast(RexNode e) {
    while (e.getKind() == SqlKind.CAST) {
      RexNode operand = ((RexCall) e).getOperands().get(0);
      RelDataType from = operand.getType();
      RelDataType to = e.getType();
      if (from.getSqlTypeName() != SqlTypeName.TIMESTAMP || to.getSqlTypeName() != SqlTypeName.TIMESTAMP
          || from.getPrecision() != to.getPrecision()) {
        return e;
      }
      e = operand;
    }
    return e;
  }
}
