package io.sluice.optimizer.physical;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;

/**
 * Plans window table functions: TUMBLE, HOP and CUMULATE as a {@link PhysicalWindowTableFunction},
 * SESSION as a {@link PhysicalSessionWindow}. The table argument is the scan's input; the call's
 * operands are the rest: {@code TUMBLE(DESCRIPTOR(ts), size [, offset])},
 * {@code HOP(DESCRIPTOR(ts), slide, size [, offset])},
 * {@code CUMULATE(DESCRIPTOR(ts), step, size [, offset])} and
 * {@code SESSION(DESCRIPTOR(ts) [, DESCRIPTOR(keys)], gap)}.
 */
final class WindowFunctionPlanner {
  private WindowFunctionPlanner() {}

  static PhysicalNode plan(TableFunctionScan scan, PhysicalNode input, double rows) {
    RexCall call = (RexCall) scan.getCall();
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    if (scan.getInputs().size() != 1) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Table function " + name + " is not supported yet");
    }
    List<RexNode> operands = call.getOperands();
    switch (name) {
      case "TUMBLE": {
        long size = positive(operands.get(1), name, "size");
        long offset = operands.size() > 2 ? intervalMillis(operands.get(2), name) : 0;
        return new PhysicalWindowTableFunction(input, PhysicalWindowTableFunction.Kind.TUMBLE,
            timeColumn(operands.get(0), name, scan), size, size, offset, scan.getRowType(), rows);
      }
      case "HOP": {
        long slide = positive(operands.get(1), name, "slide");
        long size = positive(operands.get(2), name, "size");
        long offset = operands.size() > 3 ? intervalMillis(operands.get(3), name) : 0;
        return new PhysicalWindowTableFunction(input, PhysicalWindowTableFunction.Kind.HOP,
            timeColumn(operands.get(0), name, scan), size, slide, offset, scan.getRowType(),
            rows * Math.ceil((double) size / slide));
      }
      case "CUMULATE": {
        long step = positive(operands.get(1), name, "step");
        long size = positive(operands.get(2), name, "size");
        if (size % step != 0) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "CUMULATE's size (" + size
              + " ms) must be a whole multiple of its step (" + step + " ms)");
        }
        long offset = operands.size() > 3 ? intervalMillis(operands.get(3), name) : 0;
        // a row is in half of a cycle's windows on average
        return new PhysicalWindowTableFunction(input, PhysicalWindowTableFunction.Kind.CUMULATE,
            timeColumn(operands.get(0), name, scan), size, step, offset, scan.getRowType(),
            rows * (size / step + 1) / 2.0);
      }
      case "SESSION": {
        int[] keys = operands.size() > 2 ? columns(operands.get(1), name) : new int[0];
        long gap = positive(operands.get(operands.size() - 1), name, "gap");
        return new PhysicalSessionWindow(input, keys, timeColumn(operands.get(0), name, scan), gap,
            scan.getRowType(), rows);
      }
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED, "Table function " + name + " is not supported yet");
    }
  }

  /** The input columns a {@code DESCRIPTOR(a, b)} operand names. */
  private static int[] columns(RexNode descriptor, String function) {
    if (!(descriptor instanceof RexCall) || descriptor.getKind() != SqlKind.DESCRIPTOR) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, function + " takes DESCRIPTOR(column, ...) here");
    }
    List<RexNode> refs = ((RexCall) descriptor).getOperands();
    int[] columns = new int[refs.size()];
    for (int i = 0; i < columns.length; i++) {
      if (!(refs.get(i) instanceof RexInputRef)) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, function + " takes columns of its table in DESCRIPTOR");
      }
      columns[i] = ((RexInputRef) refs.get(i)).getIndex();
    }
    return columns;
  }

  private static int timeColumn(RexNode descriptor, String function, TableFunctionScan scan) {
    int[] columns = columns(descriptor, function);
    if (columns.length != 1) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, function + " takes DESCRIPTOR(column) naming one time column");
    }
    RelDataType type = scan.getInput(0).getRowType().getFieldList().get(columns[0]).getType();
    if (type.getSqlTypeName() != SqlTypeName.TIMESTAMP) {
      throw new SluiceException(ErrorCode.TYPE_MISMATCH, function + " needs a TIMESTAMP time column, not "
          + type.getFullTypeString());
    }
    return columns[0];
  }

  private static long positive(RexNode node, String function, String what) {
    long millis = intervalMillis(node, function);
    if (millis <= 0) {
      throw new SluiceException(ErrorCode.INVALID_ARGUMENT, function + " needs a positive " + what + ", not "
          + millis + " ms");
    }
    return millis;
  }

  private static long intervalMillis(RexNode node, String function) {
    if (node instanceof RexLiteral && SqlTypeUtil.isInterval(node.getType())) {
      Long value = ((RexLiteral) node).getValueAs(Long.class);
      if (value != null) {
        if (node.getType().getSqlTypeName().getFamily() == SqlTypeFamily.INTERVAL_YEAR_MONTH) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, function + " takes day-time intervals, not months or years:"
              + " its windows all have one length, and months and years do not. For calendar months group by the"
              + " month instead, e.g. GROUP BY FLOOR(ts TO MONTH) (an aggregation without a window, in update or"
              + " complete mode), or use a window of days (INTERVAL '30' DAY).");
        }
        return value;
      }
    }
    throw new SluiceException(ErrorCode.VALIDATION_ERROR, function + " takes constant intervals, not " + node);
  }
}
