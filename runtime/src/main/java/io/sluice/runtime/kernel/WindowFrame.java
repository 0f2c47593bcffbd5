package io.sluice.runtime.kernel;

import java.util.Objects;

/** The frame of a window aggregate: {@code ROWS|RANGE BETWEEN start AND end}. */
public record WindowFrame(Unit unit, FrameBound start, FrameBound end) {
  /** ROWS counts rows; RANGE compares the ORDER BY key (CURRENT ROW includes peers). */
  public enum Unit { ROWS, RANGE }

  public WindowFrame {
    Objects.requireNonNull(unit, "unit");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (start.type() == FrameBound.Type.UNBOUNDED_FOLLOWING || end.type() == FrameBound.Type.UNBOUNDED_PRECEDING) {
      throw new IllegalArgumentException("invalid frame " + start + " .. " + end);
    }
  }

  public static WindowFrame rows(FrameBound start, FrameBound end) {
    return new WindowFrame(Unit.ROWS, start, end);
  }

  public static WindowFrame range(FrameBound start, FrameBound end) {
    return new WindowFrame(Unit.RANGE, start, end);
  }

  /**
   * SQL's frame when none is written: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND
   * CURRENT ROW; without, the whole partition.
   */
  public static WindowFrame defaultFrame(boolean ordered) {
    return range(FrameBound.unboundedPreceding(),
        ordered ? FrameBound.currentRow() : FrameBound.unboundedFollowing());
  }
}
