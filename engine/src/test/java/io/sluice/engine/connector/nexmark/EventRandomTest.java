package io.sluice.engine.connector.nexmark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The allocation-free stream must draw exactly what java.util.SplittableRandom draws. */
class EventRandomTest {
  @Test
  void drawsTheSameValuesAsSplittableRandom() {
    SplittableRandom seeds = new SplittableRandom(7);
    EventRandom mine = new EventRandom();
    int[] bounds = {1, 2, 3, 4, 5, 13, 26, 100, 1000, 10_000, 1 << 20, (1 << 20) - 77, Integer.MAX_VALUE,
        Integer.MAX_VALUE - 1, 1_500_000_001};
    long[] longBounds = {3L, 1L << 40, (1L << 40) + 3, Long.MAX_VALUE, Long.MAX_VALUE / 3 * 2};
    for (int round = 0; round < 2000; round++) {
      long seed = round < 3 ? round - 1 : seeds.nextLong();
      SplittableRandom jdk = new SplittableRandom(seed);
      mine.reseed(seed);
      for (int i = 0; i < 40; i++) {
        switch (i % 4) {
          case 0:
            int bound = bounds[(round + i) % bounds.length];
            assertEquals(jdk.nextInt(bound), mine.nextInt(bound), "nextInt(" + bound + ") seed " + seed);
            break;
          case 1:
            assertEquals(jdk.nextDouble(), mine.nextDouble());
            break;
          case 2:
            long longBound = longBounds[(round + i) % longBounds.length];
            assertEquals(jdk.nextLong(longBound), mine.nextLong(longBound), "nextLong(" + longBound + ")");
            break;
          default:
            assertEquals(jdk.nextInt(), mine.nextInt());
            assertEquals(jdk.nextLong(), mine.nextLong());
        }
      }
    }
  }
}
