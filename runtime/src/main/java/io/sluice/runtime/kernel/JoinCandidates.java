package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.List;

/**
 * What the streaming joins that keep both inputs' rows (interval and regular joins) share about
 * their candidate pairs: the key table both inputs' join keys map into (one id space, so that a
 * row's key id finds the other input's chain of that key), and one batch of the left columns then
 * the right columns into which pairs of stored rows are gathered, chunk by chunk, for the residual
 * condition to see them in that layout.
 */
final class JoinCandidates {
  static final int CHUNK = Batch.DEFAULT_CAPACITY;

  /** Key ids of both inputs' join keys; null without keys (every pair is a candidate, key id 0). */
  final KeyTable keyTable;
  /** The left columns then the right columns: the types of {@link #batch}. */
  final List<DataType> types;
  /** The left columns then the right columns. */
  final Batch batch;
  final int leftWidth;
  private final JoinCondition residual;

  /**
   * @param leftKeys left columns of the equi-condition, pairwise equal to {@code rightKeys} (both may be empty)
   * @param residual condition on candidate pairs beyond key equality, or null
   */
  JoinCandidates(List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys, int[] rightKeys,
      JoinCondition residual) {
    if (leftKeys.length != rightKeys.length) {
      throw new IllegalArgumentException("key column counts differ");
    }
    List<DataType> keyTypes = new ArrayList<>();
    for (int key : leftKeys) {
      keyTypes.add(leftTypes.get(key));
    }
    this.keyTable = keyTypes.isEmpty() ? null : new KeyTable(keyTypes);
    List<DataType> all = new ArrayList<>(leftTypes);
    all.addAll(rightTypes);
    this.types = List.copyOf(all);
    this.batch = Batch.allocate(all, CHUNK);
    this.leftWidth = leftTypes.size();
    this.residual = residual;
  }

  /** Key ids handed out so far (1 without keys). */
  int keyCount() {
    return keyTable == null ? 1 : keyTable.size();
  }

  boolean hasResidual() {
    return residual != null;
  }

  /**
   * Gathers the pairs ({@code leftRows} row {@code leftIds[i]}, {@code rightRows} row {@code
   * rightIds[i]}), {@code i < m}, into {@link #batch} and evaluates the residual condition over
   * them: returns how many pass, their positions in {@code passing} (with no residual condition all
   * {@code m} pass and {@code passing} is left as it is).
   */
  int filter(ColumnarRows leftRows, int[] leftIds, ColumnarRows rightRows, int[] rightIds, int m, int[] passing) {
    Batch c = batch;
    c.reset();
    leftRows.gather(leftIds, m, c, 0);
    rightRows.gather(rightIds, m, c, leftWidth);
    c.size = m;
    return residual == null ? m : residual.filter(c, passing);
  }

  /** Bytes the key table takes, with its slots. */
  long estimatedBytes() {
    return keyTable == null ? 0 : keyTable.estimatedBytes();
  }
}
