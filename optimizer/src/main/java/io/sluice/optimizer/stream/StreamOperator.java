package io.sluice.optimizer.stream;

/**
 * The streaming operator a stateful plan node runs as, chosen once by the optimizer with the
 * decisions the runtime obeys (emit strategy, retraction, keys, time bounds). Nodes that keep no
 * state between micro-batches (scans, filters, projections, UNION ALL, window assignment) have none.
 */
public sealed interface StreamOperator
    permits GroupAggregate, WindowAggregate, Rank, IntervalJoin, StreamTableJoin, SessionWindow {
  /** The operator's name, as the runtime and EXPLAIN call it. */
  String name();

  /** The state it keeps between micro-batches. */
  StateNeed state();
}
