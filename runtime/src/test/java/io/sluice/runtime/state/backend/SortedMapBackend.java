package io.sluice.runtime.state.backend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * A {@link DiskStateBackend} whose stores are sorted maps on the heap, for the runtime module's
 * operator tests (the RocksDB backend lives in the engine): it keeps the contract (values copied
 * in and out of the caller's buffers, a store per operator, a folder for spooled snapshots) and
 * counts what went through it, so a test can tell that state really left the operator's cache.
 */
public final class SortedMapBackend implements DiskStateBackend {
  private final Path folder;
  private final long cacheBytes;
  private final List<Store> stores = new ArrayList<>();
  private long puts;
  private long scans;

  public SortedMapBackend(Path folder, long cacheBytes) {
    this.folder = folder;
    this.cacheBytes = cacheBytes;
  }

  @Override
  public KeyValueStore open(String operatorName) {
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Store store = new Store();
    stores.add(store);
    return store;
  }

  @Override
  public Path folder() {
    return folder;
  }

  @Override
  public long cacheBytes() {
    return cacheBytes;
  }

  /** Entries in the stores open now. */
  public long entries() {
    return stores.stream().mapToLong(s -> s.map.size()).sum();
  }

  /** Puts into all stores opened so far, also those closed since. */
  public long puts() {
    return puts;
  }

  /** Scans of all stores opened so far: each a RocksDB iterator opened and sought on the real backend. */
  public long scans() {
    return scans;
  }

  @Override
  public void close() {
    stores.forEach(Store::close);
  }

  private final class Store implements KeyValueStore {
    private final TreeMap<String, byte[]> map = new TreeMap<>();

    private static String key(byte[] key, int length) {
      return new String(key, 0, length, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    @Override
    public int get(byte[] key, int keyLength, byte[] value) {
      byte[] found = map.get(key(key, keyLength));
      if (found == null) {
        return -1;
      }
      System.arraycopy(found, 0, value, 0, Math.min(found.length, value.length));
      return found.length;
    }

    @Override
    public void put(byte[] key, int keyLength, byte[] value, int valueLength) {
      map.put(key(key, keyLength), Arrays.copyOf(value, valueLength));
      puts++;
    }

    @Override
    public void delete(byte[] key, int keyLength) {
      map.remove(key(key, keyLength));
    }

    @Override
    public void scan(byte[] from, byte[] to, EntryVisitor visitor) {
      scans++;
      for (var entry : List.copyOf(map.subMap(key(from, from.length), key(to, to.length)).entrySet())) {
        visitor.visit(entry.getKey().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), entry.getValue().clone());
      }
    }

    @Override
    public boolean first(byte[] from, byte[] to, EntryVisitor visitor) {
      var entry = map.ceilingEntry(key(from, from.length));
      if (entry == null || entry.getKey().compareTo(key(to, to.length)) >= 0) {
        return false;
      }
      visitor.visit(entry.getKey().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1), entry.getValue().clone());
      return true;
    }

    @Override
    public void deleteRange(byte[] from, byte[] to) {
      map.subMap(key(from, from.length), key(to, to.length)).clear();
    }

    @Override
    public long diskBytes() {
      return map.entrySet().stream().mapToLong(e -> e.getKey().length() + e.getValue().length).sum();
    }

    @Override
    public void close() {
      map.clear();
    }
  }
}
