package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.generated.FilterProject;
import java.util.List;
import java.util.Random;

/**
 * Throughput of a fused filter and projection over in-memory batches (not a unit test):
 * {@code SELECT a + b, a * 2 FROM t WHERE a > 10 AND b < 100} over 10 M rows, one thread.
 * Run: java -cp test-classes:classes:... io.sluice.codegen.FilterProjectThroughput
 */
public final class FilterProjectThroughput {
  private FilterProjectThroughput() {}

  public static void main(String[] args) {
    int rows = 10_000_000;
    int batchSize = Batch.DEFAULT_CAPACITY;
    boolean nullable = args.length > 0 && args[0].equals("nullable");
    SqlExpressions sql = new SqlExpressions(List.of("a", "b"),
        List.of(new DataType(TypeKind.BIGINT, -1, 0, nullable), new DataType(TypeKind.DOUBLE, -1, 0, nullable)));
    SqlExpressions.Query q = sql.parse("a + b, a * 2", "a > 10 AND b < 100");
    FilterProjectCompiler.Compiled compiled = new FilterProjectCompiler()
        .compile(q.inputRowType(), q.condition(), q.projects(), q.outputRowType());
    FilterProject fp = compiled.newInstance();
    Random random = new Random(1);
    int batches = rows / batchSize;
    Batch[] data = new Batch[batches];
    for (int k = 0; k < batches; k++) {
      LongVector a = new LongVector(batchSize);
      DoubleVector b = new DoubleVector(batchSize);
      for (int r = 0; r < batchSize; r++) {
        a.values[r] = random.nextInt(40);
        b.values[r] = random.nextDouble() * 200;
      }
      Batch batch = new Batch(new io.sluice.catalog.data.ColumnVector[] {a, b}, batchSize);
      data[k] = batch;
    }
    long selected = 0;
    for (int round = 0; round < 12; round++) {
      long start = System.nanoTime();
      selected = 0;
      for (Batch batch : data) {
        Batch out = fp.process(batch);
        selected += out.selectedCount;
      }
      long nanos = System.nanoTime() - start;
      double perSecond = (double) batches * batchSize / (nanos / 1e9);
      System.out.printf("round %2d: %.1f M rows/s (%d rows selected)%n", round, perSecond / 1e6, selected);
    }
  }
}
