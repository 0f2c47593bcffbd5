package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.SessionWindowState;

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
public final class SessionWindowsOperator extends KeyedStateOperator {
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
    super(name, STATE_VERSION, state);
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

  @Override
  public boolean pendingOutput() {
    return !update && state.openSessions() > 0;
  }

  @Override
  public String lastChoice() {
    return state.openSessions() + " open sessions, " + (update ? changedInLastBatch + " changed, " : "")
        + closedInLastBatch + " closed";
  }
}
