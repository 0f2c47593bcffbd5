package io.sluice.runtime.batch;

/**
 * What an operator learns about the micro-batch it runs in, and what it tells the loop that runs
 * it: the batch's event-time watermark and processing time (both fixed for the batch), and when
 * state it keeps will need a batch of its own (a window the watermark will close, a group a
 * time-to-live will expire), so that the loop runs one then even without new input. What stays
 * fixed for the operator's life (a time-to-live, its keys) is given to its constructor instead:
 * the shape of its state must be known before a snapshot is restored into it.
 */
public interface BatchContext {
  /** The event time no row of later batches is earlier than, as of this batch; Long.MIN_VALUE before any. */
  long watermark();

  /** The batch's processing time, milliseconds since the epoch: one value for every operator. */
  long batchTime();

  /** {@code rows} rows of this batch came too late for their window (behind the watermark) and were dropped. */
  void countLateRows(long rows);

  /** Kept state expires at {@code millis} of processing time: a batch should run by then. */
  void stateExpiresAt(long millis);

  /** Held output is due once the watermark reaches {@code eventTime}: a batch should run then. */
  void stateWaitsUntil(long eventTime);
}
