package io.sluice.engine.translate;

import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.stream.RetractionSupport;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;

/** Tells the optimizer's checker which aggregates the run-time accumulators can compute over a changelog. */
public final class AccumulatorRetraction implements RetractionSupport {
  public static final AccumulatorRetraction INSTANCE = new AccumulatorRetraction();

  private AccumulatorRetraction() {}

  @Override
  public String whyNotRetractable(AggregateCall call, RelDataType inputType) {
    return HashAggregator.whyNotRetractable(HashAggregateTranslator.aggregateSpec(call, TypeMapping.toDataTypes(inputType)));
  }
}
