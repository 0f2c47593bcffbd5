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
 */
public record ContinuousQueryProgress(String id, String sink, String status, long batches, long inputRows,
    long outputRows, List<Batch> recentBatches) {

  /**
   * One committed batch.
   *
   * @param batchId from 0
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
   */
  public record Batch(long batchId, long inputRows, long outputRows, double planSeconds, double executeSeconds,
      double commitSeconds, Long watermark, long lateRows, long malformedRowsDropped, long malformedRowsKept,
      List<OperatorState> operators) {}

  /** The state an operator keeps: rows (groups, buffered rows, keys) and an estimate of their bytes. */
  public record OperatorState(String name, long rows, long bytes) {}

  static ContinuousQueryProgress of(io.sluice.engine.stream.StreamingQuery query) {
    List<Batch> batches = new ArrayList<>();
    for (io.sluice.engine.stream.BatchProgress p : query.progress()) {
      List<OperatorState> operators = new ArrayList<>();
      for (io.sluice.engine.stream.BatchProgress.Operator o : p.operators()) {
        operators.add(new OperatorState(o.name(), o.stateRows(), o.stateBytes()));
      }
      batches.add(new Batch(p.batchId(), p.inputRows(), p.outputRows(), p.planMillis() / 1000, p.executeMillis() / 1000,
          p.commitMillis() / 1000, p.watermark(), p.lateRows(), p.malformedRowsDropped(), p.malformedRowsKept(),
          List.copyOf(operators)));
    }
    return new ContinuousQueryProgress(query.id(), query.sinkName() == null ? "" : query.sinkName(),
        query.status().name().toLowerCase(Locale.ROOT), query.batches(), query.inputRowsTotal(),
        query.outputRowsTotal(), List.copyOf(batches));
  }
}
