package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.operator.SessionWindowState;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import java.util.List;

/**
 * Session windows over a stream: rows wait in their open session until the watermark passes
 * the session's end (last row + gap); then they are emitted, each with the session's final
 * window_start and window_end, and forgotten. So the output is append-only, and an aggregate
 * above it sees every row of a session in the batch that closes it.
 */
final class StreamSessions {
  private StreamSessions() {}

  static ExecNode build(PlanContext context, PhysicalSessionWindow node) {
    String changes = QueryExecutor.whyNotAppendOnly(node.input(0));
    if (changes != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "SESSION over a stream keeps the rows it is given until"
          + " their session closes, so its input must only insert rows. " + changes + ".");
    }
    context.waitsOnWatermark();
    ExecNode input = context.build(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    SessionWindowState state = new SessionWindowState(inputTypes, node.keyColumns(), node.timeColumn(),
        node.gapMillis());
    return context.stateful(new SessionWindows(input, state, context.ranges()));
  }

  /** The run-time operator of a SESSION over a stream. */
  static final class SessionWindows extends ExecNode implements OperatorState {
    /** Version of the snapshot format: open sessions and their rows ({@link SessionWindowState#writeTo}). */
    private static final int STATE_VERSION = 1;

    private final ExecNode input;
    private final SessionWindowState state;
    private final BatchRanges ranges;
    private int closedInLastBatch;

    SessionWindows(ExecNode input, SessionWindowState state, BatchRanges ranges) {
      super("SessionWindows", List.of(input));
      this.input = input;
      this.state = state;
      this.ranges = ranges;
    }

    @Override
    void execute(BatchConsumer out) {
      input.run(state::add);
      closedInLastBatch = state.closeUpTo(ranges.watermark(), out);
      if (state.openSessions() > 0) {
        ranges.stateWaitsUntil(state.nextEnd());
      }
    }

    @Override
    public String operatorName() {
      return name;
    }

    /** Rows waiting in open sessions. */
    @Override
    public long stateRows() {
      return state.rowCount();
    }

    @Override
    public long stateBytes() {
      return state.estimatedBytes();
    }

    @Override
    public boolean pendingOutput() {
      return state.openSessions() > 0;
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
      io.sluice.engine.operator.StateIO.writeHeader(out, STATE_VERSION, state.shape());
      state.writeTo(out);
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
      io.sluice.engine.operator.StateIO.readHeader(in, STATE_VERSION, state.shape());
      state.readFrom(in);
      closedInLastBatch = 0;
    }

    @Override
    public String lastChoice() {
      return state.openSessions() + " open sessions, " + closedInLastBatch + " closed";
    }
  }
}
