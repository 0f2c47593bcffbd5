package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StateIO;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * What changed in a keyed state since a checkpoint, for a state delta: a state that keeps dense
 * key ids {@code 0 .. n)} ({@link KeyTable}'s), appends new keys at the end and drops keys only
 * by keeping the others in their order, renumbered (expiry, keys released at the watermark).
 * It records the keys removed (by their id at the base), how many were added, and the ids a
 * batch touched, so that a delta holds exactly those.
 *
 * <p>Recording starts with {@link #mark}; before it every call is a no-op beyond an if, so a query
 * without a checkpoint pays nothing. Nothing is allocated per row: touched ids are a bit each.
 *
 * <p>A delta written by {@link #writeTo} starts with the key count at the base, the base ids
 * removed and the number added; {@link #read} on the restored state turns them into the ids to
 * keep, then the caller appends the added keys and reads each touched key's state.
 */
public final class KeyChanges {
  private boolean recording;
  private int baseCount;
  /** Ids {@code [0, survivors)} are keys of the base (in their order); later ids were added since. */
  private int survivors;
  /** The base id of each surviving key, or null while none was removed (then id = base id). */
  private int[] baseIds;
  private int[] removed = new int[0];
  private int removedCount;
  private final GroupMarks touched = new GroupMarks();
  private int[] remap = new int[0];

  /** Makes the state's {@code keyCount} keys the base of the next delta and starts recording. */
  public void mark(int keyCount) {
    recording = true;
    baseCount = keyCount;
    survivors = keyCount;
    baseIds = null;
    removedCount = 0;
    touched.clear();
  }

  /** Whether a base was marked: {@link #writeTo} can describe the changes since. */
  public boolean recording() {
    return recording;
  }

  /** Records that keys {@code ids[0 .. n)}, all below {@code keyCount}, changed. */
  public void touch(int[] ids, int n, int keyCount) {
    if (recording) {
      touched.mark(ids, n, keyCount);
    }
  }

  /** Records that key {@code id} (below {@code keyCount}) changed. */
  public void touch(int id, int keyCount) {
    if (recording) {
      touched.mark(id, keyCount);
    }
  }

  /**
   * Records that only keys {@code live[0 .. count)} (ascending) of {@code keyCount} were kept,
   * renumbered {@code 0 .. count)}, as the state just did.
   */
  public void retain(int[] live, int count, int keyCount) {
    if (!recording) {
      return;
    }
    remap = Vectors.grow(remap, keyCount);
    Arrays.fill(remap, 0, keyCount, -1);
    for (int i = 0; i < count; i++) {
      remap[live[i]] = i;
    }
    int kept = 0;
    for (int id = 0; id < survivors; id++) {
      int base = baseIds == null ? id : baseIds[id];
      if (remap[id] < 0) {
        removed = append(removed, removedCount++, base);
        if (baseIds == null) {
          baseIds = identity(survivors);
        }
      } else {
        if (baseIds != null) {
          baseIds[kept] = base; // kept <= id: compacting forward in place reads each slot before it is written
        }
        kept++;
      }
    }
    survivors = kept;
    touched.remap(remap);
  }

  private static int[] identity(int n) {
    int[] ids = new int[n];
    for (int i = 0; i < n; i++) {
      ids[i] = i;
    }
    return ids;
  }

  private static int[] append(int[] list, int at, int value) {
    if (at == list.length) {
      list = Arrays.copyOf(list, Math.max(16, at * 2));
    }
    list[at] = value;
    return list;
  }

  /** The first id added since the base: ids from it on are keys the base did not have. */
  public int firstAdded() {
    return survivors;
  }

  /** The ids touched since the base, ascending (every added key that was touched). */
  public int[] touchedIds() {
    return touched.sorted();
  }

  /**
   * Writes the key count at the base, the base ids removed since and how many keys were added
   * (the state has {@code keyCount} now); the caller then writes the added keys and the state of
   * {@link #touchedIds}.
   */
  public void writeTo(DataOutput out, int keyCount) throws IOException {
    out.writeInt(baseCount);
    int[] gone = Arrays.copyOf(removed, removedCount);
    Arrays.sort(gone);
    StateIO.writeArray(out, gone, gone.length);
    out.writeInt(keyCount - survivors);
  }

  /** Writes the keys {@code table} added since the base (ids {@link #firstAdded} on), after {@link #writeTo}. */
  public void writeAddedKeys(DataOutput out, KeyTable table) throws IOException {
    ColumnarRows added = new ColumnarRows(table.keys().types());
    for (int id = survivors; id < table.size(); id++) {
      added.appendStoredRow(table.keys(), id);
    }
    added.writeTo(out);
  }

  /** What {@link #read} found: the base ids to keep (ascending) and the number of keys added after them. */
  public record Delta(int[] kept, int added) {}

  /** Reads what {@link #writeTo} wrote, onto a state that has {@code keyCount} keys: the base's count. */
  public static Delta read(DataInput in, int keyCount) throws IOException {
    StateIO.expect(in, keyCount, "a delta on a number of keys");
    Object read = StateIO.readArray(in, 0);
    if (!(read instanceof int[] gone)) {
      throw StateIO.corrupt("removed keys that are not ints");
    }
    int[] kept = new int[keyCount - Math.min(gone.length, keyCount)];
    int n = 0;
    int g = 0;
    for (int id = 0; id < keyCount; id++) {
      if (g < gone.length && gone[g] == id) {
        g++;
      } else if (n < kept.length) {
        kept[n++] = id;
      }
    }
    if (g != gone.length || n != kept.length) {
      throw StateIO.corrupt("removed keys " + Arrays.toString(gone) + " of " + keyCount);
    }
    int added = in.readInt();
    if (added < 0) {
      throw StateIO.corrupt("a negative number of added keys " + added);
    }
    return new Delta(kept, added);
  }

  /**
   * Reads the keys written by {@link #writeAddedKeys} and adds them to {@code table}, which
   * already kept only {@code delta}'s kept keys.
   */
  public static void readAddedKeys(DataInput in, KeyTable table, Delta delta) throws IOException {
    table.appendNewKeys(readAddedKeys(in, table.keys().types(), delta));
  }

  /** Reads the keys a delta added, of types {@code types}, checked against the count {@code delta} announced. */
  public static ColumnarRows readAddedKeys(DataInput in, java.util.List<io.sluice.catalog.DataType> types, Delta delta)
      throws IOException {
    ColumnarRows added = new ColumnarRows(types);
    added.readFrom(in);
    if (added.size() != delta.added()) {
      throw StateIO.corrupt(added.size() + " added keys where " + delta.added() + " were announced");
    }
    return added;
  }

  /** Reads ids written as an int array (a delta's touched keys) and checks they ascend below {@code keyCount}. */
  public static int[] readIds(DataInput in, int keyCount, String what) throws IOException {
    Object read = StateIO.readArray(in, 0);
    if (!(read instanceof int[] ids)) {
      throw StateIO.corrupt(what + " that are not ints");
    }
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] < 0 || ids[i] >= keyCount || (i > 0 && ids[i] <= ids[i - 1])) {
        throw StateIO.corrupt(what + ": id " + ids[i] + " at " + i + " of " + keyCount + " keys");
      }
    }
    return ids;
  }

  /** The bytes the record takes as allocated. */
  public long estimatedBytes() {
    return touched.estimatedBytes() + 4L * (removed.length + remap.length + (baseIds == null ? 0 : baseIds.length));
  }
}
