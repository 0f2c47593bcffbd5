package io.sluice.engine.exec;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalWindow;

/** Deduplication and Top-N per key over streams: {@code ROW_NUMBER() OVER (PARTITION BY .. ORDER BY ..) <= N}. */
final class StreamRanks {
  private StreamRanks() {}

  /** Whether {@code node} filters a ROW_NUMBER over a stream to its first rows. */
  static boolean matches(PhysicalFilterProject node) {
    return false;
  }

  /** Why the Top-N's output changes after it is emitted, or null when it emits final rows only. */
  static String whyNotAppendOnly(PhysicalFilterProject node) {
    return null;
  }

  /** Builds the deduplication or Top-N operator for a node {@link #matches} accepted. */
  static ExecNode build(PlanContext context, PhysicalFilterProject node) {
    throw new IllegalStateException("not a Top-N: " + node);
  }

  /** An OVER window over a stream that is not part of a Top-N. */
  static ExecNode buildWindow(PlanContext context, PhysicalWindow node) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "An OVER window over a stream is not supported yet");
  }
}
