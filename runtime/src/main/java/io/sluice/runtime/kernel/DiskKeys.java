package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A set of keys seen (the distinct values of a {@code SELECT DISTINCT} over a stream) kept in an
 * on-disk {@link KeyValueStore} ({@code pipeline.state.backend = 'disk'}), with a {@link KeyTable}
 * on the heap as the cache of recent keys. A key new to the cache is looked up in the store once
 * anything was written out; once the cache would grow past its share of the memory budget, its
 * keys are written out and it starts empty, as {@link DiskGroups} does for groups.
 *
 * <p>Each key has a global id, handed out in the order keys first arrive, as the heap's {@link
 * KeyTable} numbers them, so a snapshot or delta written from either backend is the same bytes.
 * The store holds, per key, the key (prefix {@code 'k'}) mapped to its global id, and the global
 * id (prefix {@code 'g'}) mapped to the key, which lets {@link #writeKeys} write keys in id order
 * a chunk at a time.
 *
 * <p>The store is opened when the first key is written out: a state that fits its cache touches
 * no disk.
 */
public final class DiskKeys implements AutoCloseable {
  private static final byte KEY = 'k';
  private static final byte ID = 'g';
  /** Keys a full snapshot reads from the store at a time. */
  static final int SNAPSHOT_CHUNK = 4096;

  private final DiskStateBackend backend;
  private final String name;
  private final KeyTable hot;
  private final GroupKeyCodec codec;
  private final long cacheBytes;
  /** Opened when the first key is written out. */
  private KeyValueStore store;
  private final GlobalIds globalIds = new GlobalIds();
  /** Per cached key id: whether it arrived for the first time in the batch being added. */
  private boolean[] fresh = new boolean[16];
  private final byte[] idValue = new byte[4];
  private final StoreReads reads = new StoreReads();
  private long evictions;
  private long restorePeakBytes;
  private long keysFound;

  /** @param cacheBytes heap bytes the cached keys may take before they are written out */
  public DiskKeys(DiskStateBackend backend, String name, KeyTable hot, long cacheBytes) {
    this.backend = backend;
    this.name = name;
    this.hot = hot;
    this.cacheBytes = cacheBytes;
    this.codec = new GroupKeyCodec(hot.keys().types());
    restored();
  }

  /**
   * Adds the keys of {@code batch} (its columns {@code keyColumns}) and writes into {@code firsts}
   * the rows (positions in the batch's storage) that brought a key never seen before, in order,
   * one per such key; returns how many. Writes the cache out first when the batch could grow it
   * past its share, and after, when it holds more than its share.
   */
  public int add(Batch batch, int[] keyColumns, int[] firsts) {
    int n = batch.rowCount();
    if (full(n)) {
      evict();
    }
    int before = hot.size();
    int[] ids = hot.groupIdsFor(batch, keyColumns);
    int after = hot.size();
    globalIds.ensure(after);
    if (fresh.length < after) {
      fresh = Arrays.copyOf(fresh, Math.max(after, 2 * fresh.length));
    }
    ColumnarRows keys = hot.keys();
    for (int g = before; g < after; g++) {
      int stored = globalIds.evicted() ? storedId(keys, g) : -1;
      fresh[g] = stored < 0;
      if (stored < 0) {
        globalIds.assignNew(g);
      } else {
        globalIds.assign(g, stored);
      }
    }
    int count = 0;
    int next = before;
    for (int k = 0; k < n; k++) {
      if (ids[k] == next) { // cache ids are handed out in order of first appearance in the batch
        if (fresh[next]) {
          firsts[count++] = batch.row(k);
        }
        next++;
      }
    }
    if (full(0)) { // the rows of the first arrivals are the batch's, not the cache's: they stay
      evict();
    }
    return count;
  }

  /** Whether the cache holds more bytes than its share, or would once its table grew for {@code rows} new keys. */
  private boolean full(int rows) {
    return hot.size() > 0 && hot.estimatedBytes() + hot.growthBytes(rows) > cacheBytes;
  }

  /** The global id of cached key {@code g} if the store has it, else -1. */
  private int storedId(ColumnarRows keys, int g) {
    codec.encode(KEY, keys, g);
    if (reads.get(store, codec.buffer(), codec.length()) < 0) {
      return -1;
    }
    keysFound++;
    return StoreReads.getInt(reads.value(), 0);
  }

  /** Writes the cached keys the store lacks to it and empties the cache. */
  private void evict() {
    if (store == null) {
      store = backend.open(name);
    }
    ColumnarRows keys = hot.keys();
    for (int g = 0; g < hot.size(); g++) {
      int id = globalIds.of(g);
      if (globalIds.stored(id)) {
        continue;
      }
      codec.encode(KEY, keys, g);
      store.put(codec.buffer(), codec.length(), StoreReads.putInt(idValue, 0, id), 4);
      store.put(reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH, codec.buffer(), codec.length());
    }
    globalIds.writtenOut();
    hot.release();
    evictions++;
  }

  /**
   * Writes keys {@code from .. to)} by global id in {@link ColumnarRows#writeTo}'s format, the
   * heap backend's bytes for the same keys. When keys were written out, the cache is written out
   * first and the keys are read back from the store {@link #SNAPSHOT_CHUNK} at a time, their
   * columns spooled under the state folder, so they never all come into memory.
   */
  public void writeKeys(DataOutput out, int from, int to) throws IOException {
    if (globalIds.cacheIsWhole()) {
      ColumnarRows keys = new ColumnarRows(hot.keys().types());
      for (int id = from; id < to; id++) {
        keys.appendStoredRow(hot.keys(), id);
      }
      keys.writeTo(out);
      return;
    }
    evict();
    ColumnarRows chunk = new ColumnarRows(hot.keys().types());
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsWriter writer = new ChunkedRowsWriter(chunk.types(), parts);
      for (int start = from; start < to; start += SNAPSHOT_CHUNK) {
        chunk.clear();
        for (int id = start; id < Math.min(to, start + SNAPSHOT_CHUNK); id++) {
          int length = reads.get(store, reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH);
          if (length < 0) {
            throw new IllegalStateException("key " + id + " missing from the state store of " + name);
          }
          chunk.append(codec.decode(reads.value(), 1, length));
        }
        writer.append(chunk);
      }
      writer.writeTo(out);
    }
  }

  /**
   * Replaces the keys with those written by {@link KeyTable#writeTo} (the heap's snapshot), read a
   * chunk at a time ({@link ChunkedRowsReader}): keys taking more than the cache's share go
   * straight into the store and never all onto the heap; fewer fill the cache, as on the heap.
   */
  public void readKeys(DataInput in) throws IOException {
    if (store == null) {
      store = backend.open(name); // makes the state folder the parts are spooled in
    }
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsReader reader = new ChunkedRowsReader(hot.keys().types(), parts);
      int total = reader.spoolRows(in);
      boolean toStore = total > 0 && parts.bytesWritten() > cacheBytes;
      hot.release();
      ColumnarRows chunk = new ColumnarRows(hot.keys().types());
      if (!toStore) {
        while (reader.next(chunk) > 0) {
          hot.appendNewKeys(chunk);
        }
        restored();
      } else {
        globalIds.allStored(0);
        while (reader.next(chunk) > 0) {
          putStored(chunk);
        }
        if (globalIds.count() != total) {
          throw new IllegalStateException(globalIds.count() + " keys restored of " + total);
        }
      }
      restorePeakBytes = reader.peakBytes();
    }
  }

  /** Adds the keys of a delta ({@code added}, new global ids in their order): to the cache while it is the whole state, else to the store. */
  public void addRestoredKeys(ColumnarRows added) {
    if (globalIds.cacheIsWhole()) {
      hot.appendNewKeys(added);
      restored();
    } else {
      if (hot.size() > 0) {
        throw new IllegalStateException("a delta applied to keys on disk with keys cached");
      }
      putStored(added);
    }
  }

  /** Puts every key of {@code keys} into the store under the next global ids. */
  private void putStored(ColumnarRows keys) {
    if (store == null) {
      store = backend.open(name);
    }
    for (int r = 0; r < keys.size(); r++) {
      int id = globalIds.appendStored();
      codec.encode(KEY, keys, r);
      store.put(codec.buffer(), codec.length(), StoreReads.putInt(idValue, 0, id), 4);
      store.put(reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH, codec.buffer(), codec.length());
    }
  }

  /** The most heap bytes the last restore held of the keys at a time: a chunk. */
  public long restorePeakBytes() {
    return restorePeakBytes;
  }

  /** After the cache was restored from a checkpoint (or a delta applied to it): every key is in it as its global id. */
  public void restored() {
    globalIds.identity(hot.size());
    fresh = new boolean[Math.max(16, hot.size())];
  }

  /** Whether the cache holds every key as its global id (then the table's own bytes are the state). */
  public boolean cacheIsWhole() {
    return globalIds.cacheIsWhole();
  }

  /** Every key seen, cached or on disk. */
  public int keyCount() {
    return globalIds.count();
  }

  /** What it did, for progress and EXPLAIN ANALYZE. */
  public String describe() {
    return hot.size() + " of " + globalIds.count() + " keys in memory, " + evictions + " write-outs, " + keysFound
        + " keys found on disk, " + io.sluice.catalog.ByteSizes.text(store == null ? 0 : store.diskBytes())
        + " on disk";
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
