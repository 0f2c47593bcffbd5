package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;
import java.util.List;

/**
 * The rows one input of a regular (unbounded) join keeps: stored columnar, chained by join key
 * (newest first) so that a probe walks the rows of its key, each with the number of live rows of
 * the other input it matches (what decides an outer join's NULL-padded row and a semi or anti
 * join's output) and the batch time it arrived (for the state time-to-live).
 *
 * <p>A row taken back by a retraction, or expired, is marked dead and skipped; dead rows are
 * dropped for good when {@link RegularJoiner} compacts the state. A row whose key has a NULL has
 * key id -1: it is stored (a retraction may take it back) but in no chain, so it matches nothing.
 */
final class RegularJoinRows {
  final List<DataType> types;
  final int[] keys;
  /** Whether this input's rows without a match are emitted padded with NULLs (outer join). */
  final boolean preserved;

  ColumnarRows rows;
  int[] keyId = new int[16];
  int[] next = new int[16];
  int[] matches = new int[16];
  long[] arrived = new long[16];
  boolean[] dead = new boolean[16];
  /** Newest row of each key id, or -1. */
  int[] head = new int[0];
  /**
   * With the disk backend ({@link #trackSequence}): per row, its place in the order rows arrived,
   * which a snapshot writes them in however the rows moved between the cache and the store; null
   * on the heap, where that order is the rows' own.
   */
  long[] sequence;
  /** The sequence number of the next row to arrive. */
  long nextSequence;
  /** With the disk backend: the sequence numbers of the live rows, wherever they are, for deltas; null on the heap. */
  LivePlaces places;
  /** Rows not dead. */
  int live;
  /** Changelog checkpoints: the rows removed, re-counted and added since the last one. */
  private final RowChanges changes = new RowChanges();

  RegularJoinRows(List<DataType> types, int[] keys, boolean preserved) {
    this.types = List.copyOf(types);
    this.keys = keys.clone();
    this.preserved = preserved;
    this.rows = new ColumnarRows(types);
  }

  int size() {
    return rows.size();
  }

  /** Numbers rows in the order they arrive ({@link #sequence}), for a state kept partly on disk. */
  void trackSequence() {
    sequence = new long[keyId.length];
    places = new LivePlaces();
    for (int r = 0; r < rows.size(); r++) {
      sequence[r] = r;
      places.add(r);
    }
    nextSequence = rows.size();
  }

  int dead() {
    return rows.size() - live;
  }

  /** Appends physical row {@code row} of {@code batch} under key id {@code key} (-1: none); returns its index. */
  int append(Batch batch, int row, int key, long time) {
    int at = rows.size();
    rows.appendRow(batch, null, row);
    reserveRows(at + 1);
    keyId[at] = key;
    matches[at] = 0;
    arrived[at] = time;
    dead[at] = false;
    if (sequence != null) {
      places.add(nextSequence);
      sequence[at] = nextSequence++;
    }
    changes.appended(at, at + 1);
    link(at, key);
    live++;
    return at;
  }

  /**
   * Appends row 0 of {@code row}, read back from the disk store with its key id (-1: none), place
   * in the arrival order, match count and arrival time. The caller appends a key's rows in the
   * order they arrived, before any new row of that key, so its chain is newest first as on the heap.
   */
  void appendLoaded(Batch row, int key, long arrivedAs, int matchCount, long time) {
    int at = rows.size();
    rows.appendRow(row, null, 0);
    reserveRows(at + 1);
    keyId[at] = key;
    matches[at] = matchCount;
    arrived[at] = time;
    dead[at] = false;
    sequence[at] = arrivedAs;
    changes.appended(at, at + 1);
    link(at, key);
    live++;
  }

  /** Appends row {@code r} of {@code from}, restored at place {@code place} of the arrival order; the caller relinks. */
  void appendRestored(ColumnarRows from, int r, long place, int matchCount, long time) {
    int at = rows.size();
    rows.appendStoredRow(from, r);
    reserveRows(at + 1);
    matches[at] = matchCount;
    arrived[at] = time;
    dead[at] = false;
    sequence[at] = place;
    places.add(place);
    live++;
  }

  private void link(int at, int key) {
    if (key >= 0) {
      reserveKeys(key + 1);
      next[at] = head[key];
      head[key] = at;
    } else {
      next[at] = -1;
    }
  }

  /** The newest live row of key id {@code key} equal to physical row {@code row} of {@code batch}, or -1. */
  int findLive(Batch batch, int row, int key) {
    if (key >= 0) {
      for (int r = key < head.length ? head[key] : -1; r >= 0; r = next[r]) {
        if (!dead[r] && rows.rowEquals(r, batch, row)) {
          return r;
        }
      }
      return -1;
    }
    for (int r = rows.size() - 1; r >= 0; r--) { // rows with a NULL key are in no chain: rare, searched in full
      if (!dead[r] && keyId[r] < 0 && rows.rowEquals(r, batch, row)) {
        return r;
      }
    }
    return -1;
  }

  void kill(int row) {
    dead[row] = true;
    live--;
    changes.removed(row);
    if (places != null) {
      places.remove(sequence[row]);
    }
  }

  /** Row {@code row}'s match count is about to change. */
  void matchesChanged(int row) {
    changes.changed(row, rows.size());
    if (places != null) {
      places.changed(sequence[row]);
    }
  }

  void reserveRows(int count) {
    if (keyId.length < count) {
      int capacity = Math.max(count, keyId.length + (keyId.length >> 1));
      keyId = Arrays.copyOf(keyId, capacity);
      next = Arrays.copyOf(next, capacity);
      matches = Arrays.copyOf(matches, capacity);
      arrived = Arrays.copyOf(arrived, capacity);
      dead = Arrays.copyOf(dead, capacity);
      if (sequence != null) {
        sequence = Arrays.copyOf(sequence, capacity);
      }
      changes.reserve(capacity);
    }
  }

  private void reserveKeys(int keyCount) {
    if (head.length < keyCount) {
      int old = head.length;
      head = Arrays.copyOf(head, Math.max(keyCount, Math.max(16, old + (old >> 1))));
      Arrays.fill(head, old, head.length, -1);
    }
  }

  /** Keeps only the live rows, in their order; key ids must then be set again and {@link #relink} called. */
  void compact() {
    int size = rows.size();
    int[] kept = new int[live];
    int n = 0;
    for (int r = 0; r < size; r++) {
      if (!dead[r]) {
        kept[n] = r;
        matches[n] = matches[r];
        arrived[n] = arrived[r];
        if (sequence != null) {
          sequence[n] = sequence[r];
        }
        n++;
      }
    }
    changes.compacted(kept, n, size);
    rows.retain(kept, n);
    Arrays.fill(dead, 0, size, false);
    live = n;
  }

  /** Rebuilds the key chains from {@link #keyId} (rows {@code [0, size)}, all live). */
  void relink(int keyCount) {
    reserveRows(rows.size());
    head = new int[Math.max(16, keyCount)];
    Arrays.fill(head, -1);
    for (int r = 0; r < rows.size(); r++) {
      int key = keyId[r];
      if (key >= 0) {
        next[r] = head[key];
        head[key] = r;
      } else {
        next[r] = -1;
      }
    }
  }

  /** Whether stored row {@code row} has a NULL in a key column (it matches nothing). */
  boolean nullKey(int row) {
    for (int key : keys) {
      if (rows.isNull(key, row)) {
        return true;
      }
    }
    return false;
  }

  /** Writes the rows, which must all be live ({@link #compact} first), with their match counts and arrival times. */
  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (live != rows.size()) {
      throw new IllegalStateException("a snapshot writes compacted rows");
    }
    out.writeBoolean(preserved);
    rows.writeTo(out);
    StateIO.writeArray(out, matches, live);
    StateIO.writeArray(out, arrived, live);
  }

  /** Replaces the rows with those written by {@link #writeTo}; the caller then sets key ids and relinks. */
  void readFrom(java.io.DataInput in) throws java.io.IOException {
    if (in.readBoolean() != preserved) {
      throw StateIO.corrupt("the rows of an input " + (preserved ? "not " : "") + "preserved by an outer join");
    }
    rows.readFrom(in);
    int n = rows.size();
    reserveRows(n);
    System.arraycopy(StateIO.readInts(in, n, "match counts"), 0, matches, 0, n);
    System.arraycopy(StateIO.readLongs(in, n, "arrival times"), 0, arrived, 0, n);
    Arrays.fill(dead, 0, n, false);
    live = n;
    if (sequence != null) {
      trackSequence(); // a snapshot holds the rows in the order they arrived
    }
  }

  /** Drops every row and gives back their memory: they were written out to the disk store. */
  void release() {
    rows.release();
    keyId = new int[16];
    next = new int[16];
    matches = new int[16];
    arrived = new long[16];
    dead = new boolean[16];
    sequence = new long[16];
    head = new int[0];
    live = 0;
    if (changes.recording()) {
      changes.mark(0, dead); // no delta is taken while rows are on disk: only keep the record consistent
    }
  }

  /** Makes the rows as they are the base of the next {@link #writeDelta}: from now on changes are recorded. */
  void markDeltaBase() {
    changes.mark(rows.size(), dead);
    if (places != null) {
      places.mark(nextSequence);
    }
  }

  boolean deltaReady() {
    return places != null ? places.recording() : changes.recording();
  }

  /**
   * Writes what changed since {@link #markDeltaBase}: the ranks of the rows removed, the ranks and
   * match counts of the base's rows whose count changed, then the rows added since that are still
   * live, with their match counts and arrival times.
   */
  void writeDelta(java.io.DataOutput out) throws java.io.IOException {
    out.writeBoolean(preserved);
    changes.writeRemoved(out);
    int[] recounted = changes.writeChanged(out, dead);
    StateIO.writeGathered(out, matches, recounted, recounted.length);
    int size = rows.size();
    int first = changes.firstAdded(size);
    int[] added = new int[size - first];
    int n = 0;
    for (int r = first; r < size; r++) {
      if (!dead[r]) {
        added[n++] = r;
      }
    }
    ColumnarRows addedRows = new ColumnarRows(types);
    for (int i = 0; i < n; i++) {
      addedRows.appendStoredRow(rows, added[i]);
    }
    addedRows.writeTo(out);
    StateIO.writeGathered(out, matches, added, n);
    StateIO.writeGathered(out, arrived, added, n);
  }

  /**
   * Applies a delta written by {@link #writeDelta} to the rows it was taken from, as restored
   * ({@link #readFrom}, then earlier deltas): all live, in rank order. As after {@link #readFrom},
   * the caller then sets key ids and relinks.
   */
  void applyDelta(java.io.DataInput in) throws java.io.IOException {
    if (in.readBoolean() != preserved) {
      throw StateIO.corrupt("a delta of the rows of an input " + (preserved ? "not " : "") + "preserved by an outer"
          + " join");
    }
    int size = rows.size();
    for (int rank : RowChanges.readRemoved(in, size)) {
      if (dead[rank]) {
        throw StateIO.corrupt("row " + rank + " removed twice");
      }
      kill(rank);
    }
    int[] recounted = RowChanges.readRanks(in, size, "re-counted rows");
    StateIO.readScattered(in, matches, recounted, recounted.length);
    ColumnarRows added = new ColumnarRows(types);
    added.readFrom(in);
    int n = added.size();
    int[] addedMatches = StateIO.readInts(in, n, "match counts");
    long[] addedArrivals = StateIO.readLongs(in, n, "arrival times");
    compact();
    for (int i = 0; i < n; i++) {
      int at = rows.size();
      rows.appendStoredRow(added, i);
      reserveRows(at + 1);
      matches[at] = addedMatches[i];
      arrived[at] = addedArrivals[i];
      dead[at] = false;
      if (sequence != null) {
        places.add(nextSequence);
        sequence[at] = nextSequence++;
      }
    }
    live = rows.size();
  }

  /** Its columns, keys and whether it is preserved: what a snapshot must match. */
  String shape() {
    return types + " keys " + Arrays.toString(keys) + (preserved ? " preserved" : "");
  }

  /** Bytes {@code more} more rows would make it allocate: the rows' columns and the per-row arrays grown by half. */
  long growthBytes(int more) {
    long needed = rows.size() + (long) more;
    long arrays = needed <= keyId.length ? 0 : Math.max(needed, keyId.length + (keyId.length >> 1)) * 21L;
    return rows.growthBytes(more) + arrays;
  }

  long bytes() {
    return rows.estimatedBytes() + keyId.length * (sequence == null ? 25L : 33L) + head.length * 4L + changes.bytes()
        + (places == null ? 0 : places.bytes());
  }
}
