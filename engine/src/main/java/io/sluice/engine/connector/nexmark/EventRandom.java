package io.sluice.engine.connector.nexmark;

/**
 * A SplitMix64 random stream that yields, draw for draw, the same values as
 * {@code java.util.SplittableRandom} created with the same seed (for the methods used here),
 * but as one mutable object reseeded per event: the Nexmark model seeds one stream per event,
 * and the JDK class would cost an allocation each time. {@code EventRandomTest} checks the
 * equality against the JDK.
 */
final class EventRandom {
  private static final long GOLDEN_GAMMA = 0x9E3779B97F4A7C15L;

  private long state;

  void reseed(long seed) {
    state = seed;
  }

  /** Seeds the stream of event {@code eventNumber} of the model with {@code seed}. */
  void seedEvent(long seed, long eventNumber) {
    long z = seed * 0x9E3779B97F4A7C15L + eventNumber * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 31)) * 0x94D049BB133111EBL;
    state = z ^ (z >>> 29);
  }

  int nextInt() {
    long z = state += GOLDEN_GAMMA;
    z = (z ^ (z >>> 33)) * 0x62A9D9ED799705F5L;
    return (int) (((z ^ (z >>> 28)) * 0xCB24D0A5C88C35B3L) >>> 32);
  }

  long nextLong() {
    long z = state += GOLDEN_GAMMA;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, bound)}, bound > 0, rejecting over-represented values. */
  int nextInt(int bound) {
    int r = nextInt();
    int m = bound - 1;
    if ((bound & m) == 0) {
      return r & m;
    }
    for (int u = r >>> 1; u + m - (r = u % bound) < 0; u = nextInt() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  /** Uniform in {@code [0, bound)}, bound > 0. */
  long nextLong(long bound) {
    long r = nextLong();
    long m = bound - 1;
    if ((bound & m) == 0L) {
      return r & m;
    }
    for (long u = r >>> 1; u + m - (r = u % bound) < 0L; u = nextLong() >>> 1) {
      // rejected: draw again
    }
    return r;
  }

  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }
}
