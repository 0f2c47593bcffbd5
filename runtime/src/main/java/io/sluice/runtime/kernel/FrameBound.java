package io.sluice.runtime.kernel;

import java.util.Objects;

/**
 * One end of a window frame. For RANGE frames the offset is in the internal unit of the single
 * ORDER BY key: unscaled for DECIMAL, days for DATE, milliseconds for TIME, TIMESTAMP and day-time
 * intervals, months for year-month intervals; a Double for REAL/DOUBLE keys may be fractional.
 *
 * @param type the kind of bound
 * @param offset the non-negative n of {@code n PRECEDING} and {@code n FOLLOWING}; null otherwise
 */
public record FrameBound(Type type, Number offset) {
  /** Kinds of frame bound. */
  public enum Type { UNBOUNDED_PRECEDING, PRECEDING, CURRENT_ROW, FOLLOWING, UNBOUNDED_FOLLOWING }

  public FrameBound {
    Objects.requireNonNull(type, "type");
    boolean needsOffset = type == Type.PRECEDING || type == Type.FOLLOWING;
    if (needsOffset != (offset != null)) {
      throw new IllegalArgumentException(type + " with offset " + offset);
    }
    if (offset != null && offset.doubleValue() < 0) {
      throw new IllegalArgumentException("frame offset must not be negative: " + offset);
    }
  }

  public static FrameBound unboundedPreceding() {
    return new FrameBound(Type.UNBOUNDED_PRECEDING, null);
  }

  public static FrameBound preceding(Number offset) {
    return new FrameBound(Type.PRECEDING, offset);
  }

  public static FrameBound currentRow() {
    return new FrameBound(Type.CURRENT_ROW, null);
  }

  public static FrameBound following(Number offset) {
    return new FrameBound(Type.FOLLOWING, offset);
  }

  public static FrameBound unboundedFollowing() {
    return new FrameBound(Type.UNBOUNDED_FOLLOWING, null);
  }
}
