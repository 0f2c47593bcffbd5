package io.sluice.engine.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * The few file operations a checkpoint needs, on paths relative to the checkpoint's folder
 * ({@code "offsets/12"}). Each step of an atomic write is its own call (create and write, flush
 * to disk, rename, flush the folder), so that tests can fail or stop the writer at any one of
 * them and check that every prefix of the steps recovers ({@link CheckpointFiles#write}).
 */
public interface CheckpointFileSystem extends AutoCloseable {
  /** The full location of {@code path}, for messages. */
  String describe(String path);

  /** Creates (or replaces) a file to write. */
  OutputStream create(String path) throws IOException;

  /** Makes what was written to {@code out} durable (fsync, or HDFS hsync). */
  void sync(OutputStream out) throws IOException;

  /** Renames {@code from} to {@code to}, which must not exist; atomic. */
  void rename(String from, String to) throws IOException;

  /** Makes the folder's entries (a rename into it) durable, where the file system needs it. */
  void syncFolder(String folder) throws IOException;

  /** The whole content of a file; {@link java.io.FileNotFoundException} if there is none. */
  byte[] read(String path) throws IOException;

  boolean exists(String path) throws IOException;

  /** The names of the entries of a folder, empty if there is no folder. */
  List<String> list(String folder) throws IOException;

  void mkdirs(String folder) throws IOException;

  /** Deletes a file or an empty folder, if it exists. */
  void delete(String path) throws IOException;

  /**
   * Takes the checkpoint's lock for this process, or returns a description of who holds it.
   * The lock ends with {@link #close} or with the process.
   */
  String tryLock(String path, String owner) throws IOException;

  @Override
  void close() throws IOException;
}
