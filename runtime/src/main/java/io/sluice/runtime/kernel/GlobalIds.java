package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * The numbering an on-disk keyed state ({@link DiskGroups}, {@link DiskKeys}) keeps between its
 * heap cache and its store: every entry (group, key) has a global id, handed out in the order
 * entries first arrive as the heap backend's tables number them, so a snapshot or delta written
 * from either backend is the same bytes; an entry in the cache also has a cache id, which starts
 * again at 0 each time the cache is written out. This class maps cache ids to global ids and
 * records how far the store has caught up.
 */
final class GlobalIds {
  /** Per cache id: its global id. */
  private int[] ids = new int[16];
  private int count;
  /** Global ids below this have their id record in the store. */
  private int storedCount;
  /** Whether entries were written out since the cache last held every entry as its global id. */
  private boolean evicted;

  /** Makes room for cache ids below {@code cached}. */
  void ensure(int cached) {
    if (ids.length < cached) {
      ids = Arrays.copyOf(ids, Math.max(cached, 2 * ids.length));
    }
  }

  /** Gives cache id {@code cached} the next global id (an entry never seen before); returns it. */
  int assignNew(int cached) {
    ids[cached] = count;
    return count++;
  }

  /** Gives cache id {@code cached} the global id {@code global} it had before (read back from the store). */
  void assign(int cached, int global) {
    ids[cached] = global;
  }

  /** The global id of cache id {@code cached}. */
  int of(int cached) {
    return ids[cached];
  }

  /**
   * The cache kept only cache ids {@code live[0 .. count)} (ascending), renumbered {@code 0 ..
   * count)}: each keeps its global id (a write-out that leaves the entries still in use cached).
   */
  void retain(int[] live, int count) {
    for (int i = 0; i < count; i++) {
      ids[i] = ids[live[i]];
    }
  }

  /** Every entry numbered so far, cached or in the store. */
  int count() {
    return count;
  }

  /** Whether the store holds the id record of global id {@code global}. */
  boolean stored(int global) {
    return global < storedCount;
  }

  /** The cache was written out: every global id has its record in the store now. */
  void writtenOut() {
    storedCount = count;
    evicted = true;
  }

  /** Whether entries were ever written out since {@link #identity}: the store must be asked for a key new to the cache. */
  boolean evicted() {
    return evicted;
  }

  /** Whether the cache holds every entry as its global id (then the cache's own bytes are the state). */
  boolean cacheIsWhole() {
    return !evicted;
  }

  /** After a restore straight into the store: {@code total} entries, all in the store, none cached. */
  void allStored(int total) {
    identity(0);
    count = total;
    storedCount = total;
    evicted = true;
  }

  /** An entry restored straight into the store (a delta's, with nothing cached): gives it the next global id. */
  int appendStored() {
    storedCount = ++count;
    return count - 1;
  }

  /** After a restore into the cache: its {@code total} entries are global ids {@code 0 .. total)}, none written out. */
  void identity(int total) {
    ids = new int[Math.max(16, total)];
    for (int g = 0; g < total; g++) {
      ids[g] = g;
    }
    count = total;
    storedCount = 0;
    evicted = false;
  }
}
