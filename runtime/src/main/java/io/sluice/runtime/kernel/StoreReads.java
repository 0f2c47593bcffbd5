package io.sluice.runtime.kernel;

import io.sluice.runtime.state.backend.KeyValueStore;

/**
 * The reads an on-disk keyed state makes of its {@link KeyValueStore} ({@link DiskGroups}, {@link
 * DiskKeys}): values copied into one buffer that grows to the longest value read, and the store
 * keys of records found by a dense id (a prefix byte and the id, big-endian), built in one reused
 * array. Nothing is allocated per read once the buffer is large enough.
 */
final class StoreReads {
  private final byte[] idKey = new byte[5];
  private byte[] value = new byte[64];

  /**
   * Reads the value of {@code key[0 .. keyLength)} into {@link #value()} and returns its length,
   * or -1 when the store lacks the key.
   */
  int get(KeyValueStore store, byte[] key, int keyLength) {
    int length = store.get(key, keyLength, value);
    if (length > value.length) {
      value = new byte[length];
      length = store.get(key, keyLength, value);
    }
    return length;
  }

  /** The value the last {@link #get} read; the array may be replaced by a later, longer one. */
  byte[] value() {
    return value;
  }

  /** The store key of record {@code id} under {@code prefix}: {@link #ID_KEY_LENGTH} bytes, reused by the next call. */
  byte[] idKey(byte prefix, int id) {
    idKey[0] = prefix;
    putInt(idKey, 1, id);
    return idKey;
  }

  static final int ID_KEY_LENGTH = 5;

  /** Writes {@code v} big-endian into {@code into[at .. at + 4)}; returns {@code into}. */
  static byte[] putInt(byte[] into, int at, int v) {
    into[at] = (byte) (v >>> 24);
    into[at + 1] = (byte) (v >>> 16);
    into[at + 2] = (byte) (v >>> 8);
    into[at + 3] = (byte) v;
    return into;
  }

  /** Writes {@code v} big-endian into {@code into[at .. at + 8)}. */
  static void putLong(byte[] into, int at, long v) {
    putInt(into, at, (int) (v >>> 32));
    putInt(into, at + 4, (int) v);
  }

  /** The long {@link #putLong} wrote at {@code at}. */
  static long getLong(byte[] from, int at) {
    return (long) getInt(from, at) << 32 | getInt(from, at + 4) & 0xffffffffL;
  }

  /** The int {@link #putInt} wrote at {@code at}. */
  static int getInt(byte[] from, int at) {
    return (from[at] & 0xff) << 24 | (from[at + 1] & 0xff) << 16 | (from[at + 2] & 0xff) << 8 | (from[at + 3] & 0xff);
  }
}
