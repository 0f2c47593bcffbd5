package io.sluice.engine.table;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.ColumnPredicate.Operator;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * An ordered index of an in-memory table on one or more columns: the positions of its rows
 * sorted by their key (NULLs first within a column, ties in table order), leaving out rows whose
 * first key column is NULL (no comparison matches them). It serves equality on leading columns
 * followed by a range ({@code <, <=, >, >=, BETWEEN}) on the next one, by two binary searches,
 * and counts exactly how many rows a lookup gives, which the planner uses to choose it.
 *
 * <p>It is immutable and kept up to date row by row: an INSERT sorts only the new rows and
 * merges them in, a DELETE drops the deleted positions and renumbers the rest (no key is
 * compared), an UPDATE takes out and merges back only the changed rows. Nothing re-sorts the
 * table after CREATE INDEX. Integer-like columns compare as {@code long}s, VARCHAR by its UTF-8
 * bytes unsigned, which is code-point order, the order rows compare in.
 */
final class OrderedIndex {
  private final int[] columns;
  private final boolean[] text;
  /** Positions sorted by key, then position. */
  private final int[] order;

  private OrderedIndex(int[] columns, boolean[] text, int[] order) {
    this.columns = columns;
    this.text = text;
    this.order = order;
  }

  /** Whether a column of this type can be a key column (those {@link HashIndex} takes). */
  static boolean supports(DataType type) {
    return HashIndex.supports(type);
  }

  /** Sorts the rows of {@code content} by columns {@code columns} (all of supported types). */
  static OrderedIndex build(TableContent content, int[] columns, List<DataType> types) {
    boolean[] text = new boolean[columns.length];
    for (int k = 0; k < columns.length; k++) {
      text[k] = types.get(columns[k]).kind() == TypeKind.VARCHAR;
    }
    OrderedIndex empty = new OrderedIndex(columns.clone(), text, new int[0]);
    return empty.merged(content, empty.order, 0, empty.keyed(content, 0, content.rows()));
  }

  int[] columns() {
    return columns.clone();
  }

  /** Rows indexed (those whose first key column is not NULL). */
  int size() {
    return order.length;
  }

  // ---- maintenance ------------------------------------------------------------------------

  /** The index of {@code content}, which is this index's content with rows appended from {@code firstNew}. */
  OrderedIndex appended(TableContent content, int firstNew) {
    return merged(content, order, order.length, keyed(content, firstNew, content.rows()));
  }

  /**
   * The index after a DELETE: {@code newPosition[p]} is the position of old row {@code p} in
   * {@code content}, or -1 for a deleted row. Renumbering keeps the order, so no key is read.
   */
  OrderedIndex deleted(int[] newPosition) {
    int[] kept = new int[order.length];
    int n = 0;
    for (int position : order) {
      int moved = newPosition[position];
      if (moved >= 0) {
        kept[n++] = moved;
      }
    }
    return new OrderedIndex(columns, text, n == kept.length ? kept : Arrays.copyOf(kept, n));
  }

  /** The index after an UPDATE that changed the key of (at most) the rows in {@code changed}. */
  OrderedIndex updated(TableContent content, BitSet changed) {
    int[] kept = new int[order.length];
    int n = 0;
    for (int position : order) {
      if (!changed.get(position)) {
        kept[n++] = position;
      }
    }
    int[] moved = new int[changed.cardinality()];
    int count = 0;
    for (int p = changed.nextSetBit(0); p >= 0; p = changed.nextSetBit(p + 1)) {
      if (!isNull(content, p, 0)) {
        moved[count++] = p;
      }
    }
    return merged(content, kept, n, sorted(content, moved, count));
  }

  /** The positions in [from, to) whose first key column is not NULL, sorted by key. */
  private int[] keyed(TableContent content, int from, int to) {
    int[] rows = new int[to - from];
    int n = 0;
    for (int p = from; p < to; p++) {
      if (!isNull(content, p, 0)) {
        rows[n++] = p;
      }
    }
    return sorted(content, rows, n);
  }

  private int[] sorted(TableContent content, int[] rows, int n) {
    int[] items = Arrays.copyOf(rows, n);
    int[] buffer = new int[n];
    mergeSort(content, items, buffer, 0, n);
    return items;
  }

  private void mergeSort(TableContent content, int[] items, int[] buffer, int from, int to) {
    if (to - from < 2 || isSorted(content, items, from, to)) {
      return;
    }
    int middle = (from + to) >>> 1;
    mergeSort(content, items, buffer, from, middle);
    mergeSort(content, items, buffer, middle, to);
    if (compareRows(content, items[middle - 1], items[middle]) <= 0) {
      return;
    }
    System.arraycopy(items, from, buffer, from, to - from);
    int i = from;
    int j = middle;
    for (int k = from; k < to; k++) {
      items[k] = j >= to || i < middle && compareRows(content, buffer[i], buffer[j]) <= 0 ? buffer[i++] : buffer[j++];
    }
  }

  /** Already in order (rows appended in key order, as ids often are): one pass instead of a sort. */
  private boolean isSorted(TableContent content, int[] items, int from, int to) {
    for (int k = from + 1; k < to; k++) {
      if (compareRows(content, items[k - 1], items[k]) > 0) {
        return false;
      }
    }
    return true;
  }

  /** Merges the first {@code n} of {@code left} with {@code right}, both sorted. */
  private OrderedIndex merged(TableContent content, int[] left, int n, int[] right) {
    if (right.length == 0) {
      return new OrderedIndex(columns, text, n == left.length ? left : Arrays.copyOf(left, n));
    }
    int[] all = new int[n + right.length];
    int i = 0;
    int j = 0;
    // rows before the first new key stay as they are: copy them at once
    int head = n == 0 ? 0 : firstAbove(content, left, n, right[0]);
    System.arraycopy(left, 0, all, 0, head);
    i = head;
    for (int k = head; k < all.length; k++) {
      all[k] = j >= right.length || i < n && compareRows(content, left[i], right[j]) <= 0 ? left[i++] : right[j++];
    }
    return new OrderedIndex(columns, text, all);
  }

  /** The number of the first {@code n} of {@code sorted} that order before row {@code position}. */
  private int firstAbove(TableContent content, int[] sorted, int n, int position) {
    int low = 0;
    int high = n;
    while (low < high) {
      int middle = (low + high) >>> 1;
      if (compareRows(content, sorted[middle], position) < 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  // ---- lookups ----------------------------------------------------------------------------

  /**
   * What this index can look up of {@code predicates}: equalities on its leading columns and at
   * most one range on the next, or null when none is on its first column.
   */
  Lookup lookup(List<ColumnPredicate> predicates, List<String> names, List<DataType> types) {
    List<Object> equal = new ArrayList<>();
    List<String> condition = new ArrayList<>();
    boolean parameter = false;
    for (int k = 0; k < columns.length; k++) {
      ColumnPredicate equality = find(predicates, columns[k], Operator.EQUALS);
      if (equality == null) {
        break;
      }
      parameter |= equality.value() == ColumnPredicate.PARAMETER;
      Object key = encode(equality.value(), k);
      if (key == null && equality.value() != ColumnPredicate.PARAMETER) {
        break;
      }
      equal.add(key);
      condition.add(names.get(columns[k]) + " = " + show(equality.value(), types.get(columns[k])));
    }
    Object lower = null;
    Object upper = null;
    boolean lowerInclusive = false;
    boolean upperInclusive = false;
    int k = equal.size();
    if (k < columns.length) {
      for (ColumnPredicate predicate : predicates) {
        if (predicate.column() != columns[k] || predicate.value() == null) {
          continue;
        }
        Operator op = predicate.operator();
        boolean isLower = op == Operator.GREATER_THAN || op == Operator.GREATER_THAN_OR_EQUAL;
        boolean isUpper = op == Operator.LESS_THAN || op == Operator.LESS_THAN_OR_EQUAL;
        if (!isLower && !isUpper) {
          continue;
        }
        boolean inclusive = op == Operator.GREATER_THAN_OR_EQUAL || op == Operator.LESS_THAN_OR_EQUAL;
        if (predicate.value() == ColumnPredicate.PARAMETER) {
          parameter = true;
        } else {
          Object key = encode(predicate.value(), k);
          if (key == null) {
            continue;
          }
          if (isLower && (lower == null || tighter(key, inclusive, lower, lowerInclusive, k, true))) {
            lower = key;
            lowerInclusive = inclusive;
          } else if (isUpper && (upper == null || tighter(key, inclusive, upper, upperInclusive, k, false))) {
            upper = key;
            upperInclusive = inclusive;
          }
        }
        condition.add(names.get(columns[k]) + " " + op.symbol() + " " + show(predicate.value(), types.get(columns[k])));
      }
    }
    if (condition.isEmpty()) {
      return null;
    }
    return new Lookup(equal.toArray(), lower, lowerInclusive, upper, upperInclusive, parameter,
        String.join(", ", condition));
  }

  /** Equalities on leading columns, then bounds of the next column (null: none); values encoded. */
  record Lookup(Object[] equal, Object lower, boolean lowerInclusive, Object upper, boolean upperInclusive,
      boolean hasParameter, String condition) {}

  /** The range [from, to) of {@link #at} positions whose first key column equals {@code value} (Long or String). */
  long[] equalRange(TableContent content, Object value) {
    Object key = encode(value, 0);
    return key == null ? new long[2] : range(content, new Lookup(new Object[] {key}, null, false, null, false, false, ""));
  }

  /** The range [from, to) of {@link #at} positions that {@code lookup} gives (its values known). */
  long[] range(TableContent content, Lookup lookup) {
    int p = lookup.equal().length;
    Object[] probe = Arrays.copyOf(lookup.equal(), p + 1);
    int from;
    if (lookup.lower() != null) {
      probe[p] = lookup.lower();
      from = search(content, probe, p + 1, !lookup.lowerInclusive());
    } else {
      from = p == 0 ? 0 : search(content, probe, p, false);
    }
    int to;
    if (lookup.upper() != null) {
      probe[p] = lookup.upper();
      to = search(content, probe, p + 1, lookup.upperInclusive());
    } else {
      to = p == 0 ? order.length : search(content, probe, p, true);
    }
    return new long[] {from, Math.max(from, to)};
  }

  /** The position at {@code i} in key order. */
  int at(int i) {
    return order[i];
  }

  /** The first index in order whose row compares above (strict) or at least (not strict) the probe. */
  private int search(TableContent content, Object[] probe, int n, boolean strict) {
    int low = 0;
    int high = order.length;
    while (low < high) {
      int middle = (low + high) >>> 1;
      int c = compareToProbe(content, order[middle], probe, n);
      if (c < 0 || strict && c == 0) {
        low = middle + 1;
      } else {
        high = middle;
      }
    }
    return low;
  }

  private static ColumnPredicate find(List<ColumnPredicate> predicates, int column, Operator operator) {
    for (ColumnPredicate predicate : predicates) {
      if (predicate.column() == column && predicate.operator() == operator && predicate.value() != null) {
        return predicate;
      }
    }
    return null;
  }

  /** A predicate's value as the index compares it: a Long, or UTF-8 bytes for text; null if it cannot. */
  private Object encode(Object value, int k) {
    if (text[k]) {
      return value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : null;
    }
    return value instanceof Long ? value : null;
  }

  private static String show(Object value, DataType type) {
    return value == ColumnPredicate.PARAMETER ? "?" : io.sluice.catalog.data.Values.literal(type, value);
  }

  /** Whether bound {@code a} narrows the range more than bound {@code b} (a lower bound if {@code lower}). */
  private boolean tighter(Object a, boolean aInclusive, Object b, boolean bInclusive, int k, boolean lower) {
    int c = compareKeys(a, b, k);
    if (c == 0) {
      return !aInclusive && bInclusive;
    }
    return lower ? c > 0 : c < 0;
  }

  private int compareKeys(Object a, Object b, int k) {
    return text[k] ? Arrays.compareUnsigned((byte[]) a, (byte[]) b) : Long.compare((Long) a, (Long) b);
  }

  /**
   * Whether row {@code position} (in this index) has the same key, with no NULL in it, as a row
   * next to it in key order: two binary-search steps per new row, where checking a unique key over
   * the whole table would read every row.
   */
  boolean repeatsKey(TableContent content, int position) {
    int i = firstAbove(content, order, order.length, position);
    if (i >= order.length || order[i] != position) {
      throw new IllegalStateException("row " + position + " is not in the index");
    }
    return i > 0 && sameKey(content, order[i - 1], position)
        || i + 1 < order.length && sameKey(content, order[i + 1], position);
  }

  private boolean sameKey(TableContent content, int a, int b) {
    for (int k = 0; k < columns.length; k++) {
      if (isNull(content, a, k) || isNull(content, b, k)) {
        return false;
      }
    }
    return compareKeys(content, a, b) == 0;
  }

  // ---- comparing rows ---------------------------------------------------------------------

  private boolean isNull(TableContent content, int position, int k) {
    int batch = content.batchOf(position);
    return content.batches.get(batch).columns[columns[k]].isNull(position - content.start(batch));
  }

  /** Rows by key (NULL first in each column), then by position. */
  private int compareRows(TableContent content, int a, int b) {
    int c = compareKeys(content, a, b);
    return c != 0 ? c : Integer.compare(a, b);
  }

  /** Rows by key only (NULL first in each column, and equal to NULL). */
  private int compareKeys(TableContent content, int a, int b) {
    int batchA = content.batchOf(a);
    int batchB = content.batchOf(b);
    Batch x = content.batches.get(batchA);
    Batch y = content.batches.get(batchB);
    int rowA = a - content.start(batchA);
    int rowB = b - content.start(batchB);
    for (int k = 0; k < columns.length; k++) {
      ColumnVector u = x.columns[columns[k]];
      ColumnVector v = y.columns[columns[k]];
      boolean nullA = u.isNull(rowA);
      boolean nullB = v.isNull(rowB);
      if (nullA || nullB) {
        if (nullA != nullB) {
          return nullA ? -1 : 1;
        }
        continue;
      }
      int c = text[k] ? compareBytes((BytesVector) u, rowA, (BytesVector) v, rowB)
          : Long.compare(((LongVector) u).values[rowA], ((LongVector) v).values[rowB]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Row {@code position}'s first {@code n} key columns against {@code probe} (a NULL is below every value). */
  private int compareToProbe(TableContent content, int position, Object[] probe, int n) {
    int batch = content.batchOf(position);
    Batch rows = content.batches.get(batch);
    int row = position - content.start(batch);
    for (int k = 0; k < n; k++) {
      ColumnVector vector = rows.columns[columns[k]];
      if (vector.isNull(row)) {
        return -1;
      }
      int c;
      if (text[k]) {
        BytesVector bytes = (BytesVector) vector;
        byte[] key = (byte[]) probe[k];
        c = Arrays.compareUnsigned(bytes.data, bytes.start(row), bytes.start(row) + bytes.length(row), key, 0,
            key.length);
      } else {
        c = Long.compare(((LongVector) vector).values[row], (Long) probe[k]);
      }
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private static int compareBytes(BytesVector u, int rowA, BytesVector v, int rowB) {
    return Arrays.compareUnsigned(u.data, u.start(rowA), u.start(rowA) + u.length(rowA), v.data, v.start(rowB),
        v.start(rowB) + v.length(rowB));
  }
}
