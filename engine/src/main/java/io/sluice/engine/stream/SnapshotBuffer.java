package io.sluice.engine.stream;

import java.io.OutputStream;
import java.util.Arrays;

/**
 * Where operator snapshots are written: a growing byte array without the locking of
 * {@link java.io.ByteArrayOutputStream}, whose every call takes a monitor (snapshots write
 * many small values).
 */
final class SnapshotBuffer extends OutputStream {
  private byte[] bytes = new byte[1 << 12];
  private int count;

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

  byte[] toByteArray() {
    return Arrays.copyOf(bytes, count);
  }
}
