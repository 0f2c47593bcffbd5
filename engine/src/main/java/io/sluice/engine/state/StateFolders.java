package io.sluice.engine.state;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Making and deleting the working folders of the disk state backend. A folder belongs to the
 * process that made it for as long as that process holds a lock on its {@value #OWNER} file; a
 * process killed before it could delete its folder leaves it unlocked, and the next process that
 * makes a folder in the same place deletes it ({@link #deleteAbandoned}). A folder is made under a
 * hidden name and renamed once locked, so no folder is ever seen under its own name unlocked while
 * its owner lives.
 */
final class StateFolders {
  /** The option that names the folder the state folders go under (as spill files do). */
  static final String PATH_OPTION = io.sluice.runtime.spill.SpillSpace.PATH_OPTION;
  /** The file whose lock says a state folder's process still runs. */
  static final String OWNER = "owner.lock";

  private StateFolders() {}

  /** A state folder and the lock its process holds on it while it lives. */
  record Owned(Path folder, FileChannel owner) implements AutoCloseable {
    /** Lets go of the lock and deletes the folder. */
    @Override
    public void close() {
      try {
        owner.close();
      } catch (IOException e) {
        // the lock goes with the channel in any case; the folder is deleted below
      }
      delete(folder);
    }
  }

  /** Makes a new folder named {@code prefix}... under {@code parent}, after deleting those abandoned there. */
  static Owned make(Path parent, String prefix) {
    try {
      Files.createDirectories(parent);
      deleteAbandoned(parent, prefix);
      Path hidden = Files.createTempDirectory(parent, "." + prefix);
      FileChannel owner = FileChannel.open(hidden.resolve(OWNER), StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      owner.lock();
      Path folder = parent.resolve(hidden.getFileName().toString().substring(1));
      Files.move(hidden, folder, StandardCopyOption.ATOMIC_MOVE);
      return new Owned(folder, owner);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Could not make a state folder in " + parent + " ("
          + e.getMessage() + ") for the disk state backend. Set '" + PATH_OPTION + "' to a folder you can write.", e);
    }
  }

  /**
   * Deletes the folders named {@code prefix}... under {@code parent} whose owner lock no process
   * holds: left by a process that was killed. Returns how many.
   */
  static int deleteAbandoned(Path parent, String prefix) throws IOException {
    int deleted = 0;
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path folder : folders) {
        if (Files.isDirectory(folder) && abandoned(folder)) {
          delete(folder);
          deleted++;
        }
      }
    }
    return deleted;
  }

  private static boolean abandoned(Path folder) {
    try (FileChannel owner = FileChannel.open(folder.resolve(OWNER), StandardOpenOption.WRITE)) {
      FileLock lock = owner.tryLock();
      if (lock == null) {
        return false; // another process holds it
      }
      lock.release();
      return true;
    } catch (OverlappingFileLockException e) {
      return false; // this process holds it: another query's folder
    } catch (IOException e) {
      return false; // no owner file (not a folder of this build), or unreadable: left alone
    }
  }

  /** Deletes {@code folder} and everything in it; a folder already gone is fine. */
  static void delete(Path folder) {
    if (!Files.exists(folder)) {
      return;
    }
    try {
      Files.walkFileTree(folder, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
          Files.deleteIfExists(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
          Files.deleteIfExists(dir);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Could not delete the state folder " + folder + " ("
          + e.getMessage() + ")", e);
    }
  }
}
