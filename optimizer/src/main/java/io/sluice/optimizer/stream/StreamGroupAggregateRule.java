package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.StreamGroupAggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * Turns an aggregation of a stream into a {@link StreamGroupAggregate} where its groups are kept and
 * updated every batch: an aggregation without a window, or over sessions shown as they grow
 * (update mode). It decides what the run-time operator obeys: whether the input is a changelog to
 * take rows back from, whether MIN, MAX or DISTINCT must keep value counts for that, which key
 * bounds the groups, and the output mode. Distinct keys of an insert-only stream (outside complete
 * mode) and aggregations by closing windows are left to their own operators.
 */
final class StreamGroupAggregateRule {
  private StreamGroupAggregateRule() {}

  /**
   * The group aggregate {@code aggregate} runs as, or null when it runs as another operator.
   *
   * @param distinct whether it only keeps the distinct keys of an insert-only stream ({@link Distinct})
   * @param changelogInput whether its input's rows change after they are emitted
   * @param mode the output mode it runs in
   */
  static StreamGroupAggregate convert(PhysicalHashAggregate aggregate, boolean distinct, boolean changelogInput,
      OutputMode mode) {
    if (distinct && mode != OutputMode.COMPLETE) { // complete mode: the whole result, as an aggregation's
      return null;
    }
    WindowKeys.WindowKey window = WindowKeys.windowKey(aggregate);
    if (window == null) {
      return node(aggregate, changelogInput, -1, changelogInput && keepsValueCounts(aggregate), mode);
    }
    if (window.closedUpstream() && mode == OutputMode.UPDATE) {
      return node(aggregate, true, WindowKeys.sessionEndKey(aggregate), keepsValueCounts(aggregate), mode);
    }
    return null;
  }

  private static StreamGroupAggregate node(PhysicalHashAggregate aggregate, boolean retractingInput,
      int sessionEndKey, boolean valueCounts, OutputMode mode) {
    return new StreamGroupAggregate(aggregate.input(0), aggregate.groupKeys(), aggregate.aggregates(),
        aggregate.rowType(), aggregate.rows(), retractingInput, sessionEndKey, valueCounts, mode);
  }

  /** Whether an aggregate of it keeps each value's row count to take rows back: MIN, MAX (not of booleans), DISTINCT. */
  private static boolean keepsValueCounts(PhysicalHashAggregate aggregate) {
    for (AggregateCall call : aggregate.aggregates()) {
      SqlKind kind = call.getAggregation().getKind();
      boolean extreme = (kind == SqlKind.MIN || kind == SqlKind.MAX)
          && call.getType().getSqlTypeName() != SqlTypeName.BOOLEAN;
      if (call.isDistinct() || extreme) {
        return true;
      }
    }
    return false;
  }
}
