package io.sluice.engine.checkpoint;

import io.sluice.engine.io.OwnedFileLock;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A checkpoint folder on the local disk, through the operating system directly: Hadoop's local
 * file system runs {@code stat} and {@code chmod} as child processes for some calls when its
 * native library is missing, which made each file of a checkpoint cost a process.
 *
 * <p>The lock is an operating-system lock on the file {@code lock}, which the system drops when
 * the process dies, so a killed query never leaves a stale lock.
 */
public final class LocalCheckpointFileSystem implements CheckpointFileSystem {
  private final Path root;
  private OwnedFileLock lock;

  public LocalCheckpointFileSystem(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  private Path path(String relative) {
    return relative.isEmpty() ? root : root.resolve(relative);
  }

  @Override
  public String describe(String relative) {
    return path(relative).toString() + (relative.endsWith("/") ? "/" : "");
  }

  /** What {@link #create} returns: the stream and the channel that syncs it. */
  private static final class FileStream extends java.io.FilterOutputStream {
    final FileChannel channel;

    FileStream(FileChannel channel) {
      super(Channels.newOutputStream(channel));
      this.channel = channel;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }
  }

  @Override
  public OutputStream create(String relative) throws IOException {
    Path file = path(relative);
    Files.createDirectories(file.getParent());
    return new FileStream(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE));
  }

  @Override
  public void sync(OutputStream out) throws IOException {
    out.flush();
    ((FileStream) out).channel.force(true);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Path target = path(to);
    if (Files.exists(target)) {
      throw new FileAlreadyExistsException(describe(to));
    }
    try {
      Files.move(path(from), target, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("the file system of " + describe(to) + " cannot rename atomically", e);
    }
  }

  @Override
  public void syncFolder(String folder) throws IOException {
    try (FileChannel channel = FileChannel.open(path(folder), StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms cannot open a folder; the rename is atomic all the same
    }
  }

  @Override
  public byte[] read(String relative) throws IOException {
    try {
      return Files.readAllBytes(path(relative));
    } catch (NoSuchFileException e) {
      throw new FileNotFoundException(describe(relative));
    }
  }

  @Override
  public boolean exists(String relative) {
    return Files.exists(path(relative));
  }

  @Override
  public List<String> list(String folder) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(path(folder))) {
      for (Path entry : entries) {
        names.add(entry.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return names;
    }
    return names;
  }

  @Override
  public void mkdirs(String folder) throws IOException {
    Files.createDirectories(path(folder));
  }

  @Override
  public void delete(String relative) throws IOException {
    Files.deleteIfExists(path(relative));
  }

  @Override
  public synchronized String tryLock(String relative, String owner) throws IOException {
    if (lock != null) {
      return null;
    }
    Path file = path(relative);
    lock = OwnedFileLock.tryTake(file, owner);
    return lock == null ? OwnedFileLock.holderOf(file) : null;
  }

  @Override
  public synchronized void close() throws IOException {
    if (lock != null) {
      lock.close();
      lock = null;
    }
  }
}
