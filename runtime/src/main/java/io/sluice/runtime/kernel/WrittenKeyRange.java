package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * The lowest and highest key an on-disk keyed state has written to its store, keys compared as
 * unsigned bytes (the store's own order): a key outside them was never written, so the state need
 * not ask the store for it. A key new to the cache is what a GROUP BY over ever-new keys meets on
 * every row, and keys that grow (sequence numbers, ids handed out in order, times) fall above the
 * range: each of them saves a store read (a JNI call and a memtable search, 0.5-2 µs), for two
 * comparisons. Keys that arrive in no order gain nothing and lose nothing. Exact: a key the range
 * excludes is absent, never the other way round.
 */
final class WrittenKeyRange {
  private byte[] lowest = new byte[16];
  private int lowestLength = -1;
  private byte[] highest = new byte[16];
  private int highestLength = -1;
  private long skipped;

  /** Records that {@code key[0 .. length)} was written to the store. */
  void written(byte[] key, int length) {
    if (lowestLength < 0 || Arrays.compareUnsigned(key, 0, length, lowest, 0, lowestLength) < 0) {
      lowest = copy(key, length, lowest);
      lowestLength = length;
    }
    if (highestLength < 0 || Arrays.compareUnsigned(key, 0, length, highest, 0, highestLength) > 0) {
      highest = copy(key, length, highest);
      highestLength = length;
    }
  }

  /** Whether {@code key[0 .. length)} was certainly never written (and counts it as a read skipped when so). */
  boolean excludes(byte[] key, int length) {
    boolean outside = lowestLength < 0 || Arrays.compareUnsigned(key, 0, length, lowest, 0, lowestLength) < 0
        || Arrays.compareUnsigned(key, 0, length, highest, 0, highestLength) > 0;
    if (outside) {
      skipped++;
    }
    return outside;
  }

  /** Store reads {@link #excludes} saved. */
  long skipped() {
    return skipped;
  }

  private static byte[] copy(byte[] key, int length, byte[] into) {
    byte[] target = into.length >= length ? into : new byte[Math.max(length, 2 * into.length)];
    System.arraycopy(key, 0, target, 0, length);
    return target;
  }
}
