package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import java.util.List;
import java.util.Random;

/**
 * Rough throughput of the hot operators, run by hand (not a unit test):
 * {@code java -cp ... io.sluice.runtime.kernel.OperatorThroughput}. Prints rows per second of
 * GROUP BY over 1,000 groups with SUM and COUNT, and of a hash join probe against a 1 M-row build.
 */
public final class OperatorThroughput {
  private static final DataType BIGINT = DataType.of(TypeKind.BIGINT);

  private OperatorThroughput() {}

  public static void main(String[] args) {
    for (int round = 0; round < 3; round++) {
      aggregate();
      join();
    }
  }

  private static Batch[] batches(int count, int keyRange, Random random) {
    Batch[] batches = new Batch[count];
    for (int b = 0; b < count; b++) {
      Batch batch = Batch.allocate(List.of(BIGINT, BIGINT), Batch.DEFAULT_CAPACITY);
      long[] keys = ((LongVector) batch.columns[0]).values;
      long[] values = ((LongVector) batch.columns[1]).values;
      for (int i = 0; i < Batch.DEFAULT_CAPACITY; i++) {
        keys[i] = random.nextInt(keyRange);
        values[i] = random.nextInt(1000);
      }
      batch.size = Batch.DEFAULT_CAPACITY;
      batches[b] = batch;
    }
    return batches;
  }

  private static void aggregate() {
    Batch[] input = batches(64, 1000, new Random(1));
    long rows = 10_000_000;
    HashAggregator aggregator = new HashAggregator(List.of(BIGINT, BIGINT), new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
        AggregateSpec.of(AggregateKind.COUNT, 1, BIGINT)));
    long start = System.nanoTime();
    long done = 0;
    for (int b = 0; done < rows; b++) {
      Batch batch = input[b % input.length];
      aggregator.add(batch);
      done += batch.size;
    }
    long[] groups = new long[2];
    aggregator.emit(batch -> {
      groups[0] += batch.rowCount();
      for (int i = 0; i < batch.size; i++) {
        groups[1] += ((LongVector) batch.columns[2]).values[i];
      }
    });
    if (groups[1] != done) {
      throw new AssertionError("counted " + groups[1] + " of " + done + " rows");
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("GROUP BY %d groups, SUM + COUNT: %d rows in %.3f s = %.1f M rows/s%n",
        groups[0], done, seconds, done / seconds / 1e6);
  }

  private static void join() {
    int buildRows = 1_000_000;
    Random random = new Random(2);
    // unique keys in random order, so the build side is not accidentally sequential
    long[] keys = new long[buildRows];
    for (int i = 0; i < buildRows; i++) {
      keys[i] = i;
    }
    for (int i = buildRows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      long t = keys[i];
      keys[i] = keys[j];
      keys[j] = t;
    }
    HashJoiner joiner = new HashJoiner(JoinKind.INNER, List.of(BIGINT, BIGINT), List.of(BIGINT, BIGINT),
        new int[] {0}, new int[] {0}, HashJoiner.BuildSide.RIGHT, null);
    long buildStart = System.nanoTime();
    Batch build = Batch.allocate(List.of(BIGINT, BIGINT), Batch.DEFAULT_CAPACITY);
    for (int from = 0; from < buildRows; from += Batch.DEFAULT_CAPACITY) {
      int n = Math.min(Batch.DEFAULT_CAPACITY, buildRows - from);
      build.reset();
      for (int i = 0; i < n; i++) {
        ((LongVector) build.columns[0]).values[i] = keys[from + i];
        ((LongVector) build.columns[1]).values[i] = from + i;
      }
      build.size = n;
      joiner.build(build);
    }
    joiner.finishBuild();
    double buildSeconds = (System.nanoTime() - buildStart) / 1e9;

    Batch[] probe = batches(256, buildRows, new Random(3));
    long rows = 10_000_000;
    long[] out = new long[2];
    BatchConsumer sink = batch -> {
      out[0] += batch.rowCount();
      out[1] += ((LongVector) batch.columns[3]).values[0];
    };
    long start = System.nanoTime();
    long done = 0;
    for (int b = 0; done < rows; b++) {
      Batch batch = probe[b % probe.length];
      joiner.probe(batch, sink);
      done += batch.size;
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("hash join, build %d rows in %.3f s; probe %d rows (%d joined) in %.3f s = %.1f M rows/s%n",
        buildRows, buildSeconds, done, out[0], seconds, done / seconds / 1e6);
  }
}
