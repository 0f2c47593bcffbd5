package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.DistinctOperator;
import io.sluice.runtime.operator.GroupAggregateOperator;
import io.sluice.runtime.operator.HashAggregateOperator;
import io.sluice.runtime.operator.WindowAggregateOperator;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.stream.Distinct;
import io.sluice.optimizer.stream.GroupAggregate;
import io.sluice.optimizer.stream.StreamOperator;
import io.sluice.optimizer.stream.StreamTraits;
import io.sluice.optimizer.stream.WindowAggregate;
import java.util.List;

/**
 * Lowers an aggregation over a stream to the stateful operator the optimizer decided: by window
 * (emitted when the watermark passes the window), by window in complete mode (every window kept),
 * over closed sessions, over sessions as they change (update mode), or without a window (a
 * changelog of groups), or the distinct keys of a stream emitted at their first arrival.
 */
final class StreamAggregateTranslator {
  private StreamAggregateTranslator() {}

  static ExecNode translate(PhysicalHashAggregate node, List<DataType> inputTypes, List<AggregateSpec> specs,
      PlanTranslator plan) {
    StreamTraits traits = plan.traits(node);
    OutputMode mode = traits.runMode();
    StreamOperator operator = traits.operator();
    ExecNode input = plan.build(node.input(0));
    int[] keys = node.groupKeys();
    if (operator instanceof GroupAggregate) {
      GroupAggregate group = (GroupAggregate) operator;
      return plan.stateful(OperatorNode.stateful(new GroupAggregateOperator(group.operatorName(mode), inputTypes, keys,
          specs, mode, plan.ranges().stateTtlMillis(), group.retractingInput(), group.sessionEndKey(),
          plan.ranges().diskState()), plan.ranges(),
          input));
    }
    if (operator instanceof Distinct) {
      return plan.stateful(OperatorNode.stateful(new DistinctOperator(operator.operatorName(mode), inputTypes, keys,
          plan.ranges().stateTtlMillis()), plan.ranges(), input));
    }
    WindowAggregate window = (WindowAggregate) operator;
    if (window.complete()) {
      // complete mode keeps every window: the groups of all windows in one table, whole every batch
      return plan.stateful(OperatorNode.stateful(new GroupAggregateOperator(window.operatorName(mode), inputTypes,
          keys, specs, OutputMode.COMPLETE, plan.ranges().stateTtlMillis(), false, -1), plan.ranges(), input));
    }
    if (window.overClosedSessions()) {
      return OperatorNode.of(new HashAggregateOperator(window.operatorName(mode), inputTypes, keys, specs,
          plan.spillSpace()),
          plan.ranges(), input);
    }
    // group keys that are the window's start or end are the same for every row of a window:
    // each window's table groups by the other keys only
    return plan.stateful(OperatorNode.stateful(new WindowAggregateOperator(window.operatorName(mode), inputTypes, keys,
        window.windowOffsets(), specs, window.window().column(), window.window().addToEnd(), mode), plan.ranges(),
        input));
  }
}
