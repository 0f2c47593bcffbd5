package io.sluice.optimizer.stream;

import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Which aggregate functions the runtime can compute over a changelog (take a row back). The
 * runtime's accumulators know this; the checker asks, so that it refuses before any operator is
 * built.
 */
@FunctionalInterface
public interface RetractionSupport {
  /** Why {@code call} over rows of {@code inputType} cannot take rows back, or null when it can. */
  String whyNotRetractable(AggregateCall call, RelDataType inputType);
}
