package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StatePart;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The rows a join of two streams keeps from both inputs between batches (an interval join's, a
 * regular join's): the state its operator saves as a snapshot or, since the last one, as a delta
 * of the rows removed, changed and added.
 */
public interface JoinState extends StatePart {
  /** Both inputs' columns and keys, the join kind and its options: what a snapshot must match. */
  String shape();

  /** Rows kept over both inputs. */
  long stateRows();

  /** Makes the rows as they are now the base of the next {@link #writeDelta}. */
  void markDeltaBase();

  /** Whether {@link #writeDelta} can describe the changes since {@link #markDeltaBase} (once one was made). */
  boolean deltaReady();

  /** Writes each input's rows removed, changed and added since {@link #markDeltaBase}. */
  void writeDelta(DataOutput out) throws IOException;

  /** Applies a delta written by {@link #writeDelta} to the state it was taken from. */
  void applyDelta(DataInput in) throws IOException;
}
