package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Operator state in a checkpoint, written incrementally. A snapshot is cut into chunks by content
 * ({@link ContentChunker}); each chunk is stored once, under the hash of its bytes, in
 * {@code state/chunks/}, and the state file of an operator after a batch lists its chunks. A
 * batch writes only the chunks no retained batch has written: for state that changes in a few
 * places (windows opening and closing, join rows arriving and leaving, new keys) that is a small
 * part of it. Every state file is still a full snapshot to read (no chain of deltas to replay),
 * and chunks that no retained state file lists are deleted by {@link #collect}.
 *
 * <p>State files of format version 1 hold the snapshot itself. Besides being read, they are what
 * {@link #writeWhole} writes: a snapshot that deltas follow (written in the background every so
 * many batches) has by then changed in most of its chunks, and cutting it and hashing every byte
 * with SHA-256 cost several times what writing it does (0.74 ns a byte for SHA-256, 0.63 for the
 * gear hash, against a few hundredths for CRC32C).
 *
 * <p>Two threads may write at once (the query's, and the checkpoint's writer with a snapshot in the
 * background): both may find a chunk missing and write it; the second rename finds the first's
 * file, flushed before it was renamed, and takes it.
 */
final class StateStore {
  static final String KIND = "state";
  /** Version 2: a list of chunks. */
  static final int VERSION = 2;
  /** Version 1: the snapshot itself. */
  static final int WHOLE_VERSION = 1;
  static final String CHUNK_KIND = "chunk";
  static final int CHUNK_VERSION = 1;
  static final String CHUNKS = Checkpoint.STATE + "/chunks";
  /** The largest state a state file holds: a restore reads it into one array. */
  static final long MAX_STATE_BYTES = Integer.MAX_VALUE - 16;

  private final CheckpointFileSystem fs;
  /** Chunks known to be on disk, written or seen by this process. */
  private final Set<String> chunks = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** The chunks each state file lists, for those written or read by this process. */
  private final Map<String, List<String>> listed = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.concurrent.atomic.AtomicLong bytesWritten = new java.util.concurrent.atomic.AtomicLong();
  /**
   * Window buffers of states larger than one, kept for the next: a new 4 MiB buffer per state file
   * was a humongous object for G1 on every checkpoint. At most one per thread writing at once.
   */
  private final java.util.Queue<byte[]> windows = new java.util.concurrent.ConcurrentLinkedQueue<>();

  StateStore(CheckpointFileSystem fs) {
    this.fs = fs;
  }

  /** Chunk bytes written by this process so far. */
  long bytesWritten() {
    return bytesWritten.get();
  }

  /** Notes the chunks on disk, so that a restarted query does not write them again. */
  void scan() throws IOException {
    for (String name : fs.list(CHUNKS)) {
      if (!CheckpointFiles.isTemporary(name)) {
        chunks.add(name);
      }
    }
  }

  /** Writes {@code state} as the state file {@code path}, writing the chunks it lacks first. */
  void write(String path, byte[] state) throws IOException {
    write(path, new ContentChunker.Window(state), state.length, null);
  }

  /**
   * Writes the {@code length} bytes of {@code state} as the state file {@code path}, as {@link
   * #write(String, byte[])} would write them, reading them a chunk at a time.
   */
  void write(String path, java.io.InputStream state, long length) throws IOException {
    write(path, state, length, null);
  }

  /**
   * {@link #write(String, java.io.InputStream, long)}, the state file itself written with {@code
   * files} (made durable with the commit's other state files) when not null; its chunks are
   * durable under their names before it returns, as a state file that lists them needs.
   */
  void write(String path, java.io.InputStream state, long length, CheckpointFiles.Together files)
      throws IOException {
    if (length > MAX_STATE_BYTES) {
      throw new SluiceException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "A state of " + length + " bytes does not fit in one"
          + " checkpoint state file (at most " + MAX_STATE_BYTES + "); state file " + fs.describe(path));
    }
    if (length <= ContentChunker.Window.WINDOW) {
      write(path, new ContentChunker.Window(state, new byte[(int) length]), length, files);
      return;
    }
    byte[] buffer = windows.poll();
    try {
      buffer = buffer != null ? buffer : new byte[ContentChunker.Window.WINDOW];
      write(path, new ContentChunker.Window(state, buffer), length, files);
    } finally {
      windows.offer(buffer);
    }
  }

  /**
   * Writes the {@code length} bytes of {@code state} as the state file {@code path} holding them
   * itself (format version 1), not cut into chunks.
   */
  void writeWhole(String path, java.io.InputStream state, long length) throws IOException {
    writeWhole(path, state, length, null);
  }

  /**
   * {@link #writeWhole(String, java.io.InputStream, long)} with {@code files}, which makes it
   * durable with the commit's other state files (null: now, on its own).
   */
  void writeWhole(String path, java.io.InputStream state, long length, CheckpointFiles.Together files)
      throws IOException {
    if (length > MAX_STATE_BYTES) {
      throw new SluiceException(ErrorCode.PROGRAM_LIMIT_EXCEEDED, "A state of " + length + " bytes does not fit in one"
          + " checkpoint state file (at most " + MAX_STATE_BYTES + "); state file " + fs.describe(path));
    }
    if (files == null) {
      CheckpointFiles.write(fs, path, KIND, WHOLE_VERSION, state, length);
    } else {
      files.write(path, KIND, WHOLE_VERSION, state, length);
    }
    listed.put(path, List.of());
  }

  private void write(String path, ContentChunker.Window state, long length, CheckpointFiles.Together files)
      throws IOException {
    List<String> ids = new ArrayList<>();
    ByteArrayOutputStream list = new ByteArrayOutputStream();
    boolean wroteChunks = false;
    long total = 0;
    try (DataOutputStream out = new DataOutputStream(list)) {
      out.writeLong(length);
      while (state.more()) {
        byte[] bytes = state.bytes();
        int start = state.start();
        int end = state.nextCut();
        String id = hash(bytes, start, end - start);
        if (!chunks.contains(id)) {
          try {
            CheckpointFiles.writeUnsynced(fs, CHUNKS + "/" + id, CHUNK_KIND, CHUNK_VERSION, bytes, start, end - start);
            bytesWritten.addAndGet(end - start);
          } catch (java.nio.file.FileAlreadyExistsException e) {
            // another thread wrote the same chunk first
          }
          wroteChunks = true;
          chunks.add(id);
        }
        ids.add(id);
        out.writeUTF(id);
        out.writeInt(end - start);
        total += end - start;
        state.consume(end);
      }
    }
    if (total != length) {
      throw new IOException("a state of " + total + " bytes where " + length + " were announced");
    }
    if (wroteChunks) {
      fs.syncFolder(CHUNKS + "/"); // the chunks' names are durable before a state file lists them
    }
    byte[] file = CheckpointFiles.encode(KIND, VERSION, list.toByteArray());
    if (files == null) {
      CheckpointFiles.write(fs, path, file);
    } else {
      files.write(path, file);
    }
    listed.put(path, ids);
  }

  /** Reads and checks the state file {@code path}: the snapshot it stands for. */
  byte[] read(String path) {
    CheckpointFiles.Payload payload = CheckpointFiles.read(fs, path, KIND, VERSION);
    if (payload.version() == WHOLE_VERSION) {
      listed.put(path, List.of()); // it lists no chunks: the cleaner keeps none for it
      return payload.bytes();
    }
    List<String> ids = new ArrayList<>();
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload.bytes()))) {
      long length = in.readLong();
      if (length < 0 || length > MAX_STATE_BYTES) {
        throw CheckpointFiles.corrupt(fs.describe(path), "announces a state of " + length + " bytes");
      }
      byte[] state = new byte[(int) length];
      int at = 0;
      while (in.available() > 0) {
        String id = in.readUTF();
        int size = in.readInt();
        byte[] chunk = CheckpointFiles.read(fs, CHUNKS + "/" + id, CHUNK_KIND, CHUNK_VERSION).bytes();
        if (chunk.length != size || at + size > state.length || !hash(chunk, 0, chunk.length).equals(id)) {
          throw CheckpointFiles.corrupt(fs.describe(CHUNKS + "/" + id), "does not hold the chunk its name and "
              + fs.describe(path) + " say");
        }
        System.arraycopy(chunk, 0, state, at, size);
        at += size;
        ids.add(id);
        chunks.add(id);
      }
      if (at != state.length) {
        throw CheckpointFiles.corrupt(fs.describe(path), "lists chunks of " + at + " bytes for a state of "
            + state.length);
      }
      listed.put(path, ids);
      return state;
    } catch (IOException e) {
      throw CheckpointFiles.corrupt(fs.describe(path), "does not hold a valid list of chunks (" + e.getMessage()
          + ")");
    }
  }

  /**
   * Deletes the chunks none of {@code live} (the state files of the retained batches) lists. Only
   * between batches: a chunk written for a batch not committed yet is listed by no state file.
   */
  void collect(Collection<String> live) throws IOException {
    Set<String> used = new HashSet<>();
    for (String path : live) {
      List<String> ids = listed.get(path);
      if (ids == null) {
        read(path);
        ids = listed.get(path);
      }
      used.addAll(ids);
    }
    listed.keySet().retainAll(new HashSet<>(live));
    for (String name : fs.list(CHUNKS)) {
      if (!CheckpointFiles.isTemporary(name) && !used.contains(name)) {
        fs.delete(CHUNKS + "/" + name);
        chunks.remove(name);
      }
    }
  }

  private static String hash(byte[] data, int offset, int length) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(data, offset, length);
      return HexFormat.of().formatHex(digest.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "SHA-256 is missing from this Java runtime", e);
    }
  }
}
