package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * The partitions of a {@link TopN} (Top-N and deduplication) kept in an on-disk {@link
 * KeyValueStore} ({@code pipeline.state.backend = 'disk'}), with the Top-N's own tables on the heap
 * as the cache of the partitions in use. A partition new to the cache is looked up in the store
 * once anything was written out, and its rows come back before the batch's rows of it go in; at
 * the end of a batch, once the cache holds more than its share of the memory budget, every
 * partition in it is written out and it starts empty. In final-rows mode the partitions holding
 * rows that wait for the watermark stay in the cache (written out too, so that the store is the
 * whole state): the release heap walks only the cache, and the watermark bounds them, while the
 * partitions whose rows were emitted (a deduplication's keys seen) grow without bound and go.
 *
 * <p>Once partitions were written out, a state delta is written from the store: the global ids the
 * Top-N touched since the last checkpoint are kept (a bit each), and {@link #writeDelta} writes the
 * cache out and reads those partitions back, in the heap's delta format; {@link #applyStoredDelta}
 * applies one to the store.
 *
 * <p>Partitions have global ids in the order they first arrived ({@link GlobalIds}), the heap's
 * partition ids, so a snapshot of either backend is the same bytes. The store holds, per partition,
 * its key (prefix {@code 'k'}) mapped to its global id, and the global id (prefix {@code 'g'})
 * mapped to its record: the key, the rows emitted as final, and its rows in rank order. A snapshot
 * reads the records in id order {@link #SNAPSHOT_CHUNK} at a time and spools them, so the state
 * never all comes into memory.
 */
final class DiskPartitions implements AutoCloseable {
  private static final byte KEY = 'k';
  private static final byte ID = 'g';
  /** Partitions a snapshot reads from the store at a time. */
  private static final int SNAPSHOT_CHUNK = 4096;

  private final DiskStateBackend backend;
  private final String name;
  private final long cacheBytes;
  private final TopN topN;
  private final KeyTable partitions;
  private final List<io.sluice.catalog.DataType> rowTypes;
  private final GroupKeyCodec keyCodec;
  private final GroupKeyCodec rowCodec;
  private final GlobalIds globalIds = new GlobalIds();
  private final StoreReads reads = new StoreReads();
  private final byte[] idValue = new byte[4];
  private byte[] record = new byte[256];
  private int recordLength;
  /** Opened when the cache is first written out. */
  private KeyValueStore store;
  /** Rows, and partitions holding at least one, in the store and not in the cache. */
  private long storedRows;
  private long storedHeld;
  private long writeOuts;
  private long partitionsFound;
  private long restorePeakBytes;
  /** Changelog checkpoints: global ids touched since {@link #markDeltaBase} and written out since. */
  private final GroupMarks touched = new GroupMarks();
  private boolean trackDelta;
  private int baseCount;

  DiskPartitions(DiskStateBackend backend, String name, TopN topN, KeyTable partitions,
      List<io.sluice.catalog.DataType> rowTypes) {
    this.backend = backend;
    this.name = name;
    this.cacheBytes = backend.cacheBytes();
    this.topN = topN;
    this.partitions = partitions;
    this.rowTypes = rowTypes;
    this.keyCodec = new GroupKeyCodec(partitions.keys().types());
    this.rowCodec = new GroupKeyCodec(rowTypes);
    restored();
  }

  /** After the cache was restored from a checkpoint (or a delta applied): every partition is in it as its global id. */
  void restored() {
    globalIds.identity(partitions.size());
  }

  /** Whether partitions were written out: then the cache is not the whole state and no delta can be taken. */
  boolean spilled() {
    return !globalIds.cacheIsWhole();
  }

  /** Every partition seen, cached or on disk. */
  int partitionCount() {
    return globalIds.count();
  }

  long storedRows() {
    return storedRows;
  }

  long storedHeld() {
    return storedHeld;
  }

  /**
   * Whether a cache of {@code bytes} is past its share of the budget (and holds partitions a
   * write-out would take: in final-rows mode those waiting for the watermark stay).
   */
  boolean full(long bytes) {
    return partitions.size() > (finalRows() ? topN.heldPartitions : 0) && bytes > cacheBytes;
  }

  private boolean finalRows() {
    return topN.timeColumn >= 0;
  }

  /**
   * Numbers the partitions the key table just numbered {@code from .. to)} (new to the cache):
   * one the store holds gets back its global id and its rows, others get the next global id.
   */
  void admit(int from, int to) {
    globalIds.ensure(to);
    ColumnarRows keys = partitions.keys();
    for (int p = from; p < to; p++) {
      int stored = -1;
      if (globalIds.evicted()) {
        keyCodec.encode(KEY, keys, p);
        if (reads.get(store, keyCodec.buffer(), keyCodec.length()) >= 0) {
          stored = StoreReads.getInt(reads.value(), 0);
        }
      }
      if (stored < 0) {
        globalIds.assignNew(p);
        continue;
      }
      globalIds.assign(p, stored);
      partitionsFound++;
      int length = reads.get(store, reads.idKey(ID, stored), StoreReads.ID_KEY_LENGTH);
      byte[] value = reads.value();
      int at = 4 + StoreReads.getInt(value, 0);
      int emitted = StoreReads.getInt(value, at);
      int size = StoreReads.getInt(value, at + 4);
      at += 8;
      topN.startLoadedPartition(p, emitted, size);
      for (int r = 0; r < size; r++) {
        int rowLength = StoreReads.getInt(value, at);
        topN.appendLoadedRow(p, r, rowCodec.decode(value, at + 5, at + 4 + rowLength));
        at += 4 + rowLength;
      }
      if (at != length) {
        throw new IllegalStateException("partition " + stored + " of " + name + " read as " + at + " of " + length
            + " bytes");
      }
      storedRows -= size;
      storedHeld -= size > 0 ? 1 : 0;
    }
  }

  /**
   * Writes every partition of the cache to the store and empties the cache, but for the partitions
   * waiting for the watermark in final-rows mode; not while a batch's changes are pending.
   */
  void writeOut() {
    writeOut(finalRows());
  }

  private void writeOut(boolean keepWaiting) {
    if (store == null) {
      store = backend.open(name);
    }
    if (trackDelta && topN.deltaChanges.recording()) { // the Top-N's record is by cache id: kept here by global id
      int[] ids = topN.deltaChanges.touchedIds();
      for (int i = 0; i < ids.length; i++) {
        ids[i] = globalIds.of(ids[i]);
      }
      touched.mark(ids, ids.length, globalIds.count());
    }
    ColumnarRows keys = partitions.keys();
    int cached = partitions.size();
    for (int p = 0; p < cached; p++) {
      int id = globalIds.of(p);
      keyCodec.encode(KEY, keys, p);
      if (!globalIds.stored(id)) {
        store.put(keyCodec.buffer(), keyCodec.length(), StoreReads.putInt(idValue, 0, id), 4);
      }
      int size = topN.partitionSize(p);
      startRecord(topN.emittedCount(p), size);
      for (int r = 0; r < size; r++) {
        addRecordRow(topN.rows(), topN.rowOf(p, r));
      }
      putRecord(id, size);
    }
    globalIds.writtenOut();
    if (keepWaiting && topN.heldPartitions > 0) {
      int[] live = new int[topN.heldPartitions];
      int count = 0;
      for (int p = 0; p < cached; p++) {
        int size = topN.partitionSize(p);
        if (size > 0) {
          live[count++] = p;
          storedRows -= size; // the cache's copy is the state
          storedHeld--;
        }
      }
      globalIds.retain(live, count);
      topN.keepPartitions(live, count);
      topN.compact(); // the rows of the partitions written out would stay until they outnumbered 1,024 more
    } else {
      topN.releaseCache();
    }
    if (topN.deltaChanges.recording()) {
      topN.deltaChanges.mark(topN.partitionCount);
    }
    writeOuts++;
  }

  /** Starts the record of a partition whose key {@link #keyCodec} holds: its key, emitted count and size. */
  private void startRecord(int emitted, int size) {
    startRecord(keyCodec.buffer(), keyCodec.length(), emitted, size);
  }

  /** Starts the record of a partition of encoded key {@code key[0 .. keyLength)}. */
  private void startRecord(byte[] key, int keyLength, int emitted, int size) {
    recordLength = 0;
    putInt(keyLength);
    put(key, keyLength);
    putInt(emitted);
    putInt(size);
  }

  /** Appends row {@code row} of {@code from} to the record, the partition's next in rank order. */
  private void addRecordRow(ColumnarRows from, int row) {
    rowCodec.encode((byte) 0, from, row);
    putInt(rowCodec.length());
    put(rowCodec.buffer(), rowCodec.length());
  }

  /** Puts the record as global id {@code id}'s, a partition of {@code size} rows, into the store. */
  private void putRecord(int id, int size) {
    store.put(reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH, record, recordLength);
    storedRows += size;
    storedHeld += size > 0 ? 1 : 0;
  }

  /**
   * Replaces the state with a snapshot in {@link TopN#writeTo}'s format (a Top-N without expiry),
   * read a chunk at a time ({@link ChunkedRowsReader}): its key columns, sizes, emitted counts and
   * rows are spooled under the state folder first; partitions taking more than {@code heapShare}
   * bytes then go straight into the store, so the heap holds a chunk, not the state; fewer fill the
   * cache, as the heap's restore does. In final-rows mode the partitions holding rows come back
   * into the cache from the store (the release heap is rebuilt from them; the one written is
   * checked, not used, as on the heap).
   */
  void readFrom(java.io.DataInput in, long heapShare) throws IOException {
    if (store == null) {
      store = backend.open(name); // makes the state folder the parts are spooled in
    }
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsReader keyReader = new ChunkedRowsReader(partitions.keys().types(), parts);
      ChunkedRowsReader rowReader = new ChunkedRowsReader(rowTypes, parts);
      int count = keyReader.spoolRows(in);
      StateIO.expect(in, count, "a partition count");
      java.io.DataInputStream sizes = keyReader.reader(keyReader.spoolArray(in, new int[0], count, "partition sizes"));
      java.io.DataInputStream emitted =
          keyReader.reader(keyReader.spoolArray(in, new int[0], count, "emitted counts"));
      int rowCount = rowReader.spoolRows(in);
      readHeap(in, count);
      boolean intoStore = parts.bytesWritten() > heapShare;
      topN.releaseCache();
      storedRows = 0;
      storedHeld = 0;
      trackDelta = false;
      ColumnarRows waiting = new ColumnarRows(partitions.keys().types()); // final rows: partitions to cache again
      if (intoStore) {
        globalIds.allStored(0);
      }
      PartitionRows rows = new PartitionRows(rowReader, rowTypes);
      ColumnarRows keyChunk = new ColumnarRows(partitions.keys().types());
      int first = 0;
      for (int n = keyReader.next(keyChunk); n > 0; n = keyReader.next(keyChunk)) {
        if (!intoStore) {
          partitions.appendNewKeys(keyChunk);
          topN.ensurePartitions(partitions.size());
          topN.partitionCount = partitions.size();
        }
        for (int i = 0; i < n; i++) {
          int size = sizes.readInt();
          int emittedCount = emitted.readInt();
          if (size < 0 || emittedCount < 0 || (long) size + emittedCount > topN.limit) {
            throw StateIO.corrupt("partition " + (first + i) + " holding " + size + " rows after " + emittedCount
                + " emitted, for the first " + topN.limit);
          }
          if (intoStore) {
            keyCodec.encode(KEY, keyChunk, i);
            int id = globalIds.appendStored();
            store.put(keyCodec.buffer(), keyCodec.length(), StoreReads.putInt(idValue, 0, id), 4);
            startRecord(emittedCount, size);
            for (int r = 0; r < size; r++) {
              addRecordRow(rows.chunk(), rows.next());
            }
            putRecord(id, size);
            if (size > 0 && finalRows()) {
              waiting.appendStoredRow(keyChunk, i);
            }
          } else {
            topN.startLoadedPartition(first + i, emittedCount, size);
            for (int r = 0; r < size; r++) {
              int row = rows.next();
              topN.appendLoadedRow(first + i, r, rows.single(row));
            }
          }
        }
        first += n;
      }
      if (rows.taken() != rowCount) {
        throw StateIO.corrupt(rowCount + " held rows for partitions holding " + rows.taken());
      }
      if (!intoStore) {
        restored();
      } else {
        cacheAgain(waiting);
      }
      restorePeakBytes = Math.max(keyReader.peakBytes(), rowReader.peakBytes()) + topN.estimatedBytes();
    }
  }

  /**
   * Reads the release heap of a snapshot of {@code count} partitions: none in changelog mode; in
   * final-rows mode entries are checked and dropped (the cache's heap is rebuilt from its rows).
   */
  private void readHeap(java.io.DataInput in, int count) throws IOException {
    // older snapshots hold stale entries too: more than one a partition
    int heapCount = StateIO.readCount(in, finalRows() ? Integer.MAX_VALUE : 0, "a release heap's size");
    StateIO.readLongs(in, heapCount, "heap times");
    int[] heapIds = StateIO.readInts(in, heapCount, "heap partitions");
    for (int id : heapIds) {
      if (id < 0 || id >= count) {
        throw StateIO.corrupt("a heap entry for partition " + id + " of " + count);
      }
    }
  }

  /**
   * Brings the partitions of keys {@code keys} (all in the store) into the cache, rows and all: in
   * final-rows mode, those waiting for the watermark after a restore into the store.
   */
  private void cacheAgain(ColumnarRows keys) {
    if (keys.size() == 0) {
      return;
    }
    int known = partitions.size();
    int[] columns = new int[keys.types().size()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
    }
    partitions.groupIdsForStored(keys, columns, keys.size(), new int[keys.size()]);
    topN.ensurePartitions(partitions.size());
    admit(known, partitions.size());
  }

  long cacheBytes() {
    return cacheBytes;
  }

  /** Makes the state as it is the base of the next {@link #writeDelta}. */
  void markDeltaBase() {
    trackDelta = true;
    touched.clear();
    baseCount = globalIds.count();
  }

  /**
   * Writes the changes since {@link #markDeltaBase} as {@link TopN#writeDelta} writes them, by
   * global id, once partitions were written out: the cache is written out first, then the keys
   * added and the partitions touched are read back from the store in id order and spooled, a chunk
   * at a time. A partition is never removed on disk (no expiry): the delta removes none.
   */
  void writeDelta(DataOutput out) throws IOException {
    writeOut();
    int total = globalIds.count();
    int[] ids = touched.sorted();
    out.writeInt(baseCount);
    StateIO.writeArray(out, new int[0], 0);
    out.writeInt(total - baseCount);
    ColumnarRows keyChunk = new ColumnarRows(partitions.keys().types());
    ColumnarRows rowChunk = new ColumnarRows(rowTypes);
    int[] sizes = new int[ids.length];
    int[] emitted = new int[ids.length];
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsWriter keyWriter = new ChunkedRowsWriter(keyChunk.types(), parts);
      for (int start = baseCount; start < total; start += SNAPSHOT_CHUNK) {
        keyChunk.clear();
        for (int id = start; id < Math.min(total, start + SNAPSHOT_CHUNK); id++) {
          readRecord(id, keyChunk, null, null, 0);
        }
        keyWriter.append(keyChunk);
      }
      ChunkedRowsWriter rowWriter = new ChunkedRowsWriter(rowTypes, parts);
      for (int start = 0; start < ids.length; start += SNAPSHOT_CHUNK) {
        rowChunk.clear();
        for (int i = start; i < Math.min(ids.length, start + SNAPSHOT_CHUNK); i++) {
          readRecord(ids[i], null, rowChunk, emitted, i);
          sizes[i] = lastSize;
        }
        rowWriter.append(rowChunk);
      }
      keyWriter.writeTo(out);
      StateIO.writeArray(out, ids, ids.length);
      StateIO.writeArray(out, sizes, ids.length);
      StateIO.writeArray(out, emitted, ids.length);
      rowWriter.writeTo(out);
    }
  }

  /** The size of the partition {@link #readRecord} read last. */
  private int lastSize;

  /**
   * Reads the record of global id {@code id}: its key into {@code keys} and its rows into {@code
   * rows} (each unless null), its emitted count into {@code emitted[at]} (unless null) and its size
   * into {@link #lastSize}.
   */
  private void readRecord(int id, ColumnarRows keys, ColumnarRows rows, int[] emitted, int at) {
    int length = reads.get(store, reads.idKey(ID, id), StoreReads.ID_KEY_LENGTH);
    if (length < 0) {
      throw new IllegalStateException("partition " + id + " missing from the state store of " + name);
    }
    byte[] value = reads.value();
    int keyLength = StoreReads.getInt(value, 0);
    if (keys != null) {
      keys.appendRow(keyCodec.decode(value, 5, 4 + keyLength), null, 0); // a NULL's value written as 0, as on the heap
    }
    int position = 4 + keyLength;
    if (emitted != null) {
      emitted[at] = StoreReads.getInt(value, position);
    }
    lastSize = StoreReads.getInt(value, position + 4);
    position += 8;
    for (int r = 0; rows != null && r < lastSize; r++) {
      int rowLength = StoreReads.getInt(value, position);
      rows.appendRow(rowCodec.decode(value, position + 5, position + 4 + rowLength), null, 0);
      position += 4 + rowLength;
    }
  }

  /**
   * Applies a delta in {@link TopN#writeDelta}'s format (the heap's, or this class's) to partitions
   * held in the store ({@link #spilled}): the cache is written out whole, the added keys go in as
   * new global ids, each touched partition's record is replaced by the delta's; then, in final-rows
   * mode, the partitions holding rows come back into the cache. The heap holds the delta, not the
   * state.
   */
  void applyStoredDelta(java.io.DataInput in) throws IOException {
    int cached = partitions.size();
    int[] waitingBefore = new int[cached];
    for (int p = 0; p < cached; p++) {
      waitingBefore[p] = globalIds.of(p);
    }
    writeOut(false);
    int count = globalIds.count();
    KeyChanges.Delta delta = KeyChanges.read(in, count);
    if (delta.kept().length != count) {
      throw StateIO.corrupt("a delta that removes partitions of a Top-N without expiry");
    }
    ColumnarRows added = KeyChanges.readAddedKeys(in, partitions.keys().types(), delta);
    for (int r = 0; r < added.size(); r++) {
      keyCodec.encode(KEY, added, r);
      int id = globalIds.appendStored();
      store.put(keyCodec.buffer(), keyCodec.length(), StoreReads.putInt(idValue, 0, id), 4);
      startRecord(0, 0);
      putRecord(id, 0);
    }
    int[] ids = KeyChanges.readIds(in, globalIds.count(), "changed partitions");
    int[] sizes = StateIO.readInts(in, ids.length, "partition sizes");
    int[] emitted = StateIO.readInts(in, ids.length, "emitted counts");
    ColumnarRows held = new ColumnarRows(rowTypes);
    held.readFrom(in);
    long total = 0;
    for (int i = 0; i < ids.length; i++) {
      if (sizes[i] < 0 || emitted[i] < 0 || (long) sizes[i] + emitted[i] > topN.limit) {
        throw StateIO.corrupt("partition " + ids[i] + " holding " + sizes[i] + " rows after " + emitted[i]
            + " emitted, for the first " + topN.limit);
      }
      total += sizes[i];
    }
    if (total != held.size()) {
      throw StateIO.corrupt(held.size() + " rows for partitions that hold " + total);
    }
    byte[] key = new byte[64];
    int next = 0;
    for (int i = 0; i < ids.length; i++) {
      int length = reads.get(store, reads.idKey(ID, ids[i]), StoreReads.ID_KEY_LENGTH);
      byte[] value = reads.value();
      int keyLength = StoreReads.getInt(value, 0);
      int oldSize = StoreReads.getInt(value, 4 + keyLength + 4);
      if (key.length < keyLength) {
        key = new byte[Math.max(keyLength, 2 * key.length)];
      }
      System.arraycopy(value, 4, key, 0, keyLength);
      storedRows -= oldSize;
      storedHeld -= oldSize > 0 ? 1 : 0;
      startRecord(key, keyLength, emitted[i], sizes[i]);
      for (int r = 0; r < sizes[i]; r++) {
        addRecordRow(held, next++);
      }
      putRecord(ids[i], sizes[i]);
    }
    if (finalRows()) {
      cacheAgain(waitingAfter(waitingBefore, ids, sizes));
    }
  }

  /**
   * The keys of the partitions that hold rows after a delta: those that held rows before it
   * ({@code before}, global ids) and it left alone, and those it touched ({@code ids}, ascending)
   * that hold rows now.
   */
  private ColumnarRows waitingAfter(int[] before, int[] ids, int[] sizes) {
    ColumnarRows keys = new ColumnarRows(partitions.keys().types());
    for (int id : before) {
      if (java.util.Arrays.binarySearch(ids, id) < 0) {
        readRecord(id, keys, null, null, 0);
      }
    }
    for (int i = 0; i < ids.length; i++) {
      if (sizes[i] > 0) {
        readRecord(ids[i], keys, null, null, 0);
      }
    }
    return keys;
  }

  /** The most heap bytes the last restore held of the state at a time. */
  long restorePeakBytes() {
    return restorePeakBytes;
  }

  /** The held rows of a snapshot being restored, taken one at a time from chunks read back. */
  private static final class PartitionRows {
    private final ChunkedRowsReader reader;
    private final ColumnarRows chunk;
    private final io.sluice.catalog.data.Batch single;
    private int at;
    private int taken;

    PartitionRows(ChunkedRowsReader reader, List<io.sluice.catalog.DataType> types) {
      this.reader = reader;
      this.chunk = new ColumnarRows(types);
      this.single = io.sluice.catalog.data.Batch.allocate(types, 1);
    }

    /** Moves to the next row; returns its position in {@link #chunk}. */
    int next() throws IOException {
      if (at == chunk.size()) {
        at = 0;
        if (reader.next(chunk) == 0) {
          throw StateIO.corrupt("fewer held rows than the partitions' sizes add up to");
        }
      }
      taken++;
      return at++;
    }

    ColumnarRows chunk() {
      return chunk;
    }

    /** Row {@code row} of the chunk as row 0 of a batch of one. */
    io.sluice.catalog.data.Batch single(int row) {
      single.reset();
      chunk.gatherRange(row, 1, single, 0);
      single.size = 1;
      return single;
    }

    int taken() {
      return taken;
    }
  }

  private void putInt(int v) {
    room(4);
    StoreReads.putInt(record, recordLength, v);
    recordLength += 4;
  }

  private void put(byte[] bytes, int length) {
    room(length);
    System.arraycopy(bytes, 0, record, recordLength, length);
    recordLength += length;
  }

  private void room(int more) {
    if (recordLength + more > record.length) {
      record = java.util.Arrays.copyOf(record, Math.max(recordLength + more, 2 * record.length));
    }
  }

  /**
   * Writes the state as {@link TopN#writeTo} writes a Top-N without expiry: the partition keys,
   * the count, the sizes, the emitted counts, the rows in partition and rank order, and the release
   * heap (empty in changelog mode; in final-rows mode an entry per partition holding rows, its first
   * row's time, pushed in id order). The cache is written out first.
   */
  void writeTo(DataOutput out) throws IOException {
    writeOut();
    int total = globalIds.count();
    ColumnarRows keyChunk = new ColumnarRows(partitions.keys().types());
    ColumnarRows rowChunk = new ColumnarRows(rowTypes);
    int[] sizes = new int[SNAPSHOT_CHUNK];
    int[] emitted = new int[SNAPSHOT_CHUNK];
    TimeHeap heap = new TimeHeap();
    int timeColumn = topN.timeColumn;
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsWriter keyWriter = new ChunkedRowsWriter(keyChunk.types(), parts);
      ChunkedRowsWriter rowWriter = new ChunkedRowsWriter(rowTypes, parts);
      int sizePart = parts.add();
      int emittedPart = parts.add();
      for (int start = 0; start < total; start += SNAPSHOT_CHUNK) {
        int n = Math.min(SNAPSHOT_CHUNK, total - start);
        keyChunk.clear();
        rowChunk.clear();
        for (int i = 0; i < n; i++) {
          int first = rowChunk.size();
          readRecord(start + i, keyChunk, rowChunk, emitted, i);
          sizes[i] = lastSize;
          if (timeColumn >= 0 && lastSize > 0) {
            heap.push(rowChunk.isNull(timeColumn, first) ? Long.MAX_VALUE : rowChunk.longs(timeColumn)[first],
                start + i);
          }
        }
        keyWriter.append(keyChunk);
        rowWriter.append(rowChunk);
        StateIO.writeElements(parts.part(sizePart), sizes, 0, n);
        StateIO.writeElements(parts.part(emittedPart), emitted, 0, n);
      }
      keyWriter.writeTo(out);
      out.writeInt(total);
      StateIO.writeArrayHeader(out, sizes, total);
      parts.copyTo(sizePart, out);
      StateIO.writeArrayHeader(out, emitted, total);
      parts.copyTo(emittedPart, out);
      rowWriter.writeTo(out);
    }
    heap.writeTo(out);
  }

  /** What it did, for progress and EXPLAIN ANALYZE. */
  String describe() {
    return partitions.size() + " of " + globalIds.count() + " keys in memory, " + writeOuts + " write-outs, "
        + partitionsFound + " keys found on disk, "
        + io.sluice.catalog.ByteSizes.text(store == null ? 0 : store.diskBytes()) + " on disk";
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
