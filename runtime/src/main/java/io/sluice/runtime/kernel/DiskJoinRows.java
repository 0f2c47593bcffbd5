package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The rows of a regular join kept in an on-disk {@link KeyValueStore} ({@code
 * pipeline.state.backend = 'disk'}), with the joiner's heap tables ({@link RegularJoinRows} of both
 * inputs and their {@link KeyTable}) as the cache of the join keys in use. A join key is wholly in
 * the cache or wholly in the store: a key new to the cache brings its rows of both inputs back from
 * the store (and they leave it) before the batch's rows of that key are joined, and once the cache
 * holds more than its share of the memory budget every row in it is written out and it starts
 * empty. So a probe finds, in the cache, every row of its key, and the joiner's logic is the heap's.
 *
 * <p>Store layout, one entry per row and one for the order rows arrived in:
 * <ul>
 *   <li>{@code 'k'}, the join key ({@link GroupKeyCodec}), the input (0 left, 1 right), the row's
 *       place in its input's arrival order (8 bytes) → match count (4 bytes), arrival time (8 bytes),
 *       the row ({@link GroupKeyCodec} over the input's columns): the rows of one key are one range;
 *   <li>{@code 's'}, the input, the place → the row's {@code 'k'} key: a snapshot walks an input's
 *       rows in arrival order, which is the heap backend's order, so either backend writes the same
 *       bytes and a restart may switch backend.
 * </ul>
 *
 * <p>Deltas name the rows of the snapshot before them by rank, their position in the arrival
 * order: {@link LivePlaces} keeps a bit per place of the live rows, so a delta ({@link #writeDelta})
 * costs what changed whether the rows are in the cache or the store.
 */
final class DiskJoinRows implements AutoCloseable {
  private static final byte ROW = 'k';
  private static final byte ORDER = 's';
  /** Bytes of a row entry's value before the row: match count and arrival time. */
  private static final int ROW_HEADER = 12;
  /** Rows a snapshot gathers before it spools them. */
  private static final int SNAPSHOT_CHUNK = 4096;

  private final DiskStateBackend backend;
  private final String name;
  private final long cacheBytes;
  private final KeyTable keyTable;
  private final RegularJoinRows[] inputs;
  private final GroupKeyCodec keyCodec;
  private final GroupKeyCodec[] rowCodecs;
  /** Opened when rows are first written out. */
  private KeyValueStore store;
  /** Whether rows are in the store: then the cache is not the whole state. */
  private boolean spilled;
  /** The most heap bytes the last restore held of the state at a time (a chunk), or 0. */
  private long restorePeakBytes;
  private long storedRows;
  private final StoreReads reads = new StoreReads();
  private final JoinKeyRanges ranges = new JoinKeyRanges();
  /** The join keys with rows in the store (and some that had): a key outside it costs no read. */
  private final WrittenKeyFilter writtenKeys;
  private byte[] key = new byte[64];
  private byte[] value = new byte[64];
  private final byte[] orderKey = new byte[10];
  private long writeOuts;
  private long keysFound;

  DiskJoinRows(DiskStateBackend backend, String name, KeyTable keyTable, RegularJoinRows left, RegularJoinRows right) {
    this.backend = backend;
    this.name = name;
    this.cacheBytes = backend.cacheBytes();
    this.keyTable = keyTable;
    this.inputs = new RegularJoinRows[] {left, right};
    this.keyCodec = new GroupKeyCodec(keyTable.keys().types());
    this.rowCodecs = new GroupKeyCodec[] {new GroupKeyCodec(left.types), new GroupKeyCodec(right.types)};
    this.writtenKeys = new WrittenKeyFilter(cacheBytes);
  }

  /** Whether rows were ever written out: then the cache is not the whole state. */
  boolean spilled() {
    return spilled;
  }

  /** Whether the store was opened: rows went to it (or a restore through it) since the operator started. */
  boolean storeOpened() {
    return store != null;
  }

  /** Rows in the store now. */
  long storedRows() {
    return storedRows;
  }

  /** Heap bytes it takes besides the cache's tables: the filter of keys written out. */
  long heapBytes() {
    return writtenKeys.bytes();
  }

  /** Whether a cache of {@code bytes} is past its share of the budget. */
  boolean full(long bytes) {
    return inputs[0].size() + inputs[1].size() > 0 && bytes > cacheBytes;
  }

  /**
   * Brings back from the store the rows of both inputs of the keys the key table numbered {@code
   * from .. to)} (new to the cache), appending them in arrival order; they leave the store,
   * an entry at a time: a range delete per key (what this did first) left a range tombstone in
   * RocksDB's memtable per key read back, and every iterator opened after fragments them all, so
   * that opening the iterators of q4's reads took 90 % of its time on disk.
   */
  void load(int from, int to) {
    if (!spilled) {
      return;
    }
    ColumnarRows keys = keyTable.keys();
    ranges.clear();
    for (int g = from; g < to; g++) {
      keyCodec.encode(ROW, keys, g);
      if (!writtenKeys.excludes(keyCodec.buffer(), keyCodec.length())) {
        ranges.add(keyCodec.buffer(), keyCodec.length(), hasNull(keys, g) ? -1 : g);
      }
    }
    store.scanEach(ranges.from, ranges.to, ranges.count, (range, entry, row) -> {
      int length = ranges.keyLength[range];
      int input = entry[length];
      long place = StoreReads.getLong(entry, length + 1);
      Batch decoded = rowCodecs[input].decode(row, ROW_HEADER + 1, row.length);
      inputs[input].appendLoaded(decoded, ranges.keyId[range], place, StoreReads.getInt(row, 0),
          StoreReads.getLong(row, 4));
      store.delete(orderKey(input, place), orderKey.length);
      store.delete(entry, entry.length);
      ranges.found[range]++;
    });
    storedRows -= ranges.rowsFound();
    keysFound += ranges.keysFound();
  }

  private static boolean hasNull(ColumnarRows keys, int g) {
    for (int c = 0; c < keys.types().size(); c++) {
      if (keys.isNull(c, g)) {
        return true;
      }
    }
    return false;
  }

  /** Writes every live row of the cache to the store and empties the cache (and the key table). */
  void writeOut() {
    openStore();
    for (int input = 0; input < 2; input++) {
      RegularJoinRows side = inputs[input];
      for (int r = 0; r < side.size(); r++) {
        if (!side.dead[r]) {
          putRow(input, side.rows, r, side.sequence[r], side.matches[r], side.arrived[r]);
        }
      }
      storedRows += side.live;
      side.release();
    }
    keyTable.release();
    writeOuts++;
  }

  private void openStore() {
    if (store == null) {
      store = backend.open(name);
    }
    spilled = true;
  }


  /** Puts stored row {@code r} of {@code rows} (of input {@code input}) into the store: its row entry and its place. */
  private void putRow(int input, ColumnarRows rows, int r, long place, int matchCount, long arrival) {
    keyCodec.encode(ROW, rows, r, inputs[input].keys);
    writtenKeys.written(keyCodec.buffer(), keyCodec.length());
    key = JoinKeyRanges.rowKey(key, keyCodec, input, place);
    int keyLength = keyCodec.length() + JoinKeyRanges.ROW_KEY_SUFFIX;
    GroupKeyCodec codec = rowCodecs[input];
    codec.encode((byte) 0, rows, r);
    int valueLength = ROW_HEADER + codec.length();
    if (value.length < valueLength) {
      value = new byte[Math.max(valueLength, 2 * value.length)];
    }
    StoreReads.putInt(value, 0, matchCount);
    StoreReads.putLong(value, 4, arrival);
    System.arraycopy(codec.buffer(), 0, value, ROW_HEADER, codec.length());
    store.put(key, keyLength, value, valueLength);
    store.put(orderKey(input, place), orderKey.length, key, keyLength);
  }

  /**
   * Replaces the state with one written by {@link RegularJoinRows#writeTo} for both inputs (the
   * heap's snapshot), read a chunk at a time ({@link ChunkedRowsReader}): a state larger than the
   * cache's share goes straight into the store and never all onto the heap; a smaller one into
   * the cache, as the heap backend restores it (the caller then numbers keys and links chains).
   */
  void readFrom(DataInput in) throws IOException {
    if (store == null) {
      store = backend.open(name); // makes the state folder the parts are spooled in
    }
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsReader[] readers = new ChunkedRowsReader[2];
      int[] counts = new int[2];
      int[] matchParts = new int[2];
      int[] arrivalParts = new int[2];
      for (int input = 0; input < 2; input++) {
        RegularJoinRows side = inputs[input];
        if (in.readBoolean() != side.preserved) {
          throw StateIO.corrupt("the rows of an input " + (side.preserved ? "not " : "") + "preserved by an outer"
              + " join");
        }
        readers[input] = new ChunkedRowsReader(side.types, parts);
        counts[input] = readers[input].spoolRows(in);
        matchParts[input] = readers[input].spoolArray(in, new int[0], counts[input], "match counts");
        arrivalParts[input] = readers[input].spoolArray(in, new long[0], counts[input], "arrival times");
      }
      boolean toStore = parts.bytesWritten() > cacheBytes;
      if (toStore) {
        openStore();
      }
      restorePeakBytes = 0;
      for (int input = 0; input < 2; input++) {
        RegularJoinRows side = inputs[input];
        side.release();
        side.places.clear();
        DataInputStream matchCounts = readers[input].reader(matchParts[input]);
        DataInputStream arrivals = readers[input].reader(arrivalParts[input]);
        ColumnarRows chunk = new ColumnarRows(side.types);
        long place = 0;
        for (int n = readers[input].next(chunk); n > 0; n = readers[input].next(chunk)) {
          for (int r = 0; r < n; r++, place++) {
            int matchCount = matchCounts.readInt();
            long arrival = arrivals.readLong();
            if (toStore) {
              putRow(input, chunk, r, place, matchCount, arrival);
              side.places.add(place);
            } else {
              side.appendRestored(chunk, r, place, matchCount, arrival);
            }
          }
        }
        side.nextSequence = place;
        restorePeakBytes = Math.max(restorePeakBytes, readers[input].peakBytes());
      }
      if (toStore) {
        storedRows = (long) counts[0] + counts[1];
      }
    }
  }

  /**
   * Brings every row in the store back into the cache, in arrival order, and empties the store:
   * a delta (written while the whole state was on the heap) is applied to the rows by their rank.
   */
  void readAllBack() {
    if (!spilled) {
      return;
    }
    for (int input = 0; input < 2; input++) {
      RegularJoinRows side = inputs[input];
      byte[] from = {ORDER, (byte) input};
      byte[] to = {ORDER, (byte) (input + 1)};
      int which = input;
      store.scan(from, to, (order, rowKey) -> {
        int length = reads.get(store, rowKey, rowKey.length);
        byte[] row = reads.value();
        side.appendLoaded(rowCodecs[which].decode(row, ROW_HEADER + 1, length), -1, StoreReads.getLong(order, 2),
            StoreReads.getInt(row, 0), StoreReads.getLong(row, 4));
      });
    }
    store.deleteRange(new byte[] {0}, new byte[] {(byte) 0xff});
    writtenKeys.clear();
    storedRows = 0;
    spilled = false;
  }

  /** The most heap bytes the last restore held of the state at a time: a chunk of rows. */
  long restorePeakBytes() {
    return restorePeakBytes;
  }

  private byte[] orderKey(int input, long place) {
    orderKey[0] = ORDER;
    orderKey[1] = (byte) input;
    StoreReads.putLong(orderKey, 2, place);
    return orderKey;
  }

  /**
   * Writes input {@code input}'s rows as {@link RegularJoinRows#writeTo} writes them on the heap:
   * the rows of the store and of the cache (which must hold no dead row) merged in arrival order,
   * read from the store and spooled under the state folder {@link #SNAPSHOT_CHUNK} rows at a time.
   */
  void writeInput(DataOutput out, int input) throws IOException {
    out.writeBoolean(inputs[input].preserved);
    writeRowsFrom(out, input, 0, cachedInPlaceOrder(inputs[input]));
  }

  /**
   * Writes input {@code input}'s changes since {@link RegularJoinRows#markDeltaBase} as {@link
   * RegularJoinRows#writeDelta} writes them on the heap: the ranks of the base's rows removed (from
   * the {@link LivePlaces} bits), the ranks and match counts of the base's rows re-counted (from
   * the cache, or the store for a row written out since), then the rows added since that are still
   * live, in arrival order (the cache's and the store's {@code 's'} entries from the base's end on).
   * What it reads is what changed: no row of the base that stayed as it was.
   */
  void writeDelta(DataOutput out, int input) throws IOException {
    RegularJoinRows side = inputs[input];
    LivePlaces places = side.places;
    out.writeBoolean(side.preserved);
    out.writeInt(places.baseLive());
    int[] removed = places.removedRanks();
    StateIO.writeArray(out, removed, removed.length);
    int[] cached = cachedInPlaceOrder(side);
    long[] changed = places.changedPlaces();
    int[] ranks = new int[changed.length];
    int[] counts = new int[changed.length];
    for (int i = 0; i < changed.length; i++) {
      ranks[i] = places.rank(changed[i]);
      counts[i] = matchCount(input, cached, changed[i]);
    }
    StateIO.writeArray(out, ranks, ranks.length);
    StateIO.writeArray(out, counts, counts.length);
    writeRowsFrom(out, input, places.baseEnd(), cached);
  }

  /** The live rows of the cache, in arrival order. */
  private static int[] cachedInPlaceOrder(RegularJoinRows side) {
    int[] cached = new int[side.live];
    int n = 0;
    for (int r = 0; r < side.size(); r++) {
      if (!side.dead[r]) {
        cached[n++] = r;
      }
    }
    long[] sequence = side.sequence;
    IntSorter.sort(cached, 0, n, (a, b) -> Long.compare(sequence[a], sequence[b]));
    return cached;
  }

  /** The match count of input {@code input}'s live row at place {@code place}: in the cache ({@code cached}, by place) or the store. */
  private int matchCount(int input, int[] cached, long place) {
    RegularJoinRows side = inputs[input];
    int low = 0;
    int high = cached.length - 1;
    while (low <= high) {
      int middle = (low + high) >>> 1;
      long at = side.sequence[cached[middle]];
      if (at == place) {
        return side.matches[cached[middle]];
      } else if (at < place) {
        low = middle + 1;
      } else {
        high = middle - 1;
      }
    }
    int keyLength = store == null ? -1 : reads.get(store, orderKey(input, place), orderKey.length);
    if (keyLength < 0) {
      throw new IllegalStateException("row " + place + " missing from the cache and the state store of " + name);
    }
    if (key.length < keyLength) {
      key = new byte[keyLength];
    }
    System.arraycopy(reads.value(), 0, key, 0, keyLength);
    if (reads.get(store, key, keyLength) < 0) {
      throw new IllegalStateException("row " + place + " missing from the state store of " + name);
    }
    return StoreReads.getInt(reads.value(), 0);
  }

  /**
   * Writes input {@code input}'s live rows from place {@code from} on, the store's and the cache's
   * ({@code cached}, by place) merged in arrival order, as {@link ColumnarRows#writeTo} with their
   * match counts and arrival times, spooled under the state folder {@link #SNAPSHOT_CHUNK} rows at
   * a time.
   */
  private void writeRowsFrom(DataOutput out, int input, long from, int[] cached) throws IOException {
    RegularJoinRows side = inputs[input];
    long[] sequence = side.sequence;
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      SnapshotChunks chunks = new SnapshotChunks(side, parts);
      int[] next = {0};
      while (next[0] < cached.length && sequence[cached[next[0]]] < from) {
        next[0]++;
      }
      if (store != null) {
        byte[] start = Arrays.copyOf(orderKey(input, from), orderKey.length);
        byte[] to = {ORDER, (byte) (input + 1)};
        store.scan(start, to, (order, rowKey) -> {
          long place = StoreReads.getLong(order, 2);
          for (; next[0] < cached.length && sequence[cached[next[0]]] < place; next[0]++) {
            chunks.addCached(cached[next[0]]);
          }
          int length = reads.get(store, rowKey, rowKey.length);
          if (length < 0) {
            throw new IllegalStateException("row " + place + " missing from the state store of " + name);
          }
          byte[] row = reads.value();
          chunks.addStored(rowCodecs[input].decode(row, ROW_HEADER + 1, length), StoreReads.getInt(row, 0),
              StoreReads.getLong(row, 4));
        });
      }
      for (; next[0] < cached.length; next[0]++) {
        chunks.addCached(cached[next[0]]);
      }
      chunks.writeTo(out);
    }
  }

  /** Rows gathered a chunk at a time with their match counts and arrival times, spooled, then written in the heap's format. */
  private static final class SnapshotChunks {
    private final RegularJoinRows side;
    private final SpooledParts parts;
    private final ColumnarRows chunk;
    private final ChunkedRowsWriter writer;
    private final int matchesPart;
    private final int arrivalsPart;
    private final int[] matches = new int[SNAPSHOT_CHUNK];
    private final long[] arrivals = new long[SNAPSHOT_CHUNK];
    private int rows;

    SnapshotChunks(RegularJoinRows side, SpooledParts parts) {
      this.side = side;
      this.parts = parts;
      this.chunk = new ColumnarRows(side.types);
      try {
        this.writer = new ChunkedRowsWriter(side.types, parts);
        this.matchesPart = parts.add();
        this.arrivalsPart = parts.add();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }

    void addCached(int r) {
      add(side.matches[r], side.arrived[r]);
      chunk.appendStoredRow(side.rows, r);
      spoolIfFull();
    }

    void addStored(Batch row, int matchCount, long arrival) {
      add(matchCount, arrival);
      chunk.appendRow(row, null, 0);
      spoolIfFull();
    }

    private void add(int matchCount, long arrival) {
      matches[chunk.size()] = matchCount;
      arrivals[chunk.size()] = arrival;
    }

    private void spoolIfFull() {
      if (chunk.size() == SNAPSHOT_CHUNK) {
        try {
          spool();
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }
    }

    private void spool() throws IOException {
      int n = chunk.size();
      writer.append(chunk);
      StateIO.writeElements(parts.part(matchesPart), matches, 0, n);
      StateIO.writeElements(parts.part(arrivalsPart), arrivals, 0, n);
      rows += n;
      chunk.clear();
    }

    void writeTo(DataOutput out) throws IOException {
      spool();
      writer.writeTo(out);
      StateIO.writeArrayHeader(out, matches, rows);
      parts.copyTo(matchesPart, out);
      StateIO.writeArrayHeader(out, arrivals, rows);
      parts.copyTo(arrivalsPart, out);
    }
  }

  /** What it did, for progress and EXPLAIN ANALYZE. */
  String describe() {
    long cached = (long) inputs[0].live + inputs[1].live;
    return cached + " of " + (cached + storedRows) + " rows in memory, " + writeOuts + " write-outs, " + keysFound
        + " keys read back, " + writtenKeys.skipped() + " reads skipped, " + io.sluice.catalog.ByteSizes.text(store == null ? 0 : store.diskBytes()) + " on disk";
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
    }
  }
}
