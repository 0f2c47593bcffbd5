package io.sluice.engine.folder;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.io.OwnedFileLock;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The lock that keeps a second process from opening a database folder: an operating-system lock
 * on the file {@code lock}, which the system drops when the process dies (a killed process never
 * leaves a stale lock). The file names the holder, so the refusal can say who it is.
 */
public final class FolderLock implements AutoCloseable {
  public static final String FILE = "lock";

  private final OwnedFileLock lock;

  private FolderLock(OwnedFileLock lock) {
    this.lock = lock;
  }

  /** Takes the lock of {@code folder}, or refuses naming the process that holds it. */
  public static FolderLock take(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      OwnedFileLock taken = OwnedFileLock.tryTake(file, holder());
      if (taken == null) {
        throw new SluiceException(ErrorCode.DATABASE_IN_USE, "Database folder " + folder + " is in use by "
            + OwnedFileLock.holderOf(file) + " (lock file " + file + "): two processes cannot"
            + " open one database folder. Close it there first, or open another folder");
      }
      return new FolderLock(taken);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot lock database folder " + folder + ": " + e.getMessage(), e);
    }
  }

  /** Who this process is: its pid, host and the time it took the lock. */
  static String holder() {
    String host = System.getenv("HOSTNAME");
    if (host == null || host.isBlank()) {
      try {
        host = java.net.InetAddress.getLocalHost().getHostName();
      } catch (IOException e) {
        host = "unknown host";
      }
    }
    return "process " + ProcessHandle.current().pid() + " on " + host + " (since " + java.time.Instant.now() + ")";
  }

  @Override
  public void close() {
    lock.close();
  }
}
