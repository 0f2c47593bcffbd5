package io.sluice.benchmarks;

import io.trino.tpch.TpchTable;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The 22 TPC-H queries on Sluice and on DuckDB over the same Parquet files ({@link TpchData}),
 * with the same number of threads: per query, the best wall time of {@code --runs} runs after one
 * warm-up run, and whether Sluice's answer equals DuckDB's (numbers equal to 1e-6 relative,
 * rows in order).
 *
 * <pre>
 * java -cp ... io.sluice.benchmarks.TpchBenchmark [--scale 0.01] [--data DIR] [--queries 1,5,19]
 *     [--threads 1] [--runs 1] [--timeout SECONDS] [--no-duckdb] [--explain]
 * </pre>
 *
 * The query texts are those of the TPC-H specification with its validation parameters, as the
 * {@code io.trino.tpch} artifact carries them ({@code io/trino/tpch/queries/qN.sql}); both engines
 * take them unchanged. A text of several statements (q15's view) runs them in order and times
 * the last.
 */
public final class TpchBenchmark {
  /**
   * One engine's run of one query: best wall time, the process's CPU time in that run (the
   * figure that holds on a loaded machine: both engines run in this process, one at a time), rows,
   * or the error it gave.
   */
  record Run(double seconds, double cpuSeconds, List<List<Object>> rows, String error) {}

  private static final com.sun.management.OperatingSystemMXBean OS =
      (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

  private final int threads;
  private final int runs;
  private final int timeoutSeconds;

  TpchBenchmark(int threads, int runs, int timeoutSeconds) {
    this.threads = threads;
    this.runs = runs;
    this.timeoutSeconds = timeoutSeconds;
  }

  public static void main(String[] args) throws Exception {
    double scale = 0.01;
    Path data = null;
    String queries = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22";
    int threads = 1;
    int runs = 1;
    int timeout = 600;
    boolean duckdb = true;
    boolean explain = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--scale" -> scale = Double.parseDouble(args[++i]);
        case "--data" -> data = Path.of(args[++i]);
        case "--queries" -> queries = args[++i];
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--timeout" -> timeout = Integer.parseInt(args[++i]);
        case "--no-duckdb" -> duckdb = false;
        case "--explain" -> explain = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i] + "; options: --scale S"
            + " --data DIR --queries 1,5 --threads N --runs N --timeout SECONDS --no-duckdb --explain");
      }
    }
    if (data == null) {
      data = Path.of(System.getProperty("java.io.tmpdir"), "sluice-tpch-" + scale);
    }
    Path parquet = TpchData.ensure(data, scale);
    TpchBenchmark benchmark = new TpchBenchmark(threads, runs, timeout);
    try (Connection sluice = benchmark.openSluice(parquet);
        Connection duck = duckdb ? benchmark.openDuckDb(parquet) : null) {
      System.out.printf(Locale.ROOT, "TPC-H scale %s, %d thread(s), best of %d run(s) after a warm-up%n%n",
          scale, threads, runs);
      System.out.println("| query | Sluice s | DuckDB s | Sluice / DuckDB | Sluice CPU s | DuckDB CPU s | CPU ratio"
          + " | rows | answer |");
      System.out.println("|---|---|---|---|---|---|---|---|---|");
      double sluiceTotal = 0;
      double duckTotal = 0;
      double sluiceCpu = 0;
      double duckCpu = 0;
      int same = 0;
      int count = 0;
      for (String q : queries.split(",")) {
        String text = queryText(Integer.parseInt(q.strip()));
        if (explain) {
          System.out.println(explain(sluice, text));
        }
        Run ours = benchmark.run(sluice, text);
        Run theirs = duck == null ? null : benchmark.run(duck, text);
        String answer = answer(ours, theirs);
        count++;
        same += answer.equals("same") ? 1 : 0;
        boolean bothRan = ours.error() == null && theirs != null && theirs.error() == null;
        sluiceTotal += ours.error() == null ? ours.seconds() : 0;
        duckTotal += theirs != null && theirs.error() == null ? theirs.seconds() : 0;
        sluiceCpu += ours.error() == null ? ours.cpuSeconds() : 0;
        duckCpu += theirs != null && theirs.error() == null ? theirs.cpuSeconds() : 0;
        System.out.printf(Locale.ROOT, "| q%s | %s | %s | %s | %s | %s | %s | %s | %s |%n", q.strip(), seconds(ours),
            theirs == null ? "-" : seconds(theirs), ratio(ours, theirs),
            ours.error() == null ? String.format(Locale.ROOT, "%.3f", ours.cpuSeconds()) : "-",
            bothRan ? String.format(Locale.ROOT, "%.3f", theirs.cpuSeconds()) : "-",
            bothRan && theirs.cpuSeconds() > 0
                ? String.format(Locale.ROOT, "%.1f", ours.cpuSeconds() / theirs.cpuSeconds()) : "-",
            ours.rows() == null ? "-" : ours.rows().size(), answer);
      }
      System.out.printf(Locale.ROOT, "| total | %.3f | %.3f | %.2f | %.3f | %.3f | %.2f | | %d of %d same |%n",
          sluiceTotal, duckTotal, duckTotal > 0 ? sluiceTotal / duckTotal : 0, sluiceCpu, duckCpu,
          duckCpu > 0 ? sluiceCpu / duckCpu : 0, same, count);
    }
  }

  Connection openSluice(Path parquet) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:sluice:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET 'pipeline.parallelism' = '" + threads + "'");
      for (TpchTable<?> table : TpchTable.getTables()) {
        statement.execute("CREATE TABLE " + table.getTableName() + " WITH (connector = 'files', path = '"
            + parquet.resolve(table.getTableName()) + "', format = 'parquet')");
      }
    }
    return connection;
  }

  Connection openDuckDb(Path parquet) throws SQLException {
    Connection connection = DriverManager.getConnection("jdbc:duckdb:");
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET threads = " + threads);
      for (TpchTable<?> table : TpchTable.getTables()) {
        statement.execute("CREATE VIEW " + table.getTableName() + " AS SELECT * FROM read_parquet('"
            + parquet.resolve(table.getTableName()) + "/*.parquet')");
      }
    }
    return connection;
  }

  /** Runs {@code text} once to warm up, then {@code runs} times; keeps the best time. */
  Run run(Connection connection, String text) {
    String[] statements = text.replaceAll(";\\s*$", "").split(";");
    double best = Double.MAX_VALUE;
    double bestCpu = 0;
    List<List<Object>> rows = null;
    try (Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds);
      for (int attempt = 0; attempt <= runs; attempt++) {
        for (int i = 0; i < statements.length - 1; i++) {
          if (!statements[i].isBlank()) {
            statement.execute(statements[i]);
          }
        }
        long start = System.nanoTime();
        long cpuStart = OS.getProcessCpuTime();
        rows = read(statement.executeQuery(statements[statements.length - 1]));
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpu = (OS.getProcessCpuTime() - cpuStart) / 1e9;
        if ((attempt > 0 || runs == 0) && seconds < best) {
          best = seconds;
          bestCpu = cpu;
        }
      }
      return new Run(best, bestCpu, rows, null);
    } catch (SQLException e) {
      return new Run(0, 0, null, e.getMessage());
    }
  }

  /** Sluice's EXPLAIN of the query (the last statement of {@code text}), for a look at its join order. */
  private static String explain(Connection connection, String text) throws SQLException {
    String[] statements = text.replaceAll(";\\s*$", "").split(";");
    StringBuilder plan = new StringBuilder();
    try (Statement statement = connection.createStatement()) {
      for (int i = 0; i < statements.length - 1; i++) { // q15 creates the view its query reads
        if (!statements[i].isBlank()) {
          statement.execute(statements[i]);
        }
      }
      try (ResultSet rows = statement.executeQuery("EXPLAIN " + statements[statements.length - 1])) {
        while (rows.next()) {
          plan.append(rows.getString(1)).append('\n');
        }
      }
    }
    return plan.toString();
  }

  private static List<List<Object>> read(ResultSet result) throws SQLException {
    try (result) {
      int columns = result.getMetaData().getColumnCount();
      List<List<Object>> rows = new ArrayList<>();
      while (result.next()) {
        List<Object> row = new ArrayList<>(columns);
        for (int c = 1; c <= columns; c++) {
          Object value = result.getObject(c);
          row.add(value instanceof Number || value == null ? value : value.toString());
        }
        rows.add(row);
      }
      return rows;
    }
  }

  private static String answer(Run ours, Run theirs) {
    if (ours.error() != null) {
      return "error: " + ours.error().replaceAll("\\s+", " ");
    }
    if (theirs == null) {
      return "not compared";
    }
    if (theirs.error() != null) {
      return "DuckDB error: " + theirs.error().replaceAll("\\s+", " ");
    }
    if (ours.rows().size() != theirs.rows().size()) {
      return "differs: " + ours.rows().size() + " rows, DuckDB " + theirs.rows().size();
    }
    for (int r = 0; r < ours.rows().size(); r++) {
      List<Object> a = ours.rows().get(r);
      List<Object> b = theirs.rows().get(r);
      for (int c = 0; c < a.size(); c++) {
        if (!sameValue(a.get(c), b.get(c))) {
          return "differs: row " + (r + 1) + " column " + (c + 1) + ": " + a.get(c) + " vs DuckDB " + b.get(c);
        }
      }
    }
    return "same";
  }

  private static boolean sameValue(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      BigDecimal p = new BigDecimal(x.toString());
      BigDecimal q = new BigDecimal(y.toString());
      BigDecimal tolerance = p.abs().max(BigDecimal.ONE).multiply(new BigDecimal("1e-6"));
      return p.subtract(q).abs().compareTo(tolerance) <= 0;
    }
    return Objects.equals(a, b);
  }

  private static String seconds(Run run) {
    return run.error() != null ? "failed" : String.format(Locale.ROOT, "%.3f", run.seconds());
  }

  private static String ratio(Run ours, Run theirs) {
    if (theirs == null || ours.error() != null || theirs.error() != null || theirs.seconds() == 0) {
      return "-";
    }
    return String.format(Locale.ROOT, "%.1f", ours.seconds() / theirs.seconds());
  }

  static String queryText(int number) throws IOException {
    String resource = "io/trino/tpch/queries/q" + number + ".sql";
    try (InputStream in = TpchBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the class path (artifact io.trino.tpch:tpch)");
      }
      StringBuilder text = new StringBuilder();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (!line.strip().startsWith("--")) {
          text.append(line).append('\n');
        }
      }
      return text.toString().strip();
    }
  }
}
