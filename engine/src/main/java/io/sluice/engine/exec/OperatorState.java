package io.sluice.engine.exec;

/**
 * What a stateful operator of a continuous query reports after each micro-batch: how much state
 * it keeps, whether output waits on the watermark, and what it chose for the batch.
 *
 * <p>State lives in primitive arrays and columnar row stores so that it can be written out and
 * read back batch by batch (checkpoints).
 */
public interface OperatorState {
  /** The operator's name as progress and EXPLAIN ANALYZE show it. */
  String operatorName();

  /** Rows (groups, buffered rows, keys) the operator keeps between batches. */
  long stateRows();

  /** An estimate of the bytes those rows take. */
  long stateBytes();

  /**
   * Whether the operator holds rows it has not emitted yet but will (open windows, pending outer
   * join rows): until they are emitted, the query's output is a prefix of its final result.
   */
  default boolean pendingOutput() {
    return false;
  }

  /**
   * Writes the operator's state as it is between batches, for a checkpoint. {@link #restore} on
   * a fresh operator of the same plan makes it continue exactly where this one is.
   *
   * <p>A snapshot starts with a header ({@link io.sluice.runtime.kernel.StateIO#writeHeader}):
   * the operator's snapshot format version and a description of its shape, so that a snapshot
   * of another version or of an operator of another shape is refused on restore. Derived
   * structures (hash indexes, heaps, chains) may be left out and rebuilt by {@link #restore}.
   */
  void snapshot(java.io.DataOutput out) throws java.io.IOException;

  /**
   * Replaces the operator's state with one written by {@link #snapshot}; throws a
   * {@link io.sluice.catalog.SluiceException} for a snapshot of another format version or of an
   * operator of another shape.
   */
  void restore(java.io.DataInput in) throws java.io.IOException;

  /** For EXPLAIN: what state the operator keeps and when it lets it go, or null. */
  default String explainState() {
    return null;
  }

  /** What the operator chose for the last batch from that batch's statistics (build side, table size), or null. */
  default String lastChoice() {
    return null;
  }
}
