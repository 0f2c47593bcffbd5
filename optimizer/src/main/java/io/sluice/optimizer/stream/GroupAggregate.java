package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import java.util.Locale;

/**
 * An aggregation of a stream without a window (or over sessions in update mode): one row of
 * state per group, updated every batch, its changes emitted as {@code -U}/{@code +U}.
 *
 * @param retractingInput whether its input is a changelog, so that accumulators must give rows back
 * @param sessionEndKey the position among the group keys of a session's window_end, whose groups
 *     are dropped once the watermark passes it; -1 when no key bounds the groups
 * @param valueCounts whether, over a changelog, some aggregate (MIN, MAX, DISTINCT) keeps each
 *     value's row count per group
 */
public record GroupAggregate(boolean retractingInput, int sessionEndKey, boolean valueCounts)
    implements StreamOperator {
  @Override
  public String name() {
    return "GroupAggregate";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return sessionEndKey >= 0 ? "WindowAggregate (sessions, update)"
        : "GroupAggregate (" + mode.name().toLowerCase(Locale.ROOT) + ")";
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return sessionEndKey >= 0;
  }

  @Override
  public String explainState(OutputMode mode) {
    if (sessionEndKey >= 0) {
      return operatorName(mode) + " - one row per open session group with the number of its input rows:"
          + " a session that grows or merges takes its rows back (-D) from the group of its old bounds and adds them"
          + " (+I) to the group of its new ones; the last row emitted per group, to retract it (-U, or -D when the"
          + " group is gone) when it changes; a group is final once the watermark passes its window_end, and its"
          + " state is dropped then (in bulk, when closed groups outnumber open ones)";
    }
    String kept = !retractingInput ? "one row per group, kept for the life of the query"
        : "one row per group with the number of its input rows, so that -U and -D input rows take theirs back and"
            + " a group left without rows is dropped" + (valueCounts ? "; MIN, MAX and DISTINCT keep each value's"
            + " row count per group" : "");
    return operatorName(mode) + " - " + kept
        + (mode != OutputMode.UPDATE ? "; the whole result every batch"
            : " with the last row emitted per group, to retract it (-U) when the group changes"
                + (retractingInput ? " (-D when it is gone)" : ""));
  }

  @Override
  public StateNeed state() {
    return sessionEndKey >= 0
        ? new StateNeed(StateNeed.Kind.GROUPS, true, "until the watermark passes their session's end")
        : new StateNeed(StateNeed.Kind.GROUPS, false, "kept for the whole query (or its state time-to-live)");
  }
}
