package io.sluice.engine.folder;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The lock that keeps a second process from opening a database folder: an operating-system lock
 * on the file {@code lock}, which the system drops when the process dies (a killed process never
 * leaves a stale lock). The file names the holder, so the refusal can say who it is.
 */
public final class FolderLock implements AutoCloseable {
  public static final String FILE = "lock";

  private final FileChannel channel;
  private final FileLock lock;

  private FolderLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code folder}, or refuses naming the process that holds it. */
  public static FolderLock take(Path folder) {
    Path file = folder.resolve(FILE);
    try {
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock taken;
      try {
        taken = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        taken = null; // this process holds it through another Database object
      }
      if (taken == null) {
        String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        throw new SluiceException(ErrorCode.DATABASE_IN_USE, "Database folder " + folder + " is in use by "
            + (holder.isEmpty() ? "another process" : holder) + " (lock file " + file + "): two processes cannot"
            + " open one database folder. Close it there first, or open another folder");
      }
      channel.truncate(0);
      channel.write(ByteBuffer.wrap((holder() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
      channel.force(true);
      return new FolderLock(channel, taken);
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
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // closing the channel drops the lock whatever happened
    }
  }
}
