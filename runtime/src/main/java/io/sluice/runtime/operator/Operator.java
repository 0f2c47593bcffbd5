package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.batch.BatchContext;

/**
 * A running operator of a query: batches in, batches out, with one life cycle whatever it does.
 *
 * <ol>
 *   <li>{@link #open} once, before anything else: the operator learns where its output goes and
 *       the context of the batches it will run in.
 *   <li>Per micro-batch: {@link #startBatch} once (the context now holds this batch's watermark and
 *       time), {@link #input} for each batch of each input (port 0, 1, ... in the order of the
 *       operator's inputs; every batch of one port may come before the next port's), then {@link
 *       #endBatch} once, when all of this batch's input has arrived. At the end of a batch
 *       the operator emits what the batch completed and lets go of what the batch's watermark
 *       ({@link BatchContext#watermark()}, which moves only between batches) made final.
 *   <li>{@link #finish} when its input has ended for good (a bounded query): emit what is still
 *       held.
 *   <li>{@link #close} last, also after a failure: release what it holds.
 * </ol>
 *
 * <p>An operator may emit during {@link #input} (a join probe) or only at {@link #endBatch} (an
 * aggregation). A batch it is handed is only valid during the call: keep the rows, not the batch.
 * Operators that keep state between batches also implement {@link
 * io.sluice.runtime.state.StatefulOperator}; what an operator reports about its last batch (the
 * metrics below) is kept apart from that state and is never saved.
 */
public interface Operator extends AutoCloseable {
  /** The operator's name as progress and EXPLAIN ANALYZE show it. */
  String name();

  /** Called once, first: output goes to {@code output}, batches run in {@code context}. */
  void open(BatchContext context, BatchConsumer output);

  /** A micro-batch starts: the context's watermark and batch time are this batch's. Nothing by default. */
  default void startBatch() {}

  /**
   * Whether the operator reads the input at {@code port} in this batch; asked after {@link
   * #startBatch}. An input it does not need is not run at all (a stream-table join whose table is
   * hashed already). All of them by default.
   */
  default boolean needsInput(int port) {
    return true;
  }

  /**
   * One batch of the input at {@code port} (0 for the first or only input). An operator that needs
   * no more of that input in this batch throws its {@link EnoughInput} (after emitting what it takes).
   */
  void input(int port, Batch batch);

  /** All input of the current micro-batch has arrived: emit what it completed, apply its watermark. */
  void endBatch();

  /** The input has ended for good: emit whatever is still held. Nothing by default. */
  default void finish() {}

  /** Releases what the operator holds; called last, also after a failure. Nothing by default. */
  @Override
  default void close() {}

  // --- metrics: what the operator reports about its last batch; not state, never saved

  /**
   * Whether the operator holds rows it has not emitted yet but will (open windows, pending outer
   * join rows): until they are emitted, the query's output is a prefix of its final result.
   */
  default boolean pendingOutput() {
    return false;
  }

  /** What the operator chose for the last batch from that batch's statistics (build side, table size), or null. */
  default String lastChoice() {
    return null;
  }
}
