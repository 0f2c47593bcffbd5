package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.runtime.kernel.FrameBound;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.WindowFrame;
import io.sluice.runtime.kernel.WindowFunctionKind;
import io.sluice.runtime.kernel.WindowFunctionSpec;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexWindowBound;

/** Translates a Calcite window group into the specs of the run-time window operator. */
public final class WindowSpecs {
  private final PhysicalWindow node;
  private final List<DataType> inputTypes;

  public WindowSpecs(PhysicalWindow node, List<DataType> inputTypes) {
    this.node = node;
    this.inputTypes = inputTypes;
  }

  public int[] partitionKeys() {
    return node.group().keys.toArray();
  }

  public List<SortKey> orderKeys() {
    return sortKeys(node.group().orderKeys.getFieldCollations());
  }

  /** The run-time sort keys of a plan's order: NULLs last ascending and first descending unless it says. */
  public static List<SortKey> sortKeys(List<RelFieldCollation> order) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : order) {
      RelFieldCollation.NullDirection nulls = c.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
          ? c.getDirection().defaultNullDirection() : c.nullDirection;
      keys.add(new SortKey(c.getFieldIndex(), c.getDirection().isDescending(),
          nulls == RelFieldCollation.NullDirection.FIRST));
    }
    return keys;
  }

  public List<WindowFunctionSpec> functions() {
    Window.Group group = node.group();
    List<WindowFunctionSpec> specs = new ArrayList<>();
    WindowFrame frame = frame(group);
    for (Window.RexWinAggCall call : group.aggCalls) {
      DataType resultType = TypeMapping.toDataType(call.getType());
      List<RexNode> operands = call.getOperands();
      switch (call.getKind()) {
        case ROW_NUMBER:
          specs.add(WindowFunctionSpec.of(WindowFunctionKind.ROW_NUMBER, resultType));
          break;
        case RANK:
          specs.add(WindowFunctionSpec.of(WindowFunctionKind.RANK, resultType));
          break;
        case DENSE_RANK:
          specs.add(WindowFunctionSpec.of(WindowFunctionKind.DENSE_RANK, resultType));
          break;
        case PERCENT_RANK:
          specs.add(WindowFunctionSpec.of(WindowFunctionKind.PERCENT_RANK, resultType));
          break;
        case CUME_DIST:
          specs.add(WindowFunctionSpec.of(WindowFunctionKind.CUME_DIST, resultType));
          break;
        case NTILE:
          specs.add(WindowFunctionSpec.ntile(constantLong(operands.get(0), "NTILE"), resultType));
          break;
        case LAG:
        case LEAD: {
          int argument = column(operands.get(0));
          long offset = operands.size() > 1 ? constantLong(operands.get(1), call.getKind().name()) : 1;
          Object defaultValue = operands.size() > 2 ? constantInternal(operands.get(2), resultType) : null;
          specs.add(call.getKind() == org.apache.calcite.sql.SqlKind.LAG
              ? WindowFunctionSpec.lag(argument, offset, defaultValue, resultType)
              : WindowFunctionSpec.lead(argument, offset, defaultValue, resultType));
          break;
        }
        case FIRST_VALUE:
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.FIRST_VALUE, column(operands.get(0)), frame, resultType));
          break;
        case LAST_VALUE:
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.LAST_VALUE, column(operands.get(0)), frame, resultType));
          break;
        case COUNT:
          specs.add(operands.isEmpty()
              ? WindowFunctionSpec.framed(WindowFunctionKind.COUNT_STAR, -1, frame, resultType)
              : WindowFunctionSpec.framed(WindowFunctionKind.COUNT, column(operands.get(0)), frame, resultType));
          break;
        case SUM:
        case SUM0:
          // Calcite wraps windowed $SUM0 in CASE WHEN COUNT > 0, so SUM's NULL on empty frames is the same
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.SUM, column(operands.get(0)), frame, resultType));
          break;
        case AVG:
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.AVG, column(operands.get(0)), frame, resultType));
          break;
        case MIN:
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.MIN, column(operands.get(0)), frame, resultType));
          break;
        case MAX:
          specs.add(WindowFunctionSpec.framed(WindowFunctionKind.MAX, column(operands.get(0)), frame, resultType));
          break;
        default:
          throw new SluiceException(ErrorCode.UNSUPPORTED,
              "Window function " + call.getOperator().getName() + " is not supported yet");
      }
    }
    return specs;
  }

  private WindowFrame frame(Window.Group group) {
    FrameBound start = bound(group.lowerBound, group);
    FrameBound end = bound(group.upperBound, group);
    return group.isRows ? WindowFrame.rows(start, end) : WindowFrame.range(start, end);
  }

  private FrameBound bound(RexWindowBound bound, Window.Group group) {
    if (bound.isCurrentRow()) {
      return FrameBound.currentRow();
    }
    if (bound.isUnbounded()) {
      return bound.isPreceding() ? FrameBound.unboundedPreceding() : FrameBound.unboundedFollowing();
    }
    Number offset = offset(bound.getOffset(), group);
    return bound.isPreceding() ? FrameBound.preceding(offset) : FrameBound.following(offset);
  }

  /** A frame offset in the internal unit of the ORDER BY key (rows for ROWS frames). */
  private Number offset(RexNode node, Window.Group group) {
    RexLiteral literal = literal(node);
    if (literal == null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Window frame offsets must be constants");
    }
    BigDecimal value = literal.getValueAs(BigDecimal.class);
    if (group.isRows) {
      return value.longValueExact();
    }
    List<RelFieldCollation> order = group.orderKeys.getFieldCollations();
    if (order.size() != 1) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR,
          "A RANGE frame with an offset needs exactly one ORDER BY key, not " + order.size());
    }
    DataType keyType = inputTypes.get(order.get(0).getFieldIndex());
    DataType offsetType = TypeMapping.toDataType(literal.getType());
    switch (keyType.kind()) {
      case DECIMAL:
        return value.setScale(keyType.scale(), java.math.RoundingMode.HALF_UP).unscaledValue().longValueExact();
      case REAL:
      case DOUBLE:
        return value.doubleValue();
      case DATE:
        // a day-time interval on a date key counts days
        return offsetType.kind() == TypeKind.INTERVAL_DAY_TIME ? value.longValue() / 86_400_000L : value.longValue();
      default:
        return value.longValue();
    }
  }

  private int column(RexNode node) {
    if (node instanceof RexInputRef && ((RexInputRef) node).getIndex() < node().constantBase()) {
      return ((RexInputRef) node).getIndex();
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED,
        "Window function arguments must be columns or expressions computed before the window: " + node);
  }

  private PhysicalWindow node() {
    return node;
  }

  private RexLiteral literal(RexNode node) {
    if (node instanceof RexLiteral) {
      return (RexLiteral) node;
    }
    if (node instanceof RexInputRef && ((RexInputRef) node).getIndex() >= node().constantBase()) {
      return node().constants().get(((RexInputRef) node).getIndex() - node().constantBase());
    }
    return null;
  }

  private long constantLong(RexNode node, String function) {
    RexLiteral literal = literal(node);
    if (literal == null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, function + " needs a constant argument");
    }
    return literal.getValueAs(Long.class);
  }

  private Object constantInternal(RexNode node, DataType type) {
    RexLiteral literal = literal(node);
    if (literal == null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "LAG and LEAD need a constant default value");
    }
    return Literals.toInternal(literal, type);
  }
}
