package io.sluice.benchmarks;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Batch queries over about ten times their memory: an ORDER BY and a GROUP BY of a generated
 * Parquet table with {@code pipeline.state.memory} set low, each run through EXPLAIN ANALYZE,
 * whose profile says how much went to disk. Prints each query's wall and CPU time, the peak heap of the
 * run (the sum of the heap pools' peaks, reset before it) and the profile.
 *
 * <pre>
 * java -Xmx512m -cp ... io.sluice.benchmarks.SpillFigures --dir /tmp/spill-figures --rows 10000000 --memory 64m
 * </pre>
 * The table is written once into {@code DIR/table} and reused by later runs with the same folder.
 */
public final class SpillFigures {
  private SpillFigures() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of("/tmp/sluice-spill-figures");
    long rows = 10_000_000;
    String memory = "64m";
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--dir": dir = Path.of(args[i + 1]); break;
        case "--rows": rows = Long.parseLong(args[i + 1]); break;
        case "--memory": memory = args[i + 1]; break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path table = dir.resolve("table");
    Path spill = Files.createDirectories(dir.resolve("spill"));
    try (Session session = Database.inMemory().openSession()) {
      session.execute("CREATE TABLE gen (id BIGINT, name VARCHAR, score DOUBLE) WITH (connector = 'files', path = '"
          + table + "', format = 'parquet')");
      if (!Files.exists(table) || Files.list(table).findAny().isEmpty()) {
        long start = System.nanoTime();
        for (String statement : fillStatements(rows)) {
          session.execute(statement);
        }
        System.out.printf("generated %d rows in %.1f s%n", rows, (System.nanoTime() - start) / 1e9);
      }
      session.execute("SET 'execution.spill-path' = '" + spill + "'");
      session.execute("SET 'pipeline.state.memory' = '" + memory + "'");
      run(session, "SELECT id, name, score FROM gen ORDER BY name DESC, id");
      run(session, "SELECT name, COUNT(*) AS n, SUM(score) AS total, MAX(id) AS last FROM gen GROUP BY name");
    }
  }

  /**
   * The statements that fill table {@code gen (id BIGINT, name VARCHAR, score DOUBLE)} with {@code rows}
   * rows: ids 0 .. rows-1 from a cross join of a table of ten digits, names of about a million
   * distinct prefixes, scores of 100,000 distinct values.
   */
  static java.util.List<String> fillStatements(long rows) {
    StringBuilder ids = new StringBuilder("SELECT a0.d");
    StringBuilder from = new StringBuilder(" FROM ten a0");
    long scale = 1;
    for (int digit = 1; scale * 10 < rows; digit++) {
      scale *= 10;
      ids.append(" + ").append(scale).append(" * a").append(digit).append(".d");
      from.append(", ten a").append(digit);
    }
    return java.util.List.of("CREATE TABLE ten (d BIGINT)",
        "INSERT INTO ten VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)",
        "INSERT INTO gen SELECT id, 'customer-' || CAST(MOD(id * 7919, 1000003) AS VARCHAR) || '-'"
            + " || CAST(id AS VARCHAR), CAST(MOD(id * 31, 100000) AS DOUBLE) / 7 FROM (" + ids + " AS id" + from
            + ") WHERE id < " + rows);
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static void run(Session session, String sql) {
    System.gc();
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      pool.resetPeakUsage();
    }
    long start = System.nanoTime();
    long cpuStart = processCpuNanos();
    StringBuilder profile = new StringBuilder();
    try (RowCursor cursor = session.execute("EXPLAIN ANALYZE " + sql).rows()) {
      while (cursor.next()) {
        profile.append(cursor.getString(0)).append('\n');
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    double cpu = (processCpuNanos() - cpuStart) / 1e9;
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.printf("%s%n  %.1f s wall, %.1f s CPU, peak heap %d MB (max heap %d MB)%n%s%n", sql, seconds, cpu,
        peak >> 20,
        Runtime.getRuntime().maxMemory() >> 20, profile.toString().lines()
            .filter(l -> l.startsWith("Spilled") || l.startsWith("rows:") || l.contains(": "))
            .filter(l -> !l.startsWith("==")).reduce("", (a, b) -> a + "  " + b + "\n"));
  }
}
