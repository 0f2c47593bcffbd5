package io.sluice.runtime.operator;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.kernel.RegularJoiner;

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

  /** @param ttlMillis how long a row is kept after it arrives (batch time); 0 for the life of the query */
  public RegularJoinOperator(String name, RegularJoiner joiner, long ttlMillis) {
    super(name, STATE_VERSION, joiner);
    this.joiner = joiner;
    this.ttlMillis = ttlMillis;
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
