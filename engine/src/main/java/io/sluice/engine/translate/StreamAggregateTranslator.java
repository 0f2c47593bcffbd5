package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.StreamTraits;
import io.sluice.engine.exec.StreamTraits.WindowKey;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.operator.GroupAggregateOperator;
import io.sluice.runtime.operator.HashAggregateOperator;
import io.sluice.runtime.operator.WindowAggregateOperator;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import java.util.List;

/**
 * Lowers an aggregation over a stream to the stateful operator that runs it: by window (emitted
 * when the watermark passes the window), over closed sessions, over sessions as they change
 * (update mode), or without a window (a changelog of groups). Refuses what cannot run that way.
 */
final class StreamAggregateTranslator {
  private StreamAggregateTranslator() {}

  static ExecNode translate(PhysicalHashAggregate node, List<DataType> inputTypes, List<AggregateSpec> specs,
      PlanTranslator plan) {
    String inputChanges = StreamTraits.whyNotAppendOnly(node.input(0));
    if (inputChanges != null) {
      checkRetractable(node, specs, inputChanges);
    }
    WindowKey window = StreamTraits.windowKey(node);
    // over sessions in update mode the input is the sessions' changelog: rows move to a group
    // of new bounds as their session grows or merges
    boolean sessionUpdates = window != null && window.closedUpstream() && plan.mode() == OutputMode.UPDATE;
    int sessionEnd = sessionUpdates ? StreamTraits.sessionEndKey(node) : -1;
    if (sessionUpdates) {
      checkSessionUpdates(node, specs, sessionEnd);
    }
    ExecNode input = inputChanges != null || sessionUpdates ? plan.buildChangelog(node.input(0))
        : plan.buildAppendOnly(node.input(0));
    int[] keys = node.groupKeys();
    if (sessionUpdates) {
      plan.waitsOnWatermark();
      return plan.stateful(OperatorNode.stateful(new GroupAggregateOperator(inputTypes, keys, specs, plan.mode(),
          plan.ranges().stateTtlMillis(), true, sessionEnd), plan.ranges(), input));
    }
    if (window != null && window.closedUpstream()) {
      return OperatorNode.of(new HashAggregateOperator("WindowAggregate (closed windows)", inputTypes, keys, specs),
          plan.ranges(), input);
    }
    if (window != null) {
      plan.waitsOnWatermark();
      // group keys that are the window's start or end are the same for every row of a window:
      // each window's table groups by the other keys only
      long[] windowOffsets = new long[keys.length];
      for (int i = 0; i < keys.length; i++) {
        WindowKey k = StreamTraits.windowColumn(node.input(0), keys[i], keys[i]);
        windowOffsets[i] = k == null || !k.fixed() || !window.fixed() ? -1 : k.addToEnd();
      }
      return plan.stateful(OperatorNode.stateful(new WindowAggregateOperator(inputTypes, keys, windowOffsets, specs,
          window.column(), window.addToEnd(), plan.mode()), plan.ranges(), input));
    }
    return plan.stateful(OperatorNode.stateful(new GroupAggregateOperator(inputTypes, keys, specs, plan.mode(),
        plan.ranges().stateTtlMillis(), inputChanges != null, -1), plan.ranges(), input));
  }

  /**
   * Refuses an aggregation over rows that change (its input retracts rows) that cannot take
   * retractions: a windowed one, or one computing an aggregate that cannot give a row back.
   */
  private static void checkRetractable(PhysicalHashAggregate node, List<AggregateSpec> specs, String inputChanges) {
    String why = Character.toLowerCase(inputChanges.charAt(0)) + inputChanges.substring(1);
    if (StreamTraits.windowKey(node) != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A windowed aggregation over rows that change is not"
          + " supported yet: " + why + ". Aggregate by window first (its rows are final once the window closes),"
          + " or aggregate without a window.");
    }
    for (int i = 0; i < specs.size(); i++) {
      String reason = HashAggregator.whyNotRetractable(specs.get(i));
      if (reason != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate "
            + node.aggregates().get(i).getAggregation().getName() + " cannot run over rows that change (" + why
            + "): " + reason + ".");
      }
    }
  }

  /**
   * Refuses an aggregation over SESSION windows in update mode that cannot take its input's
   * changelog: one that does not group by window_end (nothing would tell when a group is final,
   * so its state would grow forever), or one computing an aggregate that cannot give a row back.
   */
  private static void checkSessionUpdates(PhysicalHashAggregate node, List<AggregateSpec> specs, int sessionEnd) {
    if (sessionEnd < 0) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "An aggregate over SESSION windows in update mode must group"
          + " by window_end: a group is final, and its state dropped, once the watermark passes its window_end,"
          + " and a session's start says nothing of its end. Add window_end to the GROUP BY, or use"
          + " SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
    }
    for (int i = 0; i < specs.size(); i++) {
      String reason = HashAggregator.whyNotRetractable(specs.get(i));
      if (reason != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate "
            + node.aggregates().get(i).getAggregation().getName() + " cannot run over SESSION windows in update"
            + " mode, where a session's rows leave its group as the session grows or merges: " + reason
            + ". Use SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
      }
    }
  }
}
