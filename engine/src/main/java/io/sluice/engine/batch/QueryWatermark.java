package io.sluice.engine.batch;

import io.sluice.engine.table.SourceTable;
import java.util.Collection;

/**
 * The watermark of a query after a batch, from its inputs' own watermarks. Each source with a
 * {@code WATERMARK} is one input, however often the query reads it (a self-join, a union of a
 * source with itself): its watermark is the largest event time it has shown minus its delay, and
 * for a source made of parts (Kafka partitions) the largest event time is the smallest over its
 * parts that are not idle. The {@link WatermarkPolicy} combines the inputs that are not idle
 * ({@code pipeline.idle-timeout}); when every input is idle, all of them.
 */
public final class QueryWatermark {
  private QueryWatermark() {}

  /**
   * The watermark {@code sources} allow after the batch that ran, or {@link
   * BatchRanges#NO_WATERMARK} when it cannot be told yet (no input has a watermark; with the
   * {@code min} policy, an input that is not idle has shown no event time).
   */
  public static long candidate(Collection<SourceTable> sources, BatchRanges ranges) {
    boolean allIdle = true;
    for (SourceTable table : sources) {
      if (table.watermark() != null && !ranges.idle(table.source())) {
        allIdle = false;
      }
    }
    WatermarkPolicy policy = ranges.watermarkPolicy();
    long combined = BatchRanges.NO_WATERMARK;
    for (SourceTable table : sources) {
      if (table.watermark() == null || (!allIdle && ranges.idle(table.source()))) {
        continue;
      }
      long max = largestEventTime(table, ranges);
      if (max == Long.MIN_VALUE) {
        if (policy == WatermarkPolicy.MIN) {
          return BatchRanges.NO_WATERMARK;
        }
        continue;
      }
      combined = policy.combine(combined, max - table.watermark().delayMillis());
    }
    return combined;
  }

  /** The largest event time the source's watermark builds on, or {@link Long#MIN_VALUE} when none is known. */
  private static long largestEventTime(SourceTable table, BatchRanges ranges) {
    Long max = ranges.maxEventTime(table.source());
    if (max == null) {
      return Long.MIN_VALUE;
    }
    BatchRanges.Range range = ranges.get(table.source());
    int parts = range == null ? 0 : table.source().parts(range.end());
    if (parts == 0) {
      return max;
    }
    // a source made of parts: its watermark waits for the part that lags, unless that part is idle
    long bound = ranges.partEventTimeBound(table.source(), parts, table.source().partIdleTimeoutMillis());
    return bound == Long.MIN_VALUE ? Long.MIN_VALUE : Math.min(max, bound);
  }
}
