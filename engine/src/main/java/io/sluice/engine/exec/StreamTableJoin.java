package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.operator.HashJoiner;
import java.util.List;

/**
 * A join of a stream with bounded data (tables, files, or any subtree that reads no stream): the
 * bounded side is hashed once, in the first micro-batch, and every batch's stream rows probe it.
 * Only joins that keep no table row waiting run here (INNER, the stream side preserved, SEMI and
 * ANTI probed by the stream), so every row emitted is final.
 */
final class StreamTableJoin extends ExecNode implements OperatorState {
  private final ExecNode stream;
  private final ExecNode table;
  private final HashJoiner joiner;
  private final String tableSide;
  private boolean built;

  /**
   * @param joiner a joiner whose build side is the table input
   * @param tableSide "left" or "right", for progress
   */
  StreamTableJoin(String name, ExecNode stream, ExecNode table, HashJoiner joiner, String tableSide, boolean streamLeft) {
    super(name, streamLeft ? List.of(stream, table) : List.of(table, stream));
    this.stream = stream;
    this.table = table;
    this.joiner = joiner;
    this.tableSide = tableSide;
  }

  @Override
  void execute(BatchConsumer out) {
    if (!built) {
      table.run(joiner::build);
      joiner.finishBuild();
      built = true;
    }
    stream.run(batch -> {
      StreamJoins.requireInserts(batch);
      joiner.probe(batch, out);
    });
  }

  @Override
  public String operatorName() {
    return name;
  }

  @Override
  public long stateRows() {
    return joiner.buildRowCount();
  }

  @Override
  public long stateBytes() {
    return joiner.estimatedBytes();
  }

  @Override
  public String lastChoice() {
    return built ? "build=" + tableSide + " (table) " + joiner.buildRowCount() + " rows" : null;
  }
}
