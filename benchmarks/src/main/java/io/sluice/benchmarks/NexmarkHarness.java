package io.sluice.benchmarks;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Nexmark queries over the built-in {@code nexmark} source into a blackhole sink, measured in
 * input rows per CPU-second of the whole process (the figure ../shared/bench/peers reports for
 * Flink, Spark and DuckDB). Each query runs once on a small warm-up stream, then on the measured
 * one, with the available-now trigger so it ends when the stream does.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar io.sluice.benchmarks.NexmarkHarness [events] [queries]</pre>
 */
public final class NexmarkHarness {
  static final Map<String, String> QUERIES = new LinkedHashMap<>();

  static {
    QUERIES.put("q0", "SELECT auction, bidder, price, dateTime, extra FROM bid");
    QUERIES.put("q1", "SELECT auction, bidder, 0.908 * price AS price, dateTime, extra FROM bid");
    QUERIES.put("q2", "SELECT auction, price FROM bid WHERE MOD(auction, 123) = 0");
    QUERIES.put("q5h", "SELECT auction, COUNT(*) AS num, window_start, window_end"
        + " FROM TABLE(HOP(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '2' SECOND, INTERVAL '10' SECOND))"
        + " GROUP BY auction, window_start, window_end");
    QUERIES.put("q7t", "SELECT MAX(price) AS maxprice, window_start, window_end"
        + " FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(dateTime), INTERVAL '10' SECOND))"
        + " GROUP BY window_start, window_end");
  }

  private NexmarkHarness() {}

  public static void main(String[] args) throws Exception {
    long events = args.length > 0 ? Long.parseLong(args[0]) : 10_000_000L;
    List<String> names = args.length > 1 ? List.of(args[1].split(",")) : List.copyOf(QUERIES.keySet());
    for (String name : names) {
      String query = QUERIES.get(name);
      if (query == null) {
        throw new IllegalArgumentException("Unknown query " + name + "; known: " + QUERIES.keySet());
      }
      run(query, events / 10); // warm-up: compile, JIT
      Result r = run(query, events);
      System.out.printf("SLUICE %-4s events=%d rows=%d cpu=%.2fs wall=%.2fs rows/cpu-s=%.0f rows/s=%.0f%n", name,
          events, r.rows, r.cpuSeconds, r.wallSeconds, r.rows / r.cpuSeconds, r.rows / r.wallSeconds);
    }
  }

  record Result(long rows, double cpuSeconds, double wallSeconds) {}

  static Result run(String query, long events) throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE SOURCE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR, WATERMARK FOR dateTime AS dateTime - INTERVAL '4' SECOND)"
          + " WITH (connector = 'nexmark', 'table' = 'bid', 'events-per-second' = 'unlimited',"
          + " 'max-events' = '" + events + "', 'max-events-per-batch' = '1000000')");
      session.execute("CREATE SINK sink WITH (connector = 'blackhole')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      session.execute("INSERT INTO sink " + query);
      List<StreamingQuery> failed = database.queries().awaitAll();
      long cpu = processCpuNanos() - cpu0;
      long wall = System.nanoTime() - wall0;
      if (!failed.isEmpty()) {
        throw new IllegalStateException("query failed", failed.get(0).failure());
      }
      long rows = 0;
      for (StreamingQuery q : database.queries().list()) {
        for (var p : q.progress()) {
          rows += p.inputRows();
        }
      }
      return new Result(rows, cpu / 1e9, wall / 1e9);
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
