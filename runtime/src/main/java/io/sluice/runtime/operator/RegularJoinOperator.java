package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.RegularJoiner;
import io.sluice.runtime.state.backend.DiskStateBackend;

/**
 * A join of two streams with no time bound (port 0 the left input, port 1 the right): every row
 * of both inputs is kept for the life of the query, or until the state time-to-live expires it,
 * and the output is a changelog ({@link RegularJoiner}): pairs as their second row arrives, an
 * outer join's NULL-padded row at once and taken back when its first match arrives, and the
 * pairs of a retracted input row taken back.
 */
public final class RegularJoinOperator extends KeyedStateOperator {
  /** Version of the snapshot format: both inputs' live rows, match counts and arrival times ({@link RegularJoiner#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final RegularJoiner joiner;
  private final long ttlMillis;
  private final boolean onDisk;

  /** @param ttlMillis how long a row is kept after it arrives (batch time); 0 for the life of the query */
  public RegularJoinOperator(String name, RegularJoiner joiner, long ttlMillis) {
    this(name, joiner, ttlMillis, null);
  }

  /**
   * @param backend the disk state backend ({@code pipeline.state.backend = 'disk'}), or null for
   *     the heap; without a time-to-live (whose expiry scans every row) the rows then live on disk
   */
  public RegularJoinOperator(String name, RegularJoiner joiner, long ttlMillis, DiskStateBackend backend) {
    super(name, STATE_VERSION, joiner);
    this.joiner = joiner;
    this.ttlMillis = ttlMillis;
    this.onDisk = backend != null && ttlMillis == 0 && joiner.keepOnDisk(backend, name);
  }

  /** Whether the rows live on disk, with a cache of the join keys in use on the heap. */
  public boolean onDisk() {
    return onDisk;
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return joiner.restorePeakBytes();
  }

  @Override
  public String lastChoice() {
    return joiner.describeDisk();
  }

  @Override
  public void close() {
    joiner.close();
  }

  @Override
  public void input(int port, Batch batch) {
    if (port == 0) {
      joiner.addLeft(batch, context.batchTime(), output);
    } else {
      joiner.addRight(batch, context.batchTime(), output);
    }
  }

  @Override
  public void endBatch() {
    joiner.addHeld(context.batchTime(), output);
    long expires = joiner.endBatch(context.batchTime(), ttlMillis);
    if (expires != Long.MAX_VALUE) {
      context.stateExpiresAt(expires);
    }
  }
}
