package io.sluice.catalog.stream;

/** Long arithmetic that sticks at {@link Long#MIN_VALUE} / {@link Long#MAX_VALUE} instead of wrapping (time bounds). */
public final class Saturated {
  private Saturated() {}

  public static long add(long a, long b) {
    long r = a + b;
    if (((a ^ r) & (b ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }

  public static long subtract(long a, long b) {
    long r = a - b;
    if (((a ^ b) & (a ^ r)) < 0) {
      return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
    return r;
  }
}
