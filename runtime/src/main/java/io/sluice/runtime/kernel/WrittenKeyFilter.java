package io.sluice.runtime.kernel;

/**
 * Which join keys an on-disk join state ({@link DiskJoinRows}, {@link DiskIntervalRows}) may have
 * rows of in its store: a blocked bloom filter on the heap, two bits of one 64-bit word per key
 * hash, set as a key's rows are written out. A key new to the cache whose bits are not both set
 * was never written, so the state reads nothing for it: no RocksDB iterator opened and sought
 * (2-10 µs each, the cost that made an interval join on disk 40 times slower than on the heap,
 * where almost every key new to the cache is a key new to the query). Exact on the negative side:
 * a key with rows in the store always has its bits set. Keys whose rows left the store keep their
 * bits, which then cost one read that finds nothing; {@link #clear} when the store is emptied.
 *
 * <p>Where {@link WrittenKeyRange} keeps the lowest and highest key written (enough for keys that
 * grow), a join's keys repeat in any order, so this keeps a bit set sized from the budget: an
 * eighth of the cache's share, between 4 KB and 64 MB, counted in the state's heap bytes. Its
 * words are allocated with the first key written: a join whose rows never leave the cache pays
 * nothing.
 */
final class WrittenKeyFilter {
  private static final long MIN_BYTES = 4L << 10;
  private static final long MAX_BYTES = 64L << 20;

  private final int words;
  private long[] bits;
  private long skipped;

  /** A filter for a state whose cache may take {@code cacheBytes} of the heap. */
  WrittenKeyFilter(long cacheBytes) {
    long bytes = Math.max(MIN_BYTES, Math.min(MAX_BYTES, cacheBytes / 8));
    this.words = (int) (Long.highestOneBit(bytes) / 8); // a power of two: a word is picked with a mask
  }

  /** Records that the key {@code key[0 .. length)} has rows in the store. */
  void written(byte[] key, int length) {
    if (bits == null) {
      bits = new long[words];
    }
    long hash = hash(key, length);
    bits[(int) hash & (words - 1)] |= mask(hash);
  }

  /** Whether the key {@code key[0 .. length)} certainly has no row in the store (and counts it as a read skipped when so). */
  boolean excludes(byte[] key, int length) {
    if (bits == null) {
      skipped++;
      return true;
    }
    long hash = hash(key, length);
    long mask = mask(hash);
    if ((bits[(int) hash & (words - 1)] & mask) != mask) {
      skipped++;
      return true;
    }
    return false;
  }

  /** Forgets every key: the store was emptied. */
  void clear() {
    if (bits != null) {
      java.util.Arrays.fill(bits, 0);
    }
  }

  /** Store reads {@link #excludes} saved. */
  long skipped() {
    return skipped;
  }

  /** Heap bytes the filter takes. */
  long bytes() {
    return bits == null ? 0 : 8L * words;
  }

  /** Two bits of a word, from hash bits the word's index does not use. */
  private static long mask(long hash) {
    return 1L << (hash >>> 52) | 1L << (hash >>> 58);
  }

  /** A 64-bit hash of the bytes: 8 at a time through a multiply, then Murmur3's finalizer. */
  static long hash(byte[] key, int length) {
    long h = length * 0x9E3779B97F4A7C15L;
    int i = 0;
    for (; i + 8 <= length; i += 8) {
      h = (h ^ StoreReads.getLong(key, i)) * 0xC2B2AE3D27D4EB4FL;
      h = Long.rotateLeft(h, 31);
    }
    long tail = 0;
    for (; i < length; i++) {
      tail = tail << 8 | (key[i] & 0xff);
    }
    h = (h ^ tail) * 0xC2B2AE3D27D4EB4FL;
    h ^= h >>> 33;
    h *= 0xFF51AFD7ED558CCDL;
    h ^= h >>> 33;
    h *= 0xC4CEB93FE1AFE8E5L;
    h ^= h >>> 33;
    return h;
  }
}
