package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatePart;
import java.util.Arrays;
import java.util.List;

/**
 * Turns an aggregator's changed groups into changelog rows: {@code +I} for a group emitted for
 * the first time, {@code -U} (the row last emitted) then {@code +U} (its new value) for a group
 * whose result changed, nothing for a group whose result is the same, and {@code -D} for a group
 * left without rows (an aggregation over a changelog). Keeps the last row emitted
 * per group; rows that were replaced are compacted away once they outnumber the live ones.
 */
public final class ChangelogEmitter implements StatePart {
  private final List<DataType> types;
  private ColumnarRows emitted;
  /** Per group id: the row of {@link #emitted} last sent, or -1. */
  private int[] emittedAt = new int[0];
  private int live;
  private final ColumnarRows pending;
  private byte[] pendingKinds = new byte[16];
  /** Grows with the changes flushed at once (at most a batch's capacity): a window's emitter of a few groups stays small. */
  private Batch output;
  private final int[][] changed = new int[1][];
  /** Groups whose row emitted changed since {@link #markDeltaBase}; null unless {@link #trackEmitted}. */
  private GroupMarks emittedSince;

  public ChangelogEmitter(List<DataType> types) {
    this.types = List.copyOf(types);
    this.emitted = new ColumnarRows(types);
    this.pending = new ColumnarRows(types);
    this.output = Batch.allocate(types, 16);
  }

  /**
   * Records the groups whose row emitted changes from {@link #markDeltaBase} on: when changes are
   * held back (a window's early firing), a batch emits groups an earlier batch touched, and a state
   * delta must hold their rows too ({@link #emittedSinceBase}).
   */
  public void trackEmitted() {
    emittedSince = new GroupMarks();
  }

  /** Makes the rows emitted now the base of the next delta: none emitted since. */
  public void markDeltaBase() {
    if (emittedSince != null) {
      emittedSince.clear();
    }
  }

  /** The groups whose row emitted changed since {@link #markDeltaBase}, ascending (none unless {@link #trackEmitted}). */
  public int[] emittedSinceBase() {
    return emittedSince == null ? new int[0] : emittedSince.sorted();
  }

  /** Emits the changes of the groups {@code aggregator} touched since the last call. */
  public void emitChanges(HashAggregator aggregator, BatchConsumer out) {
    int count = aggregator.takeChangedGroups(changed);
    emitChanges(aggregator, changed[0], count, out);
  }

  /**
   * Emits the changes of groups {@code ids[0 .. count)} (ascending), which the caller took from
   * {@link HashAggregator#takeChangedGroups}.
   */
  public void emitChanges(HashAggregator aggregator, int[] ids, int count, BatchConsumer out) {
    if (count == 0) {
      return;
    }
    int maxId = ids[count - 1];
    if (emittedAt.length <= maxId) {
      int old = emittedAt.length;
      emittedAt = Arrays.copyOf(emittedAt, Math.max(maxId + 1, old * 2));
      Arrays.fill(emittedAt, old, emittedAt.length, -1);
    }
    pending.clear();
    int[] position = {0};
    aggregator.emitGroups(ids, count, batch -> {
      int n = batch.size;
      for (int row = 0; row < n; row++) {
        int group = ids[position[0]++];
        int before = emittedAt[group];
        if (emittedSince != null) {
          emittedSince.mark(group, emittedAt.length); // marked whether or not the row changes: a superset
        }
        if (!aggregator.hasRows(group)) {
          if (before >= 0) {
            add(RowKind.DELETE);
            pending.appendStoredRow(emitted, before);
            emittedAt[group] = -1;
            live--;
          }
          continue;
        }
        if (before >= 0 && emitted.rowEquals(before, batch, row)) {
          continue;
        }
        if (before >= 0) {
          add(RowKind.UPDATE_BEFORE);
          pending.appendStoredRow(emitted, before);
          add(RowKind.UPDATE_AFTER);
          live--;
        } else {
          add(RowKind.INSERT);
        }
        pending.appendRow(batch, null, row);
        emittedAt[group] = emitted.size();
        emitted.appendRow(batch, null, row);
        live++;
      }
    });
    flush(out);
    if (emitted.size() > 2 * live + 1024) {
      compact();
    }
  }

  /**
   * Retracts groups whose state expired: a {@code -D} of the row last emitted for each of
   * {@code dead[0 .. deadCount)}, so that the sink forgets them too; then renumbers the others
   * as {@link HashAggregator#retainGroups} does with {@code live[0 .. liveCount)}.
   */
  public void expireGroups(int[] dead, int deadCount, int[] live, int liveCount, BatchConsumer out) {
    pending.clear();
    for (int i = 0; i < deadCount; i++) {
      int g = dead[i];
      if (g < emittedAt.length && emittedAt[g] >= 0) {
        add(RowKind.DELETE);
        pending.appendStoredRow(emitted, emittedAt[g]);
        this.live--;
      }
    }
    flush(out);
    int[] renumbered = new int[Math.max(liveCount, 16)];
    Arrays.fill(renumbered, -1);
    for (int i = 0; i < liveCount; i++) {
      renumbered[i] = live[i] < emittedAt.length ? emittedAt[live[i]] : -1;
    }
    emittedAt = renumbered;
    if (emitted.size() > 2 * this.live + 1024) {
      compact();
    }
  }

  private void add(byte kind) {
    int at = pending.size();
    if (at >= pendingKinds.length) {
      pendingKinds = Arrays.copyOf(pendingKinds, pendingKinds.length * 2);
    }
    pendingKinds[at] = kind;
  }

  private void flush(BatchConsumer out) {
    int total = pending.size();
    for (int from = 0; from < total; from += Batch.DEFAULT_CAPACITY) {
      int n = Math.min(Batch.DEFAULT_CAPACITY, total - from);
      output.reset();
      output.ensureCapacity(n);
      pending.gatherRange(from, n, output, 0);
      output.size = n;
      output.kinds = Arrays.copyOfRange(pendingKinds, from, from + n);
      out.accept(output);
    }
    pending.clear();
  }

  /** Drops rows that were replaced by later values. */
  private void compact() {
    ColumnarRows kept = new ColumnarRows(types);
    for (int g = 0; g < emittedAt.length; g++) {
      if (emittedAt[g] >= 0) {
        kept.appendStoredRow(emitted, emittedAt[g]);
        emittedAt[g] = kept.size() - 1;
      }
    }
    emitted = kept;
  }

  /** Writes the rows last emitted per group for a snapshot. */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    // up to the last group emitted: the same state gives the same bytes however the array grew
    int groups = emittedAt.length;
    while (groups > 0 && emittedAt[groups - 1] < 0) {
      groups--;
    }
    // the rows as compact() would leave them, written from where they lie: compacting first copied
    // every live row into a store grown row by row, the most a checkpoint of Nexmark q4 allocated
    int[] at = new int[groups];
    int[] rows = new int[groups];
    int count = 0;
    for (int g = 0; g < groups; g++) {
      if (emittedAt[g] >= 0) {
        rows[count] = emittedAt[g];
        at[g] = count++;
      } else {
        at[g] = emittedAt[g];
      }
    }
    StateIO.writeArray(out, at, groups);
    emitted.writeRows(out, rows, count);
    out.writeInt(live);
  }

  /** Replaces the rows last emitted with those written by {@link #writeTo}. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    Object at = StateIO.readArray(in, 0);
    if (!(at instanceof int[])) {
      throw StateIO.corrupt("emitted row positions that are not ints");
    }
    emittedAt = (int[]) at;
    emitted.readFrom(in);
    live = in.readInt();
  }

  /**
   * Writes the rows last emitted for groups {@code ids} (a state delta: the groups its aggregator
   * touched), a group that has none marked as such.
   */
  public void writeDelta(java.io.DataOutput out, int[] ids) throws java.io.IOException {
    writeDelta(out, ids, ids);
  }

  /**
   * As above, for groups {@code ids} held here as groups {@code slots}: an on-disk backend's delta,
   * whose groups were read back into an emitter of their own.
   */
  public void writeDelta(java.io.DataOutput out, int[] ids, int[] slots) throws java.io.IOException {
    // written from where the rows are kept, as a store holding just them would write them: the
    // copy into such a store first was most of a GROUP BY's delta in a profile of Nexmark q4
    boolean[] present = new boolean[ids.length];
    int[] rows = new int[ids.length];
    int count = 0;
    for (int i = 0; i < ids.length; i++) {
      int at = slots[i] < emittedAt.length ? emittedAt[slots[i]] : -1;
      if (at >= 0) {
        present[i] = true;
        rows[count++] = at;
      }
    }
    StateIO.writeArray(out, ids, ids.length);
    StateIO.writeArray(out, present, ids.length);
    emitted.writeRows(out, rows, count);
  }

  /**
   * Writes a delta in {@link #writeDelta}'s format for groups {@code ids} whose last rows emitted
   * are {@code rows} (in that order, for the groups {@code present} marks): an on-disk backend's
   * delta, whose groups are not in this emitter.
   */
  public static void writeDeltaOf(java.io.DataOutput out, int[] ids, boolean[] present, ColumnarRows rows)
      throws java.io.IOException {
    StateIO.writeArray(out, ids, ids.length);
    StateIO.writeArray(out, present, ids.length);
    rows.writeTo(out);
  }

  /**
   * Reads past a delta written by {@link #writeDelta} over rows of {@code types}: an on-disk
   * backend applying it to groups in its store keeps no rows emitted for them.
   */
  public static void skipDelta(java.io.DataInput in, List<DataType> types) throws java.io.IOException {
    Object ids = StateIO.readArray(in, 0);
    if (!(ids instanceof int[])) {
      throw StateIO.corrupt("emitted groups that are not ints");
    }
    StateIO.readBooleans(in, ((int[]) ids).length, "emitted flags");
    new ColumnarRows(types).readFrom(in);
  }

  /**
   * Reads a delta written by {@link #writeDelta} for groups {@code ids} (exactly those, in that
   * order) into this emitter, which holds group {@code ids[i]} as group {@code i}: an on-disk
   * backend applying it to groups read back from its store.
   */
  public void applyDeltaAsSlots(java.io.DataInput in, int[] ids) throws java.io.IOException {
    int[] written = StateIO.readInts(in, ids.length, "emitted groups");
    if (!Arrays.equals(written, ids)) {
      throw StateIO.corrupt("rows emitted for other groups than the delta's");
    }
    boolean[] present = StateIO.readBooleans(in, ids.length, "emitted flags");
    ColumnarRows rows = new ColumnarRows(types);
    rows.readFrom(in);
    int next = 0;
    for (int i = 0; i < ids.length; i++) {
      if (present[i]) {
        if (next >= rows.size()) {
          throw StateIO.corrupt("fewer emitted rows than groups that have one");
        }
        setEmitted(i, rows, next++);
      }
    }
    if (next != rows.size()) {
      throw StateIO.corrupt(rows.size() + " emitted rows for " + next + " groups that have one");
    }
  }

  /** Applies a delta written by {@link #writeDelta}. */
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    Object read = StateIO.readArray(in, 0);
    if (!(read instanceof int[])) {
      throw StateIO.corrupt("emitted groups that are not ints");
    }
    int[] ids = (int[]) read;
    boolean[] present = StateIO.readBooleans(in, ids.length, "emitted flags");
    ColumnarRows rows = new ColumnarRows(types);
    rows.readFrom(in);
    int next = 0;
    for (int i = 0; i < ids.length; i++) {
      int g = ids[i];
      if (g < 0) {
        throw StateIO.corrupt("an emitted group " + g);
      }
      if (emittedAt.length <= g) {
        int old = emittedAt.length;
        emittedAt = Arrays.copyOf(emittedAt, Math.max(g + 1, old * 2));
        Arrays.fill(emittedAt, old, emittedAt.length, -1);
      }
      int before = emittedAt[g];
      if (present[i]) {
        if (next >= rows.size()) {
          throw StateIO.corrupt("fewer emitted rows than groups that have one");
        }
        emittedAt[g] = emitted.size();
        emitted.appendStoredRow(rows, next++);
        live += before >= 0 ? 0 : 1;
      } else if (before >= 0) {
        emittedAt[g] = -1;
        live--;
      }
    }
    if (next != rows.size()) {
      throw StateIO.corrupt(rows.size() + " emitted rows for " + next + " groups that have one");
    }
    if (emitted.size() > 2 * live + 1024) {
      compact();
    }
  }

  /** The stored row of {@link #emittedRows} last emitted for group {@code group}, or -1 when none was. */
  public int emittedRow(int group) {
    return group < emittedAt.length ? emittedAt[group] : -1;
  }

  /** The rows last emitted, numbered as {@link #emittedRow} says. */
  public ColumnarRows emittedRows() {
    return emitted;
  }

  /**
   * Records row {@code row} of {@code batch} as the one last emitted for group {@code group}, without
   * emitting it: an on-disk backend reading back a group whose held change was not emitted yet.
   */
  public void setEmitted(int group, Batch batch, int row) {
    placeEmitted(group);
    emitted.appendRow(batch, null, row);
  }

  /** As {@link #setEmitted(int, Batch, int)}, the row stored row {@code row} of {@code rows}. */
  public void setEmitted(int group, ColumnarRows rows, int row) {
    placeEmitted(group);
    emitted.appendStoredRow(rows, row);
  }

  /** Makes the next row appended to {@link #emitted} group {@code group}'s row emitted. */
  private void placeEmitted(int group) {
    if (emittedAt.length <= group) {
      int old = emittedAt.length;
      emittedAt = Arrays.copyOf(emittedAt, Math.max(group + 1, old * 2));
      Arrays.fill(emittedAt, old, emittedAt.length, -1);
    }
    live += emittedAt[group] >= 0 ? 0 : 1;
    emittedAt[group] = emitted.size();
  }

  /** Forgets every row emitted (its groups left the aggregator's memory). */
  public void clear() {
    markDeltaBase();
    emitted = new ColumnarRows(types);
    emittedAt = new int[0];
    live = 0;
  }

  /** Rows kept to retract later (one per group emitted). */
  public long rows() {
    return live;
  }

  /** Bytes it would allocate to keep rows for {@code more} more groups. */
  public long growthBytes(int more) {
    return emitted.growthBytes(more) + (live + more > emittedAt.length ? 8L * (live + more) : 0);
  }

  public long estimatedBytes() {
    return emitted.estimatedBytes() + 4L * emittedAt.length;
  }
}
