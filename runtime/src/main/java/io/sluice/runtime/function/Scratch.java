package io.sluice.runtime.function;

import java.util.Arrays;

/**
 * A growable byte buffer owned by one call site of generated code: string functions write their
 * result here so that no object is allocated per row. The result of a call is valid until the
 * same call site runs again.
 */
public final class Scratch {
  public byte[] buf = new byte[64];

  /**
   * What a function keeps between the rows of its call site: a pattern or format compiled from an
   * argument, reused while that argument stays the same ({@link Memo}), so a constant pattern is
   * compiled once, not per row.
   */
  public Object memo;

  /** Makes room for {@code length} bytes, keeping the first {@code keep} bytes, and returns the buffer. */
  public byte[] ensure(int length, int keep) {
    if (length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(length, buf.length * 2));
    }
    return buf;
  }

  public byte[] ensure(int length) {
    if (length > buf.length) {
      buf = new byte[Math.max(length, buf.length * 2)];
    }
    return buf;
  }
}
