package io.sluice.runtime.kernel;

import io.sluice.catalog.stream.RowRelease;
import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;
import java.util.List;

/**
 * The rows one input of an interval join keeps: stored columnar, chained by join key (newest
 * first) so that a probe walks the rows of its key, with the order in which the watermark
 * releases them ({@link ReleaseOrder}): by the value of their release column, which is their
 * event time under a constant bound and another timestamp column of theirs under a row bound
 * ({@link RowRelease}).
 *
 * <p>Rows {@code [0, linked)} are in the key chains; rows {@code [linked, size)} are the running
 * batch's new rows, staged until {@link #link()}. A released row is marked dead and skipped; dead
 * rows are dropped for good when {@link IntervalJoiner} compacts the state.
 */
final class IntervalJoinState {
  final List<DataType> types;
  final int[] keys;
  /** The column that the join's constant bound relates to the other input's (pruning of candidates). */
  final int timeColumn;
  /** The column whose value orders releases: a row whose value is t is released once t + release <= watermark. */
  final int releaseColumn;
  /** Whether unmatched rows of this input are emitted padded with NULLs (outer join). */
  final boolean preserved;
  final long release;

  ColumnarRows rows;
  int linked;
  int[] keyId = new int[16];
  int[] next = new int[16];
  boolean[] matched = new boolean[16];
  boolean[] dead = new boolean[16];
  /** Newest linked row of each key id, or -1. */
  int[] head = new int[0];
  final ReleaseOrder order = new ReleaseOrder();
  /** Linked rows not released. */
  int live;
  /** Live rows of a preserved input that have not matched yet: output that waits on the watermark. */
  int pending;

  /**
   * With a time-to-live ({@link #trackArrival}): the processing time each row arrived; rows are
   * stored in arrival order (compaction keeps it), so the expired ones come first. Null otherwise.
   */
  long[] arrived;
  /** Rows below this one are released or expired; where the next {@link IntervalJoiner#expire} looks. */
  int expiryCursor;

  /** Changelog checkpoints: the rows released, (preserved input) matched and added since the last one. */
  private final RowChanges changes = new RowChanges();

  IntervalJoinState(List<DataType> types, int[] keys, int timeColumn, RowRelease release, boolean preserved) {
    this.types = List.copyOf(types);
    this.keys = keys.clone();
    this.timeColumn = timeColumn;
    this.releaseColumn = release.column();
    this.preserved = preserved;
    this.release = release.offset();
    this.rows = new ColumnarRows(types);
  }

  int size() {
    return rows.size();
  }

  /** Keeps each row's arrival time, for a time-to-live. */
  void trackArrival() {
    arrived = new long[keyId.length];
  }

  /** Rows staged by the running batch. */
  int staged() {
    return rows.size() - linked;
  }

  long[] times() {
    return rows.longs(timeColumn);
  }

  /** The values that order releases (the times themselves under a constant bound). */
  long[] releaseTimes() {
    return rows.longs(releaseColumn);
  }

  /** Sizes the per-row arrays for every stored row and the chain heads for {@code keyCount} keys. */
  void reserve(int keyCount) {
    int rowCount = rows.size();
    if (keyId.length < rowCount) {
      int capacity = Math.max(rowCount, keyId.length + (keyId.length >> 1));
      keyId = Arrays.copyOf(keyId, capacity);
      next = Arrays.copyOf(next, capacity);
      matched = Arrays.copyOf(matched, capacity);
      dead = Arrays.copyOf(dead, capacity);
      if (arrived != null) {
        arrived = Arrays.copyOf(arrived, capacity);
      }
    }
    changes.reserve(keyId.length);
    if (head.length < keyCount) {
      int old = head.length;
      head = Arrays.copyOf(head, Math.max(keyCount, old + (old >> 1)));
      Arrays.fill(head, old, head.length, -1);
    }
  }

  /** Puts the staged rows into the key chains and the release order. */
  void link() {
    int size = rows.size();
    for (int r = linked; r < size; r++) {
      int key = keyId[r];
      next[r] = head[key];
      head[key] = r;
      if (preserved && !matched[r]) {
        pending++;
      }
    }
    changes.appended(linked, size);
    order.add(releaseTimes(), linked, size);
    live += size - linked;
    linked = size;
  }

  /** Marks a row matched; a linked row of a preserved input stops waiting. */
  void markMatched(int row) {
    if (!matched[row]) {
      matched[row] = true;
      if (preserved && row < linked) {
        pending--;
        changes.changed(row, linked);
      }
    }
  }

  /** Marks a row taken from {@link #order} released; whether its NULL-padded row is due (preserved, never matched). */
  boolean release(int row) {
    dead[row] = true;
    live--;
    changes.removed(row);
    if (preserved && !matched[row]) {
      pending--;
      return true;
    }
    return false;
  }

  /** The smallest release time of a stored row not released yet, or {@link Long#MAX_VALUE}. */
  long nextTime() {
    return live == 0 ? Long.MAX_VALUE : order.nextTime(releaseTimes());
  }

  /**
   * Keeps only the live rows, renumbered in their order; returns the new id of each old row
   * (-1 for dropped ones). Key ids and chains must be rebuilt afterwards.
   */
  int[] compact() {
    int size = rows.size();
    int[] newIds = new int[size];
    int[] kept = new int[live];
    int n = 0;
    for (int r = 0; r < size; r++) {
      if (dead[r]) {
        newIds[r] = -1;
        continue;
      }
      newIds[r] = n;
      kept[n] = r;
      matched[n] = matched[r];
      if (arrived != null) {
        arrived[n] = arrived[r];
      }
      n++;
    }
    changes.compacted(kept, n, size);
    rows.retain(kept, n);
    Arrays.fill(dead, 0, size, false);
    order.renumber(newIds);
    linked = n;
    expiryCursor = 0;
    return newIds;
  }

  /** Drops every row; the storage is kept for the next batch. */
  void clear() {
    rows.clear();
    linked = 0;
    expiryCursor = 0;
    live = 0;
    pending = 0;
    order.clear();
    Arrays.fill(head, -1);
  }

  /** Drops every row and gives back the memory they took: they were written out to the disk store. */
  void releaseMemory() {
    if (staged() != 0) {
      throw new IllegalStateException("rows are written out between the joins of a batch, not with staged rows");
    }
    rows.release();
    keyId = new int[16];
    next = new int[16];
    matched = new boolean[16];
    dead = new boolean[16];
    head = new int[0];
    order.release();
    linked = 0;
    live = 0;
    pending = 0;
    expiryCursor = 0;
    if (changes.recording()) {
      changes.mark(0, dead); // no delta is taken while rows are on disk: only keep the record consistent
    }
  }

  /**
   * Appends row 0 of {@code row}, read back from the disk store, under key id {@code key} with its
   * matched flag; {@link #link} then puts the rows read back into the chains and the release order.
   */
  void appendLoaded(Batch row, int key, boolean matchedFlag) {
    int at = rows.size();
    rows.appendRow(row, null, 0);
    reserve(0);
    keyId[at] = key;
    matched[at] = matchedFlag;
    dead[at] = false;
  }

  /** Appends row {@code r} of {@code from}, restored with its matched flag, as a linked row; the caller then calls {@link #restored}. */
  void appendRestored(ColumnarRows from, int r, boolean matchedFlag) {
    rows.appendStoredRow(from, r);
    reserve(0);
    matched[linked] = matchedFlag;
    dead[linked] = false;
    linked++;
  }

  /** Rebuilds the key chains from {@link #keyId} after a compaction. */
  void relink(int keyCount) {
    head = new int[Math.max(16, keyCount)];
    Arrays.fill(head, -1);
    for (int r = 0; r < linked; r++) {
      int key = keyId[r];
      next[r] = head[key];
      head[key] = r;
    }
  }

  /**
   * Writes the live rows (released ones are left out) with their matched flags, for a snapshot
   * between batches. Key ids, chains and the release order are derived: rebuilt on restore.
   */
  void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (staged() != 0) {
      throw new IllegalStateException("a snapshot is taken between batches, not with staged rows");
    }
    int[] liveIds = null; // null: every linked row is live
    if (live < linked) {
      liveIds = new int[live];
      for (int r = 0, n = 0; r < linked; r++) {
        if (!dead[r]) {
          liveIds[n++] = r;
        }
      }
    }
    out.writeBoolean(preserved);
    writeRows(out, liveIds, live);
  }

  /**
   * Writes rows {@code ids[0 .. count)} (all linked rows when {@code ids} is null) with their
   * matched flags and arrival times. Only a preserved input's flags mean anything; the others are
   * written unset, so that the same rows give the same bytes whatever matched them.
   */
  private void writeRows(java.io.DataOutput out, int[] ids, int count) throws java.io.IOException {
    if (ids == null) {
      rows.writeTo(out);
    } else {
      rows.writeRows(out, ids, count);
    }
    if (!preserved) {
      StateIO.writeFalses(out, count);
    } else if (ids == null) {
      StateIO.writeArray(out, matched, count);
    } else {
      StateIO.writeGathered(out, matched, ids, count);
    }
    if (arrived != null && ids == null) {
      StateIO.writeArray(out, arrived, count);
    } else if (arrived != null) {
      StateIO.writeGathered(out, arrived, ids, count);
    }
  }

  /**
   * Replaces the rows with those written by {@link #writeTo}; they are all linked but their key
   * ids are not set: the caller sets {@link #keyId} for rows {@code [0, linked)} then calls
   * {@link #restored}.
   */
  void readFrom(java.io.DataInput in) throws java.io.IOException {
    if (in.readBoolean() != preserved) {
      throw StateIO.corrupt("the rows of an input " + (preserved ? "not " : "") + "preserved by an outer join");
    }
    rows.readFrom(in);
    int n = rows.size();
    boolean[] flags = StateIO.readBooleans(in, n, "matched flags");
    order.clear();
    linked = 0;
    live = 0;
    pending = 0;
    reserve(0);
    System.arraycopy(flags, 0, matched, 0, n);
    if (arrived != null) {
      System.arraycopy(StateIO.readLongs(in, n, "arrival times"), 0, arrived, 0, n);
    }
    Arrays.fill(dead, 0, n, false);
    linked = n;
    expiryCursor = 0;
  }

  /** Ends a restore: chains the rows by key and puts them in the release order. */
  void restored(int keyCount) {
    relink(keyCount);
    order.add(releaseTimes(), 0, linked);
    live = linked;
    pending = 0;
    if (preserved) {
      for (int r = 0; r < linked; r++) {
        pending += matched[r] ? 0 : 1;
      }
    }
  }

  /**
   * Makes the rows as they are the base of the next {@link #writeDelta}: each live row gets its
   * rank among them (its position in a snapshot taken now), and from now on the rows released,
   * matched and added are recorded.
   */
  void markDeltaBase() {
    changes.mark(linked, dead);
  }

  boolean deltaReady() {
    return changes.recording();
  }

  /**
   * Writes what changed since {@link #markDeltaBase}: the ranks of the rows released, of a
   * preserved input's rows matched, then the rows added since that are still live, with their
   * matched flags. Rows added since are the last ones: compaction keeps the order.
   */
  void writeDelta(java.io.DataOutput out) throws java.io.IOException {
    if (staged() != 0) {
      throw new IllegalStateException("a delta is taken between batches, not with staged rows");
    }
    out.writeBoolean(preserved);
    changes.writeRemoved(out);
    if (preserved) {
      changes.writeChanged(out, dead);
    }
    int first = changes.firstAdded(linked);
    int firstDead = first;
    while (firstDead < linked && !dead[firstDead]) {
      firstDead++;
    }
    if (firstDead == linked) { // the usual case: every row added is still live, and written as it lies
      writeRange(out, first, linked - first);
      return;
    }
    int[] added = new int[linked - first];
    int count = 0;
    for (int r = first; r < linked; r++) {
      if (!dead[r]) {
        added[count++] = r;
      }
    }
    writeRows(out, added, count);
  }

  /** Writes rows {@code [from, from + count)} as {@link #writeRows} writes them given those ids. */
  private void writeRange(java.io.DataOutput out, int from, int count) throws java.io.IOException {
    rows.writeRange(out, from, count);
    if (!preserved) {
      StateIO.writeFalses(out, count);
    } else {
      StateIO.writeArrayRange(out, matched, from, count);
    }
    if (arrived != null) {
      StateIO.writeArrayRange(out, arrived, from, count);
    }
  }

  /**
   * Applies a delta written by {@link #writeDelta} to the rows it was taken from, as restored
   * ({@link #readFrom}, then earlier deltas): all linked and live, in rank order. As after
   * {@link #readFrom}, the caller sets key ids and calls {@link #restored}.
   */
  void applyDelta(java.io.DataInput in) throws java.io.IOException {
    if (in.readBoolean() != preserved) {
      throw StateIO.corrupt("a delta of the rows of an input " + (preserved ? "not " : "") + "preserved by an outer"
          + " join");
    }
    int[] released = RowChanges.readRemoved(in, linked);
    for (int rank : released) {
      if (dead[rank]) {
        throw StateIO.corrupt("row " + rank + " released twice");
      }
      dead[rank] = true;
    }
    if (preserved) {
      for (int rank : RowChanges.readRanks(in, linked, "matched rows")) {
        matched[rank] = true;
      }
    }
    ColumnarRows added = new ColumnarRows(types);
    added.readFrom(in);
    boolean[] addedMatched = StateIO.readBooleans(in, added.size(), "matched flags");
    long[] addedArrived = arrived == null ? null : StateIO.readLongs(in, added.size(), "arrival times");
    int kept = linked - released.length;
    int[] keptRows = new int[kept];
    for (int r = 0, n = 0; r < linked; r++) {
      if (!dead[r]) {
        matched[n] = matched[r];
        if (arrived != null) {
          arrived[n] = arrived[r];
        }
        keptRows[n++] = r;
      }
    }
    rows.retain(keptRows, kept);
    for (int i = 0; i < added.size(); i++) {
      rows.appendStoredRow(added, i);
    }
    order.clear();
    linked = 0;
    reserve(0);
    System.arraycopy(addedMatched, 0, matched, kept, addedMatched.length);
    if (arrived != null) {
      System.arraycopy(addedArrived, 0, arrived, kept, addedArrived.length);
    }
    Arrays.fill(dead, 0, rows.size(), false);
    linked = rows.size();
    expiryCursor = 0;
  }

  /** Its columns, keys, time and release columns and whether it is preserved: what a snapshot must match. */
  String shape() {
    return types + " keys " + Arrays.toString(keys) + " time " + timeColumn
        + (releaseColumn == timeColumn ? "" : " released by " + releaseColumn) + (preserved ? " preserved" : "")
        + (arrived != null ? " with arrival times" : "");
  }

  /** Bytes {@code more} more rows would make it allocate: the rows' columns and the per-row arrays grown by half. */
  long growthBytes(int more) {
    long needed = rows.size() + (long) more;
    long perRow = arrived == null ? 10L : 18L;
    long arrays = needed <= keyId.length ? 0 : Math.max(needed, keyId.length + (keyId.length >> 1)) * perRow;
    return rows.growthBytes(more) + arrays;
  }

  long bytes() {
    return rows.estimatedBytes() + keyId.length * (arrived == null ? 10L : 18L) + head.length * 4L + order.bytes()
        + changes.bytes();
  }
}
