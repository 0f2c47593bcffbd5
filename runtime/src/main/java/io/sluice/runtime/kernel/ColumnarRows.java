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
import io.sluice.runtime.state.StatePart;
import java.util.Arrays;
import java.util.List;

/**
 * A growable store of rows in columnar form, owned by an operator: the state of hash tables,
 * join build sides, sorts and windows. Rows are appended from batches (which are only valid
 * during a call) and read back by row index, alone or gathered into an output batch.
 *
 * <p>Storage is one primitive array per column plus a null mask, and for strings one byte
 * buffer with offsets, so that the whole store is plain data a checkpoint can write out.
 * Array getters return the current arrays; they change when the store grows.
 */
public final class ColumnarRows implements StatePart {
  private static final int INITIAL_CAPACITY = 16;

  private final List<DataType> types;
  private final PhysicalKind[] kinds;
  private final long[][] longs;
  private final double[][] doubles;
  private final boolean[][] booleans;
  /** For BYTES columns: row {@code i} is logical bytes {@code offsets[c][i] .. offsets[c][i + 1]} of {@code bytes[c]}. */
  private final ByteChunks[] bytes;
  private final int[][] offsets;
  private final boolean[][] nulls;
  /** Per column: whether a NULL may have been stored; lets gathers skip reading the null mask. */
  private final boolean[] mayHaveNulls;
  private int size;
  private int capacity;
  /** The row of {@link #appendStoredRow}, as {@link #appendStoredRows} takes it. */
  private final int[] oneRow = new int[1];
  /**
   * Bytes a value of a variable-length column is taken to hold when growth is estimated before the
   * column holds any (Spark sizes a string column the same way, {@code StringType.defaultSize}).
   */
  private static final int ASSUMED_VALUE_BYTES = 20;

  public ColumnarRows(List<DataType> types) {
    this.types = List.copyOf(types);
    int n = types.size();
    kinds = new PhysicalKind[n];
    longs = new long[n][];
    doubles = new double[n][];
    booleans = new boolean[n][];
    bytes = new ByteChunks[n];
    offsets = new int[n][];
    nulls = new boolean[n][];
    mayHaveNulls = new boolean[n];
    for (int c = 0; c < n; c++) {
      kinds[c] = types.get(c).physical();
    }
    allocate();
  }

  /** Drops every row and gives back the memory they took: the arrays start small again. */
  public void release() {
    size = 0;
    java.util.Arrays.fill(mayHaveNulls, false);
    allocate();
  }

  private void allocate() {
    capacity = INITIAL_CAPACITY;
    for (int c = 0; c < kinds.length; c++) {
      nulls[c] = new boolean[capacity];
      switch (kinds[c]) {
        case LONG -> longs[c] = new long[capacity];
        case DOUBLE -> doubles[c] = new double[capacity];
        case BOOLEAN -> booleans[c] = new boolean[capacity];
        default -> {
          bytes[c] = new ByteChunks();
          offsets[c] = new int[capacity + 1];
        }
      }
    }
  }

  public List<DataType> types() {
    return types;
  }

  public int columnCount() {
    return kinds.length;
  }

  public int size() {
    return size;
  }

  public PhysicalKind kind(int column) {
    return kinds[column];
  }

  public long[] longs(int column) {
    return longs[column];
  }

  public double[] doubles(int column) {
    return doubles[column];
  }

  public boolean[] booleans(int column) {
    return booleans[column];
  }

  /**
   * A string column's bytes as one array, indexed by {@link #offsets}: the column's chunks are
   * merged and it stays one array from then on ({@link ByteChunks#array}).
   */
  public byte[] bytes(int column) {
    return bytes[column].array();
  }

  public int[] offsets(int column) {
    return offsets[column];
  }

  public boolean[] nulls(int column) {
    return nulls[column];
  }

  public boolean isNull(int column, int row) {
    return nulls[column][row];
  }

  /** Drops every row; capacity is kept. */
  public void clear() {
    truncate(0);
  }

  /** Writes the rows for a snapshot: row count, then per column its null flags and values. */
  public void writeTo(java.io.DataOutput out) throws java.io.IOException {
    out.writeInt(kinds.length);
    out.writeInt(size);
    for (int c = 0; c < kinds.length; c++) {
      out.writeByte(kinds[c].ordinal());
      StateIO.writeArray(out, nulls[c], size);
      switch (kinds[c]) {
        case LONG:
          StateIO.writeArray(out, longs[c], size);
          break;
        case DOUBLE:
          StateIO.writeArray(out, doubles[c], size);
          break;
        case BOOLEAN:
          StateIO.writeArray(out, booleans[c], size);
          break;
        default:
          StateIO.writeArray(out, offsets[c], size + 1);
          out.writeInt(offsets[c][size]);
          bytes[c].write(out, 0, offsets[c][size]);
      }
    }
  }

  /**
   * Writes rows {@code ids[0 .. count)}, in that order, as {@link #writeTo} writes a store holding
   * just them, without copying them into one first (a state delta's new rows).
   */
  public void writeRows(java.io.DataOutput out, int[] ids, int count) throws java.io.IOException {
    writeRows(out, ids, 0, count);
  }

  /** Writes rows {@code [from, from + count)} as {@link #writeRows} writes them given those ids, column by column as they lie. */
  public void writeRange(java.io.DataOutput out, int from, int count) throws java.io.IOException {
    writeRows(out, null, from, count);
  }

  /** Rows {@code ids[0 .. count)}, or with {@code ids} null rows {@code [from, from + count)}. */
  private void writeRows(java.io.DataOutput out, int[] ids, int from, int count) throws java.io.IOException {
    out.writeInt(kinds.length);
    out.writeInt(count);
    for (int c = 0; c < kinds.length; c++) {
      out.writeByte(kinds[c].ordinal());
      Object values = switch (kinds[c]) {
        case LONG -> longs[c];
        case DOUBLE -> doubles[c];
        case BOOLEAN -> booleans[c];
        default -> null;
      };
      for (Object array : values == null ? new Object[] {nulls[c]} : new Object[] {nulls[c], values}) {
        if (ids == null) {
          StateIO.writeArrayRange(out, array, from, count);
        } else {
          StateIO.writeGathered(out, array, ids, count);
        }
      }
      if (values != null) {
        continue;
      }
      int[] starts = offsets[c];
      if (ids == null) {
        StateIO.writeOffsets(out, starts, from, count + 1);
        out.writeInt(starts[from + count] - starts[from]);
        bytes[c].write(out, starts[from], starts[from + count]);
        continue;
      }
      int[] written = new int[count + 1];
      for (int i = 0; i < count; i++) {
        written[i + 1] = written[i] + starts[ids[i] + 1] - starts[ids[i]];
      }
      StateIO.writeArray(out, written, count + 1);
      out.writeInt(written[count]);
      // ids that follow one another are written as one run: a snapshot's live rows mostly do
      for (int i = 0; i < count; ) {
        int last = i;
        while (last + 1 < count && ids[last + 1] == ids[last] + 1) {
          last++;
        }
        bytes[c].write(out, starts[ids[i]], starts[ids[last] + 1]);
        i = last + 1;
      }
    }
  }

  /** Replaces the rows with those written by {@link #writeTo} from rows of the same column kinds. */
  public void readFrom(java.io.DataInput in) throws java.io.IOException {
    StateIO.expect(in, kinds.length, "a row store of columns");
    int rows = in.readInt();
    clear();
    reserve(rows);
    for (int c = 0; c < kinds.length; c++) {
      int kind = in.readByte();
      if (kind != kinds[c].ordinal()) {
        throw StateIO.corrupt("column " + c + " of kind " + kind + " where " + kinds[c] + " was expected");
      }
      nulls[c] = (boolean[]) StateIO.readArray(in, capacity);
      for (int r = 0; r < rows && !mayHaveNulls[c]; r++) {
        mayHaveNulls[c] = nulls[c][r];
      }
      switch (kinds[c]) {
        case LONG:
          longs[c] = (long[]) StateIO.readArray(in, capacity);
          break;
        case DOUBLE:
          doubles[c] = (double[]) StateIO.readArray(in, capacity);
          break;
        case BOOLEAN:
          booleans[c] = (boolean[]) StateIO.readArray(in, capacity);
          break;
        default: {
          offsets[c] = (int[]) StateIO.readArray(in, capacity + 1);
          int length = in.readInt();
          if (length < 0 || offsets[c][rows] != length) {
            throw StateIO.corrupt("column " + c + " of " + length + " bytes whose offsets end at " + offsets[c][rows]);
          }
          bytes[c].read(in, length);
        }
      }
    }
    size = rows;
  }

  /** Keeps only the first {@code newSize} rows. */
  public void truncate(int newSize) {
    if (newSize > size) {
      throw new IllegalArgumentException("cannot truncate " + size + " rows to " + newSize);
    }
    size = newSize;
    for (int c = 0; c < kinds.length; c++) {
      if (bytes[c] != null) {
        bytes[c].truncate(offsets[c][newSize]);
      }
    }
  }

  /**
   * Keeps only the stored rows {@code rows[0 .. count)} (ascending), moved in place to rows
   * {@code 0 .. count)}; capacity is kept.
   */
  public void retain(int[] rows, int count) {
    for (int c = 0; c < kinds.length; c++) {
      boolean[] n = nulls[c];
      if (offsets[c] == null) {
        gatherFixedWidth(this, c, rows, count, 0); // in place: rows[i] >= i
        continue;
      }
      int[] o = offsets[c];
      int[] starts = new int[count];
      int[] lengths = new int[count];
      for (int i = 0; i < count; i++) {
        starts[i] = o[rows[i]];
        lengths[i] = o[rows[i] + 1] - starts[i];
        n[i] = n[rows[i]];
      }
      bytes[c].retain(starts, lengths, count);
      o[0] = 0;
      for (int i = 0; i < count; i++) {
        o[i + 1] = starts[i] + lengths[i];
      }
    }
    size = count;
  }

  /**
   * Writes fixed-width column {@code c}'s values and NULL flags of {@code source}'s rows {@code
   * order[0 .. count)} to rows {@code at ..} of this store ({@code source} may be this store when
   * {@code order[i] >= at + i}).
   */
  private void gatherFixedWidth(ColumnarRows source, int c, int[] order, int count, int at) {
    boolean[] fromNulls = source.nulls[c];
    boolean[] toNulls = nulls[c];
    for (int i = 0; i < count; i++) {
      toNulls[at + i] = fromNulls[order[i]];
    }
    switch (kinds[c]) {
      case LONG -> {
        long[] from = source.longs[c];
        long[] to = longs[c];
        for (int i = 0; i < count; i++) {
          to[at + i] = from[order[i]];
        }
      }
      case DOUBLE -> {
        double[] from = source.doubles[c];
        double[] to = doubles[c];
        for (int i = 0; i < count; i++) {
          to[at + i] = from[order[i]];
        }
      }
      case BOOLEAN -> {
        boolean[] from = source.booleans[c];
        boolean[] to = booleans[c];
        for (int i = 0; i < count; i++) {
          to[at + i] = from[order[i]];
        }
      }
      default -> throw new IllegalStateException("column " + c + " is not of a fixed width");
    }
  }

  /** Sets the row count after the caller wrote rows {@code [size, newSize)} into reserved arrays. */
  void setSize(int newSize) {
    if (newSize > capacity) {
      throw new IllegalArgumentException("size " + newSize + " beyond capacity " + capacity);
    }
    size = newSize;
  }

  /**
   * Bytes {@code extra} more rows would make it allocate: the rows' arrays grown by half (or to
   * fit), and each variable-length column's byte array doubled (or grown to fit) for values as long
   * as its average one so far, or {@link #ASSUMED_VALUE_BYTES} while it holds none.
   */
  public long growthBytes(int extra) {
    long needed = size + (long) extra;
    long bytes = 0;
    if (needed > capacity) {
      long newCapacity = Math.max(needed, capacity + (capacity >> 1));
      long perRow = 0;
      for (PhysicalKind kind : kinds) {
        perRow += 1 + (kind == PhysicalKind.LONG || kind == PhysicalKind.DOUBLE ? 8 : kind == PhysicalKind.BOOLEAN ? 1 : 4);
      }
      bytes = perRow * newCapacity;
    }
    for (int c = 0; c < kinds.length; c++) {
      if (offsets[c] != null) {
        long used = offsets[c][size];
        long average = size == 0 ? ASSUMED_VALUE_BYTES : (used + size - 1) / size;
        bytes += this.bytes[c].growth(average * extra);
      }
    }
    return bytes;
  }

  /** Makes room for {@code extra} more rows. */
  public void reserve(int extra) {
    int needed = size + extra;
    if (needed <= capacity) {
      return;
    }
    int newCapacity = Math.max(needed, capacity + (capacity >> 1));
    for (int c = 0; c < kinds.length; c++) {
      nulls[c] = Arrays.copyOf(nulls[c], newCapacity);
      switch (kinds[c]) {
        case LONG -> longs[c] = Arrays.copyOf(longs[c], newCapacity);
        case DOUBLE -> doubles[c] = Arrays.copyOf(doubles[c], newCapacity);
        case BOOLEAN -> booleans[c] = Arrays.copyOf(booleans[c], newCapacity);
        default -> offsets[c] = Arrays.copyOf(offsets[c], newCapacity + 1);
      }
    }
    capacity = newCapacity;
  }

  /** Appends the selected rows of {@code batch}, every column. */
  public void append(Batch batch) {
    append(batch, null);
  }

  /**
   * Appends the selected rows of {@code batch}; stored column {@code i} takes batch column
   * {@code columns[i]} (all columns in order when {@code columns} is null).
   */
  public void append(Batch batch, int[] columns) {
    appendRows(batch, columns, batch.selection, batch.rowCount());
  }

  /**
   * Appends the physical rows {@code rows[0 .. count)} of {@code batch} (rows {@code 0 .. count)}
   * when {@code rows} is null).
   */
  public void appendRows(Batch batch, int[] columns, int[] rows, int count) {
    reserve(count);
    for (int c = 0; c < kinds.length; c++) {
      ColumnVector source = batch.columns[columns == null ? c : columns[c]];
      appendColumn(c, source, rows, count);
    }
    size += count;
  }

  /** Appends one physical row of {@code batch}. */
  public void appendRow(Batch batch, int[] columns, int row) {
    reserve(1);
    for (int c = 0; c < kinds.length; c++) {
      ColumnVector source = batch.columns[columns == null ? c : columns[c]];
      boolean isNull = source.isNull(row);
      nulls[c][size] = isNull;
      mayHaveNulls[c] |= isNull;
      switch (kinds[c]) {
        case LONG:
          longs[c][size] = isNull ? 0 : ((LongVector) source).values[row];
          break;
        case DOUBLE:
          doubles[c][size] = isNull ? 0 : ((DoubleVector) source).values[row];
          break;
        case BOOLEAN:
          booleans[c][size] = !isNull && ((BooleanVector) source).values[row];
          break;
        default: {
          BytesVector s = (BytesVector) source;
          int length = isNull ? 0 : s.length(row);
          offsets[c][size + 1] = bytes[c].append(s.data, isNull ? 0 : s.offsets[row], length) + length;
        }
      }
    }
    size++;
  }

  /**
   * Whether stored row {@code row} equals physical row {@code batchRow} of {@code batch} in
   * every column (NULL equals NULL; doubles compare by bits).
   */
  public boolean rowEquals(int row, Batch batch, int batchRow) {
    for (int c = 0; c < kinds.length; c++) {
      ColumnVector v = batch.columns[c];
      boolean isNull = v.isNull(batchRow);
      if (isNull != nulls[c][row]) {
        return false;
      }
      if (isNull) {
        continue;
      }
      switch (kinds[c]) {
        case LONG:
          if (longs[c][row] != ((LongVector) v).values[batchRow]) {
            return false;
          }
          break;
        case DOUBLE:
          if (Double.doubleToLongBits(doubles[c][row]) != Double.doubleToLongBits(((DoubleVector) v).values[batchRow])) {
            return false;
          }
          break;
        case BOOLEAN:
          if (booleans[c][row] != ((BooleanVector) v).values[batchRow]) {
            return false;
          }
          break;
        default: {
          BytesVector b = (BytesVector) v;
          int from = offsets[c][row];
          int length = offsets[c][row + 1] - from;
          if (length != b.length(batchRow) || !bytes[c].equals(from, length, b.data, b.offsets[batchRow])) {
            return false;
          }
        }
      }
    }
    return true;
  }

  /**
   * Bytes the store takes on the heap: its arrays as allocated (values, null flags, string bytes
   * and offsets), so room kept for growth counts too. Arithmetic over a few lengths: cheap enough
   * for the memory budget's check after every chunk of input.
   */
  public long estimatedBytes() {
    long total = 0;
    for (int c = 0; c < kinds.length; c++) {
      total += nulls[c].length;
      switch (kinds[c]) {
        case LONG:
          total += 8L * longs[c].length;
          break;
        case DOUBLE:
          total += 8L * doubles[c].length;
          break;
        case BOOLEAN:
          total += booleans[c].length;
          break;
        default:
          total += bytes[c].allocated() + 4L * offsets[c].length;
      }
    }
    return total;
  }

  /**
   * Appends the stored rows {@code order[0 .. count)} of {@code source} (same column kinds), a
   * column at a time: copying row by row, switching on every column's kind for each, took a fifth
   * of TPC-H q9 in a hash join's build side regrouped by key.
   */
  public void appendStoredRows(ColumnarRows source, int[] order, int count) {
    reserve(count);
    for (int c = 0; c < kinds.length; c++) {
      mayHaveNulls[c] |= source.mayHaveNulls[c];
      if (offsets[c] == null) {
        gatherFixedWidth(source, c, order, count, size);
        continue;
      }
      for (int i = 0; i < count; i++) {
        nulls[c][size + i] = source.nulls[c][order[i]];
        int from = source.offsets[c][order[i]], length = source.offsets[c][order[i] + 1] - from;
        int start = bytes[c].reserve(length);
        int chunk = bytes[c].chunkOf(start);
        source.bytes[c].copyTo(from, length, bytes[c].chunkAt(chunk), bytes[c].indexOf(chunk, start));
        offsets[c][size + i + 1] = start + length;
      }
    }
    size += count;
  }

  /** Appends one row copied from another store with the same column kinds. */
  public void appendStoredRow(ColumnarRows source, int row) {
    oneRow[0] = row;
    appendStoredRows(source, oneRow, 1);
  }

  private void appendColumn(int c, ColumnVector source, int[] rows, int count) {
    boolean[] targetNulls = nulls[c];
    boolean sourceNulls = source.mayHaveNulls;
    boolean[] sn = source.nulls;
    int base = size;
    mayHaveNulls[c] |= sourceNulls;
    switch (kinds[c]) {
      case LONG: {
        long[] target = longs[c];
        long[] values = ((LongVector) source).values;
        if (rows == null) {
          System.arraycopy(values, 0, target, base, count);
          if (sourceNulls) {
            System.arraycopy(sn, 0, targetNulls, base, count);
          } else {
            Arrays.fill(targetNulls, base, base + count, false);
          }
        } else {
          for (int i = 0; i < count; i++) {
            int r = rows[i];
            target[base + i] = values[r];
            targetNulls[base + i] = sourceNulls && sn[r];
          }
        }
        break;
      }
      case DOUBLE: {
        double[] target = doubles[c];
        double[] values = ((DoubleVector) source).values;
        for (int i = 0; i < count; i++) {
          int r = rows == null ? i : rows[i];
          target[base + i] = values[r];
          targetNulls[base + i] = sourceNulls && sn[r];
        }
        break;
      }
      case BOOLEAN: {
        boolean[] target = booleans[c];
        boolean[] values = ((BooleanVector) source).values;
        for (int i = 0; i < count; i++) {
          int r = rows == null ? i : rows[i];
          target[base + i] = values[r];
          targetNulls[base + i] = sourceNulls && sn[r];
        }
        break;
      }
      default: {
        BytesVector s = (BytesVector) source;
        ByteChunks target = bytes[c];
        int[] targetOffsets = offsets[c];
        int position = targetOffsets[base];
        for (int i = 0; i < count; i++) {
          int r = rows == null ? i : rows[i];
          boolean isNull = sourceNulls && sn[r];
          targetNulls[base + i] = isNull;
          if (!isNull) {
            int from = s.offsets[r];
            int length = s.offsets[r + 1] - from;
            position = target.append(s.data, from, length) + length;
          }
          targetOffsets[base + i + 1] = position;
        }
      }
    }
  }

  /**
   * Writes stored rows {@code rowIds[0 .. count)} into rows {@code 0 .. count)} of {@code out},
   * stored column {@code c} into output column {@code firstOutColumn + c}. A negative row id
   * writes NULL in every column (the padding side of an outer join).
   */
  public void gather(int[] rowIds, int count, Batch out, int firstOutColumn) {
    for (int c = 0; c < kinds.length; c++) {
      gatherColumn(c, rowIds, count, out.columns[firstOutColumn + c]);
    }
  }

  /** Writes stored rows {@code from .. from + count} into rows {@code 0 .. count)} of {@code out}. */
  public void gatherRange(int from, int count, Batch out, int firstOutColumn) {
    for (int c = 0; c < kinds.length; c++) {
      ColumnVector target = out.columns[firstOutColumn + c];
      target.ensureCapacity(count, 0);
      boolean[] sn = nulls[c];
      boolean anyNull = false;
      for (int i = 0; i < count; i++) {
        anyNull |= sn[from + i];
      }
      System.arraycopy(sn, from, target.nulls, 0, count);
      if (anyNull) {
        target.mayHaveNulls = true;
      }
      switch (kinds[c]) {
        case LONG:
          System.arraycopy(longs[c], from, ((LongVector) target).values, 0, count);
          break;
        case DOUBLE:
          System.arraycopy(doubles[c], from, ((DoubleVector) target).values, 0, count);
          break;
        case BOOLEAN:
          System.arraycopy(booleans[c], from, ((BooleanVector) target).values, 0, count);
          break;
        default:
          gatherBytes(c, null, from, count, (BytesVector) target);
      }
    }
  }

  /** One column of {@link #gather}. */
  public void gatherColumn(int c, int[] rowIds, int count, ColumnVector target) {
    target.ensureCapacity(count, 0);
    boolean[] sn = nulls[c];
    boolean[] tn = target.nulls;
    boolean anyNull = false;
    switch (kinds[c]) {
      case LONG: {
        long[] source = longs[c];
        long[] values = ((LongVector) target).values;
        if (!mayHaveNulls[c]) {
          // No stored NULL: the random reads of the null mask are skipped.
          for (int i = 0; i < count; i++) {
            int r = rowIds[i];
            boolean pad = r < 0;
            values[i] = pad ? 0 : source[r];
            tn[i] = pad;
            anyNull |= pad;
          }
          break;
        }
        for (int i = 0; i < count; i++) {
          int r = rowIds[i];
          if (r >= 0) {
            values[i] = source[r];
            boolean isNull = sn[r];
            tn[i] = isNull;
            anyNull |= isNull;
          } else {
            tn[i] = true;
            anyNull = true;
          }
        }
        break;
      }
      case DOUBLE: {
        double[] source = doubles[c];
        double[] values = ((DoubleVector) target).values;
        for (int i = 0; i < count; i++) {
          int r = rowIds[i];
          if (r >= 0) {
            values[i] = source[r];
            boolean isNull = sn[r];
            tn[i] = isNull;
            anyNull |= isNull;
          } else {
            tn[i] = true;
            anyNull = true;
          }
        }
        break;
      }
      case BOOLEAN: {
        boolean[] source = booleans[c];
        boolean[] values = ((BooleanVector) target).values;
        for (int i = 0; i < count; i++) {
          int r = rowIds[i];
          if (r >= 0) {
            values[i] = source[r];
            boolean isNull = sn[r];
            tn[i] = isNull;
            anyNull |= isNull;
          } else {
            tn[i] = true;
            anyNull = true;
          }
        }
        break;
      }
      default:
        gatherBytes(c, rowIds, 0, count, (BytesVector) target);
        return;
    }
    if (anyNull) {
      target.mayHaveNulls = true;
    }
  }

  private void gatherBytes(int c, int[] rowIds, int from, int count, BytesVector target) {
    boolean[] sn = nulls[c];
    int[] so = offsets[c];
    ByteChunks sb = bytes[c];
    for (int i = 0; i < count; i++) {
      int r = rowIds == null ? from + i : rowIds[i];
      if (r < 0 || sn[r]) {
        target.setNullAt(i);
      } else {
        int chunk = sb.chunkOf(so[r]);
        target.set(i, sb.chunkAt(chunk), sb.indexOf(chunk, so[r]), so[r + 1] - so[r]);
      }
    }
  }

  /** Copies stored value {@code (column, row)} into row {@code to} of {@code target}. */
  public void copyValue(int column, int row, ColumnVector target, int to) {
    if (nulls[column][row]) {
      if (target instanceof BytesVector) {
        ((BytesVector) target).setNullAt(to);
      } else {
        target.setNull(to);
      }
      return;
    }
    target.nulls[to] = false;
    switch (kinds[column]) {
      case LONG:
        ((LongVector) target).values[to] = longs[column][row];
        break;
      case DOUBLE:
        ((DoubleVector) target).values[to] = doubles[column][row];
        break;
      case BOOLEAN:
        ((BooleanVector) target).values[to] = booleans[column][row];
        break;
      default: {
        int start = offsets[column][row];
        int chunk = bytes[column].chunkOf(start);
        ((BytesVector) target).set(to, bytes[column].chunkAt(chunk), bytes[column].indexOf(chunk, start),
            offsets[column][row + 1] - start);
      }
    }
  }

  /** The stored value as a boxed internal value (Long, Double, Boolean or byte[]); for tests and debugging. */
  public Object getBoxed(int column, int row) {
    if (nulls[column][row]) {
      return null;
    }
    switch (kinds[column]) {
      case LONG:
        return longs[column][row];
      case DOUBLE:
        return doubles[column][row];
      case BOOLEAN:
        return booleans[column][row];
      default: {
        byte[] value = new byte[offsets[column][row + 1] - offsets[column][row]];
        bytes[column].copyTo(offsets[column][row], value.length, value, 0);
        return value;
      }
    }
  }
}
