package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StatefulOperator;
import java.util.function.Supplier;

/**
 * A join of a stream with bounded data (tables, files, or any subtree that reads no stream): the
 * bounded side is hashed in the first micro-batch, and every batch's stream rows probe it. Stream
 * rows are looked up in the table's latest contents: when a table under the bounded side reports
 * a new {@link io.sluice.catalog.connector.Table#version}, the side is hashed again before the
 * batch's rows probe it (rows joined earlier stay as they were emitted).
 * Only joins that keep no table row waiting run here (INNER, the stream side preserved, SEMI and
 * ANTI probed by the stream), so every row emitted is final, unless the stream is a changelog:
 * then each joined row carries its stream row's kind ({@code -U}, {@code -D} take back what the
 * row's earlier version joined, as long as the table has not changed in between).
 *
 * <p>Its snapshot holds no table rows, only whether the table was hashed: the table side is
 * bounded data the plan can read again, while a copy of its hash table would make every
 * snapshot (one per batch, for checkpoints) as large as the table. A restored operator hashes
 * the table in its first batch, as it is then; an operator that already hashed it keeps its own.
 *
 * <p>Port {@link #TABLE} is the bounded side, read only in a batch that hashes it ({@link
 * #needsInput}); port {@link #STREAM} is the stream, whose rows probe it.
 */
public final class StreamTableJoinOperator extends AbstractOperator implements StatefulOperator {
  /** The port of the bounded side. */
  public static final int TABLE = 0;
  /** The port of the stream side. */
  public static final int STREAM = 1;

  /** Version of the snapshot format: a flag saying whether the table was hashed. */
  private static final int STATE_VERSION = 1;

  private final Supplier<HashJoiner> joiners;
  private final Supplier<Object> tableVersion;
  private HashJoiner joiner;
  private final String tableSide;
  private boolean built;
  /** Whether the operator this one was restored from had hashed the table (what its snapshot said). */
  private boolean hashedBefore;
  /** Whether a delta base was marked: a delta is then only the flag. */
  private boolean deltaBase;
  private Object version;
  private Object builtVersion;
  private long rebuilds;

  /**
   * @param joiners makes joiners whose build side is the table input
   * @param tableVersion the versions of the tables under the table input (null: read once)
   * @param tableSide "left" or "right", for progress
   */
  public StreamTableJoinOperator(String name, Supplier<HashJoiner> joiners, Supplier<Object> tableVersion,
      String tableSide) {
    super(name);
    this.joiners = joiners;
    this.tableVersion = tableVersion;
    this.joiner = joiners.get();
    this.tableSide = tableSide;
  }

  @Override
  public void startBatch() {
    version = tableVersion.get();
    if (built && version != null && !version.equals(builtVersion)) {
      joiner = joiners.get(); // the table changed: look up in its latest contents
      built = false;
      rebuilds++;
    }
  }

  /** The table is read only in a batch that hashes it: the first, and one after the table changed. */
  @Override
  public boolean needsInput(int port) {
    return port == STREAM || !built;
  }

  @Override
  public void input(int port, Batch batch) {
    if (port == TABLE) {
      joiner.build(batch);
      return;
    }
    finishBuild();
    joiner.probe(batch, output);
  }

  @Override
  public void endBatch() {
    finishBuild();
  }

  private void finishBuild() {
    if (!built) {
      joiner.finishBuild();
      built = true;
      builtVersion = version;
    }
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
  public StateFormat stateFormat() {
    return new StateFormat(STATE_VERSION, "stream-table join: " + joiner.shape() + ", table " + tableSide);
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    out.writeBoolean(hashed());
  }

  /** Whether the table was hashed in this query's life, by this operator or the one it was restored from. */
  private boolean hashed() {
    return built || hashedBefore;
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    hashedBefore = in.readBoolean(); // this one hashes the table anew when it first runs
  }

  @Override
  public void markDeltaBase() {
    deltaBase = true;
  }

  /** The state is one flag, so a delta is the flag again: as small as a delta gets. */
  @Override
  public boolean deltaReady() {
    return deltaBase;
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    snapshot(out);
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    restore(in);
  }

  @Override
  public String lastChoice() {
    return built ? "build=" + tableSide + " (table) " + joiner.buildRowCount() + " rows"
        + (rebuilds > 0 ? ", hashed again " + rebuilds + " times as the table changed" : "") : null;
  }
}
