package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.StreamSessionWindow;
import io.sluice.runtime.kernel.SessionWindowState;
import io.sluice.runtime.operator.SessionAssignOperator;
import io.sluice.runtime.operator.SessionWindowsOperator;
import java.util.List;

/**
 * Lowers SESSION windows: assigned over a bounded input, or ({@link StreamSessionWindow}) over a
 * stream, kept open until the watermark passes a session's end (last row + gap), as the node's
 * decision says.
 *
 * <p>Over a stream in append mode a session's rows are emitted once it closes, each with the
 * session's final window_start and window_end: the output is append-only, and an aggregate above
 * sees every row of a session in the batch that closes it. In update mode every batch emits what it
 * changed in the open sessions as a changelog ({@link SessionWindowState#emitChanges}): the rows of
 * a session that grew or merged are taken back ({@code -D}) with their old bounds and inserted again
 * ({@code +I}) with the new ones, so an aggregate above, which groups by the bounds, moves them from
 * the old group to the new one. Either way the output after each batch is what a batch run over
 * the rows so far gives.
 */
final class SessionWindowTranslator {
  private SessionWindowTranslator() {}

  static OperatorNode translate(StreamSessionWindow node, PlanTranslator plan) {
    boolean update = node.emitsUpdates();
    OperatorNode input = plan.build(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    SessionWindowState state = new SessionWindowState(inputTypes, node.keyColumns(), node.timeColumn(),
        node.gapMillis(), update);
    return plan.stateful(OperatorNode.stateful(new SessionWindowsOperator(node.operatorName(), state, update,
        plan.ranges().windowEmit()),
        plan.ranges(), input));
  }

  static OperatorNode translate(PhysicalSessionWindow node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      throw new IllegalStateException("no streaming rule chose the operator of " + node.name() + "(" + node.details()
          + ")");
    }
    OperatorNode input = plan.build(node.input(0));
    return OperatorNode.of(new SessionAssignOperator(node.name(), TypeMapping.toDataTypes(node.input(0).rowType()),
        node.keyColumns(), node.timeColumn(), node.gapMillis()), plan.ranges(), input);
  }
}
