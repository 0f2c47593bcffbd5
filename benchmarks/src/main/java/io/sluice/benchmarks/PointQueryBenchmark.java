package io.sluice.benchmarks;

import io.sluice.catalog.Column;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.Database;
import io.sluice.engine.table.MemoryTable;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A prepared point query, {@code SELECT v FROM t WHERE id = ?}, through the JDBC driver on an
 * in-memory table of 1 M rows, with an index on {@code id} ({@code indexed}: the primary key's
 * hash index gives the row) and without ({@code plain}: every run scans the table). Each
 * execution binds the next id into the plan optimized at the first; score is the time of one
 * execution with its row read. {@code rangeQuery} sums 100 consecutive rows
 * ({@code WHERE id BETWEEN ? AND ?}), which an ordered index looks up and a hash index cannot.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main PointQueryBenchmark
 * java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.PointQueryBenchmark [runs]
 * </pre>
 *
 * <p>The second form is a harness for a busy machine: it runs each query {@code runs} times (20,000
 * unless given) after as many to warm up, and prints the median and 90th percentile of each
 * execution's wall time and the process's CPU time per execution (all threads: what load on the
 * machine does not inflate, as it does wall time when every hand-over between threads waits for
 * a core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class PointQueryBenchmark {
  static final int ROWS = 1_000_000;
  /** The rows {@link #rangeQuery} reads. */
  static final int RANGE = 100;

  @Param({"indexed", "plain"})
  public String table;

  private Connection connection;
  private PreparedStatement query;
  private PreparedStatement range;
  private long next;

  @Setup(Level.Trial)
  public void setUp() throws SQLException {
    String name = "point-" + System.nanoTime();
    Database database = Database.named(name); // the database the connection below opens
    TableSchema schema = new TableSchema(List.of(new Column("id", BenchmarkData.BIGINT),
        new Column("v", BenchmarkData.BIGINT)));
    MemoryTable rows = new MemoryTable(schema);
    rows.replace(rows(ROWS));
    database.catalog().register(new Catalog.Entry(new TableDefinition(table, TableKind.TABLE, schema, Map.of(), null),
        rows), false);
    connection = DriverManager.getConnection("jdbc:sluice:mem:" + name);
    if (table.equals("indexed")) {
      connection.createStatement().execute("CREATE UNIQUE INDEX indexed_id ON indexed (id)");
    }
    query = connection.prepareStatement("SELECT v FROM " + table + " WHERE id = ?");
    range = connection.prepareStatement("SELECT SUM(v) FROM " + table + " WHERE id BETWEEN ? AND ?");
  }

  /** Ids 0 to {@code count} - 1 in order, and v = 3 * id, in batches of 4,096 rows. */
  private static List<Batch> rows(int count) {
    List<Batch> batches = new ArrayList<>();
    for (int start = 0; start < count; start += Batch.DEFAULT_CAPACITY) {
      int size = Math.min(Batch.DEFAULT_CAPACITY, count - start);
      LongVector id = new LongVector(size);
      LongVector v = new LongVector(size);
      for (int i = 0; i < size; i++) {
        id.values[i] = start + i;
        v.values[i] = 3L * (start + i);
      }
      batches.add(new Batch(new ColumnVector[] {id, v}, size));
    }
    return batches;
  }

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    System.out.println("| table | query | runs | median µs | p90 µs | CPU µs per run |");
    System.out.println("|---|---|---|---|---|---|");
    for (String table : new String[] {"indexed", "plain"}) {
      PointQueryBenchmark benchmark = new PointQueryBenchmark();
      benchmark.table = table;
      benchmark.setUp();
      int tableRuns = table.equals("plain") ? Math.max(1, runs / 100) : runs; // each plain run scans 1 M rows
      measure(benchmark, table, "point", tableRuns, benchmark::pointQuery);
      measure(benchmark, table, "range", tableRuns, benchmark::rangeQuery);
      benchmark.tearDown();
    }
  }

  /** One query of the harness. */
  private interface Query {
    long run() throws SQLException;
  }

  private static void measure(PointQueryBenchmark benchmark, String table, String name, int runs, Query query)
      throws SQLException {
    for (int i = 0; i < runs; i++) {
      query.run();
    }
    long[] nanos = new long[runs];
    com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
        java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      query.run();
      nanos[i] = System.nanoTime() - start;
    }
    long cpu = os.getProcessCpuTime() - cpuStart;
    java.util.Arrays.sort(nanos);
    System.out.printf(java.util.Locale.ROOT, "| %s | %s | %d | %.1f | %.1f | %.1f |%n", table, name, runs,
        nanos[runs / 2] / 1e3, nanos[runs * 9 / 10] / 1e3, cpu / 1e3 / runs);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws SQLException {
    connection.close();
  }

  @Benchmark
  public long pointQuery() throws SQLException {
    long id = next;
    next = (next + 7919) % ROWS; // a prime stride: every run another row
    query.setLong(1, id);
    try (ResultSet rs = query.executeQuery()) {
      if (!rs.next() || rs.getLong(1) != 3 * id) {
        throw new IllegalStateException("wrong row for id " + id);
      }
      return rs.getLong(1);
    }
  }

  /** The sum of {@link #RANGE} consecutive rows: {@code WHERE id BETWEEN ? AND ?}. */
  @Benchmark
  public long rangeQuery() throws SQLException {
    long low = next;
    next = (next + 7919) % (ROWS - RANGE);
    range.setLong(1, low);
    range.setLong(2, low + RANGE - 1);
    try (ResultSet rs = range.executeQuery()) {
      long expected = 3 * (RANGE * low + RANGE * (RANGE - 1) / 2);
      if (!rs.next() || rs.getLong(1) != expected) {
        throw new IllegalStateException("wrong sum from id " + low);
      }
      return rs.getLong(1);
    }
  }
}
