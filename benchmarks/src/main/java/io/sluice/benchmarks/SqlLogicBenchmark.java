package io.sluice.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Runs SQLite's sqllogictest files {@code select1}–{@code select5} (from the Maven artifact
 * {@code net.hydromatic:sql-logic-test}) through the JDBC driver, one fresh in-memory database
 * per file, and prints per file: queries run, answers right, wrong and failed, queries per second
 * and, with {@code --plan-times}, how long planning each query took (its {@code EXPLAIN}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.SqlLogicBenchmark \
 *     [--files select1,select5] [--limit N] [--every K] [--plan-times] [--timeout SECONDS] [--show-failures N] [--again]
 * </pre>
 *
 * <p>{@code --every K} runs only every K-th query of a file (the 1st, the K+1-th, ...): a sample over
 * the whole file, as select5's joins grow from 4 to 64 tables along it.
 *
 * <p>Beside queries per second of wall time it prints queries per second of the process's CPU time,
 * the figure to compare on a machine other work keeps busy.
 *
 * <p>{@code --again} runs every query of a file a second time in the same session and prints its
 * queries per second apart ("again"): a query typed again finds its plan in the session's cache.
 */
public final class SqlLogicBenchmark {
  /** What one file gave. */
  record FileResult(String file, int queries, int right, int wrong, int failed, double querySeconds,
      double fileSeconds, List<Long> planNanos, List<String> slowestPlans, double againSeconds, double queryCpuSeconds) {
    double queriesPerSecond() {
      return queries / querySeconds;
    }

    /** Queries per second of the process's CPU time (all its threads): what a busy machine does not skew. */
    double queriesPerCpuSecond() {
      return queries / queryCpuSeconds;
    }
  }

  private final int limit;
  private final int every;
  private final boolean planTimes;
  private final int timeoutSeconds;
  private final int showFailures;
  private final boolean again;

  SqlLogicBenchmark(int limit, int every, boolean planTimes, int timeoutSeconds, int showFailures, boolean again) {
    this.again = again;
    this.every = every;
    this.limit = limit;
    this.planTimes = planTimes;
    this.timeoutSeconds = timeoutSeconds;
    this.showFailures = showFailures;
  }

  public static void main(String[] args) throws Exception {
    String files = "select1,select2,select3,select4,select5";
    int limit = 0;
    int every = 1;
    boolean planTimes = false;
    int timeout = 60;
    int showFailures = 0;
    boolean again = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--files" -> files = args[++i];
        case "--limit" -> limit = Integer.parseInt(args[++i]);
        case "--every" -> every = Integer.parseInt(args[++i]);
        case "--plan-times" -> planTimes = true;
        case "--timeout" -> timeout = Integer.parseInt(args[++i]);
        case "--show-failures" -> showFailures = Integer.parseInt(args[++i]);
        case "--again" -> again = true;
        default -> throw new IllegalArgumentException("unknown option " + args[i]
            + "; options: --files a,b --limit N --every K --plan-times --timeout SECONDS --show-failures N --again");
      }
    }
    SqlLogicBenchmark benchmark = new SqlLogicBenchmark(limit, every, planTimes, timeout, showFailures, again);
    List<FileResult> results = new ArrayList<>();
    for (String file : files.split(",")) {
      FileResult result = benchmark.run(file.strip());
      results.add(result);
      System.out.println(row(result));
    }
    System.out.println();
    System.out.println("| file | queries | right | wrong | failed | query s | queries/s | plan median ms | plan max ms"
        + " | queries/s again | queries/CPU-s |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    for (FileResult result : results) {
      System.out.println(row(result));
    }
    for (FileResult result : results) {
      if (!result.slowestPlans().isEmpty()) {
        System.out.println("slowest plans of " + result.file() + ":");
        result.slowestPlans().forEach(s -> System.out.println("  " + s));
      }
    }
  }

  private static String row(FileResult r) {
    List<Long> sorted = r.planNanos().stream().sorted().toList();
    String median = sorted.isEmpty() ? "-" : millis(sorted.get(sorted.size() / 2));
    String max = sorted.isEmpty() ? "-" : millis(sorted.get(sorted.size() - 1));
    String again = r.againSeconds() > 0 ? String.format(Locale.ROOT, "%.1f", r.queries() / r.againSeconds()) : "-";
    return String.format(Locale.ROOT, "| %s | %d | %d | %d | %d | %.1f | %.1f | %s | %s | %s | %.1f |", r.file(),
        r.queries(), r.right(), r.wrong(), r.failed(), r.querySeconds(), r.queriesPerSecond(), median, max, again,
        r.queriesPerCpuSecond());
  }

  private static String millis(long nanos) {
    return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
  }

  FileResult run(String file) throws IOException, SQLException {
    List<SqlLogicScript.Record> records = SqlLogicScript.parse(read("test/" + file + ".test"));
    int queries = 0;
    int right = 0;
    int wrong = 0;
    int failed = 0;
    long queryNanos = 0;
    long queryCpuNanos = 0;
    List<Long> planNanos = new ArrayList<>();
    List<String[]> plans = new ArrayList<>();
    int shown = 0;
    long fileStart = System.nanoTime();
    List<SqlLogicScript.Query> ran = new ArrayList<>();
    long againNanos = 0;
    int seen = 0;
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:");
        Statement statement = connection.createStatement()) {
      statement.setQueryTimeout(timeoutSeconds);
      for (SqlLogicScript.Record record : records) {
        if (record instanceof SqlLogicScript.Statement s) {
          runStatement(statement, s);
          continue;
        }
        SqlLogicScript.Query query = (SqlLogicScript.Query) record;
        if (limit > 0 && queries >= limit) {
          break;
        }
        if (seen++ % every != 0) {
          continue;
        }
        queries++;
        ran.add(query);
        if (planTimes) {
          long nanos = explain(statement, query.sql());
          planNanos.add(nanos);
          plans.add(new String[] {Long.toString(nanos), query.line() + ": " + oneLine(query.sql())});
        }
        long start = System.nanoTime();
        long startCpu = processCpuNanos();
        String problem;
        try (ResultSet rows = statement.executeQuery(query.sql())) {
          List<String> values = SqlLogicValues.read(rows, query.types(), query.sort());
          problem = SqlLogicValues.matches(query, values) ? null : "wrong answer: " + abbreviate(values);
        } catch (SQLException e) {
          problem = "error: " + e.getMessage();
        }
        queryNanos += System.nanoTime() - start;
        queryCpuNanos += processCpuNanos() - startCpu;
        if (problem == null) {
          right++;
        } else {
          if (problem.startsWith("error")) {
            failed++;
          } else {
            wrong++;
          }
          if (shown++ < showFailures) {
            System.out.println(file + ":" + query.line() + ": " + oneLine(query.sql()) + "\n  " + problem);
          }
        }
      }
      if (again) {
        long start = System.nanoTime();
        for (SqlLogicScript.Query query : ran) {
          try (ResultSet rows = statement.executeQuery(query.sql())) {
            SqlLogicValues.read(rows, query.types(), query.sort());
          } catch (SQLException e) {
            // counted in the first pass
          }
        }
        againNanos = System.nanoTime() - start;
      }
    }
    double fileSeconds = (System.nanoTime() - fileStart) / 1e9;
    List<String> slowest = plans.stream()
        .sorted(Comparator.comparingLong((String[] p) -> Long.parseLong(p[0])).reversed())
        .limit(5).map(p -> millis(Long.parseLong(p[0])) + " ms  line " + abbreviate(p[1])).toList();
    return new FileResult(file, queries, right, wrong, failed, queryNanos / 1e9, fileSeconds, planNanos, slowest,
        againNanos / 1e9, queryCpuNanos / 1e9);
  }

  /** CPU time of this process so far, all threads (compilation and collection included). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static void runStatement(Statement statement, SqlLogicScript.Statement record) {
    try {
      statement.execute(record.sql());
      if (record.expectError()) {
        System.out.println("line " + record.line() + ": expected an error, none came: " + oneLine(record.sql()));
      }
    } catch (SQLException e) {
      if (!record.expectError()) {
        System.out.println("line " + record.line() + ": statement failed: " + e.getMessage());
      }
    }
  }

  /** Wall time of {@code EXPLAIN sql}: parsing, analysis, optimization and physical planning. */
  private static long explain(Statement statement, String sql) {
    long start = System.nanoTime();
    try (ResultSet plan = statement.executeQuery("EXPLAIN " + sql)) {
      while (plan.next()) {
        plan.getString(1);
      }
    } catch (SQLException e) {
      // the query itself will report the error
    }
    return System.nanoTime() - start;
  }

  private static String read(String resource) throws IOException {
    try (InputStream in = SqlLogicBenchmark.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IOException("no " + resource + " on the class path (artifact net.hydromatic:sql-logic-test)");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String oneLine(String sql) {
    return sql.replaceAll("\\s+", " ");
  }

  private static String abbreviate(Object value) {
    String text = String.valueOf(value);
    return text.length() > 200 ? text.substring(0, 200) + "..." : text;
  }
}
