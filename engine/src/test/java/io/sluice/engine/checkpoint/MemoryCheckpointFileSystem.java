package io.sluice.engine.checkpoint;

import java.io.ByteArrayOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A checkpoint file system in memory that models what survives a crash, and fails or stops at a
 * chosen step. What a process sees and what is on disk differ as on a POSIX file system: a
 * file's content is durable once synced; a name (a new file, a rename, a deletion) once its
 * folder is synced. {@link #crash} throws away everything not durable, as a power cut would.
 *
 * <p>Steps are the calls that change the disk: create-and-write, sync, rename and folder sync.
 * With {@link #failAt} the n-th step throws an IOException (the query fails, the disk keeps
 * what happened); with {@link #stopAt} it throws {@link Stop} (the process dies there).
 */
final class MemoryCheckpointFileSystem implements CheckpointFileSystem {
  /** The process dies at a step. */
  static final class Stop extends Error {
    Stop(String step) {
      super("stopped at " + step);
    }
  }

  private static final class Node {
    byte[] content = new byte[0];
    byte[] synced = new byte[0];
  }

  private final Map<String, Node> visible = new TreeMap<>();
  private final Map<String, Node> durable = new TreeMap<>();
  private final List<String> steps = new ArrayList<>();
  private int faultAt = -1;
  private boolean stop;
  private String fault;
  private boolean locked;

  /** The n-th step from now (1 is the next) throws an IOException. */
  synchronized void failAt(int n) {
    faultAt = steps.size() + n;
    stop = false;
  }

  /** The n-th step from now stops the process ({@link Stop}). */
  synchronized void stopAt(int n) {
    faultAt = steps.size() + n;
    stop = true;
  }

  /** The step that failed or stopped, or null. */
  synchronized String fault() {
    return fault;
  }

  /** Every step taken, in order. */
  synchronized List<String> steps() {
    return steps;
  }

  /** A crash: only what was durable remains, and the lock is gone with the process. */
  synchronized void crash() {
    visible.clear();
    for (Map.Entry<String, Node> e : durable.entrySet()) {
      Node node = e.getValue();
      node.content = node.synced.clone();
      visible.put(e.getKey(), node);
    }
    locked = false;
    faultAt = -1;
  }

  private void step(String what) throws IOException {
    steps.add(what);
    if (steps.size() == faultAt) {
      fault = what;
      faultAt = -1;
      if (stop) {
        throw new Stop(what);
      }
      throw new IOException("injected failure at " + what);
    }
  }

  @Override
  public synchronized String describe(String path) {
    return "mem:/" + path;
  }

  /** What {@link #create} returns: a file's bytes as they are written. */
  private static final class FileStream extends ByteArrayOutputStream {
    final String path;
    final Node node;

    FileStream(String path, Node node) {
      this.path = path;
      this.node = node;
    }

    @Override
    public void flush() {
      node.content = toByteArray();
    }

    @Override
    public void close() {
      node.content = toByteArray();
    }
  }

  @Override
  public synchronized OutputStream create(String path) throws IOException {
    step("write " + path);
    Node node = new Node();
    visible.put(path, node);
    return new FileStream(path, node);
  }

  @Override
  public synchronized void sync(OutputStream out) throws IOException {
    FileStream file = (FileStream) out;
    file.flush();
    step("sync " + file.path);
    file.node.synced = file.node.content.clone();
  }

  @Override
  public synchronized void rename(String from, String to) throws IOException {
    step("rename " + from + " -> " + to);
    if (visible.containsKey(to)) {
      throw new IOException(to + " exists");
    }
    Node node = visible.remove(from);
    if (node == null) {
      throw new FileNotFoundException(from);
    }
    visible.put(to, node);
  }

  @Override
  public synchronized void syncFolder(String folder) throws IOException {
    step("sync folder " + folder);
    durable.keySet().removeIf(name -> parent(name).equals(folder));
    for (Map.Entry<String, Node> e : visible.entrySet()) {
      if (parent(e.getKey()).equals(folder)) {
        durable.put(e.getKey(), e.getValue());
      }
    }
  }

  private static String parent(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash + 1);
  }

  @Override
  public synchronized byte[] read(String path) throws IOException {
    Node node = visible.get(path);
    if (node == null) {
      throw new FileNotFoundException(path);
    }
    return node.content.clone();
  }

  @Override
  public synchronized boolean exists(String path) {
    return visible.containsKey(path);
  }

  @Override
  public synchronized List<String> list(String folder) {
    String prefix = folder.isEmpty() || folder.endsWith("/") ? folder : folder + "/";
    List<String> names = new ArrayList<>();
    for (String path : visible.keySet()) {
      if (path.startsWith(prefix)) {
        String rest = path.substring(prefix.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        if (!names.contains(name)) {
          names.add(name);
        }
      }
    }
    return names;
  }

  @Override
  public synchronized void mkdirs(String folder) {
    // folders exist as long as files are in them
  }

  @Override
  public synchronized void delete(String path) {
    visible.remove(path);
  }

  /** Replaces a file's content on disk (tests that corrupt a checkpoint). */
  synchronized void overwrite(String path, byte[] content) {
    Node node = new Node();
    node.content = content.clone();
    node.synced = content.clone();
    visible.put(path, node);
    durable.put(path, node);
  }

  @Override
  public synchronized String tryLock(String path, String owner) {
    if (locked) {
      return "another query";
    }
    locked = true;
    return null;
  }

  @Override
  public synchronized void close() {
    locked = false;
  }
}
