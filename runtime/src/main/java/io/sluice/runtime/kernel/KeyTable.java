package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;
import java.util.List;

/**
 * A hash table from multi-column keys to dense ids {@code 0, 1, 2, ...} in order of first
 * appearance. NULLs are equal to each other (grouping semantics); doubles group with -0.0 equal
 * to 0.0 and all NaNs equal. The distinct keys are kept columnar in {@link #keys()}, row
 * {@code id} holding the key of id {@code id}, so that they can be emitted.
 *
 * <p>Open addressing with linear probing over primitive arrays. A single LONG-physical key
 * keeps the key itself in the slot array, so a lookup touches one cache line; so does a pair of
 * LONG keys while every value of both fits in an int (packed into one long: TPC-H's partsupp key,
 * lineitem's order and supplier), until a NULL or a larger value arrives, when the table moves
 * its keys to the general layout for good.
 */
public final class KeyTable {
  private static final int INITIAL_SLOTS = 64;

  private final PhysicalKind[] kinds;
  private final ColumnarRows keys;
  private final boolean singleLong;
  /** Whether the key is two LONG columns, which start {@link #packed}. */
  private final boolean pairOfLongs;
  /** Whether the two LONG keys are packed into one long in {@link #longSlots} (every key so far fits). */
  private boolean packed;

  /** Single LONG key (or packed pair): slot {@code s} is {@code longSlots[2s]} = key, {@code [2s + 1]} = id + 1 (0 empty). */
  private long[] longSlots;
  /** Id of the NULL key in the single-LONG layout, or -1. */
  private int nullId = -1;
  /** General layout: slot is {@code hash << 32 | (id + 1)}, 0 empty. */
  private long[] slots;
  private int slotMask;
  private int shift;
  private int size;

  private LookupScratch scratch = new LookupScratch();
  /** Whether {@link #scratch} is another's too ({@link #shareScratch}): then counted by its owner, not here. */
  private boolean scratchShared;

  public KeyTable(List<DataType> keyTypes) {
    this(keyTypes, 0);
  }

  /**
   * A table sized for about {@code expectedKeys} keys from the start (an operator that knows its
   * micro-batch's row count avoids growing the table step by step).
   */
  public KeyTable(List<DataType> keyTypes, int expectedKeys) {
    kinds = new PhysicalKind[keyTypes.size()];
    for (int i = 0; i < kinds.length; i++) {
      kinds[i] = keyTypes.get(i).physical();
    }
    keys = new ColumnarRows(keyTypes);
    singleLong = kinds.length == 1 && kinds[0] == PhysicalKind.LONG;
    pairOfLongs = kinds.length == 2 && kinds[0] == PhysicalKind.LONG && kinds[1] == PhysicalKind.LONG;
    packed = pairOfLongs;
    int slots = INITIAL_SLOTS;
    while (slots < 2L * Math.min(expectedKeys, 1 << 22)) {
      slots <<= 1;
    }
    allocate(slots);
  }

  private void allocate(int slotCount) {
    slotMask = slotCount - 1;
    shift = 64 - Integer.numberOfTrailingZeros(slotCount);
    if (longSlotted()) {
      longSlots = new long[slotCount * 2];
      slots = null;
    } else {
      slots = new long[slotCount];
      longSlots = null;
    }
  }

  /** Whether slots hold the key itself ({@link #longSlots}): one LONG key, or a packed pair. */
  private boolean longSlotted() {
    return singleLong || packed;
  }

  /** Number of distinct keys. */
  public int size() {
    return size;
  }

  /** Bytes the table takes on the heap as allocated: its keys, its slot array (twice the keys or more) and scratch. */
  public long estimatedBytes() {
    long slotCount = longSlotted() ? longSlots.length : slots.length;
    return keys.estimatedBytes() + 8L * slotCount + (scratchShared ? 0 : scratch.bytes());
  }

  /**
   * Uses {@code shared} for the arrays of its lookups from now on, and no longer counts them in
   * {@link #estimatedBytes} (whoever shares them counts them once). The ids a lookup returns are
   * then valid until the next lookup in any table sharing them.
   */
  public void shareScratch(LookupScratch shared) {
    scratch = shared;
    scratchShared = true;
  }

  /**
   * Bytes of its lookup scratch (each looked-up row's id and hash) that {@link #estimatedBytes}
   * counts: working memory of a chunk, kept for the next; 0 when the scratch is shared.
   */
  public long lookupScratchBytes() {
    return scratchShared ? 0 : scratch.bytes();
  }

  /**
   * Bytes the table would allocate to hold {@code more} more keys: its slots doubled (as often as
   * needed) once they would be more than half full, and its key rows grown.
   */
  public long growthBytes(int more) {
    long slotCount = slotMask + 1L;
    long grown = slotCount;
    while ((size + (long) more) * 2 > grown) {
      grown <<= 1;
    }
    return (grown == slotCount ? 0 : 8L * grown * (longSlotted() ? 2 : 1)) + keys.growthBytes(more);
  }

  /**
   * Bytes a lookup of a chunk of {@code rows} rows would allocate for its scratch (each row's id and
   * hash), allocated at the first lookup and kept: what an operator that looks up every chunk it
   * takes adds to {@link #growthBytes}.
   */
  public long lookupGrowthBytes(int rows) {
    return scratch.growthBytes(rows);
  }

  /** The distinct keys, row {@code id} for id {@code id}. Owned by the table: read only. */
  public ColumnarRows keys() {
    return keys;
  }

  /** Writes the keys for a snapshot (ids are positions, so they survive a restore). */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    keys.writeTo(out);
  }

  /** Replaces the keys with those written by {@link #writeTo}; each key gets back its id. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    ColumnarRows restored = new ColumnarRows(keys.types());
    restored.readFrom(in);
    clear();
    appendNewKeys(restored);
  }

  /**
   * Adds the rows of {@code source} as new keys, ids {@code size() ..} in their order (a state
   * delta's new groups); refuses (corrupt state) a row whose key the table already holds.
   */
  public void appendNewKeys(ColumnarRows source) {
    int n = source.size();
    int[] columns = new int[keys.columnCount()];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
    }
    Batch chunk = Batch.allocate(keys.types(), Batch.DEFAULT_CAPACITY);
    for (int from = 0; from < n; from += Batch.DEFAULT_CAPACITY) {
      int count = Math.min(Batch.DEFAULT_CAPACITY, n - from);
      chunk.reset();
      source.gatherRange(from, count, chunk, 0);
      chunk.size = count;
      int expected = size;
      int[] ids = groupIdsFor(chunk, columns);
      for (int i = 0; i < count; i++) {
        if (ids[i] != expected + i) {
          throw StateIO.corrupt("a duplicate key at position " + (from + i));
        }
      }
    }
  }

  /** Drops every key. */
  public void clear() {
    clear(0);
  }

  /** Drops every key, with room for {@code expectedKeys} keys before the table has to grow. */
  public void clear(int expectedKeys) {
    keys.clear();
    size = 0;
    nullId = -1;
    packed = pairOfLongs;
    int expected = Math.min(Math.max(expectedKeys, 1), 1 << 28);
    allocate(Math.max(INITIAL_SLOTS, Integer.highestOneBit(2 * expected - 1) << 1));
  }

  /** Drops every key and gives back the memory the table took. */
  public void release() {
    keys.release();
    clear();
    if (!scratchShared) {
      scratch.release();
    }
  }

  /**
   * Keeps only the keys {@code ids[0 .. count)} (ascending), renumbered: key {@code ids[i]} gets
   * id {@code i}. Operators use it to drop keys whose state expired.
   */
  public void retain(int[] ids, int count) {
    ColumnarRows kept = new ColumnarRows(keys.types());
    for (int i = 0; i < count; i++) {
      kept.appendStoredRow(keys, ids[i]);
    }
    rebuildFrom(kept);
  }

  /**
   * Replaces every key by the rows of {@code source}, which must be distinct keys of this table's
   * types: row {@code i} gets id {@code i}.
   */
  public void rebuildFrom(ColumnarRows source) {
    clear();
    int total = source.size();
    int[] columns = new int[kinds.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
    }
    Batch batch = Batch.allocate(source.types(), Math.max(1, Math.min(total, Batch.DEFAULT_CAPACITY)));
    for (int from = 0; from < total; from += Batch.DEFAULT_CAPACITY) {
      int n = Math.min(Batch.DEFAULT_CAPACITY, total - from);
      batch.reset();
      batch.ensureCapacity(n);
      source.gatherRange(from, n, batch, 0);
      batch.size = n;
      lookup(batch, columns, true);
    }
    if (size != total) {
      throw new IllegalArgumentException("rebuilding from " + total + " rows that are not distinct keys");
    }
  }

  /**
   * The id of the key of each selected row of {@code batch}, adding new keys: entry {@code k}
   * belongs to the {@code k}-th selected row. Key column {@code i} is batch column
   * {@code keyColumns[i]}. The array is reused by the next call.
   */
  public int[] groupIdsFor(Batch batch, int[] keyColumns) {
    return lookup(batch, keyColumns, true);
  }

  /**
   * The id of the key of each of the first {@code count} stored rows of {@code rows}, adding new
   * keys, written to {@code target[0 .. count)}: key column {@code i} is stored column {@code
   * keyColumns[i]}. Operators rebuild their key ids this way after a compaction or a restore.
   */
  public void groupIdsForStored(ColumnarRows rows, int[] keyColumns, int count, int[] target) {
    List<DataType> keyTypes = keys.types();
    Batch chunk = Batch.allocate(keyTypes, Math.max(1, Math.min(count, Batch.DEFAULT_CAPACITY)));
    int[] rowIds = new int[Math.min(count, Batch.DEFAULT_CAPACITY)];
    int[] columns = new int[keyColumns.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
    }
    for (int start = 0; start < count; start += Batch.DEFAULT_CAPACITY) {
      int m = Math.min(Batch.DEFAULT_CAPACITY, count - start);
      for (int i = 0; i < m; i++) {
        rowIds[i] = start + i;
      }
      chunk.reset();
      for (int c = 0; c < keyColumns.length; c++) {
        rows.gatherColumn(keyColumns[c], rowIds, m, chunk.columns[c]);
      }
      chunk.size = m;
      System.arraycopy(groupIdsFor(chunk, columns), 0, target, start, m);
    }
  }

  /**
   * Like {@link #groupIdsFor} without adding keys: -1 for a key not in the table. A NULL key
   * finds the id of the NULL key if one was added.
   */
  public int[] find(Batch batch, int[] keyColumns) {
    return lookup(batch, keyColumns, false);
  }

  private int[] lookup(Batch batch, int[] keyColumns, boolean insert) {
    int n = batch.rowCount();
    scratch.ensure(n);
    if (singleLong) {
      lookupLongs(batch, keyColumns[0], n, insert);
    } else if (packed && (!insert || packable(batch, keyColumns, n))) {
      lookupPacked(batch, keyColumns, n, insert);
    } else {
      if (packed) {
        unpack();
      }
      lookupGeneral(batch, keyColumns, n, insert);
    }
    return scratch.ids;
  }

  private void lookupLongs(Batch batch, int column, int n, boolean insert) {
    LongVector vector = (LongVector) batch.columns[column];
    long[] values = vector.values;
    boolean[] nulls = vector.mayHaveNulls ? vector.nulls : null;
    int[] selection = batch.selection;
    int[] out = scratch.ids;
    for (int k = 0; k < n; k++) {
      int row = selection == null ? k : selection[k];
      if (nulls != null && nulls[row]) {
        if (nullId < 0 && insert) {
          nullId = size;
          keys.appendRow(batch, new int[] {column}, row);
          size++;
        }
        out[k] = nullId;
        continue;
      }
      long key = values[row];
      int id = longSlotId(key, insert);
      if (id == size) {
        keys.reserve(1);
        keys.longs(0)[id] = key;
        keys.nulls(0)[id] = false;
        keyAdded();
      }
      out[k] = id;
    }
  }

  /**
   * The id of {@code key} in {@link #longSlots}; when it is not there, -1, or with {@code insert}
   * the next id ({@link #size}), whose key columns the caller then stores before {@link #keyAdded}.
   */
  private int longSlotId(long key, boolean insert) {
    long[] table = longSlots;
    int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
    while (true) {
      long stored = table[2 * slot + 1];
      if (stored == 0) {
        if (!insert) {
          return -1;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = size + 1L;
        return size;
      }
      if (table[2 * slot] == key) {
        return (int) stored - 1;
      }
      slot = (slot + 1) & slotMask;
    }
  }

  /** Counts the key just stored at id {@link #size} and grows the slots once they are half full. */
  private void keyAdded() {
    keys.setSize(size + 1);
    size++;
    if (size * 2 > slotMask + 1) {
      rehash();
    }
  }

  /** Whether both key columns of the selected rows hold no NULL and only values that fit in an int. */
  private static boolean packable(Batch batch, int[] keyColumns, int n) {
    int[] selection = batch.selection;
    for (int c = 0; c < 2; c++) {
      LongVector vector = (LongVector) batch.columns[keyColumns[c]];
      long[] values = vector.values;
      boolean[] nulls = vector.mayHaveNulls ? vector.nulls : null;
      for (int k = 0; k < n; k++) {
        int row = selection == null ? k : selection[k];
        long value = values[row];
        if (value != (int) value || nulls != null && nulls[row]) {
          return false;
        }
      }
    }
    return true;
  }

  /**
   * The single-LONG lookup over two LONG columns packed into one long. A row that cannot be
   * packed (NULL, a value beyond an int) is not in the table: every key in it was packed, and
   * {@link #lookup} unpacks the table before inserting such a row.
   */
  private void lookupPacked(Batch batch, int[] keyColumns, int n, boolean insert) {
    LongVector first = (LongVector) batch.columns[keyColumns[0]];
    LongVector second = (LongVector) batch.columns[keyColumns[1]];
    long[] firstValues = first.values;
    long[] secondValues = second.values;
    boolean[] firstNulls = first.mayHaveNulls ? first.nulls : null;
    boolean[] secondNulls = second.mayHaveNulls ? second.nulls : null;
    int[] selection = batch.selection;
    int[] out = scratch.ids;
    for (int k = 0; k < n; k++) {
      int row = selection == null ? k : selection[k];
      long a = firstValues[row];
      long b = secondValues[row];
      if (a != (int) a || b != (int) b || firstNulls != null && firstNulls[row]
          || secondNulls != null && secondNulls[row]) {
        out[k] = -1;
        continue;
      }
      int id = longSlotId((a << 32) | (b & 0xFFFFFFFFL), insert);
      if (id == size) {
        keys.reserve(1);
        keys.longs(0)[id] = a;
        keys.nulls(0)[id] = false;
        keys.longs(1)[id] = b;
        keys.nulls(1)[id] = false;
        keyAdded();
      }
      out[k] = id;
    }
  }

  /** Moves a packed pair's keys to the general layout, for good (until {@link #clear}), same slot count. */
  private void unpack() {
    packed = false;
    allocate(slotMask + 1);
    long[] firsts = keys.longs(0);
    long[] seconds = keys.longs(1);
    for (int id = 0; id < size; id++) {
      int hash = Vectors.hashLong(firsts[id]) * 31 + Vectors.hashLong(seconds[id]);
      int slot = mix(hash) & slotMask;
      while (slots[slot] != 0) {
        slot = (slot + 1) & slotMask;
      }
      slots[slot] = ((long) hash << 32) | (id + 1L);
    }
  }

  private void lookupGeneral(Batch batch, int[] keyColumns, int n, boolean insert) {
    int[] selection = batch.selection;
    int[] h = scratch.hashes;
    hashKeys(batch, keyColumns, kinds, n, h);
    int[] out = scratch.ids;
    for (int k = 0; k < n; k++) {
      int row = selection == null ? k : selection[k];
      int hash = h[k];
      int slot = mix(hash) & slotMask;
      int id;
      while (true) {
        long stored = slots[slot];
        if (stored == 0) {
          if (insert) {
            id = size;
            slots[slot] = ((long) hash << 32) | (id + 1L);
            keys.appendRow(batch, keyColumns, row);
            size++;
            if (size * 2 > slotMask + 1) {
              rehash();
            }
          } else {
            id = -1;
          }
          break;
        }
        if ((int) (stored >>> 32) == hash) {
          int candidate = (int) stored - 1;
          if (keysEqual(batch, keyColumns, row, candidate)) {
            id = candidate;
            break;
          }
        }
        slot = (slot + 1) & slotMask;
      }
      out[k] = id;
    }
  }

  /**
   * Writes into {@code h[k]} the hash of the key columns of the {@code k}-th selected row of
   * {@code batch}, for {@code k < n}; rows with equal keys (in this table's sense) hash alike.
   */
  static void hashKeys(Batch batch, int[] keyColumns, PhysicalKind[] keyKinds, int n, int[] h) {
    Arrays.fill(h, 0, n, 0);
    for (int c = 0; c < keyColumns.length; c++) {
      hashColumn(batch.columns[keyColumns[c]], keyKinds[c], batch.selection, n, h);
    }
  }

  private static int mix(int hash) {
    return Vectors.hashLong(hash);
  }

  private static void hashColumn(ColumnVector vector, PhysicalKind kind, int[] selection, int n, int[] h) {
    boolean[] nulls = vector.mayHaveNulls ? vector.nulls : null;
    switch (kind) {
      case LONG: {
        long[] values = ((LongVector) vector).values;
        for (int k = 0; k < n; k++) {
          int row = selection == null ? k : selection[k];
          int v = nulls != null && nulls[row] ? Vectors.NULL_HASH : Vectors.hashLong(values[row]);
          h[k] = h[k] * 31 + v;
        }
        break;
      }
      case DOUBLE: {
        double[] values = ((DoubleVector) vector).values;
        for (int k = 0; k < n; k++) {
          int row = selection == null ? k : selection[k];
          int v = nulls != null && nulls[row]
              ? Vectors.NULL_HASH : Vectors.hashLong(Vectors.canonicalBits(values[row]));
          h[k] = h[k] * 31 + v;
        }
        break;
      }
      case BOOLEAN: {
        boolean[] values = ((BooleanVector) vector).values;
        for (int k = 0; k < n; k++) {
          int row = selection == null ? k : selection[k];
          int v = nulls != null && nulls[row] ? Vectors.NULL_HASH : values[row] ? 1231 : 1237;
          h[k] = h[k] * 31 + v;
        }
        break;
      }
      default: {
        BytesVector bytes = (BytesVector) vector;
        for (int k = 0; k < n; k++) {
          int row = selection == null ? k : selection[k];
          int v = nulls != null && nulls[row]
              ? Vectors.NULL_HASH : Vectors.hashBytes(bytes.data, bytes.offsets[row], bytes.offsets[row + 1]);
          h[k] = h[k] * 31 + v;
        }
      }
    }
  }

  private boolean keysEqual(Batch batch, int[] keyColumns, int row, int id) {
    for (int c = 0; c < kinds.length; c++) {
      ColumnVector vector = batch.columns[keyColumns[c]];
      boolean rowNull = vector.isNull(row);
      boolean keyNull = keys.isNull(c, id);
      if (rowNull || keyNull) {
        if (rowNull != keyNull) {
          return false;
        }
        continue;
      }
      switch (kinds[c]) {
        case LONG:
          if (((LongVector) vector).values[row] != keys.longs(c)[id]) {
            return false;
          }
          break;
        case DOUBLE:
          if (Vectors.canonicalBits(((DoubleVector) vector).values[row])
              != Vectors.canonicalBits(keys.doubles(c)[id])) {
            return false;
          }
          break;
        case BOOLEAN:
          if (((BooleanVector) vector).values[row] != keys.booleans(c)[id]) {
            return false;
          }
          break;
        default: {
          BytesVector bytes = (BytesVector) vector;
          int[] offsets = keys.offsets(c);
          if (!Arrays.equals(bytes.data, bytes.offsets[row], bytes.offsets[row + 1],
              keys.bytes(c), offsets[id], offsets[id + 1])) {
            return false;
          }
        }
      }
    }
    return true;
  }

  private void rehash() {
    int newCount = (slotMask + 1) * 2;
    if (longSlotted()) {
      long[] old = longSlots;
      allocate(newCount);
      for (int s = 0; s < old.length; s += 2) {
        if (old[s + 1] != 0) {
          long key = old[s];
          int slot = (int) ((key * 0x9E3779B97F4A7C15L) >>> shift);
          while (longSlots[2 * slot + 1] != 0) {
            slot = (slot + 1) & slotMask;
          }
          longSlots[2 * slot] = key;
          longSlots[2 * slot + 1] = old[s + 1];
        }
      }
    } else {
      long[] old = slots;
      allocate(newCount);
      for (long stored : old) {
        if (stored != 0) {
          int slot = mix((int) (stored >>> 32)) & slotMask;
          while (slots[slot] != 0) {
            slot = (slot + 1) & slotMask;
          }
          slots[slot] = stored;
        }
      }
    }
  }
}
