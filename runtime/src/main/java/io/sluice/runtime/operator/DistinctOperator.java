package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.runtime.kernel.DiskKeys;
import io.sluice.runtime.kernel.ExpiryTracker;
import io.sluice.runtime.kernel.KeyChanges;
import io.sluice.runtime.kernel.KeyTable;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.util.ArrayList;
import java.util.List;

/**
 * The distinct values of a stream that only inserts ({@code SELECT DISTINCT}, a GROUP BY without
 * aggregates), each emitted once, at once, when it first arrives (as Spark's {@code
 * dropDuplicates} on a stream): a key seen before is dropped. Its output is final, so it runs in
 * append mode. It keeps every key seen, or, with a state time-to-live, each key until that long
 * after it last arrived (a key that comes again after that is emitted again, as a first arrival).
 *
 * <p>With the disk state backend and no time-to-live, the keys live on disk with a cache of recent
 * ones on the heap ({@link DiskKeys}); snapshots and deltas are the same bytes as on the heap, so a
 * checkpoint restores on either backend.
 */
public final class DistinctOperator extends AbstractOperator implements StatefulOperator {
  /** Version of the snapshot format: the keys seen, then their arrival times when a time-to-live applies. */
  private static final int STATE_VERSION = 1;

  private final List<DataType> keyTypes;
  private final int[] keys;
  private final KeyTable seen;
  private final ExpiryTracker expiry;
  private final Batch view;
  /** Changelog checkpoints: the keys added, and with a time-to-live those touched and expired, since the last one. */
  private final KeyChanges changes = new KeyChanges();
  private int[] firsts = new int[Batch.DEFAULT_CAPACITY];
  /** Null on the heap backend and with a time-to-live. */
  private final DiskKeys disk;

  /**
   * @param keys the input columns that make a row distinct, in output order: the output is these columns
   * @param ttlMillis how long a key is kept after it last arrived (processing time); 0 for the whole query
   */
  public DistinctOperator(String name, List<DataType> inputTypes, int[] keys, long ttlMillis) {
    this(name, inputTypes, keys, ttlMillis, null);
  }

  /**
   * @param backend the disk state backend ({@code pipeline.state.backend = 'disk'}), or null for
   *     the heap; without a time-to-live the keys then live on disk
   */
  public DistinctOperator(String name, List<DataType> inputTypes, int[] keys, long ttlMillis,
      DiskStateBackend backend) {
    super(name);
    this.keys = keys.clone();
    List<DataType> types = new ArrayList<>();
    for (int key : keys) {
      types.add(inputTypes.get(key));
    }
    this.keyTypes = List.copyOf(types);
    this.seen = new KeyTable(keyTypes);
    this.expiry = ttlMillis > 0 ? new ExpiryTracker(ttlMillis) : null;
    this.view = new Batch(new ColumnVector[keys.length], 0);
    this.disk = backend != null && expiry == null ? new DiskKeys(backend, name, seen, backend.cacheBytes()) : null;
  }

  /** Whether the keys live on disk, with a cache of them on the heap. */
  public boolean onDisk() {
    return disk != null;
  }

  @Override
  public void input(int port, Batch batch) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    if (firsts.length < n) {
      firsts = new int[n];
    }
    int count = disk != null ? disk.add(batch, keys, firsts) : addOnHeap(batch);
    if (count == 0) {
      return;
    }
    for (int i = 0; i < keys.length; i++) {
      view.columns[i] = batch.columns[keys[i]];
    }
    view.size = batch.size;
    view.selection = firsts;
    view.selectedCount = count;
    view.kinds = null;
    output.accept(view);
  }

  /** Adds the batch's keys to the table on the heap; returns how many rows brought a new key, their rows in {@link #firsts}. */
  private int addOnHeap(Batch batch) {
    int n = batch.rowCount();
    int before = seen.size();
    int[] ids = seen.groupIdsFor(batch, keys);
    if (expiry != null) {
      changes.touch(ids, n, seen.size());
    }
    int next = before;
    int count = 0;
    long now = context.batchTime();
    for (int k = 0; k < n; k++) {
      int id = ids[k];
      if (id == next) { // ids are handed out in order of first appearance: this row brought a new key
        firsts[count++] = batch.row(k);
        next++;
      }
      if (expiry != null) {
        expiry.touch(id, now);
      }
    }
    return count;
  }

  @Override
  public void endBatch() {
    if (expiry == null) {
      return;
    }
    long now = context.batchTime();
    int before = seen.size();
    if (expiry.due(now) && expiry.sweep(now, id -> true) > 0) {
      seen.retain(expiry.live(), expiry.liveCount());
      changes.retain(expiry.live(), expiry.liveCount(), before);
    }
    context.stateExpiresAt(expiry.nextExpiry());
  }

  @Override
  public long stateRows() {
    return disk != null ? disk.keyCount() : seen.size();
  }

  /**
   * What its table would allocate for {@code rows} new keys. On disk 0: the cache is written out
   * before a chunk that would grow it past its share.
   */
  @Override
  public long growthBytes(int rows) {
    return disk != null ? 0 : seen.growthBytes(rows) + (expiry == null ? 0 : 8L * rows);
  }

  @Override
  public String lastChoice() {
    return disk == null ? null : disk.describe();
  }

  @Override
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  @Override
  public long stateBytes() {
    return seen.keys().estimatedBytes() + seen.size() * (expiry == null ? 16L : 24L) + changes.estimatedBytes();
  }

  @Override
  public StateFormat stateFormat() {
    return new StateFormat(STATE_VERSION, "distinct keys " + keyTypes + (expiry == null ? "" : " with expiry"));
  }

  @Override
  public void snapshot(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    if (disk != null) {
      disk.writeKeys(out, 0, disk.keyCount());
    } else {
      seen.writeTo(out);
    }
    if (expiry != null) {
      expiry.writeTo(out);
    }
  }

  @Override
  public void restore(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    if (disk != null) {
      disk.readKeys(in); // a chunk at a time, into the store when larger than the cache's share
    } else {
      seen.readFrom(in);
    }
    if (expiry != null) {
      expiry.readFrom(in);
    }
  }

  /** The most heap bytes the last restore held of the keys at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return disk == null ? 0 : disk.restorePeakBytes();
  }

  @Override
  public void markDeltaBase() {
    changes.mark(keyCount());
  }

  /** Deltas hold the keys added, and with a time-to-live the keys expired and the arrival times that changed. */
  @Override
  public boolean deltaReady() {
    return changes.recording();
  }

  @Override
  public void snapshotDelta(java.io.DataOutput out) throws java.io.IOException {
    stateFormat().writeHeader(out);
    changes.writeTo(out, keyCount());
    if (disk != null) {
      disk.writeKeys(out, changes.firstAdded(), keyCount());
    } else {
      changes.writeAddedKeys(out, seen);
    }
    if (expiry != null) {
      int[] touched = changes.touchedIds();
      StateIO.writeArray(out, touched, touched.length);
      expiry.writeDelta(out, touched);
    }
  }

  @Override
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    stateFormat().readHeader(in);
    KeyChanges.Delta delta = KeyChanges.read(in, keyCount());
    int[] kept = delta.kept();
    if (kept.length < seen.size()) {
      if (expiry == null) {
        throw StateIO.corrupt("keys removed from distinct keys kept for the whole query");
      }
      seen.retain(kept, kept.length);
      expiry.retain(kept, kept.length);
    }
    if (disk != null) {
      disk.addRestoredKeys(KeyChanges.readAddedKeys(in, keyTypes, delta));
      return;
    }
    KeyChanges.readAddedKeys(in, seen, delta);
    if (expiry != null) {
      expiry.applyDelta(in, KeyChanges.readIds(in, seen.size(), "keys that arrived"));
    }
  }

  /** Keys seen (and not expired), on the heap or on disk. */
  private int keyCount() {
    return disk != null ? disk.keyCount() : seen.size();
  }
}
