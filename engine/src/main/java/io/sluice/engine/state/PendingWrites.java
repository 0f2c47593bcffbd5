package io.sluice.engine.state;

import java.util.Arrays;

/**
 * Puts gathered on the heap in RocksDB's write-batch format, so that {@link RocksDbStore} hands
 * many of them to RocksDB in one call ({@code new WriteBatch(serialized)}). The format is
 * RocksDB's {@code WriteBatch} representation (db/write_batch.cc): a 12-byte header (a sequence
 * number, fixed 64-bit little-endian, which RocksDB sets itself when it writes, then the count of
 * records, fixed 32-bit little-endian), then per put the tag {@code kTypeValue} (1), the key's
 * length as a varint32, the key, the value's length as a varint32 and the value.
 */
final class PendingWrites {
  private static final int HEADER = 12;
  private static final byte TYPE_VALUE = 1;

  private byte[] bytes = new byte[64 << 10];
  private int length = HEADER;
  private int count;

  void put(byte[] key, int keyLength, byte[] value, int valueLength) {
    room(1 + 5 + keyLength + 5 + valueLength);
    bytes[length++] = TYPE_VALUE;
    varint(keyLength);
    System.arraycopy(key, 0, bytes, length, keyLength);
    length += keyLength;
    varint(valueLength);
    System.arraycopy(value, 0, bytes, length, valueLength);
    length += valueLength;
    count++;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Bytes gathered, header included. */
  int bytes() {
    return count == 0 ? 0 : length;
  }

  /** The records in a batch of their own: a copy of exactly their bytes, with the count in the header. */
  byte[] serialized() {
    bytes[8] = (byte) count;
    bytes[9] = (byte) (count >>> 8);
    bytes[10] = (byte) (count >>> 16);
    bytes[11] = (byte) (count >>> 24);
    return Arrays.copyOf(bytes, length);
  }

  void clear() {
    length = HEADER;
    count = 0;
  }

  private void varint(int value) {
    int v = value;
    while ((v & ~0x7F) != 0) {
      bytes[length++] = (byte) ((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    bytes[length++] = (byte) v;
  }

  private void room(int more) {
    if (length + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(length + more, 2 * bytes.length));
    }
  }
}
