package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamGroupAggregate;

/**
 * The streaming traits' view of a {@link StreamGroupAggregate}, the node that carries the
 * decisions: an aggregation of a stream without a window (or over sessions in update mode), one row
 * of state per group, updated every batch, its changes emitted as {@code -U}/{@code +U}.
 */
public record GroupAggregate(StreamGroupAggregate node) implements StreamOperator {
  /** Whether its input is a changelog, so that accumulators must give rows back. */
  public boolean retractingInput() {
    return node.retractingInput();
  }

  /** The position among the group keys of a session's window_end, or -1 when no key bounds the groups. */
  public int sessionEndKey() {
    return node.sessionEndKey();
  }

  /** Whether, over a changelog, some aggregate (MIN, MAX, DISTINCT) keeps each value's row count per group. */
  public boolean valueCounts() {
    return node.valueCounts();
  }

  @Override
  public String name() {
    return "GroupAggregate";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return node.operatorName();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return node.overSessions();
  }

  @Override
  public String explainState(OutputMode mode) {
    if (node.overSessions()) {
      return operatorName(mode) + " - one row per open session group with the number of its input rows:"
          + " a session that grows or merges takes its rows back (-D) from the group of its old bounds and adds them"
          + " (+I) to the group of its new ones; the last row emitted per group, to retract it (-U, or -D when the"
          + " group is gone) when it changes; a group is final once the watermark passes its window_end, and its"
          + " state is dropped then (in bulk, when closed groups outnumber open ones)";
    }
    String kept = !node.retractingInput() ? "one row per group, kept for the life of the query"
        : "one row per group with the number of its input rows, so that -U and -D input rows take theirs back and"
            + " a group left without rows is dropped" + (node.valueCounts() ? "; MIN, MAX and DISTINCT keep each value's"
            + " row count per group" : "");
    return operatorName(mode) + " - " + kept
        + (mode != OutputMode.UPDATE ? "; the whole result every batch"
            : " with the last row emitted per group, to retract it (-U) when the group changes"
                + (node.retractingInput() ? " (-D when it is gone)" : ""));
  }

  @Override
  public StateNeed state() {
    return node.overSessions()
        ? new StateNeed(StateNeed.Kind.GROUPS, true, "until the watermark passes their session's end")
        : new StateNeed(StateNeed.Kind.GROUPS, false, "kept for the whole query (or its state time-to-live)");
  }
}
