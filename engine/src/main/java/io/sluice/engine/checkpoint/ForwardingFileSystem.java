package io.sluice.engine.checkpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * A checkpoint file system that passes every call on to the one it wraps: a wrapper overrides the
 * calls it changes (counting bytes written, or in tests disturbing a call).
 */
class ForwardingFileSystem implements CheckpointFileSystem {
  private final CheckpointFileSystem files;

  ForwardingFileSystem(CheckpointFileSystem files) {
    this.files = files;
  }

  @Override
  public String describe(String path) {
    return files.describe(path);
  }

  @Override
  public OutputStream create(String path) throws IOException {
    return files.create(path);
  }

  @Override
  public void sync(OutputStream out) throws IOException {
    files.sync(out);
  }

  @Override
  public void rename(String from, String to) throws IOException {
    files.rename(from, to);
  }

  @Override
  public void syncFolder(String folder) throws IOException {
    files.syncFolder(folder);
  }

  @Override
  public byte[] read(String path) throws IOException {
    return files.read(path);
  }

  @Override
  public boolean exists(String path) throws IOException {
    return files.exists(path);
  }

  @Override
  public List<String> list(String folder) throws IOException {
    return files.list(folder);
  }

  @Override
  public void mkdirs(String folder) throws IOException {
    files.mkdirs(folder);
  }

  @Override
  public void delete(String path) throws IOException {
    files.delete(path);
  }

  @Override
  public String tryLock(String path, String owner) throws IOException {
    return files.tryLock(path, owner);
  }

  @Override
  public void close() throws IOException {
    files.close();
  }
}
