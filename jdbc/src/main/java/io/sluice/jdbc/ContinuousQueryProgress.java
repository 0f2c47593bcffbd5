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
 * @param firstReplayableBatch the first batch its checkpoint can still replay (it keeps the last
 *     {@code pipeline.checkpoint-retain} batches); null without a checkpoint or before its first commit
 */
public record ContinuousQueryProgress(String id, String sink, String status, long batches, long inputRows,
    long outputRows, List<Batch> recentBatches, String text, String plan, String trigger, String outputMode, String error,
    boolean checkpointed, Long firstReplayableBatch) {

  /** Whether {@code sluice replay} can run batch {@code batchId} of this query from its checkpoint now. */
  public boolean replayable(long batchId) {
    return firstReplayableBatch != null && batchId >= firstReplayableBatch && batchId < batches;
  }

  /**
   * One committed batch.
   *
   * @param batchId from 0
   * @param startMillis wall time it started (epoch milliseconds)
   * @param inputRowsPerSecond input rows per second of wall time since the previous batch started
   * @param inputRows rows read
   * @param outputRows rows written
   * @param phases where its time went; the phases add up to its duration
   * @param watermark the watermark it ran with (epoch milliseconds), or null
   * @param lateRows rows behind the watermark
   * @param malformedRowsDropped malformed source rows dropped
   * @param malformedRowsKept malformed source rows kept with NULLs
   * @param deadLetterRows rows whose expressions failed, set aside to the dead-letter sink
   * @param operators each stateful operator's state after it
   * @param endOffsets each source's offset after it, by source name
   * @param eventTime the event times it read (late rows too), or null when it read none
   * @param checkpoint what it wrote to its checkpoint, or null for a query without one
   */
  public record Batch(long batchId, long startMillis, double inputRowsPerSecond, long inputRows, long outputRows,
      Phases phases, Long watermark, long lateRows, long malformedRowsDropped, long malformedRowsKept,
      long deadLetterRows, List<OperatorState> operators, java.util.Map<String, String> endOffsets, EventTime eventTime,
      CheckpointWrite checkpoint) {

    /** Input rows per second of the batch's own duration (0 for a batch that took no measurable time). */
    public double processedRowsPerSecond() {
      double seconds = phases.totalSeconds();
      return seconds <= 0 ? 0 : inputRows / seconds;
    }
  }

  /**
   * Where a batch's time went, in seconds; the phases do not overlap and add up to its duration.
   *
   * @param planSeconds deciding its offsets and recording them (write-ahead)
   * @param readSeconds inside the sources, fetching and decoding
   * @param executeSeconds running the plan's operators
   * @param sinkSeconds inside the sinks, writing and committing the output
   * @param commitSeconds committing the batch: its state to the checkpoint
   */
  public record Phases(double planSeconds, double readSeconds, double executeSeconds, double sinkSeconds,
      double commitSeconds) {
    /** The batch's duration. */
    public double totalSeconds() {
      return planSeconds + readSeconds + executeSeconds + sinkSeconds + commitSeconds;
    }
  }

  /**
   * What a batch wrote to its checkpoint: the size of the files (write-ahead record, state, commit
   * record) and the time it took, within the plan and commit phases.
   */
  public record CheckpointWrite(long bytes, double seconds) {}

  /** The event times a batch read, epoch milliseconds: smallest, largest and mean (Spark's {@code eventTime}). */
  public record EventTime(long min, long max, long avg) {}

  /** The state an operator keeps: rows (groups, buffered rows, keys) and an estimate of their bytes. */
  public record OperatorState(String name, long rows, long bytes) {}

  /**
   * The continuous queries of {@code database}, in the order they started: what
   * {@link SluiceConnection#continuousQueryProgress()} returns, and what the web page of
   * {@code SET 'ui.port'} shows.
   */
  static List<ContinuousQueryProgress> listOf(io.sluice.engine.Database database) {
    List<ContinuousQueryProgress> all = new ArrayList<>();
    for (io.sluice.engine.result.LiveQuery q : database.continuousQueries()) {
      all.add(of(q));
    }
    return all;
  }

  static ContinuousQueryProgress of(io.sluice.engine.result.LiveQuery query) {
    List<Batch> batches = new ArrayList<>();
    for (io.sluice.engine.result.BatchProgress p : query.progress()) {
      List<OperatorState> operators = new ArrayList<>();
      for (io.sluice.engine.result.BatchProgress.Operator o : p.operators()) {
        operators.add(new OperatorState(o.name(), o.stateRows(), o.stateBytes()));
      }
      io.sluice.engine.result.BatchProgress.Phases ms = p.phases();
      batches.add(new Batch(p.batchId(), p.startMillis(), p.inputRowsPerSecond(), p.inputRows(), p.outputRows(),
          new Phases(ms.plan() / 1000, ms.read() / 1000, ms.execute() / 1000, ms.sink() / 1000, ms.commit() / 1000),
          p.watermark(), p.lateRows(), p.malformedRowsDropped(), p.malformedRowsKept(), p.deadLetterRows(),
          List.copyOf(operators),
          java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(p.endOffsets())),
          p.eventTime() == null ? null : new EventTime(p.eventTime().min(), p.eventTime().max(), p.eventTime().avg()),
          p.checkpoint() == null ? null : new CheckpointWrite(p.checkpoint().bytes(), p.checkpoint().millis() / 1000)));
    }
    return new ContinuousQueryProgress(query.id(), query.sinkName() == null ? "" : query.sinkName(),
        query.status().name().toLowerCase(Locale.ROOT), query.batches(), query.inputRowsTotal(),
        query.outputRowsTotal(), List.copyOf(batches), query.text(), query.planText(), query.triggerText(),
        query.mode().name().toLowerCase(Locale.ROOT), query.failure() == null ? null : String.valueOf(
            query.failure().getMessage()), query.checkpointed(), query.firstReplayableBatch());
  }
}
