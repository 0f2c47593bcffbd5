package io.sluice.runtime.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The whole state of an operator kept in one kernel (a Top-N's partitions, open sessions by key,
 * both inputs' rows of a join): what its operator saves as a snapshot or, since the last one, as
 * a delta of the keys and rows removed, changed and added, and what it reports of its size.
 */
public interface KeyedState extends StatePart {
  /** Its columns, keys and options: what a snapshot must match. */
  String shape();

  /** Rows (groups, buffered rows, keys) kept between batches. */
  long stateRows();

  /**
   * Bytes its tables would allocate if {@code rows} more input rows came, each with a new key (a
   * store of rows and its per-row arrays growing, a key table doubling): what the memory budget is
   * checked with before the rows go in ({@link StatefulOperator#growthBytes}). 0 unless overridden.
   */
  default long growthBytes(int rows) {
    return 0;
  }

  /** Makes the state as it is now the base of the next {@link #writeDelta}: from then on its changes are recorded. */
  void markDeltaBase();

  /** Whether {@link #writeDelta} can describe the changes since {@link #markDeltaBase} (once one was made). */
  boolean deltaReady();

  /** Writes what changed since {@link #markDeltaBase}. */
  void writeDelta(DataOutput out) throws IOException;

  /** Applies a delta written by {@link #writeDelta} to the state it was taken from. */
  void applyDelta(DataInput in) throws IOException;
}
