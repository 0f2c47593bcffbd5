package io.sluice.engine.exec;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.optimizer.physical.PhysicalNode;

/** Joins in continuous queries: stream–table joins and stream–stream interval and window joins. */
final class StreamJoins {
  private StreamJoins() {}

  /** Why the join's output changes after it is emitted, or null when it emits final rows only. */
  static String whyNotAppendOnly(PhysicalNode join) {
    return null;
  }

  /** Builds the operator of a join (hash or nested loop) that reads a stream on at least one side. */
  static ExecNode build(PlanContext context, PhysicalNode join) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "A join over a stream is not supported yet");
  }
}
