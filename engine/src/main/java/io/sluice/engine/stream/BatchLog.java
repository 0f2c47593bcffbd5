package io.sluice.engine.stream;

import java.util.Map;

/**
 * Where a continuous query records its batches so that it can go on after a crash: a checkpoint.
 * A batch is recorded twice: before it runs, its boundaries (write-ahead), and after its output
 * is committed to the sink, the state after it (the commit point).
 */
public interface BatchLog {
  /** Records the boundaries of batch {@code batchId} before it runs. */
  void started(long batchId, Map<String, String> startOffsets, Map<String, String> endOffsets, long watermark,
      long batchTime);

  /**
   * Whether the state of stateful operator {@code operator} (its place in plan order) after the
   * running batch must be a full snapshot, not a delta on top of what the log holds (for a log
   * that keeps deltas: it holds no snapshot of it yet, or enough deltas have piled up since, as
   * measured against {@code snapshotBytes}, about what a full snapshot of the state would take now).
   */
  default boolean fullSnapshotDue(int operator, long snapshotBytes) {
    return true;
  }

  /**
   * Whether a full snapshot of operator {@code operator} that is due may be written in the
   * background: the batch then commits a delta, and the log takes the snapshot with it ({@link
   * QueryState.Operator#deltaWithSnapshot}) and writes it while the next batches run. Only where the
   * log holds a state of the operator for the delta to stand on.
   */
  default boolean snapshotInBackground(int operator) {
    return false;
  }

  /**
   * Commits batch {@code batchId}: {@code after} is the query's state once it ran, each operator's
   * a full snapshot or, where {@link #fullSnapshotDue} allowed, a delta on the state last committed.
   * Bytes held in {@link SnapshotSource}s are lent for this call only: the query reuses their pages
   * for its next batch, so the log writes them out before it returns and keeps no reference.
   */
  void committed(long batchId, QueryState after, long outputRows);

  /** Bytes written to the log so far: a batch's share is the difference across its two records. */
  long bytesWritten();

  /**
   * The first batch the log can still run again ({@code sluice replay}) after its last commit;
   * every later committed batch can be run again too. The log keeps a bounded number of batches.
   */
  long firstReplayableBatch();

  /** The query's identity, the same across its restarts (a checkpoint's query id). */
  String queryId();

  /** The query has ended (finished, stopped or failed): no batch follows; releases the log's lock. */
  void close();
}
