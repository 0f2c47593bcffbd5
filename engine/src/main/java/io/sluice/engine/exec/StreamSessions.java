package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.runtime.kernel.SessionWindowState;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
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

  public static ExecNode build(PlanContext context, PhysicalSessionWindow node) {
    String changes = StreamTraits.whyNotAppendOnly(node.input(0));
    if (changes != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "SESSION over a stream keeps the rows it is given until"
          + " their session closes, so its input must only insert rows. " + changes + ".");
    }
    context.waitsOnWatermark();
    boolean update = context.mode() == OutputMode.UPDATE;
    ExecNode input = context.buildAppendOnly(node.input(0));
    List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
    SessionWindowState state = new SessionWindowState(inputTypes, node.keyColumns(), node.timeColumn(),
        node.gapMillis(), update);
    return context.stateful(new SessionWindows(input, state, context.ranges(), update));
  }

  /** The run-time operator of a SESSION over a stream. */
  static final class SessionWindows extends ExecNode implements OperatorState {
    /** Version of the snapshot format: open sessions and their rows ({@link SessionWindowState#writeTo}). */
    private static final int STATE_VERSION = 1;

    private final ExecNode input;
    private final SessionWindowState state;
    private final BatchRanges ranges;
    /** Whether open sessions are emitted as a changelog every batch, rather than once when they close. */
    private final boolean update;
    private int closedInLastBatch;
    private int changedInLastBatch;

    SessionWindows(ExecNode input, SessionWindowState state, BatchRanges ranges, boolean update) {
      super(update ? "SessionWindows (update)" : "SessionWindows", List.of(input));
      this.input = input;
      this.state = state;
      this.ranges = ranges;
      this.update = update;
    }

    @Override
    void execute(BatchConsumer out) {
      input.run(state::add);
      if (update) {
        changedInLastBatch = state.emitChanges(out);
      }
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
      return !update && state.openSessions() > 0;
    }

    @Override
    public io.sluice.runtime.state.StateFormat stateFormat() {
      return new io.sluice.runtime.state.StateFormat(STATE_VERSION, state.shape());
    }

    @Override
    public void snapshot(java.io.DataOutput out) throws java.io.IOException {
      stateFormat().writeHeader(out);
      state.writeTo(out);
    }

    @Override
    public void restore(java.io.DataInput in) throws java.io.IOException {
      stateFormat().readHeader(in);
      state.readFrom(in);
      closedInLastBatch = 0;
      changedInLastBatch = 0;
    }

    @Override
    public String explainState() {
      return "the rows of each open session, dropped when the watermark passes the session's end (last row + gap)"
          + (update ? "; every batch, the rows of a session that grew or merged are retracted (-D) with its old bounds"
              + " and inserted (+I) with its new ones, so a session of n rows costs up to n rows each batch it grows"
              : "; the session's rows emitted then, once, with its final bounds");
    }

    @Override
    public String lastChoice() {
      return state.openSessions() + " open sessions, " + (update ? changedInLastBatch + " changed, " : "")
          + closedInLastBatch + " closed";
    }
  }
}
