package io.sluice.benchmarks;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What verifying Parquet page checksums costs a scan: one file Sluice wrote (its pages carry
 * CRC32s), with a number, a decimal and a text column, read with verification on and off
 * (parameter {@code verify}; the system property {@code sluice.parquet.verify-checksums} turns it
 * off). Score is rows per second; the two lines of one run side by side give the cost.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar ParquetChecksumBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class ParquetChecksumBenchmark {
  static final int ROWS = 4_000_000;

  @Param({"true", "false"})
  public String verify;

  private Path folder;
  private Table parquet;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    System.setProperty("sluice.parquet.verify-checksums", verify);
    folder = Files.createTempDirectory("sluice-bench-crc");
    TableSchema schema = new TableSchema(List.of(
        new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("price", DataType.of(TypeKind.DOUBLE)),
        new Column("city", DataType.of(TypeKind.VARCHAR))));
    parquet = BenchmarkFiles.create(folder, "p", schema, "parquet");
    SplittableRandom random = new SplittableRandom(5);
    BenchmarkFiles.fill(parquet, schema, ROWS, (batch, i, row) -> {
      ((LongVector) batch.columns[0]).values[i] = row;
      ((DoubleVector) batch.columns[1]).values[i] = random.nextInt(1_000_000) / 100.0;
      ((BytesVector) batch.columns[2]).setString(i, "city-" + random.nextInt(5_000));
    });
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchmarkFiles.deleteTree(folder);
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public void scan(Blackhole blackhole) {
    parquet.scan(ScanRequest.all(3), batch -> blackhole.consume(batch.rowCount()));
  }
}
