package io.sluice.engine.connector.files;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small unsigned integers (definition levels and
 * dictionary ids), decoded from a byte range into int arrays many values per call. Runs are a
 * varint header whose low bit tells a repeated value (then the value in whole bytes) from groups
 * of eight values packed least significant bit first.
 */
final class RleBitPackedDecoder {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private byte[] data;
  private int position;
  private int end;
  private int bitWidth;
  private int mask;
  /** Values left in the current run, including a bit-packed run's padding. */
  private int runRemaining;
  private boolean packed;
  private int runValue;
  /** The current group of a bit-packed run when a read ends inside it. */
  private final int[] group = new int[8];
  private int groupIndex = 8;

  /** Decodes {@code data[start, end)} with values of {@code bitWidth} bits (0 to 32). */
  void init(byte[] data, int start, int end, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new ParquetDecodingException("Invalid bit width " + bitWidth + " of RLE / bit-packed data");
    }
    this.data = data;
    this.position = start;
    this.end = end;
    this.bitWidth = bitWidth;
    this.mask = bitWidth == 32 ? -1 : (1 << bitWidth) - 1;
    this.runRemaining = 0;
    this.groupIndex = 8;
  }

  /** Reads the next {@code count} values into {@code out[offset, offset + count)}. */
  void read(int[] out, int offset, int count) {
    while (count > 0) {
      if (runRemaining == 0) {
        nextRun();
        continue;
      }
      int n = Math.min(count, runRemaining);
      if (!packed) {
        Arrays.fill(out, offset, offset + n, runValue);
      } else {
        int i = 0;
        while (i < n) {
          if (groupIndex < 8) {
            out[offset + i++] = group[groupIndex++];
          } else if (n - i >= 8) {
            unpack(out, offset + i);
            i += 8;
          } else {
            unpack(group, 0);
            groupIndex = 0;
          }
        }
      }
      runRemaining -= n;
      offset += n;
      count -= n;
    }
  }

  /**
   * Skips the next {@code count} values if they all lie in one repeated run of {@code value};
   * otherwise reads nothing and returns false.
   */
  boolean skipRepeated(int count, int value) {
    if (runRemaining == 0) {
      if (position >= end) {
        return false; // read reports the missing values
      }
      nextRun();
    }
    if (packed || runValue != value || runRemaining < count) {
      return false;
    }
    runRemaining -= count;
    return true;
  }

  private void nextRun() {
    if (position >= end) {
      throw new ParquetDecodingException("RLE / bit-packed data ends before its last value");
    }
    int header = 0;
    int shift = 0;
    while (true) {
      if (position >= end || shift > 28) {
        throw new ParquetDecodingException("Invalid run header in RLE / bit-packed data");
      }
      int b = data[position++];
      header |= (b & 0x7F) << shift;
      if (b >= 0) {
        break;
      }
      shift += 7;
    }
    if ((header & 1) == 0) {
      packed = false;
      runRemaining = header >>> 1;
      int value = 0;
      int bytes = (bitWidth + 7) >>> 3;
      if (position + bytes > end) {
        throw new ParquetDecodingException("RLE / bit-packed data ends inside a repeated value");
      }
      for (int i = 0; i < bytes; i++) {
        value |= (data[position++] & 0xFF) << (8 * i);
      }
      runValue = value;
    } else {
      packed = true;
      runRemaining = (header >>> 1) * 8;
      groupIndex = 8;
    }
  }

  /**
   * Unpacks the next eight values; bytes missing past the end (padding) read as zero. A value
   * of at most 32 bits starting at any bit of a byte lies within the 8 bytes from that byte, so
   * where the array has 8 bytes past the group each value is one word read, a shift and a mask.
   */
  private void unpack(int[] out, int at) {
    int width = bitWidth;
    int p = position;
    if (p + width <= end && p + width + 7 <= data.length) {
      byte[] b = data;
      int m = mask;
      out[at] = (int) (long) LONGS.get(b, p) & m;
      out[at + 1] = (int) ((long) LONGS.get(b, p + (width >>> 3)) >>> (width & 7)) & m;
      out[at + 2] = (int) ((long) LONGS.get(b, p + (2 * width >>> 3)) >>> (2 * width & 7)) & m;
      out[at + 3] = (int) ((long) LONGS.get(b, p + (3 * width >>> 3)) >>> (3 * width & 7)) & m;
      out[at + 4] = (int) ((long) LONGS.get(b, p + (4 * width >>> 3)) >>> (4 * width & 7)) & m;
      out[at + 5] = (int) ((long) LONGS.get(b, p + (5 * width >>> 3)) >>> (5 * width & 7)) & m;
      out[at + 6] = (int) ((long) LONGS.get(b, p + (6 * width >>> 3)) >>> (6 * width & 7)) & m;
      out[at + 7] = (int) ((long) LONGS.get(b, p + (7 * width >>> 3)) >>> (7 * width & 7)) & m;
      position = p + width;
      return;
    }
    unpackAtEnd(out, at);
  }

  private void unpackAtEnd(int[] out, int at) {
    long buffer = 0;
    int bits = 0;
    int p = position;
    int width = bitWidth;
    for (int k = 0; k < 8; k++) {
      while (bits < width) {
        buffer |= (long) (p < end ? data[p] & 0xFF : 0) << bits;
        p++;
        bits += 8;
      }
      out[at + k] = (int) buffer & mask;
      buffer >>>= width;
      bits -= width;
    }
    position += width;
  }
}
