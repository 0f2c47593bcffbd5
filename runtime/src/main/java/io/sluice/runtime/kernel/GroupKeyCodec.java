package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a group key (a stored row of a {@link KeyTable}) into bytes for an on-disk store, and
 * bytes back into a one-row batch the table can look up. Per column a null flag, then the value:
 * 8 bytes for a long or double, 1 for a boolean, a length and the bytes for a string. The key is
 * written after a one-byte prefix the caller chooses, into a buffer kept between calls, so
 * encoding allocates nothing once the buffer is large enough.
 */
final class GroupKeyCodec {
  private final List<DataType> types;
  private final Batch row;
  private byte[] buffer = new byte[64];
  private int length;

  GroupKeyCodec(List<DataType> types) {
    this.types = List.copyOf(types);
    this.row = Batch.allocate(types, 1);
  }

  /** The bytes of the last {@link #encode}: {@code buffer()[0 .. length())}. */
  byte[] buffer() {
    return buffer;
  }

  int length() {
    return length;
  }

  /** Writes {@code prefix} and the key of stored row {@code r} of {@code keys} into {@link #buffer}. */
  void encode(byte prefix, ColumnarRows keys, int r) {
    encode(prefix, keys, r, null);
  }

  /**
   * Writes {@code prefix} and columns {@code columns} of stored row {@code r} of {@code rows} (the
   * codec's types, in order; null: the first ones) into {@link #buffer}: the join key of a stored
   * join row, the same bytes as that key stored alone.
   */
  void encode(byte prefix, ColumnarRows rows, int r, int[] columns) {
    length = 0;
    room(1);
    buffer[length++] = prefix;
    for (int i = 0; i < types.size(); i++) {
      int c = columns == null ? i : columns[i];
      room(9);
      if (rows.isNull(c, r)) {
        buffer[length++] = 1;
        continue;
      }
      buffer[length++] = 0;
      switch (rows.kind(c)) {
        case LONG:
          putLong(rows.longs(c)[r]);
          break;
        case DOUBLE:
          putLong(Double.doubleToRawLongBits(rows.doubles(c)[r]));
          break;
        case BOOLEAN:
          buffer[length++] = (byte) (rows.booleans(c)[r] ? 1 : 0);
          break;
        default: {
          int[] offsets = rows.offsets(c);
          int start = offsets[r];
          int n = offsets[r + 1] - start;
          putInt(n);
          room(n);
          System.arraycopy(rows.bytes(c), start, buffer, length, n);
          length += n;
        }
      }
    }
  }

  /**
   * The key in {@code bytes[from .. to)} (after its prefix) as row 0 of a one-row batch whose
   * columns are the key columns, reused by the next call.
   */
  Batch decode(byte[] bytes, int from, int to) {
    row.reset();
    int at = from;
    for (int c = 0; c < types.size(); c++) {
      boolean isNull = bytes[at++] != 0;
      if (isNull) {
        row.columns[c].setNull(0);
        continue;
      }
      switch (types.get(c).physical()) {
        case LONG:
          ((LongVector) row.columns[c]).values[0] = getLong(bytes, at);
          at += 8;
          break;
        case DOUBLE:
          ((DoubleVector) row.columns[c]).values[0] = Double.longBitsToDouble(getLong(bytes, at));
          at += 8;
          break;
        case BOOLEAN:
          ((BooleanVector) row.columns[c]).values[0] = bytes[at++] != 0;
          break;
        default: {
          int n = getInt(bytes, at);
          at += 4;
          ((BytesVector) row.columns[c]).set(0, bytes, at, n);
          at += n;
        }
      }
    }
    if (at != to) {
      throw new IllegalStateException("a stored group key of " + (to - from) + " bytes read as " + (at - from));
    }
    row.size = 1;
    return row;
  }

  private void room(int extra) {
    if (length + extra > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(length + extra, buffer.length * 2));
    }
  }

  private void putLong(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private void putInt(int v) {
    room(4);
    for (int shift = 24; shift >= 0; shift -= 8) {
      buffer[length++] = (byte) (v >>> shift);
    }
  }

  private static long getLong(byte[] bytes, int at) {
    return (long) getInt(bytes, at) << 32 | getInt(bytes, at + 4) & 0xffffffffL;
  }

  private static int getInt(byte[] bytes, int at) {
    return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8 | bytes[at + 3] & 0xff;
  }
}
