package io.sluice.runtime.kernel;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.stream.Saturated;
import io.sluice.catalog.stream.RowRelease;
import io.sluice.catalog.stream.IntervalBound;
import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.state.KeyedState;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.util.List;

/**
 * Joins two streams on equal keys (none: every pair is a candidate) within an event-time bound
 * ({@link IntervalBound}), micro-batch by micro-batch, keeping each input's rows only as long as
 * a later row of the other input can still match them.
 *
 * <p>Per batch: {@link #addLeft} and {@link #addRight} stage the batch's new rows, {@link #join}
 * pairs them with each other and with the stored rows of the other input, then {@link #release}
 * drops the rows the watermark has made unmatchable. INNER joins emit every pair as soon as its
 * second row arrives; LEFT, RIGHT and FULL joins also emit a row of a preserved input that never
 * matched, padded with NULLs, when it is released (every row at the end of input, when the
 * watermark is {@link Long#MAX_VALUE}). Every row emitted is final. A window join in Flink's form
 * ({@link #pairWhenReleased}) instead pairs a window's rows when the watermark closes it.
 *
 * <p>SEMI and ANTI joins (a time-bounded {@code EXISTS} and {@code NOT EXISTS}) emit left columns
 * only: SEMI a left row once, at its first match; ANTI a left row that never matched, when it is
 * released. Both keep the left rows' matched flags as an outer join keeps its preserved side's.
 *
 * <p>Of the batch's new rows, the side with fewer rows is linked into its key chains first (the
 * build) and probed by the other side's new rows; the other side's new rows are linked after,
 * so that each new pair is found exactly once and no probe walks past rows of its own batch.
 * Rows with a NULL key, time or release column never match and are not stored (a window join
 * stores those with a NULL key until their window closes, and pairs them with nothing). Output columns
 * are the left columns then the right columns; {@code residual} sees every candidate pair in
 * that layout.
 *
 * <p>Each input's rows are released by a {@link RowRelease}: under a constant bound, by their
 * event time; under a row bound (Nexmark q4's {@code B.dateTime BETWEEN A.dateTime AND
 * A.expires}), by another timestamp column of the row, such as an auction's expiry. The
 * {@link IntervalBound} then still prunes candidates on the ends it has.
 */
public final class IntervalJoiner implements KeyedState {
  private static final int CHUNK = Batch.DEFAULT_CAPACITY;
  /** Dead rows are compacted away once there are at least this many and more than live ones. */
  private static final int COMPACT_MIN_DEAD = 1024;

  private final IntervalBound bound;
  /** SEMI: left rows at their first match; ANTI: unmatched left rows at release; both left columns only. */
  private final boolean semi;
  private final boolean anti;
  /** The left columns of {@link #candidates}: what a semi or anti join emits. */
  private final Batch leftOnly;
  /** Pairs (in {@link #candidates}) whose left row matched for the first time: a semi join's output. */
  private final int[] firstMatches = new int[CHUNK];
  private final RowRelease leftRelease;
  private final RowRelease rightRelease;
  private final IntervalJoinState left;
  private final IntervalJoinState right;
  private final JoinCandidates pairs;
  private final KeyTable keyTable;
  private final int leftWidth;
  private final int rightWidth;
  /** The pairs' batch, also the scratch batch of NULL-padded rows. */
  private final Batch candidates;
  private final int[] pairLeft = new int[CHUNK];
  private final int[] pairRight = new int[CHUNK];
  private final int[] passing = new int[CHUNK];
  private final int[] released = new int[CHUNK];
  private final int[] due = new int[CHUNK];
  private final Batch leftView;
  private final Batch rightView;
  private int[] usable = new int[0];
  private int[] unusable = new int[0];
  private String lastChoice;
  /** Window join at window close: rows are paired when released, not when they arrive ({@link #pairWhenReleased}). */
  private boolean pairWhenReleased;
  /** The time-to-live of a kept input's rows ({@link #expireKeptRowsAfter}); 0 for none. */
  private long ttlMillis;
  /** The processing time of the running batch: the arrival time of the rows it stages. */
  private long now;
  /** With the disk backend: the rows in the store, the tables above their cache; null on the heap. */
  private DiskIntervalRows disk;
  /** On disk: the key ids of the rows being staged, taken before the rows of keys new to the cache are read back. */
  private int[] stagedKeyIds = new int[0];

  /**
   * A join whose constant bound releases the rows of both inputs by their event time.
   *
   * @param kind INNER, LEFT, RIGHT, FULL, SEMI or ANTI
   * @param leftKeys left columns of the equi-condition, pairwise equal to {@code rightKeys} (both may be empty)
   * @param residual condition on candidate pairs beyond key equality (including the time bound), or null
   */
  public IntervalJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, IntervalBound bound, JoinCondition residual) {
    this(kind, leftTypes, rightTypes, leftKeys, rightKeys, bound, bound.leftRowRelease(), bound.rightRowRelease(),
        residual);
  }

  /**
   * A join whose rows are released by the given rules; {@code bound} prunes candidates on the ends
   * it has (it may be open at one end).
   *
   * @param residual condition on candidate pairs beyond key equality (including every time term), or null
   */
  public IntervalJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, IntervalBound bound, RowRelease leftRelease, RowRelease rightRelease, JoinCondition residual) {
    this.pairs = new JoinCandidates(leftTypes, rightTypes, leftKeys, rightKeys, residual);
    this.bound = bound;
    this.leftRelease = leftRelease;
    this.rightRelease = rightRelease;
    semi = kind == JoinKind.SEMI;
    anti = kind == JoinKind.ANTI;
    // a semi join keeps matched flags as a preserved input does, and emits no unmatched row
    boolean leftOuter = kind == JoinKind.LEFT || kind == JoinKind.FULL || semi || anti;
    boolean rightOuter = kind == JoinKind.RIGHT || kind == JoinKind.FULL;
    left = new IntervalJoinState(leftTypes, leftKeys, bound.leftTime(), leftRelease, leftOuter);
    right = new IntervalJoinState(rightTypes, rightKeys, bound.rightTime(), rightRelease, rightOuter);
    leftWidth = leftTypes.size();
    rightWidth = rightTypes.size();
    keyTable = pairs.keyTable;
    candidates = pairs.batch;
    leftOnly = new Batch(java.util.Arrays.copyOf(candidates.columns, leftWidth), 0);
    leftView = new Batch(new io.sluice.catalog.data.ColumnVector[leftWidth], 0);
    rightView = new Batch(new io.sluice.catalog.data.ColumnVector[rightWidth], 0);
  }

  /**
   * Pairs rows when the watermark releases them rather than when they arrive: a window join in
   * Flink's form, whose rows are all released when their window closes ({@code window_end <=
   * watermark}), so that it emits every pair of a window then, with its unmatched rows padded
   * with NULLs, and nothing before. Rows with a NULL key, which match nothing, are held until their
   * window closes too (as Flink's window join does), so that a window's rows come out together.
   */
  public void pairWhenReleased() {
    pairWhenReleased = true;
  }

  /**
   * Forgets the rows of the left ({@code leftInput}) or right input, the one a one-sided bound
   * keeps for the whole query, once {@code ttl} milliseconds of processing time have passed since
   * they arrived ({@code pipeline.state-ttl}): as a regular join forgets its rows, without output.
   * A row of a preserved input that never matched is emitted padded with NULLs then.
   */
  public void expireKeptRowsAfter(boolean leftInput, long ttl) {
    if (ttl <= 0) {
      throw new IllegalArgumentException("a time-to-live must be positive: " + ttl);
    }
    ttlMillis = ttl;
    (leftInput ? left : right).trackArrival();
  }

  /**
   * Keeps the rows in {@code backend}'s store for operator {@code name}, with the heap tables as a
   * cache of the join keys in use ({@link DiskIntervalRows}); returns false, staying on the heap, for
   * a join without an equi-condition (all its rows are one key) or with a time-to-live (whose
   * expiry walks the rows in arrival order). Called after the options, before any row or restore.
   */
  public boolean keepOnDisk(DiskStateBackend backend, String name) {
    if (keyTable == null || ttlMillis > 0) {
      return false;
    }
    disk = new DiskIntervalRows(backend, name, keyTable, left, right);
    return true;
  }

  /** What the disk backend did, or null on the heap. */
  public String describeDisk() {
    return disk == null ? null : disk.describe();
  }

  /** The most heap bytes the last restore held of the state at a time on the disk backend (0 on the heap). */
  public long restorePeakBytes() {
    return disk == null ? 0 : disk.restorePeakBytes();
  }

  /** Deletes the store of the disk backend: the query ended. */
  public void close() {
    if (disk != null) {
      disk.close();
    }
  }

  /** Starts a batch read at processing time {@code batchTime}: the arrival time of its rows. */
  public void startBatch(long batchTime) {
    now = batchTime;
  }

  /** Stages the selected rows of a left batch (rows that can never match go out at once if preserved). */
  public void addLeft(Batch batch, BatchConsumer out) {
    stage(left, leftView, batch, out);
  }

  /** Stages the selected rows of a right batch (rows that can never match go out at once if preserved). */
  public void addRight(Batch batch, BatchConsumer out) {
    stage(right, rightView, batch, out);
  }

  private void stage(IntervalJoinState side, Batch view, Batch batch, BatchConsumer out) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    boolean nullable = batch.columns[side.timeColumn].mayHaveNulls || batch.columns[side.releaseColumn].mayHaveNulls;
    for (int key : side.keys) {
      nullable |= batch.columns[key].mayHaveNulls;
    }
    Batch rows = batch;
    if (nullable) {
      usable = Vectors.grow(usable, n);
      unusable = Vectors.grow(unusable, n);
      int kept = 0;
      int dropped = 0;
      for (int k = 0; k < n; k++) {
        int row = batch.row(k);
        if (neverMatches(batch, side, row) && !(pairWhenReleased && hasTimes(batch, side, row))) {
          unusable[dropped++] = row;
        } else {
          usable[kept++] = row;
        }
      }
      if (dropped > 0 && emitsUnmatched(side)) {
        emitPadded(batch, unusable, dropped, side == left, out);
      }
      System.arraycopy(batch.columns, 0, view.columns, 0, view.columns.length);
      view.size = batch.size;
      view.selection = usable;
      view.selectedCount = kept;
      rows = view;
      n = kept;
      if (n == 0) {
        return;
      }
    }
    if (disk != null && n > CHUNK) { // on disk a large batch is staged a slice at a time, the cache written out between
      int[] all = new int[n];
      for (int k = 0; k < n; k++) {
        all[k] = rows.row(k);
      }
      for (int from = 0; from < n; from += CHUNK) {
        Batch slice = new Batch(rows.columns.clone(), rows.size);
        slice.selection = java.util.Arrays.copyOfRange(all, from, Math.min(n, from + CHUNK));
        slice.selectedCount = slice.selection.length;
        stage(side, view, slice, out);
      }
      return;
    }
    if (disk != null) {
      readBackKeys(side, rows, n, out);
    }
    int base = side.size();
    side.rows.append(rows);
    side.reserve(0);
    if (keyTable != null) {
      int[] ids = disk != null ? stagedKeyIds : keyTable.groupIdsFor(rows, side.keys);
      System.arraycopy(ids, 0, side.keyId, base, n);
    } else {
      java.util.Arrays.fill(side.keyId, base, base + n, 0);
    }
    java.util.Arrays.fill(side.matched, base, base + n, false);
    java.util.Arrays.fill(side.dead, base, base + n, false);
    if (side.arrived != null) {
      java.util.Arrays.fill(side.arrived, base, base + n, now);
    }
  }

  /**
   * On disk, before {@code n} rows of {@code side} are staged: joins the rows staged so far (so
   * that rows read back are linked before any new row), writes the cache out when these rows would
   * take it past its share, then numbers the rows' keys and reads back the rows of the keys new to
   * the cache. A key's rows are then all in the cache when its new rows are joined.
   */
  private void readBackKeys(IntervalJoinState side, Batch rows, int n, BatchConsumer out) {
    if (left.staged() + right.staged() > 0) {
      join(out);
    }
    if (disk.full(estimatedBytes() + heapGrowthBytes(n))) {
      disk.writeOut();
    }
    int known = keyTable.size();
    stagedKeyIds = Vectors.grow(stagedKeyIds, n);
    System.arraycopy(keyTable.groupIdsFor(rows, side.keys), 0, stagedKeyIds, 0, n);
    disk.load(known, keyTable.size());
  }

  /**
   * Whether the row's time and release columns hold values: a row of a window join with a NULL key
   * matches nothing but has a window, and is held until that window closes, as the window's other rows.
   */
  private static boolean hasTimes(Batch batch, IntervalJoinState side, int row) {
    return !batch.columns[side.timeColumn].isNull(row) && !batch.columns[side.releaseColumn].isNull(row);
  }

  /** Whether a stored row has a NULL key column: held by a window join, it is paired with no row. */
  private static boolean hasNullKey(IntervalJoinState side, int row) {
    for (int key : side.keys) {
      if (side.rows.isNull(key, row)) {
        return true;
      }
    }
    return false;
  }

  /** A NULL in a column the condition compares makes the comparison not true: the row can match nothing. */
  private static boolean neverMatches(Batch batch, IntervalJoinState side, int row) {
    if (batch.columns[side.timeColumn].isNull(row) || batch.columns[side.releaseColumn].isNull(row)) {
      return true;
    }
    for (int key : side.keys) {
      if (batch.columns[key].isNull(row)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Joins the staged rows of both inputs with each other and with the stored rows, pushing the
   * joined rows to {@code out}, then stores them.
   */
  public void join(BatchConsumer out) {
    int newLeft = left.staged();
    int newRight = right.staged();
    if (newLeft == 0 && newRight == 0) {
      lastChoice = "no new rows";
      return;
    }
    int keyCount = pairs.keyCount();
    left.reserve(keyCount);
    right.reserve(keyCount);
    if (pairWhenReleased) {
      left.link();
      right.link();
      lastChoice = "held " + newLeft + " left and " + newRight + " right rows until their window closes";
      return;
    }
    boolean buildLeft = newLeft < newRight;
    IntervalJoinState build = buildLeft ? left : right;
    IntervalJoinState probe = buildLeft ? right : left;
    // new build rows meet the stored probe rows, then new probe rows meet all build rows
    pairStaged(build, probe, out);
    build.link();
    pairStaged(probe, build, out);
    probe.link();
    lastChoice = buildLeft ? "build=left " + newLeft + " rows, probe=right " + newRight + " rows"
        : "build=right " + newRight + " rows, probe=left " + newLeft + " rows";
  }

  /** Pairs the staged rows of {@code from} with the linked rows of {@code to} that share their key and time range. */
  private void pairStaged(IntervalJoinState from, IntervalJoinState to, BatchConsumer out) {
    pair(from, to, null, from.linked, from.size(), out);
  }

  /**
   * Pairs rows {@code ids[start .. end)} of {@code from} (with {@code ids} null, the rows {@code
   * start .. end)} themselves) with the live linked rows of {@code to} that share their key and
   * time range.
   */
  private void pair(IntervalJoinState from, IntervalJoinState to, int[] ids, int start, int end, BatchConsumer out) {
    boolean fromLeft = from == left;
    long[] fromTimes = from.times();
    long[] toTimes = to.times();
    int[] keyId = from.keyId;
    int[] head = to.head;
    int[] next = to.next;
    boolean[] dead = to.dead;
    // from left at time t, right rows match in [t - upper, t - lower]; from right at t, left rows in [t + lower, t + upper]
    long loEnd = fromLeft ? bound.upper() : bound.lower();
    long hiEnd = fromLeft ? bound.lower() : bound.upper();
    // an open end (a side released by a row bound) prunes nothing; negating it would overflow
    boolean openLo = loEnd == (fromLeft ? Long.MAX_VALUE : Long.MIN_VALUE);
    boolean openHi = hiEnd == (fromLeft ? Long.MIN_VALUE : Long.MAX_VALUE);
    long loShift = openLo ? 0 : fromLeft ? -loEnd : loEnd;
    long hiShift = openHi ? 0 : fromLeft ? -hiEnd : hiEnd;
    int[] fromRows = fromLeft ? pairLeft : pairRight;
    int[] toRows = fromLeft ? pairRight : pairLeft;
    int m = 0;
    for (int i = start; i < end; i++) {
      int r = ids == null ? i : ids[i];
      int key = keyId[r];
      if (key >= head.length || pairWhenReleased && hasNullKey(from, r)) {
        continue; // NULL keys share a key id but equal nothing
      }
      long t = fromTimes[r];
      long lo = openLo ? Long.MIN_VALUE : Saturated.add(t, loShift);
      long hi = openHi ? Long.MAX_VALUE : Saturated.add(t, hiShift);
      for (int q = head[key]; q >= 0; q = next[q]) {
        long u = toTimes[q];
        if (dead[q] || u < lo || u > hi) {
          continue;
        }
        fromRows[m] = r;
        toRows[m] = q;
        if (++m == CHUNK) {
          flushPairs(m, out);
          m = 0;
        }
      }
    }
    if (m > 0) {
      flushPairs(m, out);
    }
  }

  private void flushPairs(int m, BatchConsumer out) {
    int passed = pairs.filter(left.rows, pairLeft, right.rows, pairRight, m, passing);
    Batch c = candidates;
    if (pairs.hasResidual()) {
      c.selection = passing;
      c.selectedCount = passed;
    }
    if (semi || anti) {
      int first = 0;
      for (int i = 0; i < passed; i++) {
        int pair = pairs.hasResidual() ? passing[i] : i;
        if (!left.matched[pairLeft[pair]]) {
          left.markMatched(pairLeft[pair]);
          firstMatches[first++] = pair;
        }
      }
      if (semi && first > 0) {
        c.selection = firstMatches;
        c.selectedCount = first;
        push(c, out);
      }
      return;
    }
    if (left.preserved || right.preserved) {
      for (int i = 0; i < passed; i++) {
        int pair = pairs.hasResidual() ? passing[i] : i;
        left.markMatched(pairLeft[pair]);
        right.markMatched(pairRight[pair]);
      }
    }
    if (passed > 0) {
      out.accept(c);
    }
  }

  /**
   * Drops the stored rows that no row after a batch with watermark {@code watermark} can match,
   * emitting the unmatched ones of a preserved input padded with NULLs. At
   * {@link Long#MAX_VALUE} (end of input) every row goes.
   */
  public void release(long watermark, BatchConsumer out) {
    if (watermark != Long.MIN_VALUE) {
      releaseDue(watermark, out);
    }
    if (disk != null && disk.full(estimatedBytes())) {
      disk.writeOut(); // also before the first watermark: a batch's rows leave the cache at its end
    }
  }

  private void releaseDue(long watermark, BatchConsumer out) {
    if (disk != null) {
      disk.release(watermark, pairWhenReleased); // the keys of due rows a release emits come back to the cache
    }
    releaseSide(left, watermark, out);
    releaseSide(right, watermark, out);
    int dead = left.linked - left.live + right.linked - right.live;
    if (left.live == 0 && right.live == 0) {
      if (dead > 0) {
        left.clear();
        right.clear();
        if (keyTable != null) {
          keyTable.clear(keyTable.size()); // the next batch likely brings as many keys
        }
      }
    } else if (dead >= COMPACT_MIN_DEAD && dead > left.live + right.live) {
      compact();
    }
  }

  private void releaseSide(IntervalJoinState side, long watermark, BatchConsumer out) {
    boolean all = watermark == Long.MAX_VALUE;
    // no later row of the other input can match a row whose time plus its bound is at or below the
    // watermark: later rows are above it (Lateness)
    long before = Saturated.add(Saturated.subtract(watermark, side.release), 1);
    if (!all && side.nextTime() >= before) {
      return;
    }
    long[] times = side.releaseTimes();
    int taken;
    do {
      taken = side.order.takeDue(times, before, all, due, CHUNK);
      if (pairWhenReleased && side == left) {
        pair(left, right, due, 0, taken, out); // the window's right rows are released after, in the same call
      }
      int m = 0;
      for (int i = 0; i < taken; i++) {
        if (side.dead[due[i]]) {
          continue; // expired by the time-to-live before its release time came (the end of input)
        }
        if (side.release(due[i]) && emitsUnmatched(side)) {
          released[m++] = due[i];
        }
      }
      if (m > 0) {
        emitReleased(side, m, out);
      }
    } while (taken == CHUNK);
  }

  private void emitReleased(IntervalJoinState side, int m, BatchConsumer out) {
    Batch c = candidates;
    c.reset();
    boolean isLeft = side == left;
    side.rows.gather(released, m, c, isLeft ? 0 : leftWidth);
    int from = isLeft ? leftWidth : 0;
    int width = isLeft ? rightWidth : leftWidth;
    for (int i = 0; i < width; i++) {
      Vectors.fillNull(c.columns[from + i], m);
    }
    c.size = m;
    push(c, out);
  }

  /** Whether a row of {@code side} that never matched is emitted (padded; for ANTI, as it is). */
  private boolean emitsUnmatched(IntervalJoinState side) {
    return side.preserved && !semi;
  }

  /** Emits {@code c}: for a semi or anti join, its left columns only. */
  private void push(Batch c, BatchConsumer out) {
    if (!semi && !anti) {
      out.accept(c);
      return;
    }
    leftOnly.size = c.size;
    leftOnly.selection = c.selection;
    leftOnly.selectedCount = c.selectedCount;
    out.accept(leftOnly);
  }

  /** NULL-padded rows straight from an input batch: rows that can never match. */
  private void emitPadded(Batch batch, int[] rows, int count, boolean isLeft, BatchConsumer out) {
    int width = isLeft ? leftWidth : rightWidth;
    int offset = isLeft ? 0 : leftWidth;
    int otherOffset = isLeft ? leftWidth : 0;
    int otherWidth = isLeft ? rightWidth : leftWidth;
    for (int start = 0; start < count; start += CHUNK) {
      int m = Math.min(CHUNK, count - start);
      System.arraycopy(rows, start, released, 0, m);
      Batch c = candidates;
      c.reset();
      for (int i = 0; i < width; i++) {
        Vectors.gather(batch.columns[i], released, m, c.columns[offset + i]);
      }
      for (int i = 0; i < otherWidth; i++) {
        Vectors.fillNull(c.columns[otherOffset + i], m);
      }
      c.size = m;
      push(c, out);
    }
  }

  /**
   * Forgets the rows of a kept input that arrived {@link #expireKeptRowsAfter the time-to-live}
   * or more before processing time {@code time}, emitting the unmatched ones of a preserved input
   * padded with NULLs. Returns the number forgotten.
   */
  public int expire(long time, BatchConsumer out) {
    return ttlMillis == 0 ? 0 : expireSide(left, time, out) + expireSide(right, time, out);
  }

  private int expireSide(IntervalJoinState side, long time, BatchConsumer out) {
    if (side.arrived == null) {
      return 0;
    }
    long arrivedBy = Saturated.subtract(time, ttlMillis);
    int expired = 0;
    int m = 0;
    int r = side.expiryCursor;
    for (; r < side.linked && (side.dead[r] || side.arrived[r] <= arrivedBy); r++) {
      if (side.dead[r]) {
        continue;
      }
      expired++;
      if (side.release(r) && emitsUnmatched(side)) {
        released[m++] = r;
        if (m == CHUNK) {
          emitReleased(side, m, out);
          m = 0;
        }
      }
    }
    side.expiryCursor = r;
    if (m > 0) {
      emitReleased(side, m, out);
    }
    return expired;
  }

  /** When the next row of a kept input expires (processing time), or {@link Long#MAX_VALUE}. */
  public long nextExpiry() {
    return Math.min(nextExpiry(left), nextExpiry(right));
  }

  private long nextExpiry(IntervalJoinState side) {
    if (side.arrived == null) {
      return Long.MAX_VALUE;
    }
    for (int r = side.expiryCursor; r < side.linked; r++) {
      if (!side.dead[r]) {
        return Saturated.add(side.arrived[r], ttlMillis);
      }
    }
    return Long.MAX_VALUE;
  }

  /** Drops released rows from both inputs and rebuilds the key ids (keys with no live row go) and chains. */
  private void compact() {
    left.compact();
    right.compact();
    int keyCount = renumberKeys(keyTable == null ? 0 : Math.min(keyTable.size(), left.linked + right.linked));
    left.relink(keyCount);
    right.relink(keyCount);
  }

  /**
   * Gives both inputs' linked rows their key ids anew, in a key table cleared with room for
   * {@code expectedKeys}, so that keys without rows go; returns the number of key ids.
   */
  private int renumberKeys(int expectedKeys) {
    if (keyTable == null) {
      java.util.Arrays.fill(left.keyId, 0, left.linked, 0);
      java.util.Arrays.fill(right.keyId, 0, right.linked, 0);
      return 1;
    }
    keyTable.clear(expectedKeys);
    keyTable.groupIdsForStored(left.rows, left.keys, left.linked, left.keyId);
    keyTable.groupIdsForStored(right.rows, right.keys, right.linked, right.keyId);
    return keyTable.size();
  }


  /**
   * The watermark at which the next stored row is released (a batch then drops it, and emits it
   * padded if it is an unmatched row of a preserved input), or {@link Long#MAX_VALUE} when
   * nothing is stored.
   */
  public long nextReleaseWatermark() {
    return Math.min(nextRelease(left, 0), nextRelease(right, 1));
  }

  private long nextRelease(IntervalJoinState side, int input) {
    long time = disk == null ? side.nextTime() : Math.min(side.nextTime(), disk.nextTime(input));
    return time == Long.MAX_VALUE ? Long.MAX_VALUE : Lateness.releasedAt(Saturated.add(time, side.release));
  }

  /** Whether unmatched rows of a preserved input (when pairing at release, any rows) wait to be emitted. */
  public boolean pendingOutput() {
    if (pairWhenReleased) {
      return stateRows() > 0; // pairs and unmatched rows of windows still open
    }
    return (left.pending > 0 && !semi) || right.pending > 0 || disk != null && disk.unmatchedStored(!semi);
  }

  /** Rows kept (not released) over both inputs. */
  public long stateRows() {
    return (long) left.live + right.live + (disk == null ? 0 : disk.storedRows());
  }

  /**
   * What {@code rows} more rows of one input would allocate, each with a new key: the larger
   * side's growth (a batch feeds one input at a time) and the key table's. On disk 0: the cache is
   * written out before rows that would grow it past its share.
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
      bytes += keyTable.estimatedBytes() + keyTable.size() * 8L;
    }
    return disk == null ? bytes : bytes + disk.heapBytes();
  }

  /**
   * Writes the state between batches: each input's live rows with their matched flags (an outer
   * join's rows still waiting to be emitted padded). Key ids, chains and release order are rebuilt
   * by {@link #readFrom}.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (disk != null && disk.spilled()) {
      disk.writeTo(out); // the cache's rows and the store's, in the heap's format
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

  /** Makes the rows as they are now the base of the next {@link #writeDelta}. */
  public void markDeltaBase() {
    left.markDeltaBase();
    right.markDeltaBase();
    if (disk != null) {
      disk.markDeltaBase();
    }
  }

  /** Whether {@link #writeDelta} can describe the changes since {@link #markDeltaBase} (once one was made). */
  public boolean deltaReady() {
    return left.deltaReady() && right.deltaReady() && (disk == null || disk.deltaReady());
  }

  /** Writes each input's rows released, matched and added since {@link #markDeltaBase}. */
  public void writeDelta(java.io.DataOutput out) throws java.io.IOException {
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

  /** Ends a restore: key ids, chains and release order rebuilt from the rows. */
  private void restoredRows() {
    int keyCount = renumberKeys(left.linked + right.linked);
    left.restored(keyCount);
    right.restored(keyCount);
    lastChoice = null;
  }

  /**
   * What a snapshot must match: both inputs' columns, keys and time columns, the join kind, the
   * bound, and the release rules when a row bound sets them (a constant bound's shape is the one
   * it had before row bounds, so that its snapshots still restore).
   */
  public String shape() {
    boolean byBound = leftRelease.equals(bound.leftRowRelease()) && rightRelease.equals(bound.rightRowRelease());
    return "interval join: left " + left.shape() + "; right " + right.shape() + "; " + bound
        + (byBound ? "" : "; left rows released at " + leftRelease + ", right rows at " + rightRelease)
        + (pairs.hasResidual() ? "; with a residual condition" : "") + (semi ? "; semi" : anti ? "; anti" : "")
        + (pairWhenReleased ? "; pairs found when the window closes" : "")
        + (ttlMillis > 0 ? "; kept rows forgotten " + ttlMillis + " ms after they arrive" : "");
  }

  /** Which side the last batch built, with the row counts of both; null before the first batch. */
  public String lastChoice() {
    return lastChoice;
  }
}
