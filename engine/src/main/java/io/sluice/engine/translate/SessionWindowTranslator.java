package io.sluice.engine.translate;

import io.sluice.engine.exec.ExecNode;
import io.sluice.engine.exec.SessionWindowOperator;
import io.sluice.engine.exec.StreamSessions;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSessionWindow;

/** Lowers SESSION windows: assigned over a bounded input, or over a stream kept open until the watermark closes them. */
final class SessionWindowTranslator {
  private SessionWindowTranslator() {}

  static ExecNode translate(PhysicalSessionWindow node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      return StreamSessions.build(plan, node);
    }
    ExecNode input = plan.build(node.input(0));
    return new SessionWindowOperator(node.name(), input, TypeMapping.toDataTypes(node.input(0).rowType()),
        node.keyColumns(), node.timeColumn(), node.gapMillis());
  }
}
