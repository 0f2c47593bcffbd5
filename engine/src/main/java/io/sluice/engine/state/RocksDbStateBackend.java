package io.sluice.engine.state;

import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.rocksdb.RocksDB;

/**
 * The disk state backend of one run of a continuous query: a {@code sluice-state-*} folder under
 * the working folder ({@code execution.spill-path}, java.io.tmpdir by default) with one RocksDB
 * store per stateful operator that uses it. RocksDB's native library is loaded when the backend is
 * made, as the query is planned: loading it takes seconds on a busy machine, which would otherwise
 * stall the first batch that writes state out (a query on the heap backend makes no backend and
 * loads nothing). The folder is made when the first operator asks for a store;
 * {@link #close} (the query ends, however it ends) deletes it. It holds nothing a restart needs:
 * the checkpoint has the state, and a new run builds a new store from it; the folder of a process
 * that was killed is deleted by the next disk-backend query planned in the same place.
 */
public final class RocksDbStateBackend implements DiskStateBackend, AutoCloseable {
  /**
   * Share of the memory budget the operators keep on the heap as their caches of hot keys, split
   * evenly among them; each also takes twice its cache's bytes as a checkpoint's copy at most
   * (OperatorSnapshots spills larger snapshots to files), so caches and copies keep within 75 %.
   */
  static final int CACHE_SHARE_PERCENT = 25;

  private final Path parent;
  private final long cacheBytes;
  private final List<RocksDbStore> stores = new ArrayList<>();
  private StateFolders.Owned folder;

  /**
   * @param parent the folder to make the query's state folder in
   * @param memoryBudget the query's state memory budget ({@code pipeline.state.memory})
   */
  public RocksDbStateBackend(Path parent, long memoryBudget) {
    this(parent, memoryBudget, 1);
  }

  /** @param operators the query's operators that keep keyed state, which share the cache share */
  public RocksDbStateBackend(Path parent, long memoryBudget, int operators) {
    this.parent = parent;
    this.cacheBytes = Math.max(1, memoryBudget / 100 * CACHE_SHARE_PERCENT / Math.max(1, operators));
    RocksDB.loadLibrary();
    deleteAbandonedFolders(parent);
  }

  /**
   * Deletes the state folders killed processes left in {@code parent}, as the query is planned: a
   * query whose state never leaves its cache makes no folder of its own, and would leave them.
   */
  private static void deleteAbandonedFolders(Path parent) {
    if (java.nio.file.Files.isDirectory(parent)) {
      try {
        StateFolders.deleteAbandoned(parent, "sluice-state-");
      } catch (java.io.IOException e) {
        // left for the next query that makes a folder there, which tries again
      }
    }
  }

  @Override
  public synchronized KeyValueStore open(String operatorName) {
    if (folder == null) {
      folder = StateFolders.make(parent, "sluice-state-");
    }
    RocksDbStore store = new RocksDbStore(folder.folder().resolve(String.valueOf(stores.size())));
    stores.add(store);
    return store;
  }

  @Override
  public long cacheBytes() {
    return cacheBytes;
  }

  /** The state folder while it exists, or null. */
  @Override
  public synchronized Path folder() {
    return folder == null ? null : folder.folder();
  }

  /** Closes every store and deletes the state folder. */
  @Override
  public synchronized void close() {
    for (RocksDbStore store : stores) {
      store.close();
    }
    stores.clear();
    if (folder != null) {
      folder.close();
      folder = null;
    }
  }
}
