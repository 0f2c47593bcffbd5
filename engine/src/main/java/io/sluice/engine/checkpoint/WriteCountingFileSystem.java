package io.sluice.engine.checkpoint;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * A checkpoint file system that counts the bytes written through it, passing every other call on to
 * the one it wraps: what a batch's checkpoint cost on disk, for its progress record. Every file
 * of a checkpoint is written whole through {@link #create}, so the count is the sum of the
 * sizes of the files written (temporary files that a failure left behind included).
 */
final class WriteCountingFileSystem extends ForwardingFileSystem {
  private final CheckpointFileSystem files;
  /**
   * Written by the query's thread and the checkpoint's writer (snapshots in the background): a
   * batch's share counts what either wrote while it committed.
   */
  private final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();

  WriteCountingFileSystem(CheckpointFileSystem files) {
    super(files);
    this.files = files;
  }

  /** Bytes written to files created through this object so far. */
  long bytesWritten() {
    return bytesWritten.get();
  }

  /** A stream that counts what goes through it into the wrapped file system's stream. */
  private final class Counted extends FilterOutputStream {
    /** The wrapped file system's own stream, which its {@code sync} takes. */
    final OutputStream file;

    Counted(OutputStream out) {
      super(out);
      this.file = out;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      bytesWritten.incrementAndGet();
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bytesWritten.addAndGet(len);
    }
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return new Counted(files.create(path));
  }

  @Override
  public void sync(OutputStream out) throws IOException {
    out.flush();
    files.sync(out instanceof Counted ? ((Counted) out).file : out);
  }
}
