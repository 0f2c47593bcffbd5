package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import java.util.Objects;

/**
 * One aggregate call of a {@link HashAggregator}.
 *
 * @param kind the function
 * @param argument input column of the argument; -1 for COUNT(*)
 * @param distinct whether to aggregate each distinct argument value of a group once
 * @param filterColumn a BOOLEAN input column of {@code FILTER (WHERE ...)}: only rows where it
 *     is TRUE count; -1 for none
 * @param resultType the type of the result column
 */
public record AggregateSpec(AggregateKind kind, int argument, boolean distinct, int filterColumn,
    DataType resultType) {
  public AggregateSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(resultType, "resultType");
    if ((kind == AggregateKind.COUNT_STAR) != (argument < 0)) {
      throw new IllegalArgumentException(kind + " with argument " + argument);
    }
  }

  /** A plain aggregate: not distinct, no filter. */
  public static AggregateSpec of(AggregateKind kind, int argument, DataType resultType) {
    return new AggregateSpec(kind, argument, false, -1, resultType);
  }
}
