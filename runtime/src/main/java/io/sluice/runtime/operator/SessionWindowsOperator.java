package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SessionWindowState;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;

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
public final class SessionWindowsOperator extends AbstractOperator implements StatefulOperator {
  /** Version of the snapshot format: open sessions and their rows ({@link SessionWindowState#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final SessionWindowState state;
  /** Whether open sessions are emitted as a changelog every batch, rather than once when they close. */
  private final boolean update;
  private int closedInLastBatch;
  private int changedInLastBatch;

  /**
   * @param name the operator's name, as the optimizer decided it
   * @param update whether {@code state} emits open sessions' changes every batch (update mode)
   */
  public SessionWindowsOperator(String name, SessionWindowState state, boolean update) {
    super(name);
    this.state = state;
    this.update = update;
  }

  @Override
  public void input(int port, Batch batch) {
    state.add(batch);
  }

  @Override
  public void endBatch() {
    if (update) {
      changedInLastBatch = state.emitChanges(output);
    }
    closedInLastBatch = state.closeUpTo(context.watermark(), output);
    if (state.openSessions() > 0) {
      context.stateWaitsUntil(state.nextEnd());
    }
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
  public StateFormat stateFormat() {
    return new StateFormat(STATE_VERSION, state.shape());
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
  public void markDeltaBase() {
    state.markDeltaBase();
  }

  /** Deltas hold the open sessions of the keys a batch changed, and the keys added and dropped. */
  @Override
  public boolean deltaReady() {
    return state.deltaReady();
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    state.writeDelta(out);
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    state.applyDelta(in);
    closedInLastBatch = 0;
    changedInLastBatch = 0;
  }

  @Override
  public String lastChoice() {
    return state.openSessions() + " open sessions, " + (update ? changedInLastBatch + " changed, " : "")
        + closedInLastBatch + " closed";
  }
}
