package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.runtime.kernel.SessionWindowState;
import io.sluice.runtime.operator.SessionWindowsOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.StreamSessionWindow;
import java.util.List;

/**
 * Session windows over a stream: rows wait in their open session until the watermark passes
 * the session's end (last row + gap), then are forgotten.
 *
 * <p>In append mode a session's rows are emitted then, each with the session's final
 * window_start and window_end: the output is append-only, and an aggregate above it sees every
 * row of a session in the batch that closes it. In update mode every batch emits what it changed
 * in the open sessions as a changelog ({@link SessionWindowState#emitChanges}): the rows of a
 * session that grew or merged are taken back ({@code -D}) with their old bounds and inserted again
 * ({@code +I}) with the new ones, so an aggregate above, which groups by the bounds, moves them
 * from the old group to the new one. Either way the output after each batch is what a batch run
 * over the rows so far gives.
 */
public final class StreamSessions {
  private StreamSessions() {}

  public static ExecNode build(PlanContext context, StreamSessionWindow node) {
    boolean update = node.emitsUpdates();
    ExecNode input = context.build(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    SessionWindowState state = new SessionWindowState(inputTypes, node.keyColumns(), node.timeColumn(),
        node.gapMillis(), update);
    return context.stateful(OperatorNode.stateful(new SessionWindowsOperator(node.operatorName(), state, update),
        context.ranges(), input));
  }
}
