package io.sluice.engine.exec;

import io.sluice.runtime.state.StatefulOperator;

/**
 * A stateful operator of a continuous query as the engine's batch loop sees it: its state
 * ({@link StatefulOperator}: snapshot, restore, format, size) and what it reports after each
 * batch. The two reports below are {@link io.sluice.runtime.operator.Operator}'s metrics; they
 * are here while the operators that keep state still run as {@link ExecNode}s.
 */
public interface OperatorState extends StatefulOperator {
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

  /**
   * Runs {@code check} before and after each chunk of input the operator takes (a batch of up to
   * a few thousand rows), so that state outgrowing its memory budget is seen within a batch, and
   * before a table doubles past it, not only after the batch.
   */
  void checkAroundInput(InputCheck check);
}
