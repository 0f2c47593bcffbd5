package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.StreamTableJoin;

/**
 * A join of a stream with a bounded table: each stream row is joined with the table's latest
 * contents when it arrives and emitted then, final. The streaming traits' view of a
 * {@link StreamTableJoin}, the node that carries the decisions.
 *
 * @param node the node
 */
public record TableJoin(StreamTableJoin node) implements JoinOperator {
  /** Whether the stream is the left input. */
  public boolean streamLeft() {
    return node.streamLeft();
  }

  @Override
  public boolean waitsOnWatermark(OutputMode mode) {
    return false;
  }

  @Override
  public String explainState(OutputMode mode) {
    return operatorName(mode);
  }

  @Override
  public StateNeed state() {
    return new StateNeed(StateNeed.Kind.TABLE_ROWS, true, "of the table, read again when it changes");
  }
}
