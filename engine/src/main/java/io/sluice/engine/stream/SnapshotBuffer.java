package io.sluice.engine.stream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where operator snapshots are written: pages taken from a {@link SnapshotPages.Pool}, filled
 * in turn, without the locking of {@link java.io.ByteArrayOutputStream} (whose every call takes
 * a monitor; snapshots write many small values) and without copying what was written as it grows.
 * Given a folder, a snapshot that grows past a size goes on in a file there instead ({@link
 * SnapshotFile}): the disk state backend's snapshots, which may outgrow memory.
 */
final class SnapshotBuffer extends OutputStream {
  private final SnapshotPages.Pool pool;
  private final List<byte[]> pages = new ArrayList<>();
  private byte[] page;
  private int inPage;
  private long length;
  /** Null: never spills. */
  private final Path spillFolder;
  private final long spillAt;
  private Path file;
  private OutputStream fileOutput;

  /** A buffer that never spills, its pages from {@code pool}. */
  SnapshotBuffer(SnapshotPages.Pool pool) {
    this(pool, null, Long.MAX_VALUE);
  }

  /**
   * A buffer whose pages come from {@code pool} and that moves to a new file in {@code
   * spillFolder} (if not null) once more than {@code spillAt} bytes are written.
   */
  SnapshotBuffer(SnapshotPages.Pool pool, Path spillFolder, long spillAt) {
    this.pool = pool;
    this.spillFolder = spillFolder;
    this.spillAt = spillAt;
  }

  private void spill() throws IOException {
    file = Files.createTempFile(spillFolder, "snapshot-", ".state");
    fileOutput = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
    try (java.io.InputStream in = pages().open()) {
      in.transferTo(fileOutput);
    }
    for (byte[] p : pages) {
      pool.give(p);
    }
    pages.clear();
    page = null;
  }

  private void nextPage() {
    page = pool.take();
    pages.add(page);
    inPage = 0;
  }

  @Override
  public void write(int b) throws IOException {
    if (fileOutput == null && spillFolder != null && length + 1 > spillAt) {
      spill();
    }
    length++;
    if (fileOutput != null) {
      fileOutput.write(b);
      return;
    }
    if (page == null || inPage == page.length) {
      nextPage();
    }
    page[inPage++] = (byte) b;
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (fileOutput == null && spillFolder != null && length + len > spillAt) {
      spill();
    }
    length += len;
    if (fileOutput != null) {
      fileOutput.write(b, off, len);
      return;
    }
    while (len > 0) {
      if (page == null || inPage == page.length) {
        nextPage();
      }
      int n = Math.min(len, page.length - inPage);
      System.arraycopy(b, off, page, inPage, n);
      inPage += n;
      off += n;
      len -= n;
    }
  }

  @Override
  public void close() throws IOException {
    if (fileOutput != null) {
      fileOutput.close();
    }
  }

  /** The file the bytes went to once they outgrew the buffer (after {@link #close}), or null. */
  SnapshotFile file() {
    return file == null ? null : new SnapshotFile(file, length);
  }

  /** The bytes written, in their pages. Only when not {@link #file spilled}. */
  SnapshotPages pages() {
    return new SnapshotPages(pages, length, pool);
  }
}
