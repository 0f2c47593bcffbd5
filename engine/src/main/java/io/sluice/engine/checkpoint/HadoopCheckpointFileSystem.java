package io.sluice.engine.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint folder on a Hadoop file system: {@code file://} (the raw local file system, without
 * Hadoop's {@code .crc} side files: checkpoint files carry their own checksums), {@code hdfs://}
 * or any other scheme Hadoop resolves. A plain path means the local disk.
 *
 * <p>On the local disk the lock is an operating-system lock on the file {@code lock}, which the
 * operating system drops when the process dies, so a killed query never leaves a stale lock. On
 * other file systems the lock is a file created exclusively; a process that died leaves it, and
 * the message says which process took it.
 */
public final class HadoopCheckpointFileSystem implements CheckpointFileSystem {
  private static final String CLOSE_RETRY_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  private static final String CLOSE_RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
  private final URI root;
  private final FileSystem fs;
  private final boolean local;
  private FileChannel lockChannel;
  private FileLock lock;
  private Path lockFile;

  private HadoopCheckpointFileSystem(URI root, FileSystem fs, boolean local) {
    this.root = root;
    this.fs = fs;
    this.local = local;
  }

  /** Opens the checkpoint folder at {@code location}: a URI with a scheme, or a local path. */
  public static HadoopCheckpointFileSystem open(String location) throws IOException {
    URI uri = toUri(location);
    if ("file".equals(uri.getScheme())) {
      return new HadoopCheckpointFileSystem(uri, FileSystem.getLocal(new Configuration(false)).getRaw(), true);
    }
    // the cluster's own settings (core-site.xml, hdfs-site.xml on the class path: name services,
    // security) apply to its file system
    Configuration conf = new Configuration();
    // Closing a file on HDFS waits until the name node knows its last block is on a data node. That
    // news comes within milliseconds, but the client sleeps 400 ms before it asks again, so a
    // checkpoint file (a batch writes three) often took 400 ms more to write. Ask again after 20 ms,
    // doubling, ten times: no less patience in all (20 s, against 12.4 s).
    conf.setInt(CLOSE_RETRY_DELAY, 20);
    conf.setInt(CLOSE_RETRIES, 10);
    return new HadoopCheckpointFileSystem(uri, FileSystem.newInstance(uri, conf), false);
  }

  /** The URI of a location given as a URI or a local path (made absolute). */
  public static URI toUri(String location) {
    if (location.matches("^[A-Za-z][A-Za-z0-9+.-]*://.*")) {
      try {
        URI uri = new URI(location);
        String path = uri.getPath() == null || uri.getPath().isEmpty() ? "/" : uri.getPath();
        return new URI(uri.getScheme(), uri.getAuthority(), path.endsWith("/") ? path : path + "/", null, null);
      } catch (URISyntaxException e) {
        throw new IllegalArgumentException("'" + location + "' is not a valid URI: " + e.getMessage(), e);
      }
    }
    java.nio.file.Path path = java.nio.file.Path.of(location).toAbsolutePath().normalize();
    URI uri = path.toUri();
    // a folder: names inside it resolve against it only with the trailing slash
    return uri.getPath().endsWith("/") ? uri : URI.create(uri + "/");
  }

  private Path path(String relative) {
    return new Path(root.resolve(relative));
  }

  @Override
  public String describe(String relative) {
    return local ? java.nio.file.Path.of(root.resolve(relative)).toString() : root.resolve(relative).toString();
  }

  @Override
  public OutputStream create(String relative) throws IOException {
    return fs.create(path(relative), true);
  }

  @Override
  public void sync(OutputStream out) throws IOException {
    out.flush();
    ((FSDataOutputStream) out).hsync();
  }

  @Override
  public void rename(String from, String to) throws IOException {
    Path target = path(to);
    if (fs.exists(target)) {
      throw new FileAlreadyExistsException("cannot rename " + describe(from) + " to " + describe(to)
          + ", which exists");
    }
    if (!fs.rename(path(from), target)) {
      throw new IOException("cannot rename " + describe(from) + " to " + describe(to));
    }
  }

  @Override
  public void syncFolder(String folder) throws IOException {
    if (!local) {
      return; // HDFS records a rename in the name node's journal before it returns
    }
    try (FileChannel channel = FileChannel.open(java.nio.file.Path.of(root.resolve(folder)), StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // some platforms cannot open a folder; the rename is atomic all the same
    }
  }

  @Override
  public byte[] read(String relative) throws IOException {
    Path p = path(relative);
    FileStatus status;
    try {
      status = fs.getFileStatus(p);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(describe(relative));
    }
    if (status.getLen() > Integer.MAX_VALUE - 16) {
      throw new IOException(describe(relative) + " is too large to be a checkpoint file (" + status.getLen()
          + " bytes)");
    }
    byte[] bytes = new byte[(int) status.getLen()];
    try (var in = fs.open(p)) {
      in.readFully(0, bytes);
    }
    return bytes;
  }

  @Override
  public boolean exists(String relative) throws IOException {
    return fs.exists(path(relative));
  }

  @Override
  public List<String> list(String folder) throws IOException {
    List<String> names = new ArrayList<>();
    try {
      for (FileStatus status : fs.listStatus(path(folder))) {
        names.add(status.getPath().getName());
      }
    } catch (FileNotFoundException e) {
      return names;
    }
    return names;
  }

  @Override
  public void mkdirs(String folder) throws IOException {
    fs.mkdirs(path(folder));
  }

  @Override
  public void delete(String relative) throws IOException {
    fs.delete(path(relative), false);
  }

  @Override
  public synchronized String tryLock(String relative, String owner) throws IOException {
    if (lock != null || lockFile != null) {
      return null;
    }
    byte[] text = (owner + "\n").getBytes(StandardCharsets.UTF_8);
    if (local) {
      java.nio.file.Path file = java.nio.file.Path.of(root.resolve(relative));
      FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
          StandardOpenOption.WRITE);
      FileLock taken;
      try {
        taken = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        taken = null; // another checkpoint object of this process holds it
      }
      if (taken == null) {
        String holder = new String(java.nio.file.Files.readAllBytes(file), StandardCharsets.UTF_8).trim();
        channel.close();
        return holder.isEmpty() ? "another process" : holder;
      }
      channel.truncate(0);
      channel.write(java.nio.ByteBuffer.wrap(text), 0);
      channel.force(true);
      lockChannel = channel;
      lock = taken;
      return null;
    }
    Path p = path(relative);
    try (FSDataOutputStream out = fs.create(p, false)) {
      out.write(text);
      out.hsync();
    } catch (FileAlreadyExistsException e) {
      try {
        return new String(read(relative), StandardCharsets.UTF_8).trim() + " (if that process is gone, delete "
            + describe(relative) + ")";
      } catch (IOException unreadable) {
        return "another process (if it is gone, delete " + describe(relative) + ")";
      }
    }
    lockFile = p;
    return null;
  }

  @Override
  public synchronized void close() throws IOException {
    try {
      if (lock != null) {
        lock.release();
        lockChannel.close();
        lock = null;
        lockChannel = null;
      }
      if (lockFile != null) {
        fs.delete(lockFile, false);
        lockFile = null;
      }
    } finally {
      if (!local) {
        fs.close();
      }
    }
  }
}
