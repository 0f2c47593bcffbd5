package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The filter of join keys written to the store: never excludes a key written, excludes most keys never written. */
class WrittenKeyFilterTest {
  private static int key(byte[] into, Random random) {
    int length = 1 + random.nextInt(into.length - 1);
    random.nextBytes(into);
    return length;
  }

  @Test
  void aKeyWrittenIsNeverExcludedAndMostKeysNeverWrittenAre() {
    WrittenKeyFilter filter = new WrittenKeyFilter(8L << 20); // 1 MB: 8 M bits
    assertEquals(0, filter.bytes(), "no words before the first key written");
    byte[] key = new byte[40];
    Random written = new Random(7);
    for (int i = 0; i < 500_000; i++) {
      int length = key(key, written);
      filter.written(key, length);
    }
    assertEquals(1L << 20, filter.bytes());
    written = new Random(7);
    for (int i = 0; i < 500_000; i++) {
      int length = key(key, written);
      assertFalse(filter.excludes(key, length), "key " + i + " was written");
    }
    assertEquals(0, filter.skipped());
    Random other = new Random(8);
    int excluded = 0;
    for (int i = 0; i < 100_000; i++) {
      int length = key(key, other);
      excluded += filter.excludes(key, length) ? 1 : 0;
    }
    // 500 k keys over 128 k words of 64 bits, two bits each: about 1 in 30 passes
    assertTrue(excluded > 90_000, excluded + " of 100000 keys never written excluded");
    assertEquals(excluded, filter.skipped());
    filter.clear();
    written = new Random(7);
    int length = key(key, written);
    assertTrue(filter.excludes(key, length), "cleared with the store");
  }

  @Test
  void keysThatDifferInOneByteOrInLengthHashApart() {
    WrittenKeyFilter filter = new WrittenKeyFilter(1L << 20);
    byte[] key = {'k', 0, 0, 0, 0, 0, 0, 0, 1, 0};
    filter.written(key, 9);
    assertFalse(filter.excludes(key, 9));
    int excluded = 0;
    for (int b = 1; b < 9; b++) {
      key[b] ^= 0x40;
      excluded += filter.excludes(key, 9) ? 1 : 0;
      key[b] ^= 0x40;
    }
    excluded += filter.excludes(key, 10) ? 1 : 0;
    excluded += filter.excludes(key, 8) ? 1 : 0;
    assertTrue(excluded >= 9, excluded + " of 10 near keys excluded");
    assertTrue(WrittenKeyFilter.hash(key, 9) != WrittenKeyFilter.hash(key, 10));
  }
}
