package io.sluice.runtime.kernel;

import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.Saturated;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.backend.DiskStateBackend;
import io.sluice.runtime.state.backend.KeyValueStore;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * The rows of an interval join (or a window join) kept in an on-disk {@link KeyValueStore}
 * ({@code pipeline.state.backend = 'disk'}), with the joiner's heap tables ({@link
 * IntervalJoinState} of both inputs and their {@link KeyTable}) as the cache of the join keys in
 * use, as {@link DiskJoinRows} does for a regular join. A join key is wholly in the cache or wholly
 * in the store: a key new to the cache brings its rows of both inputs back (and they leave the
 * store) before the batch's rows of that key are staged, and once the cache holds more than its
 * share of the memory budget every live row in it is written out and it starts empty. So a probe
 * finds, in the cache, every row of its key, and pairing is the heap's code.
 *
 * <p>Store layout, one entry per row and one for the order the watermark releases rows in:
 * <ul>
 *   <li>{@code 'k'}, the join key ({@link GroupKeyCodec}), the input (0 left, 1 right), the row's
 *       place (8 bytes, a number given as it is written) → matched flag (1 byte), release time (8
 *       bytes), the row ({@link GroupKeyCodec} over the input's columns): the rows of one key are one range;
 *   <li>{@code 't'}, the input, the release time (sign flipped, big-endian), the place → the row's
 *       {@code 'k'} key: the rows the watermark releases are the front of the input's range.
 * </ul>
 *
 * <p>The watermark releases rows of the store as the heap releases rows of the cache: an input
 * whose released rows emit nothing (an inner join's, not a window join's) drops them (a scan of
 * the front of its {@code 't'} range and a range delete); otherwise the keys of the rows due are
 * read back into the cache first, where the heap's release pads the unmatched ones with NULLs, or
 * pairs a closing window's rows.
 *
 * <p>Snapshots have the heap's format (the cache's rows, then the store's), so a restart may switch
 * backend. While rows are in the store, or were since the last checkpoint, the joiner writes full
 * snapshots, not deltas: the ranks a delta names are positions in a snapshot, which the cache alone
 * does not know.
 */
final class DiskIntervalRows implements AutoCloseable {
  private static final byte ROW = 'k';
  private static final byte TIME = 't';
  /** Bytes of a row entry's value before the row: its matched flag and its release time. */
  private static final int ROW_HEADER = 9;
  /** Bytes of a {@code 't'} key. */
  private static final int TIME_KEY = 18;
  /** Rows a snapshot gathers before it spools them. */
  private static final int SNAPSHOT_CHUNK = 4096;

  private final DiskStateBackend backend;
  private final String name;
  private final long cacheBytes;
  private final KeyTable keyTable;
  private final IntervalJoinState[] inputs;
  private final GroupKeyCodec keyCodec;
  private final GroupKeyCodec[] rowCodecs;
  /** The columns of a decoded key, all of them: a key read from the store is looked up with these. */
  private final int[] keyColumns;
  /** Opened when rows are first written out (or a restore spools its snapshot). */
  private KeyValueStore store;
  private final long[] storedRows = new long[2];
  /** Rows of a preserved input in the store that never matched: output that waits on the watermark. */
  private final long[] storedUnmatched = new long[2];
  /** The smallest release time in the store per input ({@link Long#MAX_VALUE}: none); valid when {@link #nextKnown}. */
  private final long[] nextTime = {Long.MAX_VALUE, Long.MAX_VALUE};
  private final boolean[] nextKnown = {true, true};
  private long nextPlace;
  /** Whether rows were in the store at the last delta base or went there since: no delta then. */
  private boolean deltaBlocked;
  private long restorePeakBytes;
  private byte[] key = new byte[64];
  private byte[] value = new byte[64];
  private final byte[] timeKey = new byte[TIME_KEY];
  /** The join keys with rows in the store (and some that had): a key outside it costs no read. */
  private final WrittenKeyFilter writtenKeys;
  private final JoinKeyRanges ranges = new JoinKeyRanges();
  private long writeOuts;
  private long keysRead;
  private long rowsDropped;

  DiskIntervalRows(DiskStateBackend backend, String name, KeyTable keyTable, IntervalJoinState left,
      IntervalJoinState right) {
    this.backend = backend;
    this.name = name;
    this.cacheBytes = backend.cacheBytes();
    this.keyTable = keyTable;
    this.inputs = new IntervalJoinState[] {left, right};
    this.keyCodec = new GroupKeyCodec(keyTable.keys().types());
    this.rowCodecs = new GroupKeyCodec[] {new GroupKeyCodec(left.types), new GroupKeyCodec(right.types)};
    this.writtenKeys = new WrittenKeyFilter(cacheBytes);
    this.keyColumns = new int[keyTable.keys().types().size()];
    for (int c = 0; c < keyColumns.length; c++) {
      keyColumns[c] = c;
    }
  }

  /** Whether rows are in the store now: then the cache is not the whole state. */
  boolean spilled() {
    return storedRows[0] + storedRows[1] > 0;
  }

  /** Rows in the store now. */
  long storedRows() {
    return storedRows[0] + storedRows[1];
  }

  /** Whether unmatched rows of a preserved input wait in the store ({@code leftToo} false: the left's do not count). */
  boolean unmatchedStored(boolean leftToo) {
    return leftToo && storedUnmatched[0] > 0 || storedUnmatched[1] > 0;
  }

  /** Heap bytes it takes besides the cache's tables: the filter of keys written out. */
  long heapBytes() {
    return writtenKeys.bytes();
  }

  /** Whether a cache of {@code bytes} is past its share of the budget (and holds rows to write out). */
  boolean full(long bytes) {
    return inputs[0].live + inputs[1].live > 0 && bytes > cacheBytes;
  }

  /** Makes the state as it is the base of the next delta: none can be taken while rows are in the store. */
  void markDeltaBase() {
    deltaBlocked = spilled();
  }

  /** Whether a delta can describe the changes since the last base: no row went to or came from the store since. */
  boolean deltaReady() {
    return !deltaBlocked;
  }

  /**
   * Brings back from the store the rows of both inputs of the keys the key table numbered {@code
   * from .. to)} (new to the cache) and links them; they leave the store,
   * an entry at a time: a range delete per key (what this did first) left a range tombstone in
   * RocksDB's memtable per key read back, and every iterator opened after fragments them all, so
   * that opening the iterators of q4's reads took 90 % of its time on disk. The cache holds no
   * staged rows then: the rows read back are older than any the batch brings.
   */
  void load(int from, int to) {
    if (!spilled() || from >= to) {
      return;
    }
    if (inputs[0].staged() + inputs[1].staged() > 0) {
      throw new IllegalStateException("rows are read back between the joins of a batch, not with staged rows");
    }
    ColumnarRows keys = keyTable.keys();
    boolean[] touched = new boolean[2];
    ranges.clear();
    for (int g = from; g < to; g++) {
      keyCodec.encode(ROW, keys, g);
      if (!writtenKeys.excludes(keyCodec.buffer(), keyCodec.length())) {
        ranges.add(keyCodec.buffer(), keyCodec.length(), g);
      }
    }
    store.scanEach(ranges.from, ranges.to, ranges.count, (range, entry, row) -> {
      int input = entry[ranges.keyLength[range]];
      long place = StoreReads.getLong(entry, ranges.keyLength[range] + 1);
      boolean matched = row[0] != 0;
      long time = StoreReads.getLong(row, 1);
      IntervalJoinState side = inputs[input];
      side.appendLoaded(rowCodecs[input].decode(row, ROW_HEADER + 1, row.length), ranges.keyId[range], matched);
      store.delete(timeKey(input, time, place), TIME_KEY);
      store.delete(entry, entry.length);
      storedRows[input]--;
      if (side.preserved && !matched) {
        storedUnmatched[input]--;
      }
      touched[input] = true;
      ranges.found[range]++;
    });
    keysRead += ranges.keysFound();
    for (int input = 0; input < 2; input++) {
      if (touched[input]) {
        inputs[input].reserve(to);
        inputs[input].link();
        nextKnown[input] = false;
      }
    }
    deltaBlocked = true;
  }

  /**
   * Releases the rows of the store that no row after a batch with watermark {@code watermark} can
   * match (every row at {@link Long#MAX_VALUE}): dropped where releasing emits nothing, otherwise
   * their keys read back into the cache, whose release the caller runs next.
   *
   * @param pairWhenReleased a window join, which pairs rows as they are released
   */
  void release(long watermark, boolean pairWhenReleased) {
    if (!spilled()) {
      return;
    }
    int known = keyTable.size();
    for (int input = 0; input < 2; input++) {
      IntervalJoinState side = inputs[input];
      if (storedRows[input] == 0) {
        continue;
      }
      boolean all = watermark == Long.MAX_VALUE;
      long before = Saturated.add(Saturated.subtract(watermark, side.release), 1);
      if (!all && nextTime(input) >= before) {
        continue;
      }
      byte[] from = {TIME, (byte) input};
      // every place of an earlier time, none of this one
      byte[] to = all ? new byte[] {TIME, (byte) (input + 1)} : Arrays.copyOf(timeKey(input, before, 0), 10);
      if (side.preserved || pairWhenReleased) {
        store.scan(from, to, (order, rowKey) -> keyTable.groupIdsFor(
            keyCodec.decode(rowKey, 1, rowKey.length - 9), keyColumns));
      } else {
        int which = input;
        store.scan(from, to, (order, rowKey) -> {
          store.delete(rowKey, rowKey.length);
          storedRows[which]--;
          rowsDropped++;
        });
        store.deleteRange(from, to);
        nextKnown[input] = false;
      }
    }
    load(known, keyTable.size());
  }

  /** The smallest release time of a row of input {@code input} in the store, or {@link Long#MAX_VALUE}. */
  long nextTime(int input) {
    if (!nextKnown[input]) {
      long[] time = {Long.MAX_VALUE};
      if (storedRows[input] > 0) {
        store.first(new byte[] {TIME, (byte) input}, new byte[] {TIME, (byte) (input + 1)},
            (order, rowKey) -> time[0] = StoreReads.getLong(order, 2) ^ Long.MIN_VALUE);
      }
      nextTime[input] = time[0];
      nextKnown[input] = true;
    }
    return nextTime[input];
  }

  /** Writes every live row of the cache to the store and empties the cache (and the key table). */
  void writeOut() {
    openStore();
    for (int input = 0; input < 2; input++) {
      IntervalJoinState side = inputs[input];
      long[] times = side.releaseTimes();
      for (int r = 0; r < side.linked; r++) {
        if (!side.dead[r]) {
          putRow(input, side.rows, r, side.preserved && side.matched[r], times[r]);
        }
      }
      storedRows[input] += side.live;
      if (side.preserved) {
        storedUnmatched[input] += side.pending;
      }
      side.releaseMemory();
    }
    keyTable.release();
    deltaBlocked = true;
    writeOuts++;
  }

  private void openStore() {
    if (store == null) {
      store = backend.open(name);
    }
  }

  /** Puts stored row {@code r} of {@code rows} (of input {@code input}) into the store: its row entry and its release entry. */
  private void putRow(int input, ColumnarRows rows, int r, boolean matched, long time) {
    long place = nextPlace++;
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
    value[0] = (byte) (matched ? 1 : 0);
    StoreReads.putLong(value, 1, time);
    System.arraycopy(codec.buffer(), 0, value, ROW_HEADER, codec.length());
    store.put(key, keyLength, value, valueLength);
    store.put(timeKey(input, time, place), TIME_KEY, key, keyLength);
    if (nextKnown[input]) {
      nextTime[input] = Math.min(nextTime[input], time);
    }
  }

  private byte[] timeKey(int input, long time, long place) {
    timeKey[0] = TIME;
    timeKey[1] = (byte) input;
    StoreReads.putLong(timeKey, 2, time ^ Long.MIN_VALUE);
    StoreReads.putLong(timeKey, 10, place);
    return timeKey;
  }

  /**
   * Replaces the state with one in the heap's snapshot format ({@link IntervalJoinState#writeTo} of
   * both inputs), read a chunk at a time ({@link ChunkedRowsReader}): a state larger than the
   * cache's share goes straight into the store and never all onto the heap; a smaller one into the
   * cache, as the heap backend restores it (the caller then numbers keys and links chains).
   */
  void readFrom(DataInput in) throws IOException {
    openStore(); // makes the state folder the parts are spooled in
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      ChunkedRowsReader[] readers = new ChunkedRowsReader[2];
      int[] matchedParts = new int[2];
      for (int input = 0; input < 2; input++) {
        IntervalJoinState side = inputs[input];
        if (in.readBoolean() != side.preserved) {
          throw StateIO.corrupt("the rows of an input " + (side.preserved ? "not " : "") + "preserved by an outer join");
        }
        readers[input] = new ChunkedRowsReader(side.types, parts);
        int count = readers[input].spoolRows(in);
        matchedParts[input] = readers[input].spoolArray(in, new boolean[0], count, "matched flags");
      }
      clearStore();
      boolean toStore = parts.bytesWritten() > cacheBytes;
      restorePeakBytes = 0;
      for (int input = 0; input < 2; input++) {
        IntervalJoinState side = inputs[input];
        side.releaseMemory();
        DataInputStream flags = readers[input].reader(matchedParts[input]);
        ColumnarRows chunk = new ColumnarRows(side.types);
        for (int n = readers[input].next(chunk); n > 0; n = readers[input].next(chunk)) {
          long[] times = chunk.longs(side.releaseColumn);
          for (int r = 0; r < n; r++) {
            boolean matched = flags.readBoolean();
            if (!toStore) {
              side.appendRestored(chunk, r, matched);
              continue;
            }
            putRow(input, chunk, r, matched, times[r]);
            storedRows[input]++;
            if (side.preserved && !matched) {
              storedUnmatched[input]++;
            }
          }
        }
        restorePeakBytes = Math.max(restorePeakBytes, readers[input].peakBytes());
      }
      deltaBlocked = true;
    }
  }

  private void clearStore() {
    if (spilled()) {
      store.deleteRange(new byte[] {0}, new byte[] {(byte) 0xff});
    }
    writtenKeys.clear();
    Arrays.fill(storedRows, 0);
    Arrays.fill(storedUnmatched, 0);
    Arrays.fill(nextTime, Long.MAX_VALUE);
    Arrays.fill(nextKnown, true);
    nextPlace = 0;
  }

  /**
   * Brings every row in the store back into the cache, in the order they were written (a restore
   * writes a snapshot's rows in its order), and empties the store: a delta (written while the
   * whole state was on the heap) names the rows of the snapshot before it by rank.
   */
  void readAllBack() {
    if (!spilled()) {
      return;
    }
    for (int input = 0; input < 2; input++) {
      IntervalJoinState side = inputs[input];
      if (side.size() > 0) {
        throw new IllegalStateException("a delta applies to a restored state, not to " + side.size() + " cached rows");
      }
      ColumnarRows read = new ColumnarRows(side.types);
      long[] places = new long[(int) storedRows[input]];
      boolean[] matched = new boolean[places.length];
      int which = input;
      store.scan(new byte[] {ROW}, new byte[] {ROW + 1}, (entry, row) -> {
        if (entry[entry.length - 9] != which) {
          return;
        }
        places[read.size()] = StoreReads.getLong(entry, entry.length - 8);
        matched[read.size()] = row[0] != 0;
        read.appendRow(rowCodecs[which].decode(row, ROW_HEADER + 1, row.length), null, 0);
      });
      int[] order = new int[read.size()];
      for (int i = 0; i < order.length; i++) {
        order[i] = i;
      }
      IntSorter.sort(order, 0, order.length, (a, b) -> Long.compare(places[a], places[b]));
      side.releaseMemory();
      for (int i : order) {
        side.appendRestored(read, i, matched[i]);
      }
    }
    clearStore();
  }

  /** The most heap bytes the last restore held of the state at a time: a chunk of rows. */
  long restorePeakBytes() {
    return restorePeakBytes;
  }

  /**
   * Writes both inputs' rows as {@link IntervalJoinState#writeTo} writes them on the heap: the
   * cache's live rows, then the store's (in key order), spooled under the state folder {@link
   * #SNAPSHOT_CHUNK} rows at a time.
   */
  void writeTo(DataOutput out) throws IOException {
    try (SpooledParts parts = new SpooledParts(backend.folder())) {
      SnapshotChunks[] chunks = {new SnapshotChunks(inputs[0], parts), new SnapshotChunks(inputs[1], parts)};
      for (int input = 0; input < 2; input++) {
        IntervalJoinState side = inputs[input];
        for (int r = 0; r < side.linked; r++) {
          if (!side.dead[r]) {
            chunks[input].addCached(r);
          }
        }
      }
      store.scan(new byte[] {ROW}, new byte[] {ROW + 1}, (entry, row) -> {
        int input = entry[entry.length - 9];
        chunks[input].addStored(rowCodecs[input].decode(row, ROW_HEADER + 1, row.length), row[0] != 0);
      });
      chunks[0].writeTo(out);
      chunks[1].writeTo(out);
    }
  }

  /** Rows gathered a chunk at a time with their matched flags, spooled, then written in the heap's format. */
  private static final class SnapshotChunks {
    private final IntervalJoinState side;
    private final SpooledParts parts;
    private final ColumnarRows chunk;
    private final ChunkedRowsWriter writer;
    private final int matchedPart;
    private final boolean[] matched = new boolean[SNAPSHOT_CHUNK];
    private int rows;

    SnapshotChunks(IntervalJoinState side, SpooledParts parts) throws IOException {
      this.side = side;
      this.parts = parts;
      this.chunk = new ColumnarRows(side.types);
      this.writer = new ChunkedRowsWriter(side.types, parts);
      this.matchedPart = parts.add();
    }

    void addCached(int r) {
      matched[chunk.size()] = side.preserved && side.matched[r]; // unset unless preserved, as the heap writes them
      chunk.appendStoredRow(side.rows, r);
      spoolIfFull();
    }

    void addStored(Batch row, boolean matchedFlag) {
      matched[chunk.size()] = matchedFlag;
      chunk.appendRow(row, null, 0);
      spoolIfFull();
    }

    private void spoolIfFull() {
      if (chunk.size() == SNAPSHOT_CHUNK) {
        try {
          spool();
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }

    private void spool() throws IOException {
      int n = chunk.size();
      writer.append(chunk);
      StateIO.writeElements(parts.part(matchedPart), matched, 0, n);
      rows += n;
      chunk.clear();
    }

    void writeTo(DataOutput out) throws IOException {
      spool();
      out.writeBoolean(side.preserved);
      writer.writeTo(out);
      StateIO.writeArrayHeader(out, matched, rows);
      parts.copyTo(matchedPart, out);
    }
  }

  /** What it did, for progress and EXPLAIN ANALYZE. */
  String describe() {
    long cached = (long) inputs[0].live + inputs[1].live;
    return cached + " of " + (cached + storedRows()) + " rows in memory, " + writeOuts + " write-outs, " + keysRead
        + " keys read back, " + writtenKeys.skipped() + " reads skipped, " + rowsDropped + " rows released on disk, "
        + io.sluice.catalog.ByteSizes.text(store == null ? 0 : store.diskBytes()) + " on disk";
  }

  @Override
  public void close() {
    if (store != null) {
      store.close();
      store = null;
    }
  }
}
