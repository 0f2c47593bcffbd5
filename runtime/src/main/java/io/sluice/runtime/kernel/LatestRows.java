package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.state.KeyedState;
import io.sluice.runtime.state.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * The current row of every key of a changelog: what a table captured by change data capture
 * holds now, as far as its changes have been read. Keys get dense ids from a {@link KeyTable};
 * a key whose row was deleted keeps its id, marked absent, until absent keys outnumber present
 * ones, when they are dropped and the others renumbered in their order (so a table that deletes
 * as much as it inserts does not grow without bound).
 *
 * <p>Rows live in one append-only {@link ColumnarRows} store, each key pointing at its current
 * row; a replaced row stays as garbage until {@link #compact} keeps only the current rows. A
 * snapshot holds the keys, which are present, and the present rows in key order; a delta holds
 * the keys added and dropped since its base ({@link KeyChanges}) and the row (or absence) of
 * each key a batch changed.
 */
public final class LatestRows implements KeyedState {
  /** Absent keys are dropped once there are more of them than present ones, and at least this many. */
  private static final int MIN_ABSENT_TO_DROP = 16;

  private final List<DataType> types;
  private final int[] keyColumns;
  private final KeyTable keys;
  private ColumnarRows rows;
  /** Per key id: its row in {@link #rows}, or -1 while absent. */
  private int[] rowOf = absent(16);
  private int present;
  private final KeyChanges changes = new KeyChanges();

  /** @param keyColumns the columns of {@code types} that identify a row (the declared primary key) */
  public LatestRows(List<DataType> types, int[] keyColumns) {
    this.types = List.copyOf(types);
    this.keyColumns = keyColumns.clone();
    DataType[] keyTypes = new DataType[keyColumns.length];
    for (int i = 0; i < keyColumns.length; i++) {
      keyTypes[i] = types.get(keyColumns[i]);
    }
    this.keys = new KeyTable(List.of(keyTypes));
    this.rows = new ColumnarRows(types);
  }

  /**
   * The key id of each selected row of {@code batch} (entry {@code k} for the {@code k}-th
   * selected row), adding keys not seen before as absent. The array is reused by the next call.
   */
  public int[] keyIds(Batch batch) {
    int[] ids = keys.groupIdsFor(batch, keyColumns);
    growKeys(keys.size());
    return ids;
  }

  /** The store row (in {@link #rows()}) of key {@code key}'s current row, or -1 while it has none. */
  public int current(int key) {
    return rowOf[key];
  }

  /** Makes physical row {@code row} of {@code batch} the current row of key {@code key}; returns its store row. */
  public int put(int key, Batch batch, int row) {
    int at = rows.size();
    rows.appendRow(batch, null, row);
    if (rowOf[key] < 0) {
      present++;
    }
    rowOf[key] = at;
    changes.touch(key, keys.size());
    return at;
  }

  /** Makes key {@code key} absent (its row was deleted). */
  public void remove(int key) {
    if (rowOf[key] >= 0) {
      rowOf[key] = -1;
      present--;
      changes.touch(key, keys.size());
    }
  }

  /** The store of rows, current and replaced; store rows stay where they are until {@link #compact}. */
  public ColumnarRows rows() {
    return rows;
  }

  /** Keys with a current row. */
  public int present() {
    return present;
  }

  /**
   * Between batches: drops replaced rows once they outweigh the current ones, and absent keys
   * once they outnumber present ones (renumbering the others, which deltas record).
   */
  public void compact() {
    int keyCount = keys.size();
    int absent = keyCount - present;
    if (absent > present && absent >= MIN_ABSENT_TO_DROP) {
      int[] live = new int[present];
      int[] liveRows = new int[present];
      int n = 0;
      for (int id = 0; id < keyCount; id++) {
        if (rowOf[id] >= 0) {
          live[n] = id;
          liveRows[n++] = rowOf[id];
        }
      }
      keys.retain(live, n);
      changes.retain(live, n, keyCount);
      System.arraycopy(liveRows, 0, rowOf, 0, n);
      Arrays.fill(rowOf, n, keyCount, -1);
    }
    if (rows.size() > 2 * present + 1024) {
      keepCurrentRows();
    }
  }

  /** Keeps only the current rows in the store, in key order. */
  private void keepCurrentRows() {
    int[] kept = new int[present];
    int n = 0;
    for (int id = 0; id < keys.size(); id++) {
      if (rowOf[id] >= 0) {
        kept[n++] = rowOf[id];
      }
    }
    int[] order = kept.clone();
    Arrays.sort(order); // retain moves rows down in store order
    ColumnarRows store = rows;
    store.retain(order, n);
    n = 0;
    for (int id = 0; id < keys.size(); id++) {
      if (rowOf[id] >= 0) {
        rowOf[id] = Arrays.binarySearch(order, 0, present, kept[n++]);
      }
    }
  }

  private static int[] absent(int length) {
    int[] rows = new int[length];
    Arrays.fill(rows, -1);
    return rows;
  }

  /** Makes room for {@code keyCount} keys; slots past the keys are always -1, so new keys start absent. */
  private void growKeys(int keyCount) {
    if (rowOf.length < keyCount) {
      int old = rowOf.length;
      rowOf = Arrays.copyOf(rowOf, Math.max(keyCount, old + (old >> 1)));
      Arrays.fill(rowOf, old, rowOf.length, -1);
    }
  }

  @Override
  public String shape() {
    return "latest rows " + types + " keys " + Arrays.toString(keyColumns);
  }

  @Override
  public long stateRows() {
    return present;
  }

  @Override
  public long estimatedBytes() {
    return keys.estimatedBytes() + rows.estimatedBytes() + 4L * rowOf.length + changes.estimatedBytes();
  }

  /** The rows of keys {@code ids[0 .. count)} that are present, in that order, and which were. */
  private ColumnarRows gatherPresent(int[] ids, int count, boolean[] presence) {
    ColumnarRows out = new ColumnarRows(types);
    for (int i = 0; i < count; i++) {
      int row = rowOf[ids[i]];
      presence[i] = row >= 0;
      if (row >= 0) {
        out.appendStoredRow(rows, row);
      }
    }
    return out;
  }

  /** Makes keys {@code ids[0 .. count)} present with the rows of {@code added} (in order) where {@code presence} says. */
  private void scatterPresent(int[] ids, int count, boolean[] presence, ColumnarRows added) {
    int next = 0;
    for (int i = 0; i < count; i++) {
      int id = ids[i];
      if (rowOf[id] >= 0) {
        present--;
      }
      if (presence[i]) {
        if (next >= added.size()) {
          throw StateIO.corrupt("fewer rows than present keys");
        }
        rowOf[id] = rows.size();
        rows.appendStoredRow(added, next++);
        present++;
      } else {
        rowOf[id] = -1;
      }
    }
    if (next != added.size()) {
      throw StateIO.corrupt(added.size() + " rows for " + next + " present keys");
    }
  }

  @Override
  public void writeTo(DataOutput out) throws IOException {
    int keyCount = keys.size();
    keys.writeTo(out);
    boolean[] presence = new boolean[keyCount];
    ColumnarRows current = gatherPresent(Vectors.identity(null, keyCount), keyCount, presence);
    StateIO.writeArray(out, presence, keyCount);
    current.writeTo(out);
  }

  @Override
  public void readFrom(DataInput in) throws IOException {
    keys.readFrom(in);
    int keyCount = keys.size();
    rowOf = absent(Math.max(16, keyCount));
    rows = new ColumnarRows(types);
    present = 0;
    boolean[] presence = StateIO.readBooleans(in, keyCount, "present keys");
    ColumnarRows current = new ColumnarRows(types);
    current.readFrom(in);
    scatterPresent(Vectors.identity(null, keyCount), keyCount, presence, current);
  }

  @Override
  public void markDeltaBase() {
    changes.mark(keys.size());
  }

  @Override
  public boolean deltaReady() {
    return changes.recording();
  }

  /** The keys dropped and added since the base, then the ids of the keys changed, whether each is present, and their rows. */
  @Override
  public void writeDelta(DataOutput out) throws IOException {
    int keyCount = keys.size();
    changes.writeTo(out, keyCount);
    changes.writeAddedKeys(out, keys);
    int[] touched = changes.touchedIds();
    StateIO.writeArray(out, touched, touched.length);
    boolean[] presence = new boolean[touched.length];
    ColumnarRows changed = gatherPresent(touched, touched.length, presence);
    StateIO.writeArray(out, presence, touched.length);
    changed.writeTo(out);
  }

  @Override
  public void applyDelta(DataInput in) throws IOException {
    KeyChanges.Delta delta = KeyChanges.read(in, keys.size());
    int[] kept = delta.kept();
    if (kept.length < keys.size()) {
      int[] keptRows = new int[kept.length];
      for (int i = 0; i < kept.length; i++) {
        keptRows[i] = rowOf[kept[i]];
      }
      keys.retain(kept, kept.length);
      Arrays.fill(rowOf, -1);
      System.arraycopy(keptRows, 0, rowOf, 0, kept.length);
      present = 0;
      for (int row : keptRows) {
        present += row >= 0 ? 1 : 0;
      }
    }
    KeyChanges.readAddedKeys(in, keys, delta);
    growKeys(keys.size());
    int[] touched = KeyChanges.readIds(in, keys.size(), "changed keys");
    boolean[] presence = StateIO.readBooleans(in, touched.length, "present keys");
    ColumnarRows changed = new ColumnarRows(types);
    changed.readFrom(in);
    scatterPresent(touched, touched.length, presence, changed);
  }
}
