package io.sluice.benchmarks;

import io.sluice.catalog.Column;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.table.MemoryTable;
import java.util.List;
import java.util.Map;
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
 * Whole queries through a session (parse, plan, compile, run, read results) over a 10 M-row
 * in-memory table, to compare with the operator benchmarks. Score is input rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class SqlQueryBenchmark {
  static final int ROWS = 10_000_000;
  private Session session;

  @Setup
  public void setUp() {
    Database database = Database.inMemory();
    TableSchema schema = new TableSchema(List.of(new Column("k", BenchmarkData.BIGINT),
        new Column("v", BenchmarkData.BIGINT)));
    MemoryTable table = new MemoryTable(schema);
    table.replace(BenchmarkData.longBatches(ROWS, 2, 1000, 42));
    database.catalog().register(new Catalog.Entry(
        new TableDefinition("t", TableKind.TABLE, schema, Map.of(), null), table), false);
    session = database.openSession();
  }

  private long run(String sql) {
    long n = 0;
    try (RowCursor rows = session.execute(sql).rows()) {
      while (rows.next()) {
        n++;
      }
    }
    return n;
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long groupBy1000() {
    return run("SELECT k, SUM(v), COUNT(*) FROM t GROUP BY k");
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long filterAggregate() {
    return run("SELECT SUM(k + v), COUNT(*) FROM t WHERE k > 100 AND v < 900");
  }
}
