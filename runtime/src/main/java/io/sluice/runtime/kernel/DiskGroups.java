package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The groups of a GROUP BY kept in an on-disk {@link KeyValueStore} ({@code pipeline.state.backend
 * = 'disk'}), with a {@link HashAggregator} as the cache of hot groups on the heap. Before rows are
 * added, groups of their keys that were moved out are read back into the cache; once the cache
 * holds more than its share of the memory budget, every group in it is written out and the cache
 * starts empty. Writing everything out at once keeps the aggregator's dense group ids and its
 * column loops untouched: the heap path costs nothing, and the disk path pays one store write per
 * group per eviction and one read per group a later batch touches.
 *
 * <p>The store is opened when the first group is written out: a state that fits its cache touches
 * no disk.
 *
 * <p>Each group has a global id, handed out in the order groups first appear, as the heap backend
 * numbers them: so a checkpoint written from either backend is the same state. The store holds,
 * per group, its key (prefix {@code 'k'}) mapped to its global id and aggregate slots, and its global
 * id (prefix {@code 'g'}) mapped to its key, which lets {@link #writeSnapshot} write the heap layout in
 * id order for a full snapshot.
 *
 * <p>In update mode the aggregator's {@link ChangelogEmitter} must know the last row emitted for
 * a group read back, to retract it: over append-only input that row is the group's result as it
 * was read, so the emitter is told of it without emitting anything.
 *
 * <p>When changes are {@linkplain #holdChanges held} (a window's early firing) a write-out emits
 * nothing: each group whose change is held is stored with its last row emitted (or a mark that it
 * has none) after its slots, and its global id is kept in a set of held groups; {@link #emitHeld}
 * reads those back a chunk at a time, emits their changes and stores them as emitted.
 */
public final class DiskGroups implements AutoCloseable {
  private static final byte KEY = 'k';
  private static final byte ID = 'g';
  private static final BatchConsumer DISCARD = batch -> {};
  /** After a held group's slots: its last row emitted is its result (it holds no change). */
  private static final byte EMITTED_RESULT = 0;
  /** After a held group's slots: it has no row emitted yet. */
  private static final byte EMITTED_NONE = 1;
  /** After a held group's slots: the row last emitted follows (its length, then its bytes). */
  private static final byte EMITTED_ROW = 2;
  /** Groups a full snapshot reads from the store at a time: its heap beyond the (empty) cache. */
  public static final int SNAPSHOT_CHUNK = 4096;

  private final DiskStateBackend backend;
  private final String name;
  /** Opened when the first group is written out. */
  private KeyValueStore store;
  private final HashAggregator hot;
  /** Null unless in update mode. */
  private final ChangelogEmitter changes;
  private final long cacheBytes;
  /** Groups the cache holds before it is written out, whatever their bytes. */
  private final int cacheGroups;
  private final GroupKeyCodec codec;
  private final GlobalIds globalIds = new GlobalIds();
  private int[] loaded = new int[0];
  private final Bytes written = new Bytes();
  private final DataOutputStream writer = new DataOutputStream(written);
  private final Reader read = new Reader();
  private final DataInputStream reader = new DataInputStream(read);
  private final StoreReads reads = new StoreReads();
  /** The group keys written to the store: a key new to the cache outside them is not looked up. */
  private final WrittenKeyRange writtenKeys = new WrittenKeyRange();
  /** A key read from the store, kept while its value is read. */
  private byte[] key = new byte[64];
  /** Changelog checkpoints: global ids of the groups touched since {@link #markDeltaBase} and written out since. */
  private final GroupMarks touched = new GroupMarks();
  private boolean trackDelta;
  /** Whether changes are held back: a write-out stores them instead of emitting them ({@link #holdChanges}). */
  private boolean holds;
  /** Held changes: global ids of groups written out whose result may differ from their last row emitted. */
  private final java.util.BitSet held = new java.util.BitSet(); // a bit a group: read in chunks, never listed whole
  /** Every cached group may hold a change (restored with changes held, whose groups were not recorded). */
  private boolean allCachedHeld;
  /** Encodes a last row emitted (a group key codec over the output's types), made when changes are held. */
  private GroupKeyCodec rowCodec;
  private final int[][] changedScratch = new int[1][];
  private int baseGroups;
  /** Groups only in the store (not cached) that hold rows: over a changelog, some emptied. */
  private long storedWithRows;
  private long evictions;
  private long groupsRead;
  private long snapshots;
  private int snapshotPeakGroups;
  private long snapshotBytesSpooled;
  private long restorePeakBytes;

  /**
   * @param cacheBytes heap bytes the cached groups may take before they are written out
   * @param cacheGroups groups the cache may hold before they are written out, or {@code
   *     Integer.MAX_VALUE} for as many as {@code cacheBytes} hold
   */
  public DiskGroups(DiskStateBackend backend, String name, HashAggregator hot, ChangelogEmitter changes, long cacheBytes,
      int cacheGroups) {
    if (!hot.slotsHoldGroups()) {
      throw new IllegalArgumentException("an aggregate whose groups are not all in their slots: " + hot.shape());
    }
    this.backend = backend;
    this.name = name;
    this.hot = hot;
    this.changes = changes;
    this.cacheBytes = cacheBytes;
    this.cacheGroups = Math.max(1, cacheGroups);
    this.codec = new GroupKeyCodec(hot.groupKeyRows().types());
    globalIds.identity(hot.groupCount());
  }

  /**
   * Makes write-outs hold the changes of the groups written out instead of emitting them: an early
   * firing emits them when due ({@link #emitHeld}). Only in update mode.
   */
  public void holdChanges() {
    if (changes == null) {
      throw new IllegalStateException("changes are held in update mode only");
    }
    holds = true;
    rowCodec = new GroupKeyCodec(hot.outputTypes());
  }

  /**
   * Restored with changes held whose groups were not recorded: every cached group counts as holding
   * one until it is emitted (a write-out stores each with its last row emitted).
   */
  public void holdAllCached() {
    allCachedHeld = holds;
  }

  /**
   * After rows were added: writes the cache out when it is full, so that the state the memory
   * budget counts after this chunk of input is the cache's share (the changes of its groups go to
   * {@code out} first, in update mode).
   */
  public void added(BatchConsumer out) {
    if (full(0)) {
      evict(out);
    }
  }

  /**
   * Before {@code batch} is added: writes the cache out when it is full (emitting the changes
   * of its groups so far to {@code out} first, in update mode), then gives every key of the batch
   * a group in the cache, read back from the store when it was written out before.
   */
  public void prepare(Batch batch, BatchConsumer out) {
    if (batch.rowCount() == 0) {
      return;
    }
    if (full(batch.rowCount())) {
      evict(out);
    }
    int before = hot.groupCount();
    hot.assignGroups(batch);
    int after = hot.groupCount();
    globalIds.ensure(after);
    if (globalIds.cacheIsWhole()) {
      for (int g = before; g < after; g++) {
        globalIds.assignNew(g);
      }
      return;
    }
    loaded = Vectors.grow(loaded, after - before);
    int n = 0;
    ColumnarRows keys = hot.groupKeyRows();
    try {
      for (int g = before; g < after; g++) {
        codec.encode(KEY, keys, g);
        int length = writtenKeys.excludes(codec.buffer(), codec.length()) ? -1 : get(codec.buffer(), codec.length());
        if (length < 0) {
          globalIds.assignNew(g);
          continue;
        }
        read.reset(reads.value(), length);
        globalIds.assign(g, reader.readInt());
        hot.readSlots(reader, g);
        storedWithRows -= hot.hasRows(g) ? 1 : 0;
        if (!holds || readEmitted(g, changes) == EMITTED_RESULT) {
          loaded[n++] = g;
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    groupsRead += n;
    if (changes != null && n > 0) {
      changes.emitChanges(hot, loaded, n, DISCARD);
    }
  }

  /**
   * Whether the cache holds more groups or bytes than it may, or would once its tables grew for
   * {@code rows} new groups (once per chunk of input: sums array sizes).
   */
  private boolean full(int rows) {
    int count = hot.groupCount();
    return count > 0 && (count >= cacheGroups
        || hot.estimatedBytes() + (changes == null ? 0 : changes.estimatedBytes()) + cacheGrowth(rows) > cacheBytes);
  }

  private long cacheGrowth(int rows) {
    return hot.growthBytes(rows) + (changes == null ? 0 : changes.growthBytes(rows));
  }



  /** Writes every cached group to the store and empties the cache. */
  private void evict(BatchConsumer out) {
    int[] changed = null;
    int changedCount = 0;
    if (holds) {
      changedCount = hot.takeChangedGroups(changedScratch);
      changed = changedScratch[0];
    } else if (changes != null) {
      changes.emitChanges(hot, out);
    }
    if (store == null) {
      store = backend.open(name);
    }
    int count = hot.groupCount();
    try {
      int next = 0;
      for (int g = 0; g < count; g++) {
        int id = globalIds.of(g);
        boolean holding = allCachedHeld || next < changedCount && changed[next] == g;
        next += next < changedCount && changed[next] == g ? 1 : 0;
        if (holding) {
          held.set(id);
        }
        putGroup(hot, g, id, !globalIds.stored(id), holds ? changes : null, holding);
        storedWithRows += hot.hasRows(g) ? 1 : 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    allCachedHeld = false;
    if (trackDelta) {
      int[] ids = hot.touchedGroups();
      for (int i = 0; i < ids.length; i++) {
        ids[i] = globalIds.of(ids[i]);
      }
      touched.mark(ids, ids.length, globalIds.count());
      if (changes != null) {
        ids = changes.emittedSinceBase(); // held changes emitted since: their rows emitted are state changed too
        for (int i = 0; i < ids.length; i++) {
          ids[i] = globalIds.of(ids[i]);
        }
        touched.mark(ids, ids.length, globalIds.count());
      }
    }
    globalIds.writtenOut();
    hot.release();
    if (trackDelta) {
      hot.markDeltaBase();
    }
    if (changes != null) {
      changes.clear();
    }
    evictions++;
  }

  /** Puts group {@code g} of {@code from} into the store as global id {@code id}, with its id record when {@code newId}. */
  private void putGroup(HashAggregator from, int g, int id, boolean newId) throws IOException {
    putGroup(from, g, id, newId, null, false);
  }

  /**
   * As above; while changes are held, followed by what was last emitted for the group: its result
   * unless {@code holding}, else its row in {@code emitted} (group {@code g}'s), if any.
   */
  private void putGroup(HashAggregator from, int g, int id, boolean newId, ChangelogEmitter emitted, boolean holding)
      throws IOException {
    codec.encode(KEY, from.groupKeyRows(), g);
    written.reset();
    writer.writeInt(id);
    from.writeSlots(writer, g);
    if (holds) {
      int row = holding ? emitted.emittedRow(g) : -1;
      writer.writeByte(!holding ? EMITTED_RESULT : row < 0 ? EMITTED_NONE : EMITTED_ROW);
      if (row >= 0) {
        rowCodec.encode((byte) 0, emitted.emittedRows(), row);
        writer.writeInt(rowCodec.length() - 1);
        writer.write(rowCodec.buffer(), 1, rowCodec.length() - 1);
      }
    }
    store.put(codec.buffer(), codec.length(), written.array(), written.size());
    if (newId) {
      store.put(reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH, codec.buffer(), codec.length());
      writtenKeys.written(codec.buffer(), codec.length());
    }
  }

  /**
   * Whether {@link #readSnapshot} can restore the groups a chunk at a time: their aggregate values
   * are in arrays of one value per group (fixed-width, or byte strings for a MIN or MAX of text), so
   * each array is read back in step.
   */
  public boolean readsSnapshotInChunks() {
    return ChunkedAggregateReader.reads(hot);
  }

  /**
   * Replaces the state with a full snapshot in the heap backend's format (the aggregator's, then the
   * changelog emitter's in update mode), read a chunk of groups at a time ({@link
   * ChunkedAggregateReader}): groups taking more than {@code heapShare} bytes go straight into the
   * store, so the heap holds a chunk, not the state; fewer fill the cache, as on the heap. Only when
   * {@link #readsSnapshotInChunks}. While changes are held each group's row emitted is read with it;
   * put into the store, a group is stored as holding a change when {@link #holdAllCached} was called.
   */
  public void readSnapshot(java.io.DataInput in, long heapShare) throws IOException {
    if (store == null) {
      store = backend.open(name); // makes the state folder the parts are spooled in
    }
    try (io.sluice.runtime.state.SpooledParts parts = new io.sluice.runtime.state.SpooledParts(backend.folder())) {
      ChunkedAggregateReader reader = new ChunkedAggregateReader(hot, changes != null, holds, parts);
      int total = reader.spool(in);
      hot.release();
      storedWithRows = 0;
      if (changes != null) {
        changes.clear();
      }
      if (parts.bytesWritten() <= heapShare) {
        while ((holds ? reader.next(hot, changes) : reader.next(hot)) > 0) {
          // every group into the cache, as the heap's restore
        }
        restored();
        if (changes != null && total > 0 && !holds) {
          int[] all = new int[total];
          for (int g = 0; g < total; g++) {
            all[g] = g;
          }
          changes.emitChanges(hot, all, total, DISCARD); // each group's last row emitted is its result
        }
        if (full(0)) {
          evict(DISCARD); // smaller than the cache's share as written, larger in tables on the heap
        }
      } else {
        globalIds.allStored(0);
        HashAggregator part = hot.emptyCopy();
        ChangelogEmitter emitted = holds ? new ChangelogEmitter(hot.outputTypes()) : null;
        while (true) {
          part.clear();
          int n;
          if (holds) {
            emitted.clear();
            n = reader.next(part, emitted);
          } else {
            n = reader.next(part);
          }
          if (n == 0) {
            break;
          }
          for (int g = 0; g < n; g++) {
            int id = globalIds.appendStored();
            if (allCachedHeld) {
              held.set(id);
            }
            putGroup(part, g, id, true, emitted, allCachedHeld);
            storedWithRows += part.hasRows(g) ? 1 : 0;
          }
        }
        allCachedHeld = false;
        if (globalIds.count() != total) {
          throw new IllegalStateException(globalIds.count() + " groups restored of " + total);
        }
      }
      restorePeakBytes = reader.peakBytes();
    }
  }

  /**
   * Applies a delta in the heap backend's format (the aggregator's, then in update mode the changelog
   * emitter's) to groups held in the store (not {@link #cacheIsWhole}): new groups are put in with empty
   * slots, then each touched group is read back, given its slots from the delta and put back. The
   * heap holds the delta's groups, not the state.
   */
  public void applyStoredDelta(java.io.DataInput in) throws IOException {
    if (hot.groupCount() > 0) {
      throw new IllegalStateException("a delta applied to groups on disk with groups cached");
    }
    HashAggregator part = hot.emptyCopy();
    AggregateSnapshot.DeltaHead head = AggregateSnapshot.readDeltaHead(part, in, globalIds.count());
    part.clear();
    if (head.added().size() > 0) {
      Batch keys = Batch.allocate(head.added().types(), head.added().size());
      head.added().gatherRange(0, head.added().size(), keys, 0);
      keys.size = head.added().size();
      part.assignKeyGroups(keys);
      for (int g = 0; g < keys.size; g++) {
        putGroup(part, g, globalIds.appendStored(), true);
      }
      part.clear();
    }
    int[] ids = head.touched();
    int[] slots = new int[ids.length];
    for (int i = 0; i < ids.length; i++) {
      readGroup(ids[i], part, i);
      storedWithRows -= part.hasRows(i) ? 1 : 0;
      slots[i] = i;
    }
    AggregateSnapshot.loadTouched(part, in, slots);
    ChangelogEmitter emitted = null;
    if (holds) {
      // the groups' rows emitted, which held changes differ from: each stored as holding one
      emitted = new ChangelogEmitter(hot.outputTypes());
      emitted.applyDeltaAsSlots(in, ids);
      for (int id : ids) {
        held.set(id);
      }
    }
    for (int i = 0; i < ids.length; i++) {
      putGroup(part, i, ids[i], false, emitted, holds);
      storedWithRows += part.hasRows(i) ? 1 : 0;
    }
    if (changes != null && !holds) {
      ChangelogEmitter.skipDelta(in, hot.outputTypes());
    }
  }

  /** Heap bytes the cached groups may take before they are written out. */
  public long cacheBytes() {
    return cacheBytes;
  }

  /** The most heap bytes the last restore held of the groups at a time (0 when none was read in chunks). */
  public long restorePeakBytes() {
    return restorePeakBytes;
  }

  /**
   * Writes a full snapshot in the heap backend's format (the aggregator's, then the changelog
   * emitter's) without bringing the groups into memory: the cache is written out, then the groups
   * are read back from the store in id order, {@link #SNAPSHOT_CHUNK} at a time, into an
   * aggregator of their own whose columns are spooled to files under the state folder and joined
   * into {@code out} ({@link ChunkedAggregateWriter}). The cache stays empty: the next batch reads
   * back the groups it touches.
   */
  public void writeSnapshot(java.io.DataOutput out) throws IOException {
    evict(DISCARD);
    HashAggregator part = hot.emptyCopy();
    ChangelogEmitter emitted = holds ? new ChangelogEmitter(hot.outputTypes()) : null;
    try (ChunkedAggregateWriter writer = new ChunkedAggregateWriter(hot, changes != null, backend.folder())) {
      for (int from = 0; from < globalIds.count(); from += SNAPSHOT_CHUNK) {
        if (holds) {
          int[] ids = allIds(from);
          readGroups(ids, 0, ids.length, part, emitted); // with the rows last emitted, which held changes differ from
        } else {
          readChunk(from, part);
        }
        writer.append(part, emitted);
        snapshotPeakGroups = Math.max(snapshotPeakGroups, part.groupCount());
      }
      writer.writeTo(out);
      snapshotBytesSpooled += writer.bytesSpooled();
    }
    snapshots++;
  }

  /** Global ids {@code from ..}, {@link #SNAPSHOT_CHUNK} or those left. */
  private int[] allIds(int from) {
    int[] ids = new int[Math.min(SNAPSHOT_CHUNK, globalIds.count() - from)];
    for (int i = 0; i < ids.length; i++) {
      ids[i] = from + i;
    }
    return ids;
  }

  /** Reads the groups of global ids {@code from ..} into {@code part}, emptied first: {@link #SNAPSHOT_CHUNK} or those left. */
  private void readChunk(int from, HashAggregator part) throws IOException {
    part.clear();
    int to = Math.min(globalIds.count(), from + SNAPSHOT_CHUNK);
    for (int id = from; id < to; id++) {
      readGroup(id, part, id - from);
    }
  }

  /**
   * Writes the cache out now, whatever its size (in update mode its changes go to {@code out}
   * first): the operator holding several tables (a window aggregation's open windows) keeps their
   * caches together within its share.
   */
  public void writeOut(BatchConsumer out) {
    if (hot.groupCount() > 0) {
      evict(out);
    }
  }

  /**
   * Emits every group's result in the order groups first came, as the heap's aggregator does (a
   * window closing in append mode): once groups were written out, they are read back from the
   * store {@link #SNAPSHOT_CHUNK} at a time, so they never all come into memory.
   */
  public void emitAll(BatchConsumer out) {
    if (globalIds.cacheIsWhole()) {
      hot.emit(out);
      return;
    }
    evict(DISCARD);
    HashAggregator part = hot.emptyCopy();
    try {
      for (int from = 0; from < globalIds.count(); from += SNAPSHOT_CHUNK) {
        readChunk(from, part);
        part.emit(out);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Emits the changes held (changes {@linkplain #holdChanges held}, groups written out since the
   * cache was whole): writes the cache out, then reads the groups holding a change back in id order,
   * {@link #SNAPSHOT_CHUNK} at a time, emits their changes to {@code out} and stores them as emitted.
   */
  public void emitHeld(BatchConsumer out) {
    evict(DISCARD);
    HashAggregator part = hot.emptyCopy();
    ChangelogEmitter emitter = new ChangelogEmitter(hot.outputTypes());
    int[] ids = new int[SNAPSHOT_CHUNK];
    int[] slots = Vectors.identity(null, SNAPSHOT_CHUNK);
    try {
      for (int next = held.nextSetBit(0); next >= 0; ) {
        int n = 0;
        for (; next >= 0 && n < SNAPSHOT_CHUNK; next = held.nextSetBit(next + 1)) {
          ids[n++] = next;
        }
        if (trackDelta) {
          touched.mark(ids, n, globalIds.count()); // their rows emitted change
        }
        readGroups(ids, 0, n, part, emitter);
        emitter.emitChanges(part, slots, n, out);
        for (int i = 0; i < n; i++) {
          putGroup(part, i, ids[i], false); // its change went out: its result is its row emitted
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    held.clear();
  }

  /**
   * Reads groups {@code ids[from .. from + n)} into {@code part} (emptied first) and, while changes
   * are held, their last rows emitted into {@code emitter} (emptied too); returns {@code n}.
   */
  private int readGroups(int[] ids, int from, int n, HashAggregator part, ChangelogEmitter emitter)
      throws IOException {
    part.clear();
    emitter.clear();
    int results = 0;
    loaded = Vectors.grow(loaded, n);
    for (int i = 0; i < n; i++) {
      if (readGroup(ids[from + i], part, i, emitter) == EMITTED_RESULT) {
        loaded[results++] = i;
      }
    }
    emitter.emitChanges(part, loaded, results, DISCARD); // rows emitted that are the groups' results
    return n;
  }

  /** Reads group {@code id} from the store into {@code into} as its group {@code slot}, the next it adds. */
  private void readGroup(int id, HashAggregator into, int slot) throws IOException {
    readGroup(id, into, slot, null);
  }

  /**
   * As above; while changes are held, its last row emitted goes into {@code emitter} (unless null)
   * as group {@code slot}'s, and what it was is returned ({@link #EMITTED_RESULT} otherwise).
   */
  private byte readGroup(int id, HashAggregator into, int slot, ChangelogEmitter emitter) throws IOException {
    int keyLength = get(reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH);
    if (keyLength < 0) {
      throw new IllegalStateException("group " + id + " missing from the state store");
    }
    if (key.length < keyLength) {
      key = new byte[Math.max(keyLength, 2 * key.length)];
    }
    System.arraycopy(reads.value(), 0, key, 0, keyLength);
    int[] ids = into.assignKeyGroups(codec.decode(key, 1, keyLength));
    if (ids[0] != slot) {
      throw new IllegalStateException("group " + id + " read back as " + ids[0]);
    }
    int length = get(key, keyLength);
    read.reset(reads.value(), length);
    reader.readInt();
    into.readSlots(reader, slot);
    return holds ? readEmitted(slot, emitter) : EMITTED_RESULT;
  }

  /**
   * Reads what was last emitted for a group written out while changes are held (after its slots),
   * into {@code emitter} (unless null) as group {@code g}'s row; returns the mark written before it.
   */
  private byte readEmitted(int g, ChangelogEmitter emitter) throws IOException {
    byte mark = reader.readByte();
    if (mark == EMITTED_ROW) {
      int length = reader.readInt();
      int at = read.position();
      if (emitter != null) {
        emitter.setEmitted(g, rowCodec.decode(read.bytes(), at, at + length), 0);
      }
      read.skip(length);
    }
    return mark;
  }

  /** Groups the largest chunk of a full snapshot held on the heap ({@link #writeSnapshot}). */
  public int snapshotPeakGroups() {
    return snapshotPeakGroups;
  }

  /** Heap bytes of the record of groups written out with a change held. */
  public long heldBytes() {
    return held.size() / 8;
  }

  /** Groups in the cache now. */
  public int cachedGroups() {
    return hot.groupCount();
  }

  /**
   * Makes the state as it is the base of the next delta (the aggregator's own record of touched
   * groups starts again with the operator's call of its {@code markDeltaBase}).
   */
  public void markDeltaBase() {
    trackDelta = true;
    touched.clear();
    baseGroups = globalIds.count();
  }

  /**
   * Whether {@link #writeDelta} can write the changes since {@link #markDeltaBase} while groups
   * were written out since (otherwise the aggregator's own deltas describe the state).
   */
  public boolean deltaReady() {
    return trackDelta && hot.slotsMakeDeltas();
  }

  /**
   * Writes the changes since {@link #markDeltaBase} in the heap backend's delta format (the
   * aggregator's, then the changelog emitter's), by global id: the cache is written out first,
   * then the groups touched since are read back into an aggregator of their own, in id order.
   */
  public void writeDelta(java.io.DataOutput out) throws IOException {
    evict(DISCARD);
    int[] ids = touched.sorted();
    HashAggregator part = hot.emptyCopy();
    ChangelogEmitter emitted = holds ? new ChangelogEmitter(hot.outputTypes()) : null;
    if (holds) {
      readGroups(ids, 0, ids.length, part, emitted); // with the rows last emitted, which held changes differ from
    }
    int[] slots = new int[ids.length];
    int firstAdded = ids.length;
    for (int i = 0; i < ids.length; i++) {
      if (!holds) {
        readGroup(ids[i], part, i);
      }
      slots[i] = i;
      if (ids[i] >= baseGroups && firstAdded == ids.length) {
        firstAdded = i;
      }
    }
    part.writeDeltaOf(out, baseGroups, globalIds.count(), firstAdded, ids, slots);
    if (holds) {
      emitted.writeDelta(out, ids, slots);
    } else if (changes != null) {
      ColumnarRows rows = new ColumnarRows(part.outputTypes());
      part.emit(batch -> rows.append(batch)); // over a changelog, only groups with rows: the others sent their -D
      boolean[] present = new boolean[ids.length];
      for (int i = 0; i < ids.length; i++) {
        present[i] = part.hasRows(i);
      }
      ChangelogEmitter.writeDeltaOf(out, ids, present, rows);
    }
  }

  /** After the cache was restored from a checkpoint (every group in it as its global id). */
  public void restored() {
    globalIds.identity(hot.groupCount());
    storedWithRows = 0;
  }

  /** Whether the cache holds every group as its global id, so its own state deltas describe the state. */
  public boolean cacheIsWhole() {
    return globalIds.cacheIsWhole();
  }

  /** Every group, cached or on disk. */
  public long groupCount() {
    return globalIds.count();
  }

  /** The groups that hold rows, cached or on disk: over a changelog fewer than {@link #groupCount} when some emptied. */
  public long groupsWithRows() {
    return storedWithRows + hot.groupsWithRows();
  }

  public long diskBytes() {
    return store == null ? 0 : store.diskBytes();
  }

  /** What it did, for progress and EXPLAIN ANALYZE. */
  public String describe() {
    return hot.groupCount() + " of " + globalIds.count() + " groups in memory, " + evictions + " write-outs, "
        + groupsRead + " groups read back, " + writtenKeys.skipped() + " reads skipped, "
        + io.sluice.catalog.ByteSizes.text(diskBytes()) + " on disk"
        + (snapshots == 0 ? "" : ", " + snapshots + " snapshots streamed from disk ("
            + io.sluice.catalog.ByteSizes.text(snapshotBytesSpooled) + " spooled)");
  }

  private int get(byte[] key, int keyLength) {
    return reads.get(store, key, keyLength);
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }

  /**
   * A byte buffer whose array is read in place, written without the lock {@link ByteArrayOutputStream}
   * takes per call: a group's slots are written a long at a time, millions of groups per write-out.
   */
  private static final class Bytes extends ByteArrayOutputStream {
    byte[] array() {
      return buf;
    }

    @Override
    public void write(int b) {
      if (count == buf.length) {
        buf = java.util.Arrays.copyOf(buf, 2 * buf.length);
      }
      buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (count + len > buf.length) {
        buf = java.util.Arrays.copyOf(buf, Math.max(count + len, 2 * buf.length));
      }
      System.arraycopy(b, off, buf, count, len);
      count += len;
    }

    @Override
    public void reset() {
      count = 0;
    }
  }

  /** Reads a reused array in place. */
  private static final class Reader extends ByteArrayInputStream {
    Reader() {
      super(new byte[0]);
    }

    void reset(byte[] bytes, int length) {
      buf = bytes;
      pos = 0;
      count = length;
      mark = 0;
    }

    int position() {
      return pos;
    }

    byte[] bytes() {
      return buf;
    }
  }
}
