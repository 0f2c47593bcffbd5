package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamJoin;

/**
 * The streaming traits' view of a join node ({@link StreamJoin}, which carries the decisions): its
 * name, its operator's name, and its inputs, keys and condition are the node's. What differs by
 * kind (table, interval, regular join) is when rows are released and what its state holds.
 */
public sealed interface JoinOperator extends StreamOperator permits TableJoin, IntervalJoin, RegularJoin {
  /** The node. */
  StreamJoin node();

  /** The join's inputs, keys and condition. */
  default JoinSpec join() {
    return JoinSpec.of(node());
  }

  @Override
  default String name() {
    return node().name();
  }

  @Override
  default String operatorName(OutputMode mode) {
    return node().operatorName();
  }
}
