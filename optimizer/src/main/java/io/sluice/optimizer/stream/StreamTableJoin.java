package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import java.util.Locale;

/**
 * A join of a stream with a bounded table: each stream row is joined with the table's latest
 * contents when it arrives and emitted then, final.
 *
 * @param join the join's inputs, keys and condition
 * @param streamLeft whether the stream is the left input
 */
public record StreamTableJoin(JoinSpec join, boolean streamLeft) implements StreamOperator {
  @Override
  public String name() {
    return "StreamTableJoin";
  }

  @Override
  public String operatorName(OutputMode mode) {
    return name() + " " + join.type().name().toLowerCase(Locale.ROOT);
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
