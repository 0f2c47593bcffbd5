package io.sluice.runtime.operator;

import io.sluice.runtime.kernel.JoinState;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What the joins of two streams that keep both inputs' rows share: their state is the {@link
 * JoinState} of their joiner, saved as a snapshot or as a delta under one format header, and
 * measured by it. The subclasses say how a batch's rows are joined and when rows go.
 */
abstract class StreamJoinOperator extends AbstractOperator implements StatefulOperator {
  private final int stateVersion;
  private final JoinState state;

  /** @param stateVersion the version of the snapshot format: the joiner's layout, raised when it changes */
  StreamJoinOperator(String name, int stateVersion, JoinState state) {
    super(name);
    this.stateVersion = stateVersion;
    this.state = state;
  }

  @Override
  public final long stateRows() {
    return state.stateRows();
  }

  @Override
  public final long stateBytes() {
    return state.estimatedBytes();
  }

  @Override
  public final StateFormat stateFormat() {
    return new StateFormat(stateVersion, state.shape());
  }

  @Override
  public final void snapshot(DataOutput out) throws IOException {
    stateFormat().writeHeader(out);
    state.writeTo(out);
  }

  @Override
  public final void restore(DataInput in) throws IOException {
    stateFormat().readHeader(in);
    state.readFrom(in);
  }

  @Override
  public final void markDeltaBase() {
    state.markDeltaBase();
  }

  /** Deltas hold the rows each input removed, changed (matched, re-counted) and added since the last checkpoint. */
  @Override
  public final boolean deltaReady() {
    return state.deltaReady();
  }

  @Override
  public final void snapshotDelta(DataOutput out) throws IOException {
    stateFormat().writeHeader(out);
    state.writeDelta(out);
  }

  @Override
  public final void applyDelta(DataInput in) throws IOException {
    stateFormat().readHeader(in);
    state.applyDelta(in);
  }
}
