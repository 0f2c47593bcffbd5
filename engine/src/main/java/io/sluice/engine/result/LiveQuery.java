package io.sluice.engine.result;

import java.util.List;

/**
 * What a continuous query tells those who watch it (JDBC, the shell's status line, a streaming
 * result): its id, where it writes, whether it runs, and its progress. Read-only: a face stops
 * queries through statements ({@code STOP QUERY}) or the database, never through this.
 */
public interface LiveQuery {
  /** Where a continuous query is in its life. */
  enum Status { RUNNING, FINISHED, STOPPED, FAILED }

  String id();

  /** The sink it writes to ("(result)" for a SELECT over streams). */
  String sinkName();

  Status status();

  /**
   * What the running batch waits for outside the process, e.g. a Kafka broker that does not
   * answer (a source with {@code 'broker-unavailable' = 'wait'}); null when it waits for nothing.
   */
  default String waitingFor() {
    return null;
  }

  /** Why the query failed, or null. */
  Throwable failure();

  /** Batches run so far. */
  long batches();

  /** The watermark (ms since the epoch), or null before the first batch or without one. */
  Long watermark();

  /** The last batches' progress, oldest first. */
  List<BatchProgress> progress();

  long inputRowsTotal();

  long outputRowsTotal();

  /** The statement it runs. */
  String text();

  /** Its physical plan with streaming traits, as EXPLAIN prints it ("" when not given). */
  String planText();

  /** Its trigger, as SHOW QUERIES prints it ("continuous", "once", "1 second", ...). */
  String triggerText();

  io.sluice.catalog.stream.OutputMode mode();

  /** Whether it records its batches in a checkpoint. */
  boolean checkpointed();

  /**
   * The first of its batches that its checkpoint can still run again ({@code sluice replay}), as of
   * its last commit; every later committed batch can be too. Null without a checkpoint, or before
   * its first commit.
   */
  default Long firstReplayableBatch() {
    return null;
  }

  /** Whether it stops by itself once it has caught up with its sources (trigger once or available-now). */
  boolean endsWhenCaughtUp();
}
