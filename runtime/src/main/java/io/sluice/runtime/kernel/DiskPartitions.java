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
 * The partitions of a changelog {@link TopN} (Top-N and deduplication) kept in an on-disk {@link
 * KeyValueStore} ({@code pipeline.state.backend = 'disk'}), with the Top-N's own tables on the heap
 * as the cache of the partitions in use. A partition new to the cache is looked up in the store
 * once anything was written out, and its rows come back before the batch's rows of it go in; at
 * the end of a batch, once the cache holds more than its share of the memory budget, every
 * partition in it is written out and it starts empty.
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

  /** Whether a cache of {@code bytes} is past its share of the budget. */
  boolean full(long bytes) {
    return partitions.size() > 0 && bytes > cacheBytes;
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

  /** Writes every partition of the cache to the store and empties the cache; between batches only. */
  void writeOut() {
    if (store == null) {
      store = backend.open(name);
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
    topN.releaseCache();
    writeOuts++;
  }

  /** Starts the record of a partition whose key {@link #keyCodec} holds: its key, emitted count and size. */
  private void startRecord(int emitted, int size) {
    recordLength = 0;
    putInt(keyCodec.length());
    put(keyCodec.buffer(), keyCodec.length());
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
   * Replaces the state with a snapshot in {@link TopN#writeTo}'s format (a changelog Top-N without
   * expiry: no release heap), read a chunk at a time ({@link ChunkedRowsReader}): its key columns,
   * sizes, emitted counts and rows are spooled under the state folder first; partitions taking more
   * than {@code heapShare} bytes then go straight into the store, so the heap holds a chunk, not the
   * state; fewer fill the cache, as the heap's restore does.
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
      StateIO.expect(in, 0, "a release heap in a changelog Top-N");
      StateIO.readLongs(in, 0, "heap times");
      StateIO.readInts(in, 0, "heap partitions");
      boolean intoStore = parts.bytesWritten() > heapShare;
      topN.releaseCache();
      storedRows = 0;
      storedHeld = 0;
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
      }
      restorePeakBytes = Math.max(keyReader.peakBytes(), rowReader.peakBytes()) + (intoStore ? 0 : topN.estimatedBytes());
    }
  }

  long cacheBytes() {
    return cacheBytes;
  }

  /**
   * Brings every partition back into the cache, for a delta to apply to (the heap backend writes
   * deltas; this backend writes none while partitions are on disk): the state is written to a file
   * in the state folder and read back whole, the heap holding all of it as the heap backend's would.
   */
  void readAllBack() throws IOException {
    java.nio.file.Path file = java.nio.file.Files.createTempFile(backend.folder(), "topn-", ".state");
    try {
      try (java.io.DataOutputStream out = new java.io.DataOutputStream(
          new java.io.BufferedOutputStream(java.nio.file.Files.newOutputStream(file)))) {
        writeTo(out);
      }
      store.deleteRange(new byte[] {0}, new byte[] {(byte) 0xff});
      globalIds.identity(0);
      try (java.io.DataInputStream in = new java.io.DataInputStream(
          new java.io.BufferedInputStream(java.nio.file.Files.newInputStream(file)))) {
        readFrom(in, Long.MAX_VALUE);
      }
    } finally {
      java.nio.file.Files.deleteIfExists(file);
    }
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
   * Writes the state as {@link TopN#writeTo} writes a changelog Top-N without expiry: the partition
   * keys, the count, the sizes, the emitted counts, the rows in partition and rank order, and an
   * empty release heap. The cache is written out first.
   */
  void writeTo(DataOutput out) throws IOException {
    writeOut();
    int total = globalIds.count();
    ColumnarRows keyChunk = new ColumnarRows(partitions.keys().types());
    ColumnarRows rowChunk = new ColumnarRows(rowTypes);
    int[] sizes = new int[SNAPSHOT_CHUNK];
    int[] emitted = new int[SNAPSHOT_CHUNK];
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
          int length = reads.get(store, reads.idKey(ID, start + i), StoreReads.ID_KEY_LENGTH);
          if (length < 0) {
            throw new IllegalStateException("partition " + (start + i) + " missing from the state store of " + name);
          }
          byte[] value = reads.value();
          int keyLength = StoreReads.getInt(value, 0);
          keyChunk.append(keyCodec.decode(value, 5, 4 + keyLength));
          int at = 4 + keyLength;
          emitted[i] = StoreReads.getInt(value, at);
          sizes[i] = StoreReads.getInt(value, at + 4);
          at += 8;
          for (int r = 0; r < sizes[i]; r++) {
            int rowLength = StoreReads.getInt(value, at);
            rowChunk.append(rowCodec.decode(value, at + 5, at + 4 + rowLength));
            at += 4 + rowLength;
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
    new TimeHeap().writeTo(out);
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
