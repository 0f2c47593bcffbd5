package io.sluice.runtime.kernel;

/** Functions {@link WindowEvaluator} computes. */
public enum WindowFunctionKind {
  ROW_NUMBER,
  RANK,
  DENSE_RANK,
  PERCENT_RANK,
  CUME_DIST,
  NTILE,
  LAG,
  LEAD,
  FIRST_VALUE,
  LAST_VALUE,
  COUNT_STAR,
  COUNT,
  SUM,
  AVG,
  MIN,
  MAX;

  /** Whether the function reads its window frame (the others ignore it). */
  public boolean usesFrame() {
    switch (this) {
      case FIRST_VALUE:
      case LAST_VALUE:
      case COUNT_STAR:
      case COUNT:
      case SUM:
      case AVG:
      case MIN:
      case MAX:
        return true;
      default:
        return false;
    }
  }
}
