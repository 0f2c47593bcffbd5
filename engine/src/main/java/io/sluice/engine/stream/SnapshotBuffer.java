package io.sluice.engine.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Where operator snapshots are written: a growing byte array without the locking of
 * {@link java.io.ByteArrayOutputStream}, whose every call takes a monitor (snapshots write
 * many small values). Given a folder, a snapshot that grows past a size goes on in a file there
 * instead ({@link SnapshotFile}): the disk state backend's snapshots, which may outgrow memory.
 */
final class SnapshotBuffer extends OutputStream {
  private byte[] bytes;
  private int count;
  /** Null: never spills. */
  private final Path spillFolder;
  private final int spillAt;
  private Path file;
  private OutputStream fileOutput;
  private long fileLength;

  /** A buffer for about {@code expected} bytes (it grows past them). */
  SnapshotBuffer(int expected) {
    this(expected, null, Integer.MAX_VALUE);
  }

  /**
   * A buffer for about {@code expected} bytes that moves to a new file in {@code spillFolder} (if
   * not null) once more than {@code spillAt} bytes are written.
   */
  SnapshotBuffer(int expected, Path spillFolder, int spillAt) {
    bytes = new byte[Math.max(1 << 12, spillFolder == null ? expected : Math.min(expected, spillAt))];
    this.spillFolder = spillFolder;
    this.spillAt = spillAt;
  }

  private void ensure(int more) throws IOException {
    if (spillFolder != null && count + more > spillAt) {
      spill();
      return;
    }
    if (count + more > bytes.length) {
      bytes = Arrays.copyOf(bytes, Math.max(count + more, bytes.length * 2));
    }
  }

  private void spill() throws IOException {
    file = Files.createTempFile(spillFolder, "snapshot-", ".state");
    fileOutput = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    fileOutput.write(bytes, 0, count);
    fileLength = count;
    bytes = null;
  }

  @Override
  public void write(int b) throws IOException {
    if (fileOutput == null) {
      ensure(1);
    }
    if (fileOutput != null) {
      fileOutput.write(b);
      fileLength++;
      return;
    }
    bytes[count++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOutput == null) {
      ensure(len);
    }
    if (fileOutput != null) {
      fileOutput.write(b, off, len);
      fileLength += len;
      return;
    }
    System.arraycopy(b, off, bytes, count, len);
    count += len;
  }

  @Override
  public void close() throws IOException {
    if (fileOutput != null) {
      fileOutput.close();
    }
  }

  /** The file the bytes went to once they outgrew the buffer (after {@link #close}), or null. */
  SnapshotFile file() {
    return file == null ? null : new SnapshotFile(file, fileLength);
  }

  /** The bytes written: the buffer itself when it is exactly full, else a copy. Only when not {@link #file spilled}. */
  byte[] toByteArray() {
    return count == bytes.length ? bytes : Arrays.copyOf(bytes, count);
  }
}
