package io.sluice.runtime.operator;

import io.sluice.runtime.batch.BatchContext;

/**
 * A batch context a test moves by hand: it sets the watermark and the batch time, and reads back
 * what the operator asked of the loop (the earliest expiry and watermark it waits for, late rows).
 */
public final class ManualBatchContext implements BatchContext {
  private long watermark = Long.MIN_VALUE;
  private long batchTime;
  private long expiresAt = Long.MAX_VALUE;
  private long waitsUntil = Long.MAX_VALUE;
  private long lateRows;

  /** Forgets what the operator asked for in the last batch, as the loop does when a batch starts. */
  void startBatch() {
    expiresAt = Long.MAX_VALUE;
    waitsUntil = Long.MAX_VALUE;
  }

  void watermark(long watermark) {
    if (watermark < this.watermark) {
      throw new IllegalArgumentException("a watermark never goes back: " + watermark + " after " + this.watermark);
    }
    this.watermark = watermark;
  }

  void batchTime(long batchTime) {
    this.batchTime = batchTime;
  }

  @Override
  public long watermark() {
    return watermark;
  }

  @Override
  public long batchTime() {
    return batchTime;
  }

  @Override
  public void countLateRows(long rows) {
    lateRows += rows;
  }

  @Override
  public void stateExpiresAt(long millis) {
    expiresAt = Math.min(expiresAt, millis);
  }

  @Override
  public void stateWaitsUntil(long eventTime) {
    waitsUntil = Math.min(waitsUntil, eventTime);
  }

  /** The earliest processing time the operator's state expires at, as of the last batch; Long.MAX_VALUE for none. */
  public long expiresAt() {
    return expiresAt;
  }

  /** The earliest watermark at which the operator has held output due, as of the last batch; Long.MAX_VALUE for none. */
  public long waitsUntil() {
    return waitsUntil;
  }

  /** Late rows the operator dropped so far. */
  public long lateRows() {
    return lateRows;
  }
}
