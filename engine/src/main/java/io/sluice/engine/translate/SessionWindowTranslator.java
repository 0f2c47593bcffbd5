package io.sluice.engine.translate;

import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.SessionWindowOperator;
import io.sluice.engine.exec.StreamSessions;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.StreamSessionWindow;

/**
 * Lowers SESSION windows: assigned over a bounded input, or ({@link StreamSessionWindow}) over a stream,
 * kept open until the watermark closes them, as the node's decision says.
 */
final class SessionWindowTranslator {
  private SessionWindowTranslator() {}

  static ExecNode translate(StreamSessionWindow node, PlanTranslator plan) {
    return StreamSessions.build(plan, node);
  }

  static ExecNode translate(PhysicalSessionWindow node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      throw new IllegalStateException("no streaming rule chose the operator of " + node.name() + "(" + node.details()
          + ")");
    }
    ExecNode input = plan.build(node.input(0));
    return new SessionWindowOperator(node.name(), input, TypeMapping.toDataTypes(node.input(0).rowType()),
        node.keyColumns(), node.timeColumn(), node.gapMillis());
  }
}
