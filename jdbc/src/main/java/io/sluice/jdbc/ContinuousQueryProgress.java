package io.sluice.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a continuous query has done, for monitoring (Sluice's Prometheus metrics read it): its
 * totals and its recent batches, as SHOW QUERIES and SHOW PROGRESS show them. A Sluice extension,
 * from {@link SluiceConnection#continuousQueryProgress()}.
 *
 * @param id the query, {@code q1}, ...
 * @param sink the sink it writes to ("" for a SELECT over a stream)
 * @param status running, finished, stopped or failed
 * @param batches batches committed since it started
 * @param inputRows rows read since it started
 * @param outputRows rows written since it started
 * @param recentBatches its last batches (a bounded number), oldest first
 * @param text the statement that started it
 * @param trigger its trigger: continuous, once, available-now, manual or an interval ("5000 ms")
 * @param plan its physical plan with streaming traits, as EXPLAIN prints it
 * @param outputMode append, update or complete
 * @param error why it failed, or null
 * @param checkpointed whether it records its batches in a checkpoint (then `sluice replay` can run one again)
 */
public record ContinuousQueryProgress(String id, String sink, String status, long batches, long inputRows,
    long outputRows, List<Batch> recentBatches, String text, String plan, String trigger, String outputMode, String error,
    boolean checkpointed) {

  /**
   * One committed batch.
   *
   * @param batchId from 0
   * @param startMillis wall time it started (epoch milliseconds)
   * @param inputRowsPerSecond input rows per second of wall time since the previous batch started
   * @param inputRows rows read
   * @param outputRows rows written
   * @param planSeconds time deciding its offsets
   * @param executeSeconds time running the plan, reading included
   * @param commitSeconds time committing the sink and the checkpoint
   * @param watermark the watermark it ran with (epoch milliseconds), or null
   * @param lateRows rows behind the watermark
   * @param malformedRowsDropped malformed source rows dropped
   * @param malformedRowsKept malformed source rows kept with NULLs
   * @param operators each stateful operator's state after it
   * @param endOffsets each source's offset after it, by source name
   * @param eventTime the event times it read (late rows too), or null when it read none
   */
  public record Batch(long batchId, long startMillis, double inputRowsPerSecond, long inputRows, long outputRows,
      double planSeconds, double executeSeconds, double commitSeconds, Long watermark, long lateRows,
      long malformedRowsDropped, long malformedRowsKept, List<OperatorState> operators,
      java.util.Map<String, String> endOffsets, EventTime eventTime) {

    /** Input rows per second of the batch's own duration (0 for a batch that took no measurable time). */
    public double processedRowsPerSecond() {
      double seconds = planSeconds + executeSeconds + commitSeconds;
      return seconds <= 0 ? 0 : inputRows / seconds;
    }
  }

  /** The event times a batch read, epoch milliseconds: smallest, largest and mean (Spark's {@code eventTime}). */
  public record EventTime(long min, long max, long avg) {}

  /** The state an operator keeps: rows (groups, buffered rows, keys) and an estimate of their bytes. */
  public record OperatorState(String name, long rows, long bytes) {}

  static ContinuousQueryProgress of(io.sluice.engine.result.LiveQuery query) {
    List<Batch> batches = new ArrayList<>();
    for (io.sluice.engine.result.BatchProgress p : query.progress()) {
      List<OperatorState> operators = new ArrayList<>();
      for (io.sluice.engine.result.BatchProgress.Operator o : p.operators()) {
        operators.add(new OperatorState(o.name(), o.stateRows(), o.stateBytes()));
      }
      batches.add(new Batch(p.batchId(), p.startMillis(), p.inputRowsPerSecond(), p.inputRows(), p.outputRows(),
          p.planMillis() / 1000, p.executeMillis() / 1000, p.commitMillis() / 1000, p.watermark(), p.lateRows(),
          p.malformedRowsDropped(), p.malformedRowsKept(), List.copyOf(operators),
          java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(p.endOffsets())),
          p.eventTime() == null ? null : new EventTime(p.eventTime().min(), p.eventTime().max(), p.eventTime().avg())));
    }
    return new ContinuousQueryProgress(query.id(), query.sinkName() == null ? "" : query.sinkName(),
        query.status().name().toLowerCase(Locale.ROOT), query.batches(), query.inputRowsTotal(),
        query.outputRowsTotal(), List.copyOf(batches), query.text(), query.planText(), query.triggerText(),
        query.mode().name().toLowerCase(Locale.ROOT), query.failure() == null ? null : String.valueOf(
            query.failure().getMessage()), query.checkpointed());
  }
}
