package io.sluice.runtime.state;

import java.io.BufferedOutputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of one state written piece by piece out of order: a columnar snapshot taken in
 * chunks of rows gets a piece of every column from each chunk, but writes the columns one after
 * the other. Each part is spooled to a temporary file of its own while pieces arrive and then
 * {@link #copyTo copied} to the output in the order the format wants, so the heap holds one
 * buffer per part, not the state. {@link #close} deletes the files.
 */
public final class SpooledParts implements AutoCloseable {
  private static final int BUFFER_BYTES = 1 << 15;

  private final Path folder;
  private final List<Path> files = new ArrayList<>();
  private final List<DataOutputStream> outputs = new ArrayList<>();
  private final List<java.io.DataInputStream> inputs = new ArrayList<>();
  private final byte[] copyBuffer = new byte[1 << 16];
  private long bytesSpooled;

  /** @param folder where the temporary files go (an operator's working folder) */
  public SpooledParts(Path folder) {
    this.folder = folder;
  }

  /** A new, empty part; returns its number. */
  public int add() throws IOException {
    Path file = Files.createTempFile(folder, "snapshot-", ".part");
    files.add(file);
    outputs.add(new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES)));
    return files.size() - 1;
  }

  /** Where the pieces of part {@code part} are written, in order. */
  public DataOutputStream part(int part) {
    return outputs.get(part);
  }

  /** Writes every byte of part {@code part} to {@code out}; the part takes no more pieces. */
  public void copyTo(int part, DataOutput out) throws IOException {
    DataOutputStream written = outputs.get(part);
    written.close();
    bytesSpooled += Files.size(files.get(part));
    try (InputStream in = Files.newInputStream(files.get(part))) {
      for (int n = in.read(copyBuffer); n >= 0; n = in.read(copyBuffer)) {
        out.write(copyBuffer, 0, n);
      }
    }
    Files.deleteIfExists(files.get(part));
  }

  /**
   * Reads part {@code part} back from its start (a snapshot being restored a chunk at a time); the
   * part takes no more pieces, and the stream is closed with the parts.
   */
  public java.io.DataInputStream read(int part) throws IOException {
    outputs.get(part).close();
    java.io.DataInputStream in = new java.io.DataInputStream(
        new java.io.BufferedInputStream(Files.newInputStream(files.get(part)), BUFFER_BYTES));
    inputs.add(in);
    return in;
  }

  /** Bytes written to the parts so far (the files' sizes once their pieces are flushed). */
  public long bytesWritten() {
    long total = 0;
    for (DataOutputStream out : outputs) {
      total += out.size();
    }
    return total;
  }

  /** Bytes copied out of spooled parts so far. */
  public long bytesSpooled() {
    return bytesSpooled;
  }

  /** Deletes every part's file. */
  @Override
  public void close() throws IOException {
    IOException first = null;
    for (java.io.DataInputStream in : inputs) {
      try {
        in.close();
      } catch (IOException e) {
        first = e;
      }
    }
    inputs.clear();
    for (int i = 0; i < files.size(); i++) {
      try {
        outputs.get(i).close();
        Files.deleteIfExists(files.get(i));
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    files.clear();
    outputs.clear();
    if (first != null) {
      throw first;
    }
  }
}
