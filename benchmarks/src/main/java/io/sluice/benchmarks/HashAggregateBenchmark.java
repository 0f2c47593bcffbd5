package io.sluice.benchmarks;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * GROUP BY k with SUM(v), COUNT(*) over 10 M rows and 1,000 groups, through the run-time hash
 * aggregate alone; and the same over a changelog (5 M rows inserted, then all retracted), with
 * SUM and COUNT or with MAX (which keeps every value's count per group). Score is rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class HashAggregateBenchmark {
  static final int ROWS = 10_000_000;
  private List<Batch> batches;
  private List<Batch> changelog;
  private List<DataType> types;

  @Setup
  public void setUp() {
    batches = BenchmarkData.longBatches(ROWS, 2, 1000, 42);
    types = List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT);
    changelog = new ArrayList<>();
    List<Batch> half = batches.subList(0, batches.size() / 2);
    for (byte kind : new byte[] {RowKind.INSERT, RowKind.DELETE}) {
      for (Batch b : half) {
        Batch change = new Batch(b.columns, b.size);
        change.kinds = new byte[b.size];
        Arrays.fill(change.kinds, kind);
        changelog.add(change);
      }
    }
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int groupBy1000() {
    HashAggregator aggregator = new HashAggregator(types, new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.SUM, 1, BenchmarkData.BIGINT.withNullable(true)),
        AggregateSpec.of(AggregateKind.COUNT_STAR, -1, BenchmarkData.BIGINT)));
    for (Batch b : batches) {
      aggregator.add(b);
    }
    return aggregator.groupCount();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int groupBy1000OverChangelog() {
    HashAggregator aggregator = HashAggregator.overChangelog(types, new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.SUM, 1, BenchmarkData.BIGINT.withNullable(true)),
        AggregateSpec.of(AggregateKind.COUNT_STAR, -1, BenchmarkData.BIGINT)));
    for (Batch b : changelog) {
      aggregator.add(b);
    }
    return aggregator.groupsWithRows();
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public int maxOverChangelog() {
    HashAggregator aggregator = HashAggregator.overChangelog(types, new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.MAX, 1, BenchmarkData.BIGINT.withNullable(true))));
    for (Batch b : changelog) {
      aggregator.add(b);
    }
    return aggregator.groupsWithRows();
  }
}
