package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalWindow;
import io.sluice.optimizer.physical.StreamRanking;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;

/**
 * Deduplication and Top-N per key over a stream: a filter that keeps the first rows of
 * {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..)} ({@code rn = 1}, {@code rn <= N},
 * {@code rn < N}) runs as one stateful operator, not as a window and a filter.
 *
 * <p>Partitioned by a window's bounds (Flink's window Top-N: {@code PARTITION BY window_start,
 * window_end} over a window table function or a windowed aggregation), a partition is complete
 * once the watermark passes its window's end: outside update mode each window's first rows are
 * emitted once then, in any order, and its state dropped.
 *
 * <p>Ordered by the event-time column of a source with a watermark, ascending, a row is final
 * once the watermark passes it: outside update mode rows are held until then and emitted once.
 * Any other order (a non-time column, DESC, a time column without a watermark), or update mode,
 * emits at once and retracts when a better row takes a place. Without an ORDER BY the first rows
 * to arrive are kept: emitted at once, final.
 *
 * <p>Without an ORDER BY and with a watermarked event-time column among the PARTITION BY keys
 * (Spark's {@code dropDuplicates} with the event-time column among its keys), a key is forgotten
 * once the watermark reaches its time, and scans drop late rows: no row of that key can arrive any
 * more, so its state is bounded by the watermark. The event time is named among the partition
 * keys, not implied, because a key without it has no time after which a duplicate cannot come.
 *
 * <p>This recognises the pattern and decides what the ranking node carries ({@link StreamRankRule},
 * {@link StreamDeduplicateRule} make it); {@link Rank} is the streaming traits' view of that node.
 *
 * @param filter the filter over the ranking
 * @param window the ROW_NUMBER window under the filter
 * @param rankColumn the window's rank column (its last)
 * @param limit the largest rank the filter keeps
 * @param rankShown whether the output depends on the rank beyond that bound (a rank column shown,
 *     or {@code rn = 3}, whose holder changes with every shift)
 * @param orderedByEventTime whether the first ORDER BY key is a watermarked event time, ascending
 *     with NULLs last
 * @param windowPartition the window a partition key bounds (a window Top-N), or null
 * @param releasedKey without an ORDER BY, the position among the partition keys of a watermarked
 *     event-time column, whose keys the watermark releases; -1 for none
 */
record RowNumberFilter(PhysicalFilterProject filter, PhysicalWindow window, int rankColumn, long limit,
    boolean rankShown, boolean orderedByEventTime, WindowKeys.WindowKey windowPartition, int releasedKey) {

  /** How a ranking node kind is made: its constructor. */
  interface NodeKind<T extends StreamRanking> {
    T make(PhysicalNode input, int[] partitionKeys, List<RelFieldCollation> order, long limit, boolean rankShown,
        boolean orderedByEventTime, int windowKey, long windowAddToEnd, int releasedKey, OutputMode mode,
        RelDataType rankedRowType, RexNode condition, List<RexNode> projects, RelDataType rowType, double rows);
  }

  /** The Top-N {@code node} is, or null when it does not filter a ROW_NUMBER to its first rows. */
  static RowNumberFilter of(PhysicalNode node) {
    if (!(node instanceof PhysicalFilterProject) || !(node.input(0) instanceof PhysicalWindow)) {
      return null;
    }
    PhysicalFilterProject filter = (PhysicalFilterProject) node;
    if (filter.condition() == null) {
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
    for (RexNode conjunct : RelOptUtil.conjunctions(filter.condition())) {
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
    for (RexNode project : filter.projects()) {
      rankShown |= references(project, rank);
    }
    WindowKeys.WindowKey windowPartition = WindowKeys.windowOf(window.input(0), window.group().keys);
    int releasedKey = windowPartition == null || windowPartition.eventTime() ? releasedKey(window) : -1;
    if (releasedKey >= 0) {
      windowPartition = null; // first arrivals emitted at once, not held until the watermark passes their time
    }
    return new RowNumberFilter(filter, window, rank, limit, rankShown, orderedByEventTime(window), windowPartition,
        releasedKey);
  }

  /** The ranking node of kind {@code kind} this filter runs as in {@code mode}, over the window's input. */
  <T extends StreamRanking> T toNode(NodeKind<T> kind, OutputMode mode) {
    return kind.make(window.input(0), window.group().keys.toArray(), window.group().orderKeys.getFieldCollations(),
        limit, rankShown, orderedByEventTime, windowPartition == null ? -1 : windowPartition.column(),
        windowPartition == null ? 0 : windowPartition.addToEnd(), releasedKey, mode, window.rowType(),
        filter.condition(), filter.projects(), filter.rowType(), filter.rows());
  }

  /** Without an ORDER BY, the position of the first watermarked event-time column among the partition keys, else -1. */
  private static int releasedKey(PhysicalWindow window) {
    if (!window.group().orderKeys.getFieldCollations().isEmpty()) {
      return -1;
    }
    int position = 0;
    for (int key : window.group().keys) {
      if (isWatermarkedEventTime(window.input(0), key)) {
        return position;
      }
      position++;
    }
    return -1;
  }

  /** Whether it keeps one row per key (deduplication) rather than N (Top-N). */
  boolean deduplicate() {
    return limit == 1;
  }

  /**
   * Whether it orders its rows at all: without an ORDER BY it keeps the first rows to arrive per key
   * (Spark's {@code dropDuplicates}, Flink's keep-first-row), emitted at once and never replaced.
   */
  boolean ordered() {
    return !window.group().orderKeys.getFieldCollations().isEmpty();
  }

  /** Why its output changes after it is emitted (outside update mode), or null when it emits final rows only. */
  String whyNotAppendOnly() {
    if (limit < 1 || !ordered() || orderedByEventTime || windowPartition != null) {
      return null; // no output, the first arrivals (never replaced), rows held until final or until their window closes
    }
    String what = deduplicate() ? "keeps the first row per key" : "keeps the first " + limit + " rows per key";
    return "This query " + what + " by ROW_NUMBER() ordered by " + describeOrder()
        + ", and a later row can take the place of one already emitted (only an order by the event-time column"
        + " of a source with a watermark, ascending, or a partition by a window's bounds, makes rows final when"
        + " emitted)";
  }

  private String describeOrder() {
    List<String> names = window.input(0).rowType().getFieldNames();
    StringBuilder sb = new StringBuilder();
    for (RelFieldCollation key : window.group().orderKeys.getFieldCollations()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(names.get(key.getFieldIndex()));
      if (key.getDirection().isDescending()) {
        sb.append(" DESC");
      }
    }
    return sb.toString();
  }

  private static boolean orderedByEventTime(PhysicalWindow window) {
    List<RelFieldCollation> order = window.group().orderKeys.getFieldCollations();
    if (order.isEmpty()) {
      return false;
    }
    RelFieldCollation first = order.get(0);
    RelFieldCollation.NullDirection nulls = first.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
        ? first.getDirection().defaultNullDirection() : first.nullDirection;
    return !first.getDirection().isDescending() && nulls != RelFieldCollation.NullDirection.FIRST
        && isWatermarkedEventTime(window.input(0), first.getFieldIndex());
  }

  /** Whether output column {@code column} of {@code node} is a source's event-time column and the source has a watermark. */
  static boolean isWatermarkedEventTime(PhysicalNode node, int column) {
    return watermarkedSource(node, column) != null;
  }

  /**
   * The source with a watermark whose event-time column output column {@code column} of {@code
   * node} is, or null.
   */
  static StreamTable watermarkedSource(PhysicalNode node, int column) {
    if (node instanceof PhysicalScan) {
      PhysicalScan scan = (PhysicalScan) node;
      if (!(scan.table() instanceof StreamTable)) {
        return null;
      }
      StreamTable table = (StreamTable) scan.table();
      return table.watermark() != null && table.eventTimeColumn() >= 0
          && scan.columns()[column] == table.eventTimeColumn() ? table : null;
    }
    if (node instanceof PhysicalFilterProject) {
      RexNode e = ((PhysicalFilterProject) node).projects().get(column);
      return e instanceof RexInputRef ? watermarkedSource(node.input(0), ((RexInputRef) e).getIndex()) : null;
    }
    if (node instanceof PhysicalWindow && column < node.input(0).rowType().getFieldCount()) {
      return watermarkedSource(node.input(0), column);
    }
    if (node instanceof StreamRanking) { // a filter over a ranking, as the rules made it one node
      RexNode e = ((StreamRanking) node).projects().get(column);
      return e instanceof RexInputRef && ((RexInputRef) e).getIndex() < node.input(0).rowType().getFieldCount()
          ? watermarkedSource(node.input(0), ((RexInputRef) e).getIndex()) : null;
    }
    return null;
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
}
