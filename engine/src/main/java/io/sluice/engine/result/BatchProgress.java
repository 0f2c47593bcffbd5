package io.sluice.engine.result;

import java.util.List;
import java.util.Map;

/**
 * What one micro-batch did: its id, its input, how long each phase took, what its checkpoint
 * wrote, its output.
 *
 * @param queryId the query
 * @param batchId the batch, from 0
 * @param startMillis wall time the batch started
 * @param inputRows rows read from all sources
 * @param outputRows rows written to the sink
 * @param inputRowsPerSecond input rows per second of wall time since the previous batch started
 * @param phases how the batch's time was spent ({@link Phases}); they add up to its duration
 * @param checkpoint what the batch's checkpoint wrote and how long it took, or null for a query
 *     without a checkpoint
 * @param endOffsets each source's end offset after the batch
 * @param watermark the watermark the batch ran with (ms since the epoch), or null before any
 * @param lateRows rows behind the watermark, dropped (or written to the late-rows sink)
 * @param malformedRowsDropped malformed rows of the sources' files that were dropped (mode
 *     dropmalformed, or a line longer than 'max-line-size')
 * @param malformedRowsKept malformed rows kept with NULL fields (mode permissive)
 * @param deadLetterRows rows whose expressions failed, set aside to the dead-letter sink
 * @param operators the state of each stateful operator after the batch
 * @param eventTime the event times the batch read, or null when it read none
 */
public record BatchProgress(String queryId, long batchId, long startMillis, long inputRows, long outputRows,
    double inputRowsPerSecond, Phases phases, CheckpointWrite checkpoint, Map<String, String> endOffsets,
    Long watermark, long lateRows, long malformedRowsDropped, long malformedRowsKept, long deadLetterRows,
    List<Operator> operators, EventTime eventTime) {

  /** A batch whose sources rejected no malformed rows and that set no row aside, of a query without a checkpoint. */
  public BatchProgress(String queryId, long batchId, long startMillis, long inputRows, long outputRows,
      double inputRowsPerSecond, Phases phases, Map<String, String> endOffsets, Long watermark, long lateRows,
      List<Operator> operators) {
    this(queryId, batchId, startMillis, inputRows, outputRows, inputRowsPerSecond, phases, null, endOffsets,
        watermark, lateRows, 0, 0, 0, operators, null);
  }

  /**
   * Where a batch's wall time went, in milliseconds; the five phases do not overlap and add up to
   * the batch's duration. Reading and executing interleave (a source pushes each chunk it decodes
   * through the plan before it decodes the next), so read is the time spent inside the sources
   * between the chunks they hand over, measured once per chunk, not per row.
   *
   * @param plan deciding the batch's offsets and writing its write-ahead record
   * @param read inside the sources: fetching and decoding (on the query's thread, or waiting for the
   *     workers that read splits, whose time includes their compiled filter and projection)
   * @param execute running the plan's operators: the rest of the batch's run
   * @param sink inside the sinks: writing the output (late rows and dead letters too) and committing it
   * @param commit committing the batch: its state to the checkpoint, the rejected rows, the watermark
   */
  public record Phases(double plan, double read, double execute, double sink, double commit) {
    /** The batch's duration: the sum of its phases. */
    public double total() {
      return plan + read + execute + sink + commit;
    }
  }

  /**
   * What a batch wrote to its query's checkpoint: its write-ahead record, its operators' state
   * (snapshots or deltas, and the chunks no batch stored before) and its commit record.
   *
   * @param bytes the size of the files written for the batch
   * @param millis the time capturing the state and writing those files took (within the plan and
   *     commit phases)
   */
  public record CheckpointWrite(long bytes, double millis) {}

  /**
   * The event times of the rows a batch read (late rows too), as Spark's progress {@code
   * eventTime} block: smallest, largest and mean, in milliseconds since the epoch.
   */
  public record EventTime(long min, long max, long avg) {}

  /**
   * One stateful operator after a batch.
   *
   * @param name the operator
   * @param stateRows rows (groups, buffered rows, keys) it keeps
   * @param stateBytes an estimate of their size
   * @param choice what it chose for the batch from the batch's statistics, or null
   */
  public record Operator(String name, long stateRows, long stateBytes, String choice) {}

  /** The batch's duration in milliseconds: the sum of its phases. */
  public double durationMillis() {
    return phases.total();
  }

  /** Input rows per second of the batch's own duration. */
  public double processedRowsPerSecond() {
    double ms = durationMillis();
    return ms <= 0 ? 0 : inputRows * 1000.0 / ms;
  }

  /** One JSON object on one line. */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"query\":").append(quote(queryId))
        .append(",\"batch\":").append(batchId)
        .append(",\"start\":").append(startMillis)
        .append(",\"inputRows\":").append(inputRows)
        .append(",\"outputRows\":").append(outputRows)
        .append(",\"inputRowsPerSecond\":").append(Math.round(inputRowsPerSecond))
        .append(",\"processedRowsPerSecond\":").append(Math.round(processedRowsPerSecond()))
        .append(",\"durationMs\":{\"plan\":").append(round(phases.plan()))
        .append(",\"read\":").append(round(phases.read()))
        .append(",\"execute\":").append(round(phases.execute()))
        .append(",\"sink\":").append(round(phases.sink()))
        .append(",\"commit\":").append(round(phases.commit())).append('}')
        .append(",\"checkpoint\":");
    if (checkpoint == null) {
      sb.append("null");
    } else {
      sb.append("{\"bytes\":").append(checkpoint.bytes()).append(",\"durationMs\":")
          .append(round(checkpoint.millis())).append('}');
    }
    sb.append(",\"watermark\":").append(watermark == null ? "null"
            : quote(io.sluice.catalog.data.Values.formatTimestamp(watermark)))
        .append(",\"eventTime\":");
    if (eventTime == null) {
      sb.append("null");
    } else {
      sb.append("{\"min\":").append(quote(io.sluice.catalog.data.Values.formatTimestamp(eventTime.min())))
          .append(",\"max\":").append(quote(io.sluice.catalog.data.Values.formatTimestamp(eventTime.max())))
          .append(",\"avg\":").append(quote(io.sluice.catalog.data.Values.formatTimestamp(eventTime.avg()))).append('}');
    }
    sb.append(",\"lateRows\":").append(lateRows)
        .append(",\"malformedRows\":{\"dropped\":").append(malformedRowsDropped)
        .append(",\"kept\":").append(malformedRowsKept).append('}')
        .append(",\"deadLetterRows\":").append(deadLetterRows)
        .append(",\"operators\":[");
    for (int i = 0; i < operators.size(); i++) {
      Operator o = operators.get(i);
      sb.append(i == 0 ? "" : ",").append("{\"name\":").append(quote(o.name()))
          .append(",\"stateRows\":").append(o.stateRows())
          .append(",\"stateBytes\":").append(o.stateBytes());
      if (o.choice() != null) {
        sb.append(",\"choice\":").append(quote(o.choice()));
      }
      sb.append('}');
    }
    sb.append("],\"endOffsets\":{");
    boolean first = true;
    for (Map.Entry<String, String> e : endOffsets.entrySet()) {
      sb.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(quote(e.getValue()));
      first = false;
    }
    return sb.append("}}").toString();
  }

  private static String round(double d) {
    return String.valueOf(Math.round(d * 100) / 100.0);
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        sb.append('\\').append(c);
      } else if (c < 0x20) {
        sb.append(String.format("\\u%04x", (int) c));
      } else {
        sb.append(c);
      }
    }
    return sb.append('"').toString();
  }
}
