package io.sluice.benchmarks;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic in-memory columnar data for benchmarks. */
final class BenchmarkData {
  static final DataType BIGINT = DataType.of(TypeKind.BIGINT).withNullable(false);

  private BenchmarkData() {}

  /**
   * {@code rows} rows of {@code columns} BIGINT columns in batches of the default size; column
   * 0 is uniform in {@code [0, keyRange)}, the others uniform in {@code [0, 1000)}.
   */
  static List<Batch> longBatches(long rows, int columns, long keyRange, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    List<DataType> types = new ArrayList<>();
    for (int c = 0; c < columns; c++) {
      types.add(BIGINT);
    }
    List<Batch> batches = new ArrayList<>();
    long left = rows;
    while (left > 0) {
      int n = (int) Math.min(Batch.DEFAULT_CAPACITY, left);
      Batch b = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
      for (int c = 0; c < columns; c++) {
        long[] v = ((LongVector) b.columns[c]).values;
        long range = c == 0 ? keyRange : 1000;
        for (int i = 0; i < n; i++) {
          v[i] = random.nextLong(range);
        }
      }
      b.size = n;
      batches.add(b);
      left -= n;
    }
    return batches;
  }
}
