package io.sluice.engine.connector.files;

import java.util.Arrays;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid encoding of small unsigned integers (definition levels and
 * dictionary ids), decoded from a byte range into int arrays many values per call. Runs are a
 * varint header whose low bit tells a repeated value (then the value in whole bytes) from groups
 * of eight values packed least significant bit first.
 */
final class RleBitPackedDecoder {
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

  /** Unpacks the next eight values; bytes missing past the end (padding) read as zero. */
  private void unpack(int[] out, int at) {
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
