package io.sluice.runtime.kernel;

/** The aggregate functions {@link HashAggregator} computes. */
public enum AggregateKind {
  COUNT_STAR,
  COUNT,
  SUM,
  /** SUM that is 0 rather than NULL over no input (Calcite's $SUM0). */
  SUM0,
  MIN,
  MAX,
  AVG,
  BOOL_AND,
  BOOL_OR,
  ANY_VALUE,
  /** The only value of a group; a second row fails with CARDINALITY_VIOLATION. */
  SINGLE_VALUE
}
