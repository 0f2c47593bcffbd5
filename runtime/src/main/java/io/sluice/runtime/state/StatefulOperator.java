package io.sluice.runtime.state;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * An operator that keeps state between micro-batches (groups, open windows, buffered join rows,
 * ranks): the one contract by which checkpoints save and restore it and progress reports its
 * size. Its state is saved only between batches, never during one.
 *
 * <p>A snapshot is {@link #stateFormat()}'s header followed by the operator's own bytes; {@link
 * #restore} on a fresh operator of the same shape makes it continue exactly where the saved one
 * was; restore comes before the operator is opened, so an operator's shape is fixed by its
 * constructor. Derived structures (hash indexes, heaps, chains) may be left out of a snapshot and rebuilt
 * on restore. The bytes are the checkpoint format: change them only with a new {@link
 * StateFormat#version()}.
 *
 * <p>Deltas (changelog checkpoints) are optional: an operator that can say what its batches
 * changed writes only that, and a checkpoint keeps its state as the last full snapshot plus the
 * deltas after it. {@link #markDeltaBase} starts (or restarts) the record of changes; {@link
 * #deltaReady} says whether the changes since then can be written as a delta; {@link
 * #snapshotDelta} writes them and {@link #applyDelta} applies them on top of the state they were
 * taken from. The defaults describe an operator without deltas: it never has one ready, so its
 * checkpoints hold a full snapshot every batch, as before.
 *
 * <p>Only state lives here; what an operator reports about its batches is on {@link
 * io.sluice.runtime.operator.Operator}.
 */
public interface StatefulOperator {
  /** The operator's name as checkpoints, progress and EXPLAIN ANALYZE show it. */
  String operatorName();

  /** The version and shape of this operator's snapshots: the header {@link #snapshot} writes. */
  StateFormat stateFormat();

  /** Writes the state as it is between batches: {@link #stateFormat()}'s header, then the state. */
  void snapshot(DataOutput out) throws IOException;

  /**
   * Replaces the state with one written by {@link #snapshot}; throws a {@link
   * io.sluice.catalog.SluiceException} for a snapshot of another format version or shape, or one
   * that is truncated or inconsistent.
   */
  void restore(DataInput in) throws IOException;

  /** Rows (groups, buffered rows, keys) the operator keeps between batches. */
  long stateRows();

  /** An estimate of the bytes those rows take in memory. */
  long stateBytes();

  /**
   * Bytes the operator's tables would allocate if {@code rows} more input rows came, each with a
   * new key (a hash table doubling, arrays growing), 0 when they have room: the memory budget is
   * checked with them before the rows go in, so a growth never takes the state past it. 0 unless
   * overridden.
   */
  default long growthBytes(int rows) {
    return 0;
  }

  /**
   * Makes the current state the base of the next delta: from now on the operator records what
   * changes (keys touched, rows added or dropped), which it does not do before the first call, so
   * a query without a checkpoint pays nothing. Called between batches, after the state was
   * saved (in full or as a delta) and after a restore.
   */
  default void markDeltaBase() {}

  /**
   * Whether {@link #snapshotDelta} can write the changes since the last {@link #markDeltaBase}:
   * false when none was made, or when the state was reorganized since (renumbered, compacted in
   * bulk), and always for an operator without deltas; a checkpoint then takes a full snapshot.
   */
  default boolean deltaReady() {
    return false;
  }

  /**
   * Writes the changes since the last {@link #markDeltaBase}: {@link #stateFormat()}'s header,
   * then what the operator needs to bring the base state to the current one. Only when {@link
   * #deltaReady}.
   */
  default void snapshotDelta(DataOutput out) throws IOException {
    throw new UnsupportedOperationException(operatorName() + " writes no state deltas");
  }

  /**
   * Applies a delta written by {@link #snapshotDelta} to the state it was taken from (restored
   * with {@link #restore}, then earlier deltas applied in order); throws a {@link
   * io.sluice.catalog.SluiceException} for one of another format or that does not fit the state.
   */
  default void applyDelta(DataInput in) throws IOException {
    throw StateIO.corrupt("a state delta for " + operatorName() + ", which writes none");
  }
}
