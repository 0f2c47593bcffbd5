package io.sluice.engine.io;

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
 * An operating-system lock on a file that names its owner inside the file. The system drops the
 * lock when the process dies, so a killed process never leaves a stale lock; the name lets a
 * refusal say who holds it. Used for database folders and checkpoints alike.
 */
public final class OwnedFileLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private OwnedFileLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock on {@code file} (created if missing) and writes {@code owner} into it, or returns
   * null when another process, or another holder in this one, has it: {@link #holderOf} names it.
   */
  public static OwnedFileLock tryTake(Path file, String owner) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock taken;
    try {
      taken = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      taken = null; // held through another object of this process
    }
    if (taken == null) {
      channel.close();
      return null;
    }
    channel.truncate(0);
    channel.write(ByteBuffer.wrap((owner + "\n").getBytes(StandardCharsets.UTF_8)), 0);
    channel.force(true);
    return new OwnedFileLock(channel, taken);
  }

  /** Who holds the lock on {@code file}, as its owner wrote it, or "another process" if it wrote nothing. */
  public static String holderOf(Path file) throws IOException {
    String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
    return holder.isEmpty() ? "another process" : holder;
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
