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
}
