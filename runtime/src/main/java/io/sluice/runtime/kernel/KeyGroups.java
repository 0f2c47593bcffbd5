package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import java.util.List;

/**
 * Key groups: the fixed number of parts ({@value #COUNT}) into which a keyed operator's keys are
 * hashed, whatever the parallelism, as Flink does (its maximum parallelism). Instance {@code i} of
 * {@code n} owns the contiguous range {@link #first first(i, n)} to {@code first(i + 1, n)}, so a
 * query restarted with another parallelism hands each instance whole key groups of the saved ones.
 * A key's group depends only on its values: rows and stored keys of equal values fall in one group.
 */
public final class KeyGroups {
  /** How many key groups every keyed state is cut into; part of the checkpoint format. */
  public static final int COUNT = 128;

  private final int[] keyColumns;
  private final PhysicalKind[] kinds;

  /** Key groups of the rows of batches whose columns {@code keyColumns} (of {@code inputTypes}) are the key. */
  public KeyGroups(List<DataType> inputTypes, int[] keyColumns) {
    this.keyColumns = keyColumns.clone();
    this.kinds = new PhysicalKind[keyColumns.length];
    for (int c = 0; c < keyColumns.length; c++) {
      kinds[c] = inputTypes.get(keyColumns[c]).physical();
    }
  }

  /** The first key group instance {@code instance} of {@code instances} owns. */
  public static int first(int instance, int instances) {
    return (int) (((long) instance * COUNT + instances - 1) / instances);
  }

  /** The instance of {@code instances} that owns key group {@code keyGroup}. */
  public static int owner(int keyGroup, int instances) {
    return keyGroup * instances / COUNT;
  }

  /**
   * Writes into {@code out[k]} the key group of the {@code k}-th selected row of {@code batch}, for
   * every selected row; {@code out} holds at least {@code batch.rowCount()} entries.
   */
  public void of(Batch batch, int[] out) {
    int n = batch.rowCount();
    KeyTable.hashKeys(batch, keyColumns, kinds, n, out);
    for (int k = 0; k < n; k++) {
      out[k] = ofHash(out[k]);
    }
  }

  /** The key group of a key whose {@link KeyTable} hash is {@code hash}: mixed again, so not the table's slot bits. */
  static int ofHash(int hash) {
    int h = hash;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return (h & 0x7FFFFFFF) % COUNT;
  }

  /**
   * The key groups of the keys stored in {@code keys} (whose columns are this key's, in order),
   * by row: for splitting saved state between instances, so it allocates.
   */
  public static int[] ofStored(ColumnarRows keys) {
    int n = keys.size();
    int[] out = new int[n];
    int[] columns = new int[keys.columnCount()];
    PhysicalKind[] kinds = new PhysicalKind[columns.length];
    for (int c = 0; c < columns.length; c++) {
      columns[c] = c;
      kinds[c] = keys.kind(c);
    }
    Batch batch = Batch.allocate(keys.types(), Math.max(1, Math.min(n, Batch.DEFAULT_CAPACITY)));
    int[] hashes = new int[Batch.DEFAULT_CAPACITY];
    for (int from = 0; from < n; from += Batch.DEFAULT_CAPACITY) {
      int count = Math.min(Batch.DEFAULT_CAPACITY, n - from);
      batch.reset();
      keys.gatherRange(from, count, batch, 0);
      batch.size = count;
      KeyTable.hashKeys(batch, columns, kinds, count, hashes);
      for (int k = 0; k < count; k++) {
        out[from + k] = ofHash(hashes[k]);
      }
    }
    return out;
  }
}
