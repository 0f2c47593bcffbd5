package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.HashJoiner;
import java.util.List;

/**
 * A join of a stream with bounded data (tables, files, or any subtree that reads no stream): the
 * bounded side is hashed in the first micro-batch, and every batch's stream rows probe it. Stream
 * rows are looked up in the table's latest contents: when a table under the bounded side reports
 * a new {@link io.sluice.catalog.connector.Table#version}, the side is hashed again before the
 * batch's rows probe it (rows joined earlier stay as they were emitted).
 * Only joins that keep no table row waiting run here (INNER, the stream side preserved, SEMI and
 * ANTI probed by the stream), so every row emitted is final.
 *
 * <p>Its snapshot holds no table rows, only whether the table was hashed: the table side is
 * bounded data the plan can read again, while a copy of its hash table would make every
 * snapshot (one per batch, for checkpoints) as large as the table. A restored operator hashes
 * the table in its first batch, as it is then; an operator that already hashed it keeps its own.
 */
final class StreamTableJoin extends ExecNode implements OperatorState {
  /** Version of the snapshot format: a flag saying whether the table was hashed. */
  private static final int STATE_VERSION = 1;

  private final ExecNode stream;
  private final ExecNode table;
  private final java.util.function.Supplier<HashJoiner> joiners;
  private final java.util.function.Supplier<Object> tableVersion;
  private HashJoiner joiner;
  private final String tableSide;
  private boolean built;
  private Object builtVersion;
  private long rebuilds;

  /**
   * @param joiners makes joiners whose build side is the table input
   * @param tableVersion the versions of the tables under the table input (null: read once)
   * @param tableSide "left" or "right", for progress
   */
  StreamTableJoin(String name, ExecNode stream, ExecNode table, java.util.function.Supplier<HashJoiner> joiners,
      java.util.function.Supplier<Object> tableVersion, String tableSide, boolean streamLeft) {
    super(name, streamLeft ? List.of(stream, table) : List.of(table, stream));
    this.stream = stream;
    this.table = table;
    this.joiners = joiners;
    this.tableVersion = tableVersion;
    this.joiner = joiners.get();
    this.tableSide = tableSide;
  }

  @Override
  void execute(BatchConsumer out) {
    Object version = tableVersion.get();
    if (built && version != null && !version.equals(builtVersion)) {
      joiner = joiners.get(); // the table changed: look up in its latest contents
      built = false;
      rebuilds++;
    }
    if (!built) {
      table.run(joiner::build);
      joiner.finishBuild();
      built = true;
      builtVersion = version;
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
  public io.sluice.runtime.state.StateFormat stateFormat() {
    return new io.sluice.runtime.state.StateFormat(STATE_VERSION, shape());
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeBoolean(built);
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    in.readBoolean(); // whether the original had hashed the table: this one hashes it when it first runs
  }

  private String shape() {
    return "stream-table join: " + joiner.shape() + ", table " + tableSide;
  }

  @Override
  public String lastChoice() {
    return built ? "build=" + tableSide + " (table) " + joiner.buildRowCount() + " rows"
        + (rebuilds > 0 ? ", hashed again " + rebuilds + " times as the table changed" : "") : null;
  }
}
