package io.sluice.engine.table;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of one version of an in-memory table by the value of one column: an equality lookup
 * gives the positions of the rows holding a value without reading the others. Rows are numbered
 * across the table's batches in order; rows with the same value are chained in that order, so a
 * lookup yields them as a scan would. NULLs are left out (no equality matches them).
 *
 * <p>Integer-like columns (integers, narrow decimals, dates, times, timestamps: one {@code long}
 * each) use open addressing over primitive arrays, with no object per row; VARCHAR columns a map
 * from the text. Floating-point and other columns have no index: their equality is not Java's
 * ({@code -0.0 = 0.0}), and a lookup that missed a row would lose it.
 */
final class HashIndex {
  private static final int NONE = -1;
  /** The first row of each batch, and the total row count last. */
  private final int[] batchStarts;
  /** For each row, the next row with the same value, or {@link #NONE}. */
  private final int[] next;
  /** Long keys: open-addressed slots of values and their first row ({@link #NONE} for a free slot). */
  private final long[] keys;
  private final int[] heads;
  private final int mask;
  /** Text keys: the first row of each value. */
  private final Map<String, Integer> textHeads;

  /** Whether a column of this type can be indexed. */
  static boolean supports(DataType type) {
    TypeKind kind = type.kind();
    if (kind == TypeKind.VARCHAR) {
      return true;
    }
    return !type.isWideDecimal() && (kind.isIntegral() || kind == TypeKind.DECIMAL || kind == TypeKind.DATE
        || kind == TypeKind.TIME || kind == TypeKind.TIMESTAMP);
  }

  /** Indexes column {@code column} (a table column number) of {@code batches}, dense and whole. */
  static HashIndex build(List<Batch> batches, int column, DataType type) {
    return new HashIndex(batches, column, type.kind() == TypeKind.VARCHAR);
  }

  private HashIndex(List<Batch> batches, int column, boolean text) {
    batchStarts = new int[batches.size() + 1];
    for (int b = 0; b < batches.size(); b++) {
      batchStarts[b + 1] = Math.addExact(batchStarts[b], batches.get(b).size);
    }
    int rows = batchStarts[batches.size()];
    next = new int[rows];
    if (text) {
      keys = null;
      heads = null;
      mask = 0;
      textHeads = new HashMap<>();
    } else {
      int capacity = Integer.highestOneBit(Math.max(2, rows) * 2 - 1) << 1;
      keys = new long[capacity];
      heads = new int[capacity];
      Arrays.fill(heads, NONE);
      mask = capacity - 1;
      textHeads = null;
    }
    // from the last row back, so each chain lists its rows in table order
    for (int b = batches.size() - 1; b >= 0; b--) {
      ColumnVector vector = batches.get(b).columns[column];
      for (int row = batches.get(b).size - 1; row >= 0; row--) {
        int position = batchStarts[b] + row;
        if (vector.isNull(row)) {
          next[position] = NONE;
        } else if (text) {
          Integer head = textHeads.put(((BytesVector) vector).getString(row), position);
          next[position] = head == null ? NONE : head;
        } else {
          int slot = slot(((LongVector) vector).values[row]);
          next[position] = heads[slot];
          heads[slot] = position;
        }
      }
    }
  }

  /** The slot of {@code key}: where it is, or the free slot where it goes. */
  private int slot(long key) {
    int slot = (int) mix(key) & mask;
    while (heads[slot] != NONE && keys[slot] != key) {
      slot = (slot + 1) & mask;
    }
    keys[slot] = key;
    return slot;
  }

  private static long mix(long key) {
    long h = key * 0x9E3779B97F4A7C15L;
    return h ^ (h >>> 32);
  }

  /**
   * The first row holding {@code value} (a Long for integer-like columns, a String for text, as
   * the planner's predicates give them), or {@link #NONE}; {@link #next} chains the others.
   */
  int first(Object value) {
    if (textHeads != null) {
      Integer head = value instanceof String text ? textHeads.get(text) : null;
      return head == null ? NONE : head;
    }
    if (!(value instanceof Long)) {
      return NONE;
    }
    long key = (Long) value;
    int slot = (int) mix(key) & mask;
    while (heads[slot] != NONE) {
      if (keys[slot] == key) {
        return heads[slot];
      }
      slot = (slot + 1) & mask;
    }
    return NONE;
  }

  /** The next row after {@code position} with the same value, or {@link #NONE}. */
  int next(int position) {
    return next[position];
  }

  static boolean isRow(int position) {
    return position != NONE;
  }
}
