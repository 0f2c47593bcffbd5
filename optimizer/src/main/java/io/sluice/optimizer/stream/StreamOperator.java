package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;

/**
 * The streaming operator a stateful plan node runs as, chosen once by the optimizer with the
 * decisions the runtime obeys (emit strategy, retraction, keys, time bounds). Nodes that keep no
 * state between micro-batches (scans, filters, projections, UNION ALL, window assignment) have none.
 */
public sealed interface StreamOperator
    permits GroupAggregate, WindowAggregate, Rank, JoinOperator, SessionWindow,
    Distinct, ChangelogNormalize {
  /** The operator's name, as the runtime and EXPLAIN call it. */
  String name();

  /** The state it keeps between micro-batches. */
  StateNeed state();

  /**
   * The name of its run-time operator run in output mode {@code mode}: progress and EXPLAIN show
   * it, and its state is saved under it in checkpoints, so it must not change.
   */
  String operatorName(OutputMode mode);

  /**
   * For EXPLAIN, run in output mode {@code mode}: its operator's name and what it keeps and when
   * it lets it go ({@code "name - what"}), or null when, so run, it keeps no state between batches.
   */
  String explainState(OutputMode mode);

  /**
   * Whether, run in {@code mode}, it keeps rows until the watermark passes them, so that scans must
   * drop rows older than the watermark (late rows): state the watermark released is never needed again.
   */
  boolean waitsOnWatermark(OutputMode mode);
}
