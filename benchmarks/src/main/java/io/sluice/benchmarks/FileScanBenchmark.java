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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Scans of files written by Sluice itself: CSV with three numeric and two short text columns,
 * Parquet with three numeric columns. Score is rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class FileScanBenchmark {
  static final int CSV_ROWS = 2_000_000;
  static final int PARQUET_ROWS = 10_000_000;

  private Path folder;
  private Table csv;
  private Table parquet;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    folder = Files.createTempDirectory("sluice-bench");
    TableSchema csvSchema = new TableSchema(List.of(
        new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("price", DataType.of(TypeKind.DOUBLE)),
        new Column("qty", DataType.of(TypeKind.INTEGER)),
        new Column("city", DataType.of(TypeKind.VARCHAR)),
        new Column("code", DataType.of(TypeKind.VARCHAR))));
    csv = BenchmarkFiles.create(folder, "csv", csvSchema, "csv");
    BenchmarkFiles.fill(csv, csvSchema, CSV_ROWS, rowFiller(true));
    TableSchema parquetSchema = new TableSchema(List.of(
        new Column("id", DataType.of(TypeKind.BIGINT)),
        new Column("price", DataType.of(TypeKind.DOUBLE)),
        new Column("qty", DataType.of(TypeKind.BIGINT))));
    parquet = BenchmarkFiles.create(folder, "parquet", parquetSchema, "parquet");
    BenchmarkFiles.fill(parquet, parquetSchema, PARQUET_ROWS, rowFiller(false));
  }

  private static BenchmarkFiles.RowFiller rowFiller(boolean withText) {
    SplittableRandom random = new SplittableRandom(3);
    String[] cities = {"Oslo", "Lima", "Kyiv", "Pune", "Graz", "Nice"};
    return (batch, i, row) -> {
      ((LongVector) batch.columns[0]).values[i] = row;
      ((DoubleVector) batch.columns[1]).values[i] = random.nextInt(1_000_000) / 100.0;
      ((LongVector) batch.columns[2]).values[i] = random.nextInt(100);
      if (withText) {
        ((BytesVector) batch.columns[3]).setString(i, cities[random.nextInt(cities.length)]);
        ((BytesVector) batch.columns[4]).setString(i, "C" + random.nextInt(100));
      }
    };
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    BenchmarkFiles.deleteTree(folder);
  }

  @Benchmark
  @OperationsPerInvocation(CSV_ROWS)
  public void csvFiveColumns(Blackhole blackhole) {
    csv.scan(ScanRequest.all(5), batch -> blackhole.consume(batch.rowCount()));
  }

  @Benchmark
  @OperationsPerInvocation(PARQUET_ROWS)
  public void parquetThreeNumericColumns(Blackhole blackhole) {
    parquet.scan(ScanRequest.all(3), batch -> blackhole.consume(batch.rowCount()));
  }
}
