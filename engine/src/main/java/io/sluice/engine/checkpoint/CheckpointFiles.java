package io.sluice.engine.checkpoint;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32C;

/**
 * The envelope of every checkpoint file, and how one is written and read.
 *
 * <p>A file is: the magic bytes {@code SLCK}, the kind of file as a short UTF-8 string (so that
 * an offsets file put where a commit belongs is noticed), the format version of its payload, the
 * payload's length, the payload, and a CRC-32C of everything before it. Reading checks each part
 * and refuses the file with a message that names it and says what is wrong: missing, truncated,
 * not a checkpoint file, of another kind, of a newer format, or corrupted.
 *
 * <p>Writing goes to a hidden temporary name in the same folder, is flushed to disk, renamed into
 * place and the folder flushed: a file is either whole under its name or not there at all.
 */
public final class CheckpointFiles {
  private static final byte[] MAGIC = {'S', 'L', 'C', 'K'};
  private static final int TRAILER = 4;

  private CheckpointFiles() {}

  /** The bytes of a checkpoint file holding {@code payload}. */
  public static byte[] encode(String kind, int version, byte[] payload) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(payload.length + 32);
    try {
      encodeTo(bytes, kind, version, payload, 0, payload.length);
    } catch (IOException e) {
      throw new IllegalStateException(e); // in memory
    }
    return bytes.toByteArray();
  }

  /** Writes a checkpoint file holding {@code payload[offset, offset + length)} to {@code out}, without copying it. */
  static void encodeTo(OutputStream out, String kind, int version, byte[] payload, int offset, int length)
      throws IOException {
    byte[] head = header(kind, version, length);
    CRC32C crc = new CRC32C();
    crc.update(head, 0, head.length);
    crc.update(payload, offset, length);
    out.write(head);
    out.write(payload, offset, length);
    writeTrailer(out, crc);
  }

  /**
   * Writes a checkpoint file holding the {@code length} bytes read from {@code payload} to {@code
   * out}, computing the checksum as they pass: a large state delta is never held in one array.
   */
  static void encodeTo(OutputStream out, String kind, int version, InputStream payload, long length)
      throws IOException {
    if (length > Integer.MAX_VALUE - 64) {
      throw new IOException("a payload of " + length + " bytes does not fit in one checkpoint file");
    }
    byte[] head = header(kind, version, (int) length);
    CRC32C crc = new CRC32C();
    crc.update(head, 0, head.length);
    out.write(head);
    // the payload's own transferTo writes its pages as they are (SnapshotPages), with no copy between
    long copied = payload.transferTo(new ChecksummedOutputStream(out, crc));
    if (copied != length) {
      throw new IOException("a payload of " + copied + " bytes where " + length + " were announced");
    }
    writeTrailer(out, crc);
  }

  private static byte[] header(String kind, int version, int length) throws IOException {
    ByteArrayOutputStream header = new ByteArrayOutputStream(32);
    try (DataOutputStream h = new DataOutputStream(header)) {
      h.write(MAGIC);
      h.writeUTF(kind);
      h.writeInt(version);
      h.writeInt(length);
    }
    return header.toByteArray();
  }

  private static void writeTrailer(OutputStream out, CRC32C crc) throws IOException {
    int sum = (int) crc.getValue();
    out.write(new byte[] {(byte) (sum >>> 24), (byte) (sum >>> 16), (byte) (sum >>> 8), (byte) sum});
  }

  /**
   * Writes a checkpoint file holding a slice of {@code payload} as {@link #writeUnsynced} does,
   * streaming it into the file instead of building its bytes first (state chunks).
   */
  static String writeUnsynced(CheckpointFileSystem fs, String path, String kind, int version, byte[] payload,
      int offset, int length) throws IOException {
    return writeUnsynced(fs, path, out -> encodeTo(out, kind, version, payload, offset, length));
  }

  /** Writes a checkpoint file holding the {@code length} bytes of {@code payload}, streamed, as {@link #write} does. */
  static void write(CheckpointFileSystem fs, String path, String kind, int version, InputStream payload, long length)
      throws IOException {
    fs.syncFolder(writeUnsynced(fs, path, out -> encodeTo(out, kind, version, payload, length)));
  }

  /** A payload read back, with the format version it was written in. */
  public record Payload(int version, byte[] bytes) {}

  /**
   * Checks the bytes of file {@code name} and returns its payload.
   *
   * @param newest the newest format version this build reads
   * @throws SluiceException CHECKPOINT_ERROR naming the file and the problem
   */
  public static Payload decode(String name, byte[] file, String kind, int newest) {
    ByteBuffer in = ByteBuffer.wrap(file);
    if (file.length < MAGIC.length + 2 || !startsWithMagic(file)) {
      throw corrupt(name, file.length == 0 ? "is empty" : "is not a Sluice checkpoint file (it does not start with"
          + " the bytes SLCK)");
    }
    in.position(MAGIC.length);
    int kindLength = in.getShort() & 0xFFFF;
    if (in.remaining() < kindLength + 8) {
      throw corrupt(name, "is truncated: it ends at byte " + file.length + ", inside its header");
    }
    String actualKind = new String(file, in.position(), kindLength, StandardCharsets.UTF_8);
    in.position(in.position() + kindLength);
    int version = in.getInt();
    int length = in.getInt();
    int bodyEnd = in.position() + length;
    if (length < 0 || bodyEnd < 0 || file.length < bodyEnd + TRAILER) {
      throw corrupt(name, "is truncated: it has " + file.length + " bytes, and its header announces "
          + ((long) in.position() + length + TRAILER));
    }
    CRC32C crc = new CRC32C();
    crc.update(file, 0, bodyEnd);
    int expected = ByteBuffer.wrap(file, bodyEnd, TRAILER).getInt();
    if ((int) crc.getValue() != expected) {
      throw corrupt(name, "is corrupted: its checksum (CRC-32C) does not match its content");
    }
    if (file.length != bodyEnd + TRAILER) {
      throw corrupt(name, "has " + (file.length - bodyEnd - TRAILER) + " bytes after its end");
    }
    if (!actualKind.equals(kind)) {
      throw corrupt(name, "is a " + actualKind + " file where a " + kind + " file belongs");
    }
    if (version > newest) {
      throw corrupt(name, "has format version " + version + " of " + kind + " files, newer than this build of"
          + " Sluice reads (" + newest + "): run a newer Sluice on this checkpoint");
    }
    if (version < 1) {
      throw corrupt(name, "has an invalid format version " + version);
    }
    byte[] payload = new byte[length];
    System.arraycopy(file, bodyEnd - length, payload, 0, length);
    return new Payload(version, payload);
  }

  private static boolean startsWithMagic(byte[] file) {
    for (int i = 0; i < MAGIC.length; i++) {
      if (file[i] != MAGIC[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes {@code bytes} as file {@code path}, atomically: a temporary name in the same folder,
   * flushed to disk, renamed into place, the folder flushed. A failure leaves at most a
   * temporary file, which readers ignore.
   */
  public static void write(CheckpointFileSystem fs, String path, byte[] bytes) throws IOException {
    fs.syncFolder(writeUnsynced(fs, path, bytes));
  }

  /**
   * {@link #write} but for the folder flush, which the caller does once for several files (each
   * whole under its name or absent; the names durable after the flush). Returns the folder.
   */
  public static String writeUnsynced(CheckpointFileSystem fs, String path, byte[] bytes) throws IOException {
    return writeUnsynced(fs, path, out -> out.write(bytes));
  }

  private interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private static String writeUnsynced(CheckpointFileSystem fs, String path, Content content) throws IOException {
    String folder = folderOf(path);
    String temporary = temporaryName(path);
    try (OutputStream out = fs.create(temporary)) {
      content.writeTo(out);
      fs.sync(out);
    }
    try {
      fs.rename(temporary, path);
    } catch (java.nio.file.FileAlreadyExistsException e) {
      fs.delete(temporary); // a chunk another thread wrote first: its caller takes that one
      throw e;
    }
    return folder;
  }

  /**
   * Files written one after another and made durable together ({@link #force}): the state files
   * of one commit. Each is written to its temporary name and left open; {@link #force} then
   * flushes each to disk, back to back, renames each into place and flushes each folder once, so
   * that a commit waits for the disk once rather than once per file (and twice with its folder).
   * Until then no file is under its name: a crash leaves temporary files, which readers skip.
   */
  static final class Together implements AutoCloseable {
    private record Pending(OutputStream out, String temporary, String path) {}

    private final CheckpointFileSystem fs;
    private final java.util.List<Pending> pending = new java.util.ArrayList<>();

    Together(CheckpointFileSystem fs) {
      this.fs = fs;
    }

    /** Writes a checkpoint file holding the {@code length} bytes of {@code payload}, streamed, under a temporary name. */
    void write(String path, String kind, int version, InputStream payload, long length) throws IOException {
      write(path, out -> encodeTo(out, kind, version, payload, length));
    }

    /** Writes {@code bytes} (a whole checkpoint file) under a temporary name. */
    void write(String path, byte[] bytes) throws IOException {
      write(path, out -> out.write(bytes));
    }

    private void write(String path, Content content) throws IOException {
      String temporary = temporaryName(path);
      OutputStream out = fs.create(temporary);
      pending.add(new Pending(out, temporary, path));
      content.writeTo(out);
    }

    /** Flushes every file written to disk, renames each into place, then flushes their folders. */
    void force() throws IOException {
      for (Pending p : pending) {
        fs.sync(p.out);
      }
      java.util.Set<String> folders = new java.util.LinkedHashSet<>();
      for (Pending p : pending) {
        p.out.close();
      }
      for (Pending p : pending) {
        fs.rename(p.temporary, p.path);
        folders.add(folderOf(p.path));
      }
      pending.clear();
      for (String folder : folders) {
        fs.syncFolder(folder);
      }
    }

    /** Closes what was not forced: its temporary files are left over, as a kill would leave them. */
    @Override
    public void close() {
      for (Pending p : pending) {
        try {
          p.out.close();
        } catch (IOException ignored) {
          // a leftover either way
        }
      }
      pending.clear();
    }
  }

  private static String folderOf(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  private static String temporaryName(String path) {
    int slash = path.lastIndexOf('/');
    return folderOf(path) + "." + path.substring(slash + 1) + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
  }

  /** Whether {@code name} is a leftover of a write that did not finish. */
  public static boolean isTemporary(String name) {
    return name.startsWith(".") && name.endsWith(".tmp");
  }

  /** Reads and checks file {@code path}. */
  public static Payload read(CheckpointFileSystem fs, String path, String kind, int newest) {
    byte[] bytes;
    try {
      bytes = fs.read(path);
    } catch (FileNotFoundException e) {
      throw corrupt(fs.describe(path), "is missing");
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.CHECKPOINT_ERROR, "Cannot read checkpoint file " + fs.describe(path) + ": "
          + e.getMessage(), e);
    }
    return decode(fs.describe(path), bytes, kind, newest);
  }

  static SluiceException corrupt(String name, String problem) {
    return new SluiceException(ErrorCode.CHECKPOINT_ERROR, "Checkpoint file " + name + " " + problem + ". Sluice"
        + " does not repair checkpoints: restore the file, or start the query on a new checkpoint location.");
  }
}
