package io.sluice.runtime.state.backend;

import java.nio.file.Path;

/**
 * One operator's {@link KeyValueStore} shared by the many parts its state is made of (the open
 * windows of a window aggregation, each a table of groups): each part sees a store of its own,
 * which is the shared store under a key prefix of the part's number, and closing the part deletes
 * its prefix's range. So an operator opens one RocksDB store however many windows it holds (each
 * store takes its own block cache and write buffer), and a window that closes leaves no rows on
 * disk behind.
 *
 * <p>The shared store is opened when the first part writes to it.
 */
public final class PrefixedStores implements AutoCloseable {
  /** Bytes of a part's prefix: its number (sign flipped, big-endian, so parts sort by number) and a 0. */
  private static final int PREFIX = 9;

  private final DiskStateBackend backend;
  private final String name;
  private KeyValueStore shared;

  public PrefixedStores(DiskStateBackend backend, String name) {
    this.backend = backend;
    this.name = name;
  }

  /** A backend whose {@link DiskStateBackend#open} gives part {@code part}'s view of the shared store. */
  public DiskStateBackend part(long part) {
    return new Part(part);
  }

  /** Bytes the shared store takes on disk now. */
  public long diskBytes() {
    return shared == null ? 0 : shared.diskBytes();
  }

  /** Closes the shared store and deletes it. */
  @Override
  public void close() {
    if (shared != null) {
      shared.close();
      shared = null;
    }
  }

  private KeyValueStore shared() {
    if (shared == null) {
      shared = backend.open(name);
    }
    return shared;
  }

  private static void putPrefix(byte[] into, long part) {
    long v = part ^ Long.MIN_VALUE;
    for (int i = 0; i < 8; i++) {
      into[i] = (byte) (v >>> (56 - 8 * i));
    }
    into[8] = 0;
  }

  /** The backend a part's table is given: stores under the part's prefix, the operator's folder and cache share. */
  private final class Part implements DiskStateBackend {
    private final long part;

    Part(long part) {
      this.part = part;
    }

    @Override
    public KeyValueStore open(String operatorName) {
      return new Prefixed(part);
    }

    /** The operator's folder, made with the shared store (a restore spools its snapshot there before it writes). */
    @Override
    public Path folder() {
      shared();
      return backend.folder();
    }

    @Override
    public long cacheBytes() {
      return backend.cacheBytes();
    }

    @Override
    public void close() {}
  }

  /** A part's view: its keys with the part's prefix in front, copied into one reused buffer. */
  private final class Prefixed implements KeyValueStore {
    private byte[] key = new byte[64];
    private boolean deleted;

    Prefixed(long part) {
      putPrefix(key, part);
    }

    private int prefixed(byte[] k, int length) {
      if (key.length < PREFIX + length) {
        key = java.util.Arrays.copyOf(key, Math.max(PREFIX + length, 2 * key.length));
      }
      System.arraycopy(k, 0, key, PREFIX, length);
      return PREFIX + length;
    }

    @Override
    public int get(byte[] k, int keyLength, byte[] value) {
      return shared().get(key, prefixed(k, keyLength), value);
    }

    @Override
    public void put(byte[] k, int keyLength, byte[] value, int valueLength) {
      shared().put(key, prefixed(k, keyLength), value, valueLength);
    }

    @Override
    public void delete(byte[] k, int keyLength) {
      shared().delete(key, prefixed(k, keyLength));
    }

    @Override
    public void scan(byte[] from, byte[] to, EntryVisitor visitor) {
      shared().scan(withPrefix(from), withPrefix(to),
          (k, value) -> visitor.visit(java.util.Arrays.copyOfRange(k, PREFIX, k.length), value));
    }

    private byte[] withPrefix(byte[] k) {
      byte[] prefixed = java.util.Arrays.copyOf(key, PREFIX + k.length);
      System.arraycopy(k, 0, prefixed, PREFIX, k.length);
      return prefixed;
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      shared().deleteRange(withPrefix(from), withPrefix(to));
    }

    @Override
    public long diskBytes() {
      return shared().diskBytes();
    }

    /** Deletes the part's keys from the shared store: the part ended. */
    @Override
    public void close() {
      if (deleted || shared == null) {
        return;
      }
      deleted = true;
      byte[] start = java.util.Arrays.copyOf(key, PREFIX);
      byte[] end = java.util.Arrays.copyOf(key, PREFIX);
      end[PREFIX - 1] = 1;
      shared.deleteRange(start, end);
    }
  }
}
