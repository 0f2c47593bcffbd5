package io.sluice.benchmarks;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A streaming GROUP BY over many distinct keys (issue 13's 100 M-key run, opt-in, not in CI): a
 * bounded {@code datagen} source of one row per key, {@code SELECT k, COUNT(*), SUM(v) ... GROUP BY
 * k} into a blackhole, on the chosen state backend and budget. With {@code --query dedup}, an
 * event-time deduplication instead: {@code --rows} rows (default twice the keys) with random keys
 * among {@code --keys} and an event time 1 ms apart, {@code ROW_NUMBER() OVER (PARTITION BY k ORDER
 * BY ts) = 1} in append mode (each key's first row emitted once the watermark passes it). Prints wall and CPU time, rows per
 * CPU-second, the peak heap (the heap pools' peaks), the peak disk use of the state folder
 * (sampled every second) and the last progress of the aggregation; a query stopped by the budget
 * prints its error.
 *
 * <pre>
 * java -Xmx2g -cp ... io.sluice.benchmarks.DiskGroupByFigures --keys 10000000 --backend disk --dir /tmp/groupby
 * java -Xmx2g -cp ... io.sluice.benchmarks.DiskGroupByFigures --keys 10000000 --backend heap --dir /tmp/groupby
 * java -Xmx2g -cp ... io.sluice.benchmarks.DiskGroupByFigures --query dedup --keys 5000000 --backend disk
 * </pre>
 * Run it from a build of its own ({@code -Dsluice.target=...}): a rebuild under it breaks the run.
 */
public final class DiskGroupByFigures {
  private DiskGroupByFigures() {}

  public static void main(String[] args) throws Exception {
    long keys = 10_000_000;
    String backend = "disk";
    String memory = null;
    String query = "groupby";
    long rowCount = -1;
    Path dir = Path.of("/tmp/sluice-groupby-figures");
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--keys": keys = Long.parseLong(args[i + 1]); break;
        case "--backend": backend = args[i + 1]; break;
        case "--memory": memory = args[i + 1]; break;
        case "--query": query = args[i + 1]; break;
        case "--rows": rowCount = Long.parseLong(args[i + 1]); break;
        case "--dir": dir = Path.of(args[i + 1]); break;
        default: throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path spill = Files.createDirectories(dir.resolve("spill"));
    Database database = Database.inMemory();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
    AtomicLong peakDisk = new AtomicLong();
    try (Session session = database.openSession()) {
      boolean dedup = query.equals("dedup");
      if (!dedup && !query.equals("groupby")) {
        throw new IllegalArgumentException("--query is groupby or dedup, not " + query);
      }
      if (dedup) {
        session.execute("CREATE SOURCE gen (k BIGINT, v BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1'"
            + " SECOND) WITH (connector = 'datagen', 'number-of-rows' = '" + (rowCount > 0 ? rowCount : 2 * keys)
            + "', 'rows-per-second' = 'unlimited', 'event-time-per-row' = '1 ms', seed = '7',"
            + " 'fields.k.kind' = 'random', 'fields.k.start' = '1', 'fields.k.end' = '" + keys + "',"
            + " 'fields.v.kind' = 'random', 'fields.v.start' = '0', 'fields.v.end' = '1000')");
      } else {
        session.execute("CREATE SOURCE gen (k BIGINT, v BIGINT) WITH (connector = 'datagen', 'number-of-rows' = '"
            + keys + "', 'rows-per-second' = 'unlimited', seed = '7', 'fields.k.kind' = 'sequence',"
            + " 'fields.k.start' = '1', 'fields.k.end' = '" + keys + "', 'fields.v.kind' = 'random',"
            + " 'fields.v.start' = '0', 'fields.v.end' = '1000')");
      }
      session.execute("CREATE SINK sink WITH (connector = 'blackhole')");
      session.execute("SET 'pipeline.trigger' = 'available-now'");
      session.execute("SET 'pipeline.output-mode' = '" + (dedup ? "append" : "update") + "'");
      session.execute("SET 'pipeline.state.backend' = '" + backend + "'");
      session.execute("SET 'execution.spill-path' = '" + spill + "'");
      if (memory != null) {
        session.execute("SET 'pipeline.state.memory' = '" + memory + "'");
      }
      System.gc();
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        pool.resetPeakUsage();
      }
      sampler.scheduleAtFixedRate(() -> peakDisk.accumulateAndGet(folderBytes(spill), Math::max), 1, 1,
          TimeUnit.SECONDS);
      long cpu0 = processCpuNanos();
      long wall0 = System.nanoTime();
      session.execute(dedup ? "INSERT INTO sink SELECT k, v, ts FROM (SELECT k, v, ts, ROW_NUMBER() OVER (PARTITION BY k"
          + " ORDER BY ts) AS rn FROM gen) WHERE rn = 1"
          : "INSERT INTO sink SELECT k, COUNT(*) AS n, SUM(v) AS total FROM gen GROUP BY k");
      List<StreamingQuery> failed = database.queries().awaitAll();
      double cpu = (processCpuNanos() - cpu0) / 1e9;
      double wall = (System.nanoTime() - wall0) / 1e9;
      long rows = 0;
      String last = "";
      for (StreamingQuery q : database.queries().list()) {
        for (var p : q.progress()) {
          rows += p.inputRows();
          for (var operator : p.operators()) {
            if (operator.choice() != null) {
              last = operator.name() + ": " + operator.choice() + ", state " + operator.stateRows() + " rows";
            }
          }
        }
      }
      long peakHeap = 0;
      for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
        if (pool.getType() == MemoryType.HEAP) {
          peakHeap += pool.getPeakUsage().getUsed();
        }
      }
      System.out.printf("%s, %s backend, %,d keys, -Xmx %d MB: %,d rows in %.1f s wall, %.1f s CPU, %,.0f rows per"
          + " CPU-second, peak heap %d MB, peak state folder %d MB%n  %s%n", query, backend, keys,
          Runtime.getRuntime().maxMemory() >> 20, rows, wall, cpu, rows / Math.max(cpu, 1e-9), peakHeap >> 20,
          peakDisk.get() >> 20, last);
      if (!failed.isEmpty()) {
        System.out.println("  stopped: " + failed.get(0).failure().getMessage());
      }
      for (StreamingQuery q : database.queries().list()) {
        q.awaitEnd(); // its state folder is deleted as it ends
      }
      System.out.printf("  state folder after the query ended: %d bytes%n", folderBytes(spill));
    } finally {
      sampler.shutdownNow();
    }
  }

  private static long folderBytes(Path folder) {
    try (Stream<Path> files = Files.walk(folder)) {
      return files.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return 0; // files come and go while RocksDB compacts
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }
}
