package io.sluice.engine.stream;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where operator snapshots are written: a growing byte array without the locking of
 * {@link java.io.ByteArrayOutputStream}, whose every call takes a monitor (snapshots write
 * many small values).
 */
final class SnapshotBuffer extends OutputStream {
  private byte[] bytes;
  private int count;

  /** A buffer for about {@code expected} bytes (it grows past them). */
  SnapshotBuffer(int expected) {
    bytes = new byte[Math.max(1 << 12, expected)];
  }

  private void ensure(int more) {
    if (count + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
    }
  }

  @Override
  public void write(int b) {
    ensure(1);
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) {
    ensure(len);
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  /** The bytes written: the buffer itself when it is exactly full, else a copy. */
  byte[] toByteArray() {
    return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
  }
}
