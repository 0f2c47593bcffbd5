package io.sluice.benchmarks;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinKind;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Probe of an inner hash join: 10 M probe rows against a 1 M-row build side on one BIGINT key
 * (every probe row finds one match). Score is probe rows per second; the build is done once.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx6g"})
public class HashJoinBenchmark {
  static final int BUILD = 1_000_000;
  static final int PROBE = 10_000_000;
  private List<Batch> probe;
  private HashJoiner joiner;

  @Setup
  public void setUp() {
    List<DataType> types = List.of(BenchmarkData.BIGINT, BenchmarkData.BIGINT);
    List<Batch> build = BenchmarkData.longBatches(BUILD, 2, BUILD, 7);
    long key = 0;
    for (Batch b : build) {
      long[] keys = ((LongVector) b.columns[0]).values;
      for (int i = 0; i < b.size; i++) {
        keys[i] = key++; // unique build keys
      }
    }
    probe = BenchmarkData.longBatches(PROBE, 2, BUILD, 11);
    joiner = new HashJoiner(JoinKind.INNER, types, types, new int[] {0}, new int[] {0}, HashJoiner.BuildSide.RIGHT,
        null);
    for (Batch b : build) {
      joiner.build(b);
    }
    joiner.finishBuild();
  }

  @Benchmark
  @OperationsPerInvocation(PROBE)
  public void probe1M(Blackhole blackhole) {
    for (Batch b : probe) {
      joiner.probe(b, out -> blackhole.consume(out.rowCount()));
    }
  }
}
