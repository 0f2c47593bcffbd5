package io.sluice.engine.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
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
 * <p>State is primitive arrays: rows in one {@link ColumnarRows} store linked per session, and
 * sessions in arrays indexed by a session id, linked per key in order of start (which, as a
 * key's sessions are disjoint, is also the order of end: closed sessions are a prefix). Rows of
 * closed sessions and keys without sessions are compacted away once they outnumber live ones.
 */
public final class SessionWindowState {
  private static final int NONE = -1;
  private static final int COMPACT_AT_LEAST = 4096;

  private final List<DataType> inputTypes;
  private final int[] keyColumns;
  private final int timeColumn;
  private final long gap;
  private final SessionRowWriter writer;

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
  private int sessionIds;
  private int freeSession = NONE;
  private int openSessions;

  private int[] kept = new int[Batch.DEFAULT_CAPACITY];

  /**
   * @param keyColumns the columns that keep sessions apart; empty for one partition
   * @param gap the largest distance in ms, exclusive, between rows of one session; positive
   */
  public SessionWindowState(List<DataType> inputTypes, int[] keyColumns, int timeColumn, long gap) {
    if (gap <= 0) {
      throw new IllegalArgumentException("gap " + gap);
    }
    this.inputTypes = List.copyOf(inputTypes);
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.gap = gap;
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
    }
    int first = rows.size();
    rows.appendRows(batch, null, kept, count);
    if (nextRow.length < rows.size()) {
      nextRow = Arrays.copyOf(nextRow, Math.max(rows.size(), nextRow.length * 2));
    }
    long[] times = time.values;
    for (int i = 0; i < count; i++) {
      int row = first + i;
      nextRow[row] = NONE;
      place(keyIds == null ? 0 : keyIds[i], row, times[kept[i]]);
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
          start[s] = Math.min(start[s], from);
          end[s] = Math.max(end[s], to);
          nextRow[tail[s]] = row;
          tail[s] = row;
          rowCount[s]++;
          previous = s;
        } else {
          // the row bridges target and s: s's rows join target, s goes
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
    }
    return sessionIds++;
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
   * sessions closed.
   */
  public int closeUpTo(long watermark, BatchConsumer out) {
    int closed = 0;
    for (int key = 0; key < keyCount; key++) {
      int s = firstSession[key];
      while (s != NONE && end[s] <= watermark) {
        for (int row = head[s]; row != NONE; row = nextRow[row]) {
          writer.add(rows, row, start[s], end[s], out);
        }
        liveRows -= rowCount[s];
        int following = next[s];
        release(s);
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
    long bytes = rows.estimatedBytes() + 4L * nextRow.length + 36L * start.length + 4L * firstSession.length;
    if (keys != null) {
      bytes += keys.keys().estimatedBytes() + 8L * keys.size();
    }
    return bytes;
  }

  /** Its columns, keys, time column and gap: what a snapshot must match. */
  public String shape() {
    return "sessions: " + inputTypes + " keyed by " + Arrays.toString(keyColumns) + " time " + timeColumn + " gap "
        + gap + " ms";
  }

  /**
   * Writes the open sessions between batches: the keys (ids are positions, kept on restore), per
   * key how many open sessions it has, per session (by key, in order of start) its bounds and row
   * count, then the sessions' rows in that order. Rows of closed sessions are left out; session
   * ids and row links are rebuilt on restore.
   */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    if (keys != null) {
      keys.writeTo(out);
    }
    out.writeInt(keyCount);
    int[] perKey = new int[keyCount];
    long[] starts = new long[openSessions];
    long[] ends = new long[openSessions];
    int[] counts = new int[openSessions];
    ColumnarRows open = new ColumnarRows(inputTypes);
    int n = 0;
    for (int key = 0; key < keyCount; key++) {
      for (int s = firstSession[key]; s != NONE; s = next[s]) {
        perKey[key]++;
        starts[n] = start[s];
        ends[n] = end[s];
        counts[n++] = rowCount[s];
        for (int row = head[s]; row != NONE; row = nextRow[row]) {
          open.appendStoredRow(rows, row);
        }
      }
    }
    StateIO.writeArray(out, perKey, keyCount);
    out.writeInt(n);
    StateIO.writeArray(out, starts, n);
    StateIO.writeArray(out, ends, n);
    StateIO.writeArray(out, counts, n);
    open.writeTo(out);
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
    int[] perKey = StateIO.readInts(in, newKeyCount, "sessions per key");
    int sessions = StateIO.readCount(in, Integer.MAX_VALUE, "a session count");
    long[] starts = StateIO.readLongs(in, sessions, "session starts");
    long[] ends = StateIO.readLongs(in, sessions, "session ends");
    int[] counts = StateIO.readInts(in, sessions, "session row counts");
    ColumnarRows open = new ColumnarRows(inputTypes);
    open.readFrom(in);
    long total = 0;
    long sessionsOfKeys = 0;
    for (int key = 0; key < newKeyCount; key++) {
      sessionsOfKeys += perKey[key];
    }
    for (int s = 0; s < sessions; s++) {
      if (counts[s] <= 0 || starts[s] >= ends[s]) {
        throw StateIO.corrupt("session " + s + " of " + counts[s] + " rows in [" + starts[s] + ", " + ends[s] + ")");
      }
      total += counts[s];
    }
    if (sessionsOfKeys != sessions || total != open.size()) {
      throw StateIO.corrupt(sessions + " sessions of " + total + " rows for keys with " + sessionsOfKeys
          + " sessions and " + open.size() + " rows");
    }
    int capacity = Math.max(16, sessions);
    start = new long[capacity];
    end = new long[capacity];
    head = new int[capacity];
    tail = new int[capacity];
    rowCount = new int[capacity];
    next = new int[capacity];
    firstSession = new int[Math.max(16, newKeyCount)];
    Arrays.fill(firstSession, NONE);
    nextRow = new int[Math.max(16, open.size())];
    int s = 0;
    int row = 0;
    for (int key = 0; key < newKeyCount; key++) {
      int previous = NONE;
      for (int i = 0; i < perKey[key]; i++, s++) {
        start[s] = starts[s];
        end[s] = ends[s];
        rowCount[s] = counts[s];
        head[s] = row;
        for (int r = 0; r < counts[s]; r++, row++) {
          nextRow[row] = row + 1;
        }
        tail[s] = row - 1;
        nextRow[row - 1] = NONE;
        next[s] = NONE;
        if (previous == NONE) {
          firstSession[key] = s;
        } else {
          next[previous] = s;
        }
        previous = s;
      }
    }
    rows = open;
    keyCount = newKeyCount;
    liveRows = open.size();
    sessionIds = sessions;
    freeSession = NONE;
    openSessions = sessions;
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
    int[] liveFirst = new int[Math.max(16, live)];
    Arrays.fill(liveFirst, NONE);
    int count = 0;
    for (int key = 0; key < keyCount; key++) {
      if (firstSession[key] != NONE) {
        liveFirst[count] = firstSession[key];
        liveIds[count++] = key;
      }
    }
    KeyTable compacted = new KeyTable(keyTypes());
    if (live > 0) {
      Batch values = Batch.allocate(keyTypes(), live);
      keys.keys().gather(liveIds, live, values, 0);
      values.size = live;
      int[] columns = new int[keyColumns.length];
      for (int c = 0; c < columns.length; c++) {
        columns[c] = c;
      }
      compacted.groupIdsFor(values, columns); // ids 0 .. live) in order: the keys are distinct
    }
    keys = compacted;
    firstSession = liveFirst;
    keyCount = live;
  }
}
