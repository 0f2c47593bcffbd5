package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * The store ranges of the join keys an on-disk join state ({@link DiskJoinRows}, {@link
 * DiskIntervalRows}) brings back to its cache in one go, read through one cursor ({@link
 * io.sluice.runtime.state.backend.KeyValueStore#scanEach}): per key that may have rows in the
 * store, the range of its row entries (the encoded key, then the input byte 0 or 1), the key's
 * length and its id in the cache's key table, and the rows found.
 */
final class JoinKeyRanges {
  /** Bytes after the encoded join key in a row entry's store key: the input byte, then the row's place (a long). */
  static final int ROW_KEY_SUFFIX = 9;

  byte[][] from = new byte[16][];
  byte[][] to = new byte[16][];
  int[] keyLength = new int[16];
  int[] keyId = new int[16];
  int[] found = new int[16];
  int count;

  /**
   * Writes the store key of a row entry into {@code key} (grown when too short, and returned): the
   * join key {@code keyCodec} encoded last, the input byte, then {@code place}, so that a key's rows
   * lie together, each input's in the order they came.
   */
  static byte[] rowKey(byte[] key, GroupKeyCodec keyCodec, int input, long place) {
    int length = keyCodec.length() + ROW_KEY_SUFFIX;
    if (key.length < length) {
      key = new byte[Math.max(length, 2 * key.length)];
    }
    System.arraycopy(keyCodec.buffer(), 0, key, 0, keyCodec.length());
    key[length - ROW_KEY_SUFFIX] = (byte) input;
    StoreReads.putLong(key, length - 8, place);
    return key;
  }

  void clear() {
    count = 0;
  }

  /** Adds the range of the rows of both inputs of the key {@code key[0 .. length)}, numbered {@code id} in the cache. */
  void add(byte[] key, int length, int id) {
    if (count == keyId.length) {
      int capacity = 2 * count;
      from = Arrays.copyOf(from, capacity);
      to = Arrays.copyOf(to, capacity);
      keyLength = Arrays.copyOf(keyLength, capacity);
      keyId = Arrays.copyOf(keyId, capacity);
      found = Arrays.copyOf(found, capacity);
    }
    byte[] start = Arrays.copyOf(key, length + 1);
    start[length] = 0; // the buffer may hold a longer key's byte there
    byte[] end = start.clone();
    end[length] = 2; // after both inputs' rows
    from[count] = start;
    to[count] = end;
    keyLength[count] = length;
    keyId[count] = id;
    found[count] = 0;
    count++;
  }

  /** Keys of which rows were found. */
  int keysFound() {
    int keys = 0;
    for (int i = 0; i < count; i++) {
      keys += found[i] > 0 ? 1 : 0;
    }
    return keys;
  }

  /** Rows found, of all the keys. */
  long rowsFound() {
    long rows = 0;
    for (int i = 0; i < count; i++) {
      rows += found[i];
    }
    return rows;
  }
}
