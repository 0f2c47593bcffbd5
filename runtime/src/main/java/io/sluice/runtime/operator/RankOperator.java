package io.sluice.runtime.operator;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.TopN;

/**
 * Top-N per partition over a stream, and deduplication (a Top-1 that keeps the first or last row
 * per key): the {@link TopN} keeps each partition's best rows between batches. As a changelog
 * ({@code finalRows} false) every batch emits what changed in the ranks; with {@code finalRows} a
 * row is emitted once, when the watermark passes its event time and no later row can outrank it.
 * The filter and projection above the ranking are applied to the rows it emits, keeping their
 * kinds. With a time-to-live, partitions no row touched for that long are dropped; keyed by a
 * watermarked event time ({@link TopN#releaseKeysAtWatermark}), a partition is dropped once the
 * watermark reaches its time.
 */
public final class RankOperator extends KeyedStateOperator {
  /** Version of the snapshot format: the Top-N's partitions, held rows, heap and expiry ({@link TopN#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final TopN topN;
  private final FilterProject program;
  private final boolean finalRows;
  /** Applies the filter and projection above the window to the Top-N's rows, keeping their kinds. */
  private final BatchConsumer project = this::project;
  private long now;

  /**
   * @param program the filter and projection above the ranking, applied to its output
   * @param finalRows whether rows are emitted once, when final (event time), rather than as a changelog
   */
  public RankOperator(String name, TopN topN, FilterProject program, boolean finalRows) {
    super(name, STATE_VERSION, topN);
    this.topN = topN;
    this.program = program;
    this.finalRows = finalRows;
  }

  @Override
  public void startBatch() {
    now = context.batchTime();
  }

  @Override
  public void input(int port, Batch batch) {
    topN.add(batch, now);
  }

  @Override
  public void endBatch() {
    if (finalRows) {
      topN.releaseFinal(context.watermark(), project);
      long next = topN.nextPendingTime();
      if (next != Long.MAX_VALUE) {
        context.stateWaitsUntil(Lateness.releasedAt(next)); // a row is final once the watermark reaches its time
      }
    } else {
      topN.emitChanges(project);
      topN.forgetReleased(context.watermark()); // first arrivals keyed by event time: no duplicate can come any more
      long next = topN.nextReleaseTime();
      if (next != Long.MAX_VALUE) {
        context.stateWaitsUntil(Lateness.releasedAt(next)); // a batch then forgets the key, even without new rows
      }
    }
    topN.expire(now, project);
    context.stateExpiresAt(topN.nextExpiry());
  }

  private void project(Batch batch) {
    Batch result = program.process(batch);
    if (result.rowCount() > 0) {
      result.kinds = finalRows ? null : batch.kinds;
      output.accept(result);
    }
  }

  @Override
  public boolean pendingOutput() {
    return finalRows && topN.heldRows() > 0;
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return topN.restorePeakBytes();
  }

  @Override
  public String lastChoice() {
    String disk = topN.describeDisk();
    return disk != null ? disk : topN.partitions() + " keys";
  }

  @Override
  public void close() {
    topN.close();
  }
}
