package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.Saturated;
import io.sluice.catalog.stream.WindowEmit;
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
 *
 * <p>In update mode an allowed lateness ({@link WindowEmit#allowedLatenessMillis}) keeps a session
 * until the watermark passes its end plus the lateness: a late row the scans let through for it
 * grows it or merges it with another (or starts a session that the watermark already passed), and
 * the changelog takes the shown rows back and shows the new session, as for any row. An early-fire
 * delay ({@link WindowEmit#earlyFireMillis}) holds the rows read ({@link SessionWindowState#hold})
 * and puts them into their sessions, emitting what they changed, once that much processing time has
 * passed since the first of them came, or at once when one of them may change a session that the
 * watermark has reached (its final row is due).
 */
public final class SessionWindowsOperator extends KeyedStateOperator {
  /** Version of the snapshot format: open sessions and their rows ({@link SessionWindowState#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final SessionWindowState state;
  /** Whether open sessions are emitted as a changelog every batch, rather than once when they close. */
  private final boolean update;
  /** In update mode, how long sessions wait for late rows; {@link WindowEmit#DEFAULT} otherwise. */
  private final WindowEmit emit;
  private int closedInLastBatch;
  private int changedInLastBatch;

  /**
   * @param name the operator's name, as the optimizer decided it
   * @param update whether {@code state} emits open sessions' changes every batch (update mode)
   */
  public SessionWindowsOperator(String name, SessionWindowState state, boolean update) {
    this(name, state, update, WindowEmit.DEFAULT);
  }

  /** @param emit in update mode, how long a session waits for late rows after the watermark passes its end */
  public SessionWindowsOperator(String name, SessionWindowState state, boolean update, WindowEmit emit) {
    super(name, STATE_VERSION, state);
    this.state = state;
    this.update = update;
    this.emit = update ? emit : WindowEmit.DEFAULT;
    if (this.emit.earlyFireMillis() > 0) {
      state.holdChanges();
    }
  }

  @Override
  public void input(int port, Batch batch) {
    if (emit.earlyFireMillis() > 0) {
      state.hold(batch, context.batchTime());
    } else {
      state.add(batch);
    }
  }

  @Override
  public void endBatch() {
    if (update) {
      if (state.heldRows() > 0 && fires()) {
        state.placeHeld();
      }
      changedInLastBatch = state.emitChanges(output);
    }
    closedInLastBatch = state.closeUpTo(emit.lateThrough(context.watermark()), output);
    if (state.openSessions() > 0) {
      context.stateWaitsUntil(Saturated.add(state.nextEnd(), emit.allowedLatenessMillis()));
    }
    if (state.heldRows() > 0) {
      context.stateWaitsUntil(Saturated.add(state.earliestHeldTime(), state.gap())); // the latest they may wait
      context.stateExpiresAt(Saturated.add(state.heldSince(), emit.earlyFireMillis()));
    }
  }

  /**
   * Whether the held rows go into their sessions now: the early-fire delay has passed since the
   * first of them came, or one of them may change a session whose row is due now (one the
   * watermark closes, whose final row comes at once, or one kept for late rows).
   */
  private boolean fires() {
    return context.batchTime() >= Saturated.add(state.heldSince(), emit.earlyFireMillis())
        || state.heldRowsMeetClosed(context.watermark());
  }

  @Override
  public boolean pendingOutput() {
    return !update && state.openSessions() > 0 || state.heldRows() > 0;
  }

  @Override
  public String lastChoice() {
    return state.openSessions() + " open sessions, " + (update ? changedInLastBatch + " changed, " : "")
        + closedInLastBatch + " closed";
  }
}
