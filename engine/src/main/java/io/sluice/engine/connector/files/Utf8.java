package io.sluice.engine.connector.files;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the first byte that is not valid UTF-8 (RFC 3629: no overlong forms, no surrogates,
 * nothing above U+10FFFF, no cut-off sequence). ASCII is skipped eight bytes at a time, so text
 * that is mostly ASCII costs about one step per word.
 */
final class Utf8 {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long HIGH_BITS = 0x8080808080808080L;

  private Utf8() {}

  /** The index of the first byte of {@code b[from, to)} that starts an invalid sequence, or -1. */
  static int firstInvalid(byte[] b, int from, int to) {
    int p = from;
    while (p < to) {
      while (p <= to - Long.BYTES && ((long) LONGS.get(b, p) & HIGH_BITS) == 0) {
        p += Long.BYTES;
      }
      if (p >= to) {
        return -1;
      }
      int c = b[p] & 0xFF;
      if (c < 0x80) {
        p++;
        continue;
      }
      int length;
      int min2 = 0x80;
      int max2 = 0xBF;
      if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
      } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        if (c == 0xE0) {
          min2 = 0xA0; // overlong
        } else if (c == 0xED) {
          max2 = 0x9F; // surrogates
        }
      } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        if (c == 0xF0) {
          min2 = 0x90; // overlong
        } else if (c == 0xF4) {
          max2 = 0x8F; // above U+10FFFF
        }
      } else {
        return p; // a continuation byte without a start, C0, C1, F5..FF
      }
      if (p + length > to) {
        return p;
      }
      int second = b[p + 1] & 0xFF;
      if (second < min2 || second > max2) {
        return p;
      }
      for (int k = 2; k < length; k++) {
        if ((b[p + k] & 0xC0) != 0x80) {
          return p;
        }
      }
      p += length;
    }
    return -1;
  }
}
