package io.sluice.runtime.operator;

import io.sluice.runtime.state.KeyedState;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An operator whose whole state is one {@link KeyedState} kernel (Top-N, sessions, the joins of
 * two streams): the state is saved as the kernel's snapshot or delta under the operator's one
 * format header, and measured by it. The subclasses say what a batch does.
 */
abstract class KeyedStateOperator extends AbstractOperator implements StatefulOperator {
  private final int stateVersion;
  private final KeyedState state;

  /** @param stateVersion the version of the snapshot format: the kernel's layout, raised when it changes */
  KeyedStateOperator(String name, int stateVersion, KeyedState state) {
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
  public final long growthBytes(int rows) {
    return state.growthBytes(rows);
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

  /** Deltas hold the keys and rows removed, changed and added since the last checkpoint, as the kernel records them. */
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
