package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.StreamAggregates;
import io.sluice.engine.operator.AggregateSpec;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.stream.GroupAggregate;
import io.sluice.optimizer.stream.StreamOperator;
import io.sluice.optimizer.stream.StreamTraits;
import io.sluice.optimizer.stream.WindowAggregate;
import java.util.List;

/**
 * Lowers an aggregation over a stream to the stateful operator the optimizer decided: by window
 * (emitted when the watermark passes the window), over closed sessions, over sessions as they
 * change (update mode), or without a window (a changelog of groups).
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
      return plan.stateful(new StreamAggregates.GroupAggregate(group.operatorName(mode), input, inputTypes, keys, specs,
          mode, plan.ranges(), group.retractingInput(), group.sessionEndKey()));
    }
    WindowAggregate window = (WindowAggregate) operator;
    if (window.overClosedSessions()) {
      return new StreamAggregates.ClosedWindowAggregate(window.operatorName(mode), input, inputTypes, keys, specs);
    }
    // group keys that are the window's start or end are the same for every row of a window:
    // each window's table groups by the other keys only
    return plan.stateful(new StreamAggregates.WindowAggregate(window.operatorName(mode), input, inputTypes, keys,
        window.windowOffsets(), specs, window.window().column(), window.window().addToEnd(), plan.ranges(), mode));
  }
}
