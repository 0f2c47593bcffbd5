package io.sluice.runtime.kernel;

import io.sluice.runtime.batch.Lateness;
import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.stream.Saturated;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.KeyedState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The open session windows of a stream and the rows in them, per key. A row at time {@code t}
 * covers {@code [t, t + gap)}; a session is a maximal run of overlapping rows, from its first
 * row's time to its last row's time plus the gap. A row joins the session it overlaps and, when
 * it overlaps several (it bridges them), merges them into one; so the sessions after any order
 * of arrival are those of all rows sorted by time ({@link SessionAssigner}).
 *
 * <p>{@link #closeUpTo} emits the rows of the sessions that end at or before the watermark, with
 * their final bounds, and forgets them: rows at or after the watermark can no longer reach them.
 *
 * <p>A state that {@link #SessionWindowState(List, int[], int, long, boolean) emits changes}
 * instead shows every session as it is after each batch ({@link #emitChanges}): {@code +I} for
 * the rows not shown yet, with the session's current bounds. A session shown before whose bounds
 * change (it grows at either end, or merges with another) first takes its shown rows back: a
 * {@code -D} for each with the bounds it was shown with, then a {@code +I} for each with the new
 * bounds. A row that falls inside a session without moving its bounds costs one {@code +I}.
 * Closing a session then emits nothing: it was shown whole already.
 *
 * <p>State is primitive arrays: rows in one {@link ColumnarRows} store linked per session, and
 * sessions in arrays indexed by a session id, linked per key in order of start (which, as a
 * key's sessions are disjoint, is also the order of end: closed sessions are a prefix). Rows of
 * closed sessions and keys without sessions are compacted away once they outnumber live ones.
 */
public final class SessionWindowState implements KeyedState {
  private static final int NONE = -1;
  private static final int COMPACT_AT_LEAST = 4096;

  private final List<DataType> inputTypes;
  private final int[] keyColumns;
  private final int timeColumn;
  private final long gap;
  private final SessionRowWriter writer;
  /** Whether sessions are shown as they change ({@link #emitChanges}) rather than once, when they close. */
  private final boolean changes;

  /** Key values to dense key ids; null without key columns (one key, id 0). */
  private KeyTable keys;
  /** Per key id: its first open session (smallest start), or NONE. */
  private int[] firstSession = new int[16];
  private int keyCount;

  private ColumnarRows rows;
  /** Per stored row: the next row of its session, or NONE. */
  private int[] nextRow = new int[16];
  private int liveRows;

  /** Per session id: bounds, first and last row, row count, and the key's next session or the next free id. */
  private long[] start = new long[16];
  private long[] end = new long[16];
  private int[] head = new int[16];
  private int[] tail = new int[16];
  private int[] rowCount = new int[16];
  private int[] next = new int[16];
  /**
   * When emitting changes, per session: how many of its first rows were shown ({@code +I}), the
   * last of them (or NONE), and the bounds they were shown with. Rows join a session at its tail,
   * and a session whose bounds change takes back all its shown rows, so the shown rows are always
   * the first ones.
   */
  private int[] shownRows = new int[16];
  private int[] shownLast = new int[16];
  private long[] shownStart = new long[16];
  private long[] shownEnd = new long[16];
  private int sessionIds;
  private int freeSession = NONE;
  private int openSessions;

  private int[] kept = new int[Batch.DEFAULT_CAPACITY];
  /** Changelog checkpoints: the keys whose sessions changed, and the keys added and dropped, since the last one. */
  private final KeyChanges keyChanges = new KeyChanges();

  /**
   * Early firing ({@link #holdChanges}): rows read but not yet put into sessions, with the batch
   * time the first of them arrived; null when rows are placed as they come.
   */
  private HeldRows held;
  private int[] heldKeys = new int[16];

  /** Rows shown before and taken back in this batch, with the bounds they were shown with; emitted as {@code -D}. */
  private final TakenBackRows takenBack = new TakenBackRows();

  /**
   * Sessions emitted once, when they close.
   *
   * @param keyColumns the columns that keep sessions apart; empty for one partition
   * @param gap the largest distance in ms, exclusive, between rows of one session; positive
   */
  public SessionWindowState(List<DataType> inputTypes, int[] keyColumns, int timeColumn, long gap) {
    this(inputTypes, keyColumns, timeColumn, gap, false);
  }

  /**
   * @param keyColumns the columns that keep sessions apart; empty for one partition
   * @param gap the largest distance in ms, exclusive, between rows of one session; positive
   * @param changes whether open sessions are shown after every batch, as a changelog ({@link #emitChanges})
   */
  public SessionWindowState(List<DataType> inputTypes, int[] keyColumns, int timeColumn, long gap, boolean changes) {
    if (gap <= 0) {
      throw new IllegalArgumentException("gap " + gap);
    }
    this.inputTypes = List.copyOf(inputTypes);
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.gap = gap;
    this.changes = changes;
    this.writer = new SessionRowWriter(inputTypes);
    this.rows = new ColumnarRows(inputTypes);
    this.keys = keyColumns.length == 0 ? null : new KeyTable(keyTypes());
    Arrays.fill(firstSession, NONE);
    keyCount = keys == null ? 1 : 0;
  }

  private List<DataType> keyTypes() {
    List<DataType> types = new ArrayList<>();
    for (int key : keyColumns) {
      types.add(inputTypes.get(key));
    }
    return types;
  }

  /** Writes the physical rows of the selected rows of {@code batch} whose time is not NULL into {@code kept}; returns how many. */
  static int rowsWithTime(Batch batch, LongVector time, int[] kept) {
    int n = batch.rowCount();
    int count = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      if (!time.isNull(row)) {
        kept[count++] = row;
      }
    }
    return count;
  }

  /**
   * Early firing, for a state that emits changes: rows are held ({@link #hold}) rather than put into
   * their sessions, until {@link #placeHeld}, so that the changes they make are shown together
   * after an early-fire delay, as one changelog (retractions and the sessions that replace them).
   * Held rows are part of the state's snapshots and deltas.
   */
  public void holdChanges() {
    if (!changes) {
      throw new IllegalStateException("only sessions shown as they change hold their changes");
    }
    held = new HeldRows(inputTypes, timeColumn);
  }

  /** Holds the selected rows of {@code batch} whose time is not NULL, read at processing time {@code batchTime}. */
  public void hold(Batch batch, long batchTime) {
    kept = Vectors.grow(kept, batch.rowCount());
    int count = rowsWithTime(batch, (LongVector) batch.columns[timeColumn], kept);
    if (count == 0) {
      return;
    }
    held.add(batch, kept, count, batchTime);
  }

  /** Rows held for early firing. */
  public int heldRows() {
    return held == null ? 0 : held.size();
  }

  /** The batch time the first held row arrived (when held rows are due is that plus the delay). */
  public long heldSince() {
    return held.since();
  }

  /** The smallest event time of the held rows, or Long.MAX_VALUE. */
  public long earliestHeldTime() {
    return held == null ? Long.MAX_VALUE : held.earliestTime();
  }

  /**
   * Whether a held row may change a session the watermark {@code watermark} has reached (closed,
   * or kept for late rows), whose row is due now: the held row's own extent ends by then, or it
   * lies before the end of a session that ends by then.
   */
  public boolean heldRowsMeetClosed(long watermark) {
    long earliest = earliestHeldTime();
    if (earliest == Long.MAX_VALUE) {
      return false;
    }
    if (Lateness.isClosed(Saturated.add(earliest, gap), watermark)) {
      return true;
    }
    for (int key = 0; key < keyCount; key++) {
      for (int s = firstSession[key]; s != NONE && Lateness.isClosed(end[s], watermark); s = next[s]) {
        if (end[s] > earliest) {
          return true;
        }
      }
    }
    return false;
  }

  /** The gap: a held row at time t ends its own session no earlier than t plus this. */
  public long gap() {
    return gap;
  }

  /** Puts the held rows into their sessions, as {@link #add} would have when they came. */
  public void placeHeld() {
    int count = heldRows();
    if (count == 0) {
      return;
    }
    heldKeys = Vectors.grow(heldKeys, count);
    if (keys != null) {
      keys.groupIdsForStored(held.rows(), keyColumns, count, heldKeys);
      ensureKeys(keys.size());
      keyChanges.touch(heldKeys, count, keyCount);
    } else {
      keyChanges.touch(0, 1);
    }
    int first = rows.size();
    for (int r = 0; r < count; r++) {
      rows.appendStoredRow(held.rows(), r);
    }
    placeStored(first, count, keys == null ? null : heldKeys);
    held.clear();
  }

  /** Adds the selected rows of {@code batch} to their sessions; rows whose time is NULL are dropped. */
  public void add(Batch batch) {
    kept = Vectors.grow(kept, batch.rowCount());
    LongVector time = (LongVector) batch.columns[timeColumn];
    int count = rowsWithTime(batch, time, kept);
    if (count == 0) {
      return;
    }
    int[] keyIds = null;
    if (keys != null) {
      int[] selection = batch.selection;
      int selected = batch.selectedCount;
      batch.selection = kept;
      batch.selectedCount = count;
      keyIds = keys.groupIdsFor(batch, keyColumns);
      batch.selection = selection;
      batch.selectedCount = selected;
      ensureKeys(keys.size());
      keyChanges.touch(keyIds, count, keyCount);
    } else {
      keyChanges.touch(0, 1);
    }
    int first = rows.size();
    rows.appendRows(batch, null, kept, count);
    placeStored(first, count, keyIds);
  }

  /** Links stored rows {@code [first, first + count)} into their keys' sessions ({@code keyIds} null: the one key). */
  private void placeStored(int first, int count, int[] keyIds) {
    if (nextRow.length < rows.size()) {
      nextRow = Arrays.copyOf(nextRow, Math.max(rows.size(), nextRow.length * 2));
    }
    long[] times = rows.longs(timeColumn);
    for (int i = 0; i < count; i++) {
      nextRow[first + i] = NONE;
      place(keyIds == null ? 0 : keyIds[i], first + i, times[first + i]);
    }
    liveRows += count;
  }

  /** Puts stored row {@code row} at time {@code t} into its key's sessions, merging those it bridges. */
  private void place(int key, int row, long t) {
    long from = t;
    long to = t + gap;
    int target = NONE;
    int previous = NONE;
    int s = firstSession[key];
    while (s != NONE && start[s] < to) {
      int following = next[s];
      if (end[s] > from) {
        if (target == NONE) {
          target = s;
          if (from < start[s] || to > end[s]) {
            takeBack(s);
          }
          start[s] = Math.min(start[s], from);
          end[s] = Math.max(end[s], to);
          nextRow[tail[s]] = row;
          tail[s] = row;
          rowCount[s]++;
          previous = s;
        } else {
          // the row bridges target and s: s's rows join target, s goes
          takeBack(target);
          takeBack(s);
          end[target] = Math.max(end[target], end[s]);
          nextRow[tail[target]] = head[s];
          tail[target] = tail[s];
          rowCount[target] += rowCount[s];
          next[previous] = following;
          release(s);
        }
      } else {
        previous = s;
      }
      s = following;
    }
    if (target != NONE) {
      return;
    }
    int created = allocateSession();
    start[created] = from;
    end[created] = to;
    head[created] = row;
    tail[created] = row;
    rowCount[created] = 1;
    shownRows[created] = 0;
    shownLast[created] = NONE;
    if (previous == NONE) {
      next[created] = firstSession[key];
      firstSession[key] = created;
    } else {
      next[created] = next[previous];
      next[previous] = created;
    }
  }

  private int allocateSession() {
    openSessions++;
    if (freeSession != NONE) {
      int id = freeSession;
      freeSession = next[id];
      return id;
    }
    if (sessionIds == start.length) {
      int capacity = sessionIds * 2;
      start = Arrays.copyOf(start, capacity);
      end = Arrays.copyOf(end, capacity);
      head = Arrays.copyOf(head, capacity);
      tail = Arrays.copyOf(tail, capacity);
      rowCount = Arrays.copyOf(rowCount, capacity);
      next = Arrays.copyOf(next, capacity);
      shownRows = Arrays.copyOf(shownRows, capacity);
      shownLast = Arrays.copyOf(shownLast, capacity);
      shownStart = Arrays.copyOf(shownStart, capacity);
      shownEnd = Arrays.copyOf(shownEnd, capacity);
    }
    return sessionIds++;
  }

  /**
   * Takes back the rows of session {@code s} that were shown, before its bounds change: they are
   * queued to be emitted as {@code -D} with the bounds they were shown with.
   */
  private void takeBack(int s) {
    int count = shownRows[s];
    if (count == 0) {
      return;
    }
    takenBack.reserve(count);
    int row = head[s];
    for (int i = 0; i < count; i++, row = nextRow[row]) {
      takenBack.add(row, shownStart[s], shownEnd[s]);
    }
    shownRows[s] = 0;
    shownLast[s] = NONE;
  }

  /**
   * Emits what the batch changed in the open sessions, for a state that emits changes: first a
   * {@code -D} for every row taken back (shown before with bounds that changed since), then a
   * {@code +I} for every row not shown with its session's current bounds. Returns how many
   * sessions were shown anew or grew.
   */
  public int emitChanges(BatchConsumer out) {
    if (!changes) {
      throw new IllegalStateException("sessions emitted once, when they close");
    }
    takenBack.emit(rows, writer, out);
    writer.flush(rows, out);
    int changed = 0;
    for (int key = 0; key < keyCount; key++) {
      for (int s = firstSession[key]; s != NONE; s = next[s]) {
        if (shownRows[s] == rowCount[s]) {
          continue;
        }
        int row = shownLast[s] == NONE ? head[s] : nextRow[shownLast[s]];
        for (; row != NONE; row = nextRow[row]) {
          writer.add(rows, row, start[s], end[s], out);
        }
        shownRows[s] = rowCount[s];
        shownLast[s] = tail[s];
        shownStart[s] = start[s];
        shownEnd[s] = end[s];
        changed++;
      }
    }
    writer.flush(rows, out);
    return changed;
  }

  private void release(int session) {
    openSessions--;
    next[session] = freeSession;
    freeSession = session;
  }

  private void ensureKeys(int count) {
    if (firstSession.length < count) {
      int old = firstSession.length;
      firstSession = Arrays.copyOf(firstSession, Math.max(count, old * 2));
      Arrays.fill(firstSession, old, firstSession.length, NONE);
    }
    keyCount = count;
  }

  /**
   * Pushes the rows of every session that ends at or before {@code watermark}, each followed by
   * its session's window_start and window_end, and drops those sessions. Returns how many
   * sessions closed. A state that emits changes pushes nothing: {@link #emitChanges}, called
   * first, showed them whole.
   */
  public int closeUpTo(long watermark, BatchConsumer out) {
    int closed = 0;
    for (int key = 0; key < keyCount; key++) {
      int s = firstSession[key];
      while (s != NONE && Lateness.isClosed(end[s], watermark)) {
        if (changes && shownRows[s] != rowCount[s]) {
          throw new IllegalStateException("a session closes with rows never shown: emit changes first");
        }
        for (int row = changes ? NONE : head[s]; row != NONE; row = nextRow[row]) {
          writer.add(rows, row, start[s], end[s], out);
        }
        liveRows -= rowCount[s];
        int following = next[s];
        release(s);
        keyChanges.touch(key, keyCount);
        closed++;
        s = following;
      }
      firstSession[key] = s;
    }
    writer.flush(rows, out);
    if (closed > 0) {
      compactIfSparse();
    }
    return closed;
  }

  /** The earliest end of an open session (when the watermark must reach to close one), or Long.MAX_VALUE. */
  public long nextEnd() {
    long earliest = Long.MAX_VALUE;
    for (int key = 0; key < keyCount; key++) {
      int s = firstSession[key];
      if (s != NONE) {
        earliest = Math.min(earliest, end[s]);
      }
    }
    return earliest;
  }

  public int openSessions() {
    return openSessions;
  }

  /** Rows held in open sessions. */
  public long rowCount() {
    return liveRows;
  }

  /** Rows held in open sessions (and for early firing): the state's size in rows. */
  @Override
  public long stateRows() {
    return liveRows + heldRows();
  }

  /** Keys known, with or without open sessions. */
  public int keyCount() {
    return keyCount;
  }

  /** Rows stored, including those of closed sessions not yet compacted away. */
  int storedRows() {
    return rows.size();
  }

  /** An estimate of the bytes held: stored rows, their links, sessions and keys. */
  public long estimatedBytes() {
    long bytes = rows.estimatedBytes() + 4L * nextRow.length + 60L * start.length + 4L * firstSession.length;
    if (keys != null) {
      bytes += keys.estimatedBytes();
    }
    return bytes + keyChanges.estimatedBytes() + (held == null ? 0 : held.estimatedBytes());
  }

  /** Its columns, keys, time column and gap: what a snapshot must match. */
  public String shape() {
    return "sessions: " + inputTypes + " keyed by " + Arrays.toString(keyColumns) + " time " + timeColumn + " gap "
        + gap + " ms" + (changes ? ", shown as they change" : "") + (held != null ? ", changes held to fire early" : "");
  }

  /**
   * Writes the open sessions between batches: the keys (ids are positions, kept on restore), per
   * key how many open sessions it has, per session (by key, in order of start) its bounds and row
   * count, then the sessions' rows in that order; for a state that emits changes, then per
   * session how many of its first rows were shown and with which bounds. Rows of closed sessions
   * are left out; session ids and row links are rebuilt on restore. Called between batches, when
   * no row taken back waits to be emitted.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (keys != null) {
      keys.writeTo(out);
    }
    out.writeInt(keyCount);
    writeSessions(out, null, keyCount);
    writeHeld(out);
  }

  /** Early firing: the held rows and when the first of them came, whole in every snapshot and delta. */
  private void writeHeld(java.io.DataOutput out) throws java.io.IOException {
    if (held != null) {
      held.writeTo(out);
    }
  }

  private void readHeld(java.io.DataInput in) throws java.io.IOException {
    if (held != null) {
      held.readFrom(in);
    }
  }

  /** Writes the sessions of keys {@code ids[0 .. count)}, or of the first {@code count} keys, as {@link #writeTo} does. */
  private void writeSessions(java.io.DataOutput out, int[] ids, int count) throws java.io.IOException {
    int[] perKey = new int[count];
    int sessions = 0;
    for (int i = 0; i < count; i++) {
      for (int s = firstSession[ids == null ? i : ids[i]]; s != NONE; s = next[s]) {
        sessions++;
      }
    }
    long[] starts = new long[sessions];
    long[] ends = new long[sessions];
    int[] counts = new int[sessions];
    int[] shown = new int[sessions];
    long[] shownStarts = new long[sessions];
    long[] shownEnds = new long[sessions];
    ColumnarRows open = new ColumnarRows(inputTypes);
    int n = 0;
    for (int i = 0; i < count; i++) {
      for (int s = firstSession[ids == null ? i : ids[i]]; s != NONE; s = next[s]) {
        perKey[i]++;
        starts[n] = start[s];
        ends[n] = end[s];
        shown[n] = shownRows[s];
        shownStarts[n] = shownStart[s];
        shownEnds[n] = shownEnd[s];
        counts[n++] = rowCount[s];
        for (int row = head[s]; row != NONE; row = nextRow[row]) {
          open.appendStoredRow(rows, row);
        }
      }
    }
    new SessionSnapshot(perKey, starts, ends, counts, open, shown, shownStarts, shownEnds).writeTo(out, changes);
  }

  /** Replaces the state with one written by {@link #writeTo} from sessions of the same {@link #shape}. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    if (keys != null) {
      keys.readFrom(in);
    }
    int newKeyCount = StateIO.readCount(in, keys == null ? 1 : keys.size(), "a key count");
    if (newKeyCount != (keys == null ? 1 : keys.size())) {
      throw StateIO.corrupt(newKeyCount + " keys where " + (keys == null ? 1 : keys.size()) + " were expected");
    }
    SessionSnapshot read = SessionSnapshot.read(in, newKeyCount, inputTypes, changes);
    int capacity = Math.max(16, read.counts().length);
    start = new long[capacity];
    end = new long[capacity];
    head = new int[capacity];
    tail = new int[capacity];
    rowCount = new int[capacity];
    next = new int[capacity];
    shownRows = new int[capacity];
    shownLast = new int[capacity];
    shownStart = new long[capacity];
    shownEnd = new long[capacity];
    firstSession = new int[Math.max(16, newKeyCount)];
    Arrays.fill(firstSession, NONE);
    rows = new ColumnarRows(inputTypes);
    nextRow = new int[Math.max(16, read.rows().size())];
    keyCount = newKeyCount;
    liveRows = 0;
    sessionIds = 0;
    freeSession = NONE;
    openSessions = 0;
    takenBack.clear();
    install(null, read);
    readHeld(in);
  }

  /**
   * Replaces the sessions of keys {@code ids} (all keys when null) by those read, each key's in
   * order of start, their rows appended to the store in order.
   */
  private void install(int[] ids, SessionSnapshot read) {
    int s = 0;
    int from = 0;
    for (int i = 0; i < read.perKey().length; i++) {
      int key = ids == null ? i : ids[i];
      dropSessions(key);
      int previous = NONE;
      for (int j = 0; j < read.perKey()[i]; j++, s++) {
        int session = allocateSession();
        int count = read.counts()[s];
        int first = rows.size();
        for (int r = 0; r < count; r++) {
          rows.appendStoredRow(read.rows(), from++);
        }
        if (nextRow.length < rows.size()) {
          nextRow = Arrays.copyOf(nextRow, Math.max(rows.size(), nextRow.length * 2));
        }
        for (int row = first; row < first + count; row++) {
          nextRow[row] = row + 1;
        }
        nextRow[first + count - 1] = NONE;
        start[session] = read.starts()[s];
        end[session] = read.ends()[s];
        rowCount[session] = count;
        head[session] = first;
        tail[session] = first + count - 1;
        shownRows[session] = read.shown()[s];
        shownLast[session] = read.shown()[s] == 0 ? NONE : first + read.shown()[s] - 1;
        shownStart[session] = read.shownStarts()[s];
        shownEnd[session] = read.shownEnds()[s];
        next[session] = NONE;
        if (previous == NONE) {
          firstSession[key] = session;
        } else {
          next[previous] = session;
        }
        previous = session;
        liveRows += count;
      }
    }
  }

  /** Forgets the open sessions of key {@code key}. */
  private void dropSessions(int key) {
    for (int s = firstSession[key]; s != NONE; ) {
      int following = next[s];
      liveRows -= rowCount[s];
      release(s);
      s = following;
    }
    firstSession[key] = NONE;
  }

  /**
   * Makes the sessions as they are the base of the next {@link #writeDelta}: from now on the keys
   * whose sessions change (rows added, sessions merged, shown or closed) are recorded.
   */
  public void markDeltaBase() {
    keyChanges.mark(keyCount);
  }

  public boolean deltaReady() {
    return keyChanges.recording();
  }

  /**
   * Writes what changed since {@link #markDeltaBase}: the keys dropped (no open session left) and
   * added, then every changed key's open sessions as {@link #writeTo} writes them.
   */
  public void writeDelta(java.io.DataOutput out) throws java.io.IOException {
    if (takenBack.count() != 0) {
      throw new IllegalStateException("a delta is taken between batches, not with rows taken back");
    }
    keyChanges.writeTo(out, keyCount);
    if (keys != null) {
      keyChanges.writeAddedKeys(out, keys);
    }
    int[] ids = keyChanges.touchedIds();
    StateIO.writeArray(out, ids, ids.length);
    writeSessions(out, ids, ids.length);
    writeHeld(out);
  }

  /** Applies a delta written by {@link #writeDelta} to the sessions it was taken from. */
  public void applyDelta(java.io.DataInput in) throws java.io.IOException {
    KeyChanges.Delta delta = KeyChanges.read(in, keyCount);
    if (delta.kept().length < keyCount) {
      if (keys == null) {
        throw StateIO.corrupt("the one key of sessions without key columns dropped");
      }
      int g = 0;
      for (int key = 0; key < keyCount; key++) {
        if (g < delta.kept().length && delta.kept()[g] == key) {
          g++;
        } else {
          dropSessions(key); // a key is dropped once its last session closed
        }
      }
      retainKeys(delta.kept(), delta.kept().length);
    }
    if (keys != null) {
      KeyChanges.readAddedKeys(in, keys, delta);
      ensureKeys(keys.size());
    } else if (delta.added() != 0) {
      throw StateIO.corrupt("keys added to sessions without key columns");
    }
    int[] ids = KeyChanges.readIds(in, keyCount, "changed keys");
    install(ids, SessionSnapshot.read(in, ids.length, inputTypes, changes));
    readHeld(in);
    compactIfSparse();
  }

  private void compactIfSparse() {
    if (rows.size() - liveRows > Math.max(COMPACT_AT_LEAST, liveRows)) {
      compactRows();
    }
    if (keys != null) {
      int live = 0;
      for (int key = 0; key < keyCount; key++) {
        if (firstSession[key] != NONE) {
          live++;
        }
      }
      if (keyCount - live > Math.max(COMPACT_AT_LEAST, live)) {
        compactKeys(live);
      }
    }
  }

  /** Copies the rows of open sessions to a new store, session by session. */
  private void compactRows() {
    ColumnarRows kept = new ColumnarRows(inputTypes);
    int[] links = new int[Math.max(16, liveRows)];
    for (int key = 0; key < keyCount; key++) {
      for (int s = firstSession[key]; s != NONE; s = next[s]) {
        int first = kept.size();
        for (int row = head[s]; row != NONE; row = nextRow[row]) {
          links[kept.size()] = kept.size() + 1;
          kept.appendStoredRow(rows, row);
        }
        head[s] = first;
        shownLast[s] = shownRows[s] == 0 ? NONE : first + shownRows[s] - 1;
        tail[s] = kept.size() - 1;
        links[tail[s]] = NONE;
      }
    }
    rows = kept;
    nextRow = links;
  }

  /** Rebuilds the key table with the keys that have open sessions only. */
  private void compactKeys(int live) {
    int[] liveIds = new int[live];
    int count = 0;
    for (int key = 0; key < keyCount; key++) {
      if (firstSession[key] != NONE) {
        liveIds[count++] = key;
      }
    }
    retainKeys(liveIds, live);
  }

  /** Keeps keys {@code liveIds[0 .. live)} (ascending), renumbered {@code 0 .. live)}, with their sessions. */
  private void retainKeys(int[] liveIds, int live) {
    keyChanges.retain(liveIds, live, keyCount);
    int[] liveFirst = new int[Math.max(16, live)];
    Arrays.fill(liveFirst, NONE);
    for (int i = 0; i < live; i++) {
      liveFirst[i] = firstSession[liveIds[i]];
    }
    keys.retain(liveIds, live);
    firstSession = liveFirst;
    keyCount = live;
  }
}
