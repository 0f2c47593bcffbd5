package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
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

  /**
   * Fails when the function cannot take an argument of {@code argumentType} (BIGINT for COUNT(*)):
   * SUM and AVG add longs, doubles or wide decimals, BOOL_AND and BOOL_OR booleans.
   */
  public void checkArgument(DataType argumentType) {
    PhysicalKind physical = argumentType.physical();
    switch (kind) {
      case SUM:
      case SUM0:
      case AVG:
        if (physical != PhysicalKind.LONG && physical != PhysicalKind.DOUBLE && !argumentType.isWideDecimal()) {
          throw new IllegalArgumentException(kind + " over " + argumentType);
        }
        break;
      case BOOL_AND:
      case BOOL_OR:
        if (physical != PhysicalKind.BOOLEAN) {
          throw new IllegalArgumentException(kind + " over " + argumentType);
        }
        break;
      default:
    }
  }
}
