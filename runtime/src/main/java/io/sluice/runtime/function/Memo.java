package io.sluice.runtime.function;

import java.util.Arrays;

/**
 * A value compiled from the bytes of a function's argument (a regular expression, a TO_CHAR
 * format), kept in the call site's {@link Scratch} and used again while the argument has the same
 * bytes: a constant argument is compiled once per call site, and comparing it costs no allocation.
 *
 * @param <T> what is compiled
 */
final class Memo<T> {
  private final byte[] key;
  private final long variant;
  final T value;

  private Memo(byte[] key, long variant, T value) {
    this.key = key;
    this.variant = variant;
    this.value = value;
  }

  /** What an earlier row compiled from these bytes (and {@code variant}, flags say), or null when it must be compiled. */
  @SuppressWarnings("unchecked")
  static <T> T find(Scratch scratch, Class<T> type, byte[] b, int off, int len, long variant) {
    if (scratch.memo instanceof Memo<?> memo && memo.variant == variant && type.isInstance(memo.value)
        && Arrays.equals(memo.key, 0, memo.key.length, b, off, off + len)) {
      return (T) memo.value;
    }
    return null;
  }

  /** Keeps {@code value}, compiled from these bytes, for the next rows; returns it. */
  static <T> T keep(Scratch scratch, byte[] b, int off, int len, long variant, T value) {
    scratch.memo = new Memo<>(Arrays.copyOfRange(b, off, off + len), variant, value);
    return value;
  }
}
