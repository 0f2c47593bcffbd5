package io.sluice.engine.checkpoint;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileAlreadyExistsException;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A checkpoint folder on a Hadoop file system other than the local disk ({@code hdfs://} or any
 * other scheme Hadoop resolves; the local disk is {@link LocalCheckpointFileSystem}). The lock is
 * a file created exclusively; a process that died leaves it, and the message says which process
 * took it.
 */
public final class HadoopCheckpointFileSystem implements CheckpointFileSystem {
  private static final String CLOSE_RETRY_DELAY = "dfs.client.block.write.locateFollowingBlock.initial.delay.ms";
  private static final String CLOSE_RETRIES = "dfs.client.block.write.locateFollowingBlock.retries";
  private final URI root;
  private final FileSystem fs;
  private Path lockFile;

  private HadoopCheckpointFileSystem(URI root, FileSystem fs) {
    this.root = root;
    this.fs = fs;
  }

  /** Opens the checkpoint folder at {@code location} ({@link CheckpointLocations#toUri}). */
  public static HadoopCheckpointFileSystem open(String location) throws IOException {
    return open(CheckpointLocations.toUri(location));
  }

  static HadoopCheckpointFileSystem open(URI uri) throws IOException {
    // the cluster's own settings (core-site.xml, hdfs-site.xml on the class path: name services,
    // security) apply to its file system
    Configuration conf = new Configuration();
    // Closing a file on HDFS waits until the name node knows its last block is on a data node. That
    // news comes within milliseconds, but the client sleeps 400 ms before it asks again, so a
    // checkpoint file (a batch writes three) often took 400 ms more to write. Ask again after 20 ms,
    // doubling, ten times: no less patience in all (20 s, against 12.4 s).
    conf.setInt(CLOSE_RETRY_DELAY, 20);
    conf.setInt(CLOSE_RETRIES, 10);
    return new HadoopCheckpointFileSystem(uri, FileSystem.newInstance(uri, conf));
  }

  private Path path(String relative) {
    return new Path(root.resolve(relative));
  }

  @Override
  public String describe(String relative) {
    return root.resolve(relative).toString();
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
  public void syncFolder(String folder) {
    // HDFS records a rename in the name node's journal before it returns
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
    if (lockFile != null) {
      return null;
    }
    byte[] text = (owner + "\n").getBytes(StandardCharsets.UTF_8);
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
      if (lockFile != null) {
        fs.delete(lockFile, false);
        lockFile = null;
      }
    } finally {
      fs.close();
    }
  }
}
