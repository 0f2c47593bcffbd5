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
public record TableJoin(StreamTableJoin node) implements StreamOperator {
  /** The join's inputs, keys and condition. */
  public JoinSpec join() {
    return JoinSpec.of(node);
  }

  /** Whether the stream is the left input. */
  public boolean streamLeft() {
    return node.streamLeft();
  }

  @Override
  public String name() {
    return node.name();
  }

  @Override
  public String operatorName(OutputMode mode) {
    return node.operatorName();
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
