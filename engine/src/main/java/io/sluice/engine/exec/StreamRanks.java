package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.TopN;
import io.sluice.runtime.operator.RankOperator;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.engine.stream.SourceTable;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Deduplication and Top-N per key over streams: a filter that keeps the first rows of
 * {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)} ({@code rn = 1}, {@code rn <= N},
 * {@code rn < N}) becomes one stateful operator over a {@link TopN}.
 *
 * <p>Ordered by the event-time column of a source with a watermark, ascending, a row is final
 * once the watermark passes it: in append mode rows are held until then and emitted once, and a
 * key whose N rows were emitted is remembered by its key alone. Any other order (a non-time
 * column, DESC, a time column without a watermark), or update mode, emits at once and retracts:
 * {@code -U}/{@code +U} when a better row replaces the first one, {@code -D}/{@code +I} when
 * rows leave or enter the first N, and {@code -U}/{@code +U} for rows whose rank changed when
 * the output shows the rank.
 */
public final class StreamRanks {
  /** The largest N a Top-N over a stream keeps per key. */
  static final long MAX_ROWS_PER_KEY = 10_000;

  private StreamRanks() {}

  /**
   * A filter over ROW_NUMBER as a Top-N: the window, the rank column (the window's last), the
   * largest rank the filter keeps, and whether the output depends on the rank beyond that bound.
   */
  private record Shape(PhysicalWindow window, int rankColumn, long limit, boolean rankShown) {}

  /** Whether {@code node} filters a ROW_NUMBER over a stream to its first rows. */
  public static boolean matches(PhysicalFilterProject node) {
    return shape(node) != null;
  }

  private static Shape shape(PhysicalFilterProject node) {
    if (!(node.input(0) instanceof PhysicalWindow) || node.condition() == null) {
      return null;
    }
    PhysicalWindow window = (PhysicalWindow) node.input(0);
    Window.Group group = window.group();
    if (group.aggCalls.size() != 1 || group.aggCalls.get(0).getKind() != SqlKind.ROW_NUMBER) {
      return null;
    }
    int rank = window.input(0).rowType().getFieldCount();
    long limit = Long.MAX_VALUE;
    boolean rankShown = false;
    for (RexNode conjunct : RelOptUtil.conjunctions(node.condition())) {
      long bound = upperBound(conjunct, rank);
      if (bound != Long.MIN_VALUE) {
        limit = Math.min(limit, Math.max(0, bound));
        if (conjunct.getKind() == SqlKind.EQUALS && bound > 1) {
          rankShown = true; // rn = 3 keeps one rank: which row holds it changes with every shift
        }
      } else if (references(conjunct, rank)) {
        rankShown = true;
      }
    }
    if (limit == Long.MAX_VALUE) {
      return null;
    }
    for (RexNode project : node.projects()) {
      rankShown |= references(project, rank);
    }
    return new Shape(window, rank, limit, rankShown);
  }

  /** The largest rank {@code conjunct} lets through when it bounds the rank column from above, else MIN_VALUE. */
  private static long upperBound(RexNode conjunct, int rank) {
    if (!(conjunct instanceof RexCall) || ((RexCall) conjunct).getOperands().size() != 2) {
      return Long.MIN_VALUE;
    }
    RexCall call = (RexCall) conjunct;
    RexNode left = call.getOperands().get(0);
    RexNode right = call.getOperands().get(1);
    SqlKind kind = call.getKind();
    if (isColumn(right, rank) && right != left) {
      RexNode swap = left;
      left = right;
      right = swap;
      kind = kind.reverse();
    }
    if (!isColumn(left, rank) || !(right instanceof RexLiteral)) {
      return Long.MIN_VALUE;
    }
    Long value = ((RexLiteral) right).getValueAs(Long.class);
    if (value == null) {
      return Long.MIN_VALUE;
    }
    switch (kind) {
      case LESS_THAN_OR_EQUAL:
      case EQUALS:
        return value;
      case LESS_THAN:
        return value - 1;
      default:
        return Long.MIN_VALUE;
    }
  }

  private static boolean isColumn(RexNode node, int column) {
    return node instanceof RexInputRef && ((RexInputRef) node).getIndex() == column;
  }

  private static boolean references(RexNode node, int column) {
    return RelOptUtil.InputFinder.bits(node).get(column);
  }

  /**
   * Whether rows are final once the watermark passes them: the first ORDER BY key is the event
   * time of a source with a watermark, ascending with NULLs last.
   */
  private static boolean finalOnWatermark(Shape shape) {
    List<SortKey> order = orderKeys(shape.window());
    if (order.isEmpty()) {
      return false;
    }
    SortKey first = order.get(0);
    return !first.descending() && !first.nullsFirst() && isEventTime(shape.window().input(0), first.column());
  }

  private static List<SortKey> orderKeys(PhysicalWindow window) {
    return new WindowSpecs(window, TypeMapping.toDataTypes(window.input(0).rowType())).orderKeys();
  }

  /** Whether output column {@code column} of {@code node} is a source's event-time column and the source has a watermark. */
  private static boolean isEventTime(PhysicalNode node, int column) {
    if (node instanceof PhysicalScan) {
      PhysicalScan scan = (PhysicalScan) node;
      if (!(scan.table() instanceof SourceTable)) {
        return false;
      }
      SourceTable table = (SourceTable) scan.table();
      return table.watermark() != null && table.eventTimeColumn() >= 0
          && scan.columns()[column] == table.eventTimeColumn();
    }
    if (node instanceof PhysicalFilterProject) {
      RexNode e = ((PhysicalFilterProject) node).projects().get(column);
      return e instanceof RexInputRef && isEventTime(node.input(0), ((RexInputRef) e).getIndex());
    }
    if (node instanceof PhysicalWindow && column < node.input(0).rowType().getFieldCount()) {
      return isEventTime(node.input(0), column);
    }
    return false;
  }

  /** Why the Top-N's output changes after it is emitted, or null when it emits final rows only. */
  static String whyNotAppendOnly(PhysicalFilterProject node) {
    Shape shape = shape(node);
    if (shape == null || shape.limit() < 1 || orderKeys(shape.window()).isEmpty() || finalOnWatermark(shape)) {
      return null; // no output, or refused when built
    }
    String what = shape.limit() == 1 ? "keeps the first row per key" : "keeps the first " + shape.limit()
        + " rows per key";
    return "This query " + what + " by ROW_NUMBER() ordered by " + describeOrder(shape.window())
        + ", and a later row can take the place of one already emitted (only an order by the event-time column"
        + " of a source with a watermark, ascending, makes rows final when emitted)";
  }

  private static String describeOrder(PhysicalWindow window) {
    List<String> names = window.input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder();
    for (SortKey key : orderKeys(window)) {
      sb.append(sb.length() == 0 ? "" : ", ").append(names.get(key.column()));
      if (key.descending()) {
        sb.append(" DESC");
      }
    }
    return sb.toString();
  }

  /** Builds the deduplication or Top-N operator for a node {@link #matches} accepted. */
  public static ExecNode build(PlanContext context, PhysicalFilterProject node) {
    Shape shape = shape(node);
    if (shape == null) {
      throw new IllegalStateException("not a Top-N: " + node);
    }
    PhysicalWindow window = shape.window();
    if (shape.limit() > MAX_ROWS_PER_KEY) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A Top-N over a stream keeps at most " + MAX_ROWS_PER_KEY
          + " rows per key, and this query asks for " + shape.limit() + "; lower the bound on ROW_NUMBER()");
    }
    List<DataType> types = TypeMapping.toDataTypes(window.input(0).rowType());
    WindowSpecs specs = new WindowSpecs(window, types);
    if (specs.orderKeys().isEmpty()) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "ROW_NUMBER() over a stream needs an ORDER BY: without one"
          + " the rows a key keeps depend on arrival order. Order by the event-time column to keep the first rows"
          + " (ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts))");
    }
    String inputChanges = StreamTraits.whyNotAppendOnly(window.input(0));
    if (inputChanges != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Deduplication and Top-N over rows that change are not"
          + " supported yet: " + Character.toLowerCase(inputChanges.charAt(0)) + inputChanges.substring(1));
    }
    boolean finalRows = context.mode() != OutputMode.UPDATE && finalOnWatermark(shape);
    if (context.mode() == OutputMode.APPEND && !finalRows) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, whyNotAppendOnly(node) + ", so append mode cannot take"
          + " it. Use SET 'pipeline.output-mode' = 'update' (a changelog of +I, -U, +U and -D rows).");
    }
    // its input only inserts rows: built in append mode, so that windows and sessions below emit final rows
    ExecNode input = context.buildAppendOnly(window.input(0));
    if (shape.limit() < 1) {
      return new ExecNode("TopN (empty)", List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          input.run(batch -> { });
        }
      };
    }
    int limit = (int) shape.limit();
    TopN topN = finalRows
        ? TopN.finalRows(types, specs.partitionKeys(), specs.orderKeys(), limit)
        : TopN.changelog(types, specs.partitionKeys(), specs.orderKeys(), limit, shape.rankShown());
    BatchRanges ranges = context.ranges();
    if (ranges.stateTtlMillis() > 0) {
      topN.expireAfter(ranges.stateTtlMillis());
    }
    FilterProject program = context.compile(window.rowType(), node.condition(), node.projects(), node.rowType());
    if (finalRows) {
      context.waitsOnWatermark();
    }
    String name = (limit == 1 ? "Deduplicate" : "TopN") + (finalRows ? " (append)" : " (update)");
    return context.stateful(OperatorNode.stateful(new RankOperator(name, topN, program, finalRows), ranges, input));
  }

  /** An OVER window over a stream that is not part of a Top-N. */
  public static ExecNode buildWindow(PlanContext context, PhysicalWindow node) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "An OVER window over a stream is not supported yet; over"
        + " streams ROW_NUMBER() works when a filter keeps its first rows: deduplication (WHERE rn = 1) and Top-N"
        + " (WHERE rn <= N)");
  }
}
