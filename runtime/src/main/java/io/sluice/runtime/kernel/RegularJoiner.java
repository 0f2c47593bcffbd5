package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import java.util.Arrays;
import io.sluice.runtime.state.KeyedState;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.util.List;

/**
 * Joins two streams with no time bound (a regular join, as Flink calls it): every row of both
 * inputs is kept, so that any later row of the other input can still match it, until a
 * retraction takes it back or the state time-to-live expires it. Its output is a changelog:
 *
 * <ul>
 *   <li>INNER: {@code +I} of each pair when its second row arrives; a retracted input row ({@code
 *       -U}, {@code -D}) takes its pairs back with {@code -D}. Over inputs that only insert, every
 *       row is final.
 *   <li>LEFT, RIGHT, FULL: a row of a preserved input with no match is emitted at once padded with
 *       NULLs; when its first match arrives the padded row is taken back ({@code -D}) before the
 *       pair comes ({@code +I}), and when its last match goes it comes back.
 *   <li>SEMI: a left row is emitted once while it has at least one match; ANTI: while it has none
 *       (a right row's arrival takes back the left rows it matches). Both output the left columns.
 * </ul>
 *
 * <p>Within a micro-batch the rows of the input whose unmatched rows are emitted alone (an outer
 * join's preserved input, the left one of FULL and ANTI) are joined after the other input's, so a
 * row whose match comes in the same batch is not emitted padded and taken back at once. Each input
 * batch is run in two phases. First its rows, in order, are stored (inserts) or
 * found and marked dead (retractions), and paired with the other input's live rows of their key
 * (the other input does not change during the batch), the residual condition evaluated over
 * the candidate pairs in vectors. Then the rows are walked again in order, updating match counts
 * and writing the changes, so that the output is the changelog row-at-a-time processing gives.
 * Output rows are collected as row indices into the stored rows (-1 for the NULL side) and
 * gathered into batches, so no object is made per row.
 */
public final class RegularJoiner implements KeyedState {
  private static final int CHUNK = Batch.DEFAULT_CAPACITY;
  /** Dead rows are compacted away once there are at least this many and more than live ones. */
  private static final int COMPACT_MIN_DEAD = 1024;

  private final JoinKind kind;
  private final RegularJoinRows left;
  private final RegularJoinRows right;
  private final JoinCandidates candidates;
  private final KeyTable keyTable;
  private final int leftWidth;
  private final boolean pairs;
  private final Batch output;
  private final int[] candidateRow = new int[CHUNK];
  private final int[] candidateOther = new int[CHUNK];
  private final int[] passing = new int[CHUNK];
  private final int[] candidateLeft = new int[CHUNK];
  private final int[] candidateRight = new int[CHUNK];
  private final int[] gatherLeft = new int[CHUNK];
  private final int[] gatherRight = new int[CHUNK];
  private final byte[] outKinds = new byte[CHUNK];
  private int outCount;
  /** Per row of the running input batch: its stored index (-1: a retraction of nothing stored) and whether it retracts. */
  private int[] stored = new int[CHUNK];
  private boolean[] retracts = new boolean[CHUNK];
  private int[] keyIds = new int[CHUNK];
  /** The passing pairs of the running input batch, in row order: batch position and the other input's row. */
  private int[] pairRow = new int[CHUNK];
  private int[] pairOther = new int[CHUNK];
  private int pairCount;
  /** No live row arrived before this (a lower bound), so expiry scans only when a row may be due. */
  private long oldestArrival = Long.MAX_VALUE;
  /** The rows of the input whose unmatched rows are emitted alone (LEFT, FULL, ANTI: left; RIGHT: right), held until the other input's are in; null when none is. */
  private final ColumnarRows held;
  private final boolean heldLeft;
  private final Batch heldBatch;
  private byte[] heldKinds = new byte[CHUNK];
  /** With the disk backend: the rows in the store, the tables above their cache; null on the heap. */
  private DiskJoinRows disk;

  /**
   * @param kind INNER, LEFT, RIGHT, FULL, SEMI or ANTI
   * @param leftKeys left columns of the equi-condition, pairwise equal to {@code rightKeys} (both may be empty)
   * @param residual condition on candidate pairs (left columns then right columns) beyond key equality, or null
   */
  public RegularJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, JoinCondition residual) {
    this.candidates = new JoinCandidates(leftTypes, rightTypes, leftKeys, rightKeys, residual);
    this.kind = kind;
    left = new RegularJoinRows(leftTypes, leftKeys, kind == JoinKind.LEFT || kind == JoinKind.FULL);
    right = new RegularJoinRows(rightTypes, rightKeys, kind == JoinKind.RIGHT || kind == JoinKind.FULL);
    leftWidth = leftTypes.size();
    pairs = kind != JoinKind.SEMI && kind != JoinKind.ANTI;
    keyTable = candidates.keyTable;
    output = Batch.allocate(pairs ? candidates.types : leftTypes, CHUNK);
    heldLeft = kind != JoinKind.RIGHT;
    boolean holds = kind != JoinKind.INNER && kind != JoinKind.SEMI;
    held = holds ? new ColumnarRows(heldLeft ? leftTypes : rightTypes) : null;
    heldBatch = holds ? Batch.allocate(heldLeft ? leftTypes : rightTypes, CHUNK) : null;
  }

  /**
   * Keeps the rows in {@code backend}'s store for operator {@code name}, with the heap tables as a
   * cache of the join keys in use ({@link DiskJoinRows}); returns false, staying on the heap, for a
   * join without an equi-condition (all its rows are one key). Called before any row or restore.
   */
  public boolean keepOnDisk(DiskStateBackend backend, String name) {
    if (keyTable == null) {
      return false;
    }
    left.trackSequence();
    right.trackSequence();
    disk = new DiskJoinRows(backend, name, keyTable, left, right);
    return true;
  }

  /** What the disk backend did, or null on the heap. */
  public String describeDisk() {
    return disk == null ? null : disk.describe();
  }

  /** Deletes the store of the disk backend: the query ended. */
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  /**
   * Joins a batch of the left input (its row kinds say which rows are retractions) and emits the
   * changes; the rows of an input whose unmatched rows are emitted alone are held until {@link
   * #addHeld}.
   */
  public void addLeft(Batch batch, long time, BatchConsumer out) {
    if (held != null && heldLeft) {
      hold(batch);
    } else {
      add(left, right, batch, time, out);
    }
  }

  /** Joins a batch of the right input and emits the changes (or holds its rows: {@link #addLeft}). */
  public void addRight(Batch batch, long time, BatchConsumer out) {
    if (held != null && !heldLeft) {
      hold(batch);
    } else {
      add(right, left, batch, time, out);
    }
  }

  private void hold(Batch batch) {
    int n = batch.rowCount();
    int base = held.size();
    held.append(batch);
    if (heldKinds.length < base + n) {
      heldKinds = Arrays.copyOf(heldKinds, Math.max(base + n, heldKinds.length * 2));
    }
    for (int k = 0; k < n; k++) {
      heldKinds[base + k] = batch.kinds == null ? RowKind.INSERT : batch.kinds[batch.row(k)];
    }
  }

  /**
   * Joins the rows held in this micro-batch, once the other input's rows of the batch are in: a
   * row that finds its match in the same batch is then never emitted padded (or, for an anti join,
   * alone) only to be taken back at once.
   */
  public void addHeld(long time, BatchConsumer out) {
    if (held == null || held.size() == 0) {
      return;
    }
    RegularJoinRows side = heldLeft ? left : right;
    int total = held.size();
    for (int from = 0; from < total; from += CHUNK) {
      int n = Math.min(CHUNK, total - from);
      heldBatch.reset();
      held.gatherRange(from, n, heldBatch, 0);
      heldBatch.size = n;
      heldBatch.kinds = Arrays.copyOfRange(heldKinds, from, from + n);
      add(side, side == left ? right : left, heldBatch, time, out);
    }
    held.clear();
  }

  private void add(RegularJoinRows side, RegularJoinRows other, Batch batch, long time, BatchConsumer out) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    if (stored.length < n) {
      stored = new int[n];
      retracts = new boolean[n];
      keyIds = new int[n];
    }
    if (disk != null && disk.full(estimatedBytes() + heapGrowthBytes(n))) {
      disk.writeOut();
    }
    if (keyTable != null) {
      int known = keyTable.size();
      System.arraycopy(keyTable.groupIdsFor(batch, side.keys), 0, keyIds, 0, n);
      if (disk != null) {
        disk.load(known, keyTable.size()); // before the batch's rows: a key's rows stay in arrival order
      }
    } else {
      Arrays.fill(keyIds, 0, n, 0);
    }
    byte[] kinds = batch.kinds;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      int key = nullKey(batch, side.keys, row) ? -1 : keyIds[k];
      keyIds[k] = key;
      byte rowKind = kinds == null ? RowKind.INSERT : kinds[row];
      boolean retract = rowKind == RowKind.UPDATE_BEFORE || rowKind == RowKind.DELETE;
      retracts[k] = retract;
      if (retract) {
        int found = side.findLive(batch, row, key);
        if (found >= 0) {
          side.kill(found);
        }
        stored[k] = found; // -1: its row expired (state time-to-live) or never was: nothing to take back
      } else {
        stored[k] = side.append(batch, row, key, time);
        oldestArrival = Math.min(oldestArrival, time);
      }
    }
    findPairs(side, other, n);
    emitChanges(side, other, n, out);
    flush(out);
  }

  private static boolean nullKey(Batch batch, int[] keys, int row) {
    for (int key : keys) {
      if (batch.columns[key].isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /** Collects the pairs of the batch's rows with the other input's live rows that pass the condition, in row order. */
  private void findPairs(RegularJoinRows side, RegularJoinRows other, int n) {
    pairCount = 0;
    int m = 0;
    int[] head = other.head;
    int[] next = other.next;
    boolean[] dead = other.dead;
    for (int k = 0; k < n; k++) {
      int key = keyIds[k];
      if (stored[k] < 0 || key < 0 || key >= head.length) {
        continue;
      }
      for (int q = head[key]; q >= 0; q = next[q]) {
        if (dead[q]) {
          continue;
        }
        candidateRow[m] = k;
        candidateOther[m] = q;
        if (++m == CHUNK) {
          filterCandidates(side, m);
          m = 0;
        }
      }
    }
    if (m > 0) {
      filterCandidates(side, m);
    }
  }

  private void filterCandidates(RegularJoinRows side, int m) {
    int passed = m;
    boolean residual = candidates.hasResidual();
    if (residual) {
      boolean sideLeft = side == left;
      for (int i = 0; i < m; i++) {
        int mine = stored[candidateRow[i]];
        candidateLeft[i] = sideLeft ? mine : candidateOther[i];
        candidateRight[i] = sideLeft ? candidateOther[i] : mine;
      }
      passed = candidates.filter(left.rows, candidateLeft, right.rows, candidateRight, m, passing);
    }
    if (pairRow.length < pairCount + passed) {
      int capacity = Math.max(pairCount + passed, pairRow.length * 2);
      pairRow = Arrays.copyOf(pairRow, capacity);
      pairOther = Arrays.copyOf(pairOther, capacity);
    }
    for (int i = 0; i < passed; i++) {
      int candidate = residual ? passing[i] : i;
      pairRow[pairCount] = candidateRow[candidate];
      pairOther[pairCount] = candidateOther[candidate];
      pairCount++;
    }
  }

  /** Walks the batch's rows in order with their pairs, keeping match counts and writing the changes they make. */
  private void emitChanges(RegularJoinRows side, RegularJoinRows other, int n, BatchConsumer out) {
    boolean sideLeft = side == left;
    int p = 0;
    for (int k = 0; k < n; k++) {
      int mine = stored[k];
      if (mine < 0) {
        continue;
      }
      boolean retract = retracts[k];
      int count = 0;
      for (; p < pairCount && pairRow[p] == k; p++) {
        int q = pairOther[p];
        count++;
        other.matchesChanged(q);
        if (retract) {
          other.matches[q]--;
          if (pairs) {
            emitPair(RowKind.DELETE, sideLeft, mine, q, out);
          }
          if (other.matches[q] == 0) {
            becameUnmatched(other, q, out);
          }
        } else {
          if (other.matches[q] == 0) {
            lostUnmatched(other, q, out);
          }
          other.matches[q]++;
          if (pairs) {
            emitPair(RowKind.INSERT, sideLeft, mine, q, out);
          }
        }
      }
      if (!retract) {
        side.matches[mine] = count;
      }
      if (sideLeft) {
        emitLeftAlone(retract, side.matches[mine], mine, out);
      } else if (right.preserved && side.matches[mine] == 0) {
        emitPadded(retract ? RowKind.DELETE : RowKind.INSERT, false, mine, out);
      }
    }
  }

  /** What a left row emits by itself as it arrives or goes, given its match count. */
  private void emitLeftAlone(boolean retract, int matches, int row, BatchConsumer out) {
    byte change = retract ? RowKind.DELETE : RowKind.INSERT;
    boolean alone = kind == JoinKind.SEMI ? matches > 0
        : kind == JoinKind.ANTI || left.preserved ? matches == 0 : false;
    if (alone) {
      emitPadded(change, true, row, out);
    }
  }

  /** Row {@code q} of {@code other} had no match and gets one: its padded row, or its anti-join row, goes. */
  private void lostUnmatched(RegularJoinRows other, int q, BatchConsumer out) {
    if (other.preserved || other == left && kind == JoinKind.ANTI) {
      emitPadded(RowKind.DELETE, other == left, q, out);
    } else if (other == left && kind == JoinKind.SEMI) {
      emitPadded(RowKind.INSERT, true, q, out);
    }
  }

  /** Row {@code q} of {@code other} lost its last match: its padded row, or its anti-join row, comes back. */
  private void becameUnmatched(RegularJoinRows other, int q, BatchConsumer out) {
    if (other.preserved || other == left && kind == JoinKind.ANTI) {
      emitPadded(RowKind.INSERT, other == left, q, out);
    } else if (other == left && kind == JoinKind.SEMI) {
      emitPadded(RowKind.DELETE, true, q, out);
    }
  }

  private void emitPair(byte change, boolean sideLeft, int mine, int q, BatchConsumer out) {
    add(change, sideLeft ? mine : q, sideLeft ? q : mine, out);
  }

  /** A row of one input alone: padded with NULLs for an outer join, the left row itself for a semi or anti join. */
  private void emitPadded(byte change, boolean isLeft, int row, BatchConsumer out) {
    add(change, isLeft ? row : -1, isLeft ? -1 : row, out);
  }

  private void add(byte change, int leftRow, int rightRow, BatchConsumer out) {
    gatherLeft[outCount] = leftRow;
    gatherRight[outCount] = rightRow;
    outKinds[outCount] = change;
    if (++outCount == CHUNK) {
      flush(out);
    }
  }

  private void flush(BatchConsumer out) {
    if (outCount == 0) {
      return;
    }
    Batch o = output;
    o.reset();
    left.rows.gather(gatherLeft, outCount, o, 0);
    if (pairs) {
      right.rows.gather(gatherRight, outCount, o, leftWidth);
    }
    o.size = outCount;
    o.kinds = Arrays.copyOf(outKinds, outCount);
    outCount = 0;
    out.accept(o);
  }

  /**
   * Ends a micro-batch at batch time {@code now}: with a time-to-live ({@code ttlMillis > 0}), drops
   * the rows that arrived more than that long ago (without output: as Flink's state TTL, a later
   * row simply no longer finds them), then compacts when dead rows outnumber live ones. Returns
   * the batch time at which the next kept row expires, or {@link Long#MAX_VALUE}.
   */
  public long endBatch(long now, long ttlMillis) {
    long next = Long.MAX_VALUE;
    if (ttlMillis > 0 && now - oldestArrival >= ttlMillis) {
      long before = now - ttlMillis;
      oldestArrival = Math.min(expire(left, before), expire(right, before));
    }
    if (ttlMillis > 0 && left.live + right.live > 0) {
      next = oldestArrival + ttlMillis;
    }
    int dead = left.dead() + right.dead();
    if (dead >= COMPACT_MIN_DEAD && dead > left.live + right.live || left.live + right.live == 0 && dead > 0) {
      compact();
    }
    if (disk != null && disk.full(estimatedBytes())) {
      disk.writeOut();
    }
    return next;
  }

  /** Kills the rows that arrived before {@code before}; returns the earliest arrival of the others. */
  private static long expire(RegularJoinRows side, long before) {
    int size = side.size();
    long oldest = Long.MAX_VALUE;
    for (int r = 0; r < size; r++) {
      if (side.dead[r]) {
        continue;
      }
      if (side.arrived[r] < before) {
        side.kill(r);
      } else {
        oldest = Math.min(oldest, side.arrived[r]);
      }
    }
    return oldest;
  }

  /** Drops dead rows from both inputs and renumbers the keys (keys with no live row go) and chains. */
  private void compact() {
    left.compact();
    right.compact();
    renumberKeys();
  }

  private void renumberKeys() {
    if (keyTable != null) {
      keyTable.clear(left.size() + right.size());
    }
    int keyCount = renumberKeys(left);
    keyCount = Math.max(keyCount, renumberKeys(right));
    left.relink(keyCount);
    right.relink(keyCount);
  }

  /** Sets the key id of every stored row of {@code side}; returns the number of key ids. */
  private int renumberKeys(RegularJoinRows side) {
    int size = side.size();
    side.reserveRows(size);
    if (keyTable == null) {
      for (int r = 0; r < size; r++) {
        side.keyId[r] = side.nullKey(r) ? -1 : 0;
      }
      return 1;
    }
    keyTable.groupIdsForStored(side.rows, side.keys, size, side.keyId);
    for (int r = 0; r < size; r++) {
      if (side.nullKey(r)) {
        side.keyId[r] = -1;
      }
    }
    return keyTable.size();
  }

  private static long oldest(RegularJoinRows side) {
    long oldest = Long.MAX_VALUE;
    for (int r = 0; r < side.size(); r++) {
      oldest = Math.min(oldest, side.arrived[r]);
    }
    return oldest;
  }

  /** Rows kept over both inputs. */
  public long stateRows() {
    return (long) left.live + right.live + (disk == null ? 0 : disk.storedRows());
  }

  /**
   * What {@code rows} more rows of one input would allocate, each with a new key: the larger
   * side's growth (a batch feeds one input at a time) and the key table's. On disk 0: the cache is
   * written out before a batch that would grow it past its share.
   */
  @Override
  public long growthBytes(int rows) {
    return disk != null ? 0 : heapGrowthBytes(rows);
  }

  private long heapGrowthBytes(int rows) {
    return Math.max(left.growthBytes(rows), right.growthBytes(rows))
        + (keyTable == null ? 0 : keyTable.growthBytes(rows));
  }

  @Override
  public long estimatedBytes() {
    long bytes = left.bytes() + right.bytes();
    if (keyTable != null) {
      bytes += keyTable.keys().estimatedBytes() + keyTable.size() * 16L;
    }
    return disk == null ? bytes : bytes + disk.heapBytes();
  }

  /** Writes both inputs' live rows with their match counts and arrival times; keys and chains are rebuilt on restore. */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (left.dead() + right.dead() > 0) {
      compact();
    }
    if (disk != null && disk.spilled()) {
      disk.writeInput(out, 0);
      disk.writeInput(out, 1);
      return;
    }
    left.writeTo(out);
    right.writeTo(out);
  }

  /** Replaces the state with one written by {@link #writeTo} from a joiner of the same shape. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    if (disk != null) {
      disk.readFrom(in); // a chunk at a time, into the store when larger than the cache's share
    } else {
      left.readFrom(in);
      right.readFrom(in);
    }
    restoredRows();
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return disk == null ? 0 : disk.restorePeakBytes();
  }

  private void restoredRows() {
    renumberKeys();
    oldestArrival = Math.min(oldest(left), oldest(right));
  }

  /** Makes the rows as they are now the base of the next {@link #writeDelta}. */
  public void markDeltaBase() {
    left.markDeltaBase();
    right.markDeltaBase();
  }

  /** Whether {@link #writeDelta} can describe the changes since {@link #markDeltaBase} (once one was made). */
  public boolean deltaReady() {
    return left.deltaReady() && right.deltaReady();
  }

  /** Writes each input's rows removed, re-counted and added since {@link #markDeltaBase}. */
  public void writeDelta(java.io.DataOutput out) throws java.io.IOException {
    if (held != null && held.size() > 0) {
      throw new IllegalStateException("a delta is taken between batches, not with held rows");
    }
    if (disk != null && disk.storeOpened()) { // rows were in the store: the cache's record of changes is not all of them
      disk.writeDelta(out, 0);
      disk.writeDelta(out, 1);
      return;
    }
    left.writeDelta(out);
    right.writeDelta(out);
  }

  /** Applies a delta written by {@link #writeDelta} to the state it was taken from. */
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    if (disk != null) {
      disk.readAllBack(); // a delta names rows by rank: it applies to the whole state on the heap
    }
    left.applyDelta(in);
    right.applyDelta(in);
    restoredRows();
  }

  /** What a snapshot must match: both inputs' columns and keys, the join kind and whether a residual condition applies. */
  public String shape() {
    return "regular join " + kind + ": left " + left.shape() + "; right " + right.shape()
        + (candidates.hasResidual() ? "; with a residual condition" : "");
  }
}
