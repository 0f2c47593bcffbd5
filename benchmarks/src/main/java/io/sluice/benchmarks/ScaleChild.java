package io.sluice.benchmarks;

import com.sun.management.GarbageCollectionNotificationInfo;
import io.sluice.jdbc.SluiceConnection;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * The child JVM of {@link ScaleFigures}: runs one case's SQL through the JDBC driver, as an
 * application would, and prints {@code PROGRESS} lines while it runs and {@code RESULT} lines at
 * the end (figures of its own: CPU time of this process, the peak heap of each phase from the
 * collector's notifications, the peak size of the state/spill folder).
 */
public final class ScaleChild {
  private static final AtomicLong PEAK_HEAP = new AtomicLong();
  private static final AtomicLong PEAK_DISK = new AtomicLong();

  private ScaleChild() {}

  public static void main(String[] args) throws Exception {
    ScaleFigures.Options options = ScaleFigures.Options.parse(args);
    watchCollections();
    ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "scale-sampler");
      t.setDaemon(true);
      return t;
    });
    sampler.scheduleAtFixedRate(() -> PEAK_DISK.accumulateAndGet(ScaleFigures.folderBytes(options.state), Math::max),
        1, 1, TimeUnit.SECONDS);
    try (Connection connection = DriverManager.getConnection("jdbc:sluice:mem:scale");
        Statement statement = connection.createStatement()) {
      statement.execute("SET 'execution.spill-path' = '" + options.state + "'");
      statement.execute("SET 'pipeline.parallelism' = '" + options.parallelism + "'");
      if (options.memory != null) {
        statement.execute("SET 'pipeline.state.memory' = '" + options.memory + "'");
      }
      if (options.kase.equals("groupby")) {
        groupBy(connection, statement, options, sampler);
      } else {
        batch(statement, options);
      }
    } finally {
      sampler.shutdownNow();
    }
  }

  private static void groupBy(Connection connection, Statement statement, ScaleFigures.Options options,
      ScheduledExecutorService sampler) throws SQLException {
    statement.execute("CREATE SOURCE gen (k BIGINT, v BIGINT) WITH (connector = 'datagen', 'number-of-rows' = '"
        + options.keys + "', 'rows-per-second' = 'unlimited', 'max-rows-per-batch' = '1000000', seed = '7',"
        + " 'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '" + options.keys + "',"
        + " 'fields.v.kind' = 'random', 'fields.v.start' = '0', 'fields.v.end' = '1000')");
    statement.execute("CREATE SINK sink WITH (connector = 'blackhole')");
    statement.execute("SET 'pipeline.trigger' = 'available-now'");
    statement.execute("SET 'pipeline.output-mode' = 'update'");
    statement.execute("SET 'pipeline.state.backend' = '" + options.backend + "'");
    startPhase();
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    statement.execute("INSERT INTO sink SELECT k, COUNT(*) AS n, SUM(v) AS total FROM gen GROUP BY k");
    SluiceConnection sluice = connection.unwrap(SluiceConnection.class);
    sampler.scheduleAtFixedRate(() -> progress(cpu0), 15, 15, TimeUnit.SECONDS);
    if (options.stopAfterSeconds > 0) {
      sampler.schedule(sluice::stopContinuousQueries, options.stopAfterSeconds, TimeUnit.SECONDS);
    }
    String ending;
    try {
      sluice.awaitContinuousQueries();
      ending = "ended without error";
    } catch (SQLException e) {
      ending = "failed with SQLSTATE " + e.getSQLState() + ": " + e.getMessage().replace('\n', ' ');
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    long rows = 0;
    String status = "";
    try (ResultSet queries = statement.executeQuery("SHOW QUERIES")) {
      while (queries.next()) {
        rows = queries.getLong("input_rows");
        status = queries.getString("status");
        status = status.length() > 12 ? status.substring(0, status.indexOf(':') < 0 ? 12 : status.indexOf(':')) : status;
      }
    }
    println("RESULT query " + status + ", " + ending);
    println(String.format(Locale.ROOT, "RESULT %,d rows in %.1f s wall, %.1f s CPU (this JVM, from the INSERT on):"
        + " %,.0f rows per CPU-second; peak heap %d MiB before a GC; peak state folder %d MiB", rows, wall, cpu,
        rows / Math.max(cpu, 1e-9), PEAK_HEAP.get() >> 20, PEAK_DISK.get() >> 20));
    println("RESULT last batch: " + lastBatch(statement));
    println(String.format(Locale.ROOT, "RESULT CPU of the whole JVM %.1f s", cpuNanos() / 1e9));
  }

  /** The last batch's SHOW PROGRESS: its state rows and bytes and what the operators chose. */
  private static String lastBatch(Statement statement) throws SQLException {
    String last = "none";
    try (ResultSet progress = statement.executeQuery("SHOW PROGRESS")) {
      while (progress.next()) {
        last = "batch " + progress.getLong("batch") + ", state " + progress.getLong("state_rows") + " rows, "
            + progress.getLong("state_bytes") + " bytes; " + progress.getString("operators");
      }
    }
    return last;
  }

  /** A progress line from a connection of its own, as a monitor would: rows so far, their CPU, the state. */
  private static void progress(long cpu0) {
    try (Connection monitor = DriverManager.getConnection("jdbc:sluice:mem:scale");
        Statement statement = monitor.createStatement();
        ResultSet queries = statement.executeQuery("SHOW QUERIES")) {
      long rows = 0;
      while (queries.next()) {
        rows = queries.getLong("input_rows");
      }
      double cpu = (cpuNanos() - cpu0) / 1e9;
      println(String.format(Locale.ROOT, "PROGRESS %,d rows, %.0f s CPU, %,.0f rows per CPU-second, heap now %d MiB;"
          + " %s", rows, cpu, rows / Math.max(cpu, 1e-9), usedHeap() >> 20, lastBatch(statement)));
    } catch (SQLException | RuntimeException e) {
      println("PROGRESS not read: " + e.getMessage());
    }
  }

  private static void batch(Statement statement, ScaleFigures.Options options) throws Exception {
    Path table = options.dir.resolve("table-" + options.rows);
    statement.execute("CREATE TABLE gen (id BIGINT, name VARCHAR, score DOUBLE) WITH (connector = 'files', path = '"
        + table + "', format = 'parquet')");
    if (!Files.exists(table) || Files.list(table).findAny().isEmpty()) {
      long start = System.nanoTime();
      for (String fill : SpillFigures.fillStatements(options.rows)) {
        statement.execute(fill);
      }
      println(String.format(Locale.ROOT, "RESULT generated %,d rows in %.1f s (%s)", options.rows,
          (System.nanoTime() - start) / 1e9, table));
    }
    println("RESULT table of " + (ScaleFigures.folderBytes(table) >> 20) + " MiB of Parquet");
    readAll(statement, "SELECT id, name, score FROM gen ORDER BY name DESC, id", true);
    readAll(statement, "SELECT name, COUNT(*) AS n, SUM(score) AS total, MAX(id) AS last FROM gen GROUP BY name",
        false);
  }

  /**
   * Runs {@code sql} and reads every row of its result, as a client would; checks that an ORDER BY's
   * rows come in order (names descending) and counts them.
   */
  private static void readAll(Statement statement, String sql, boolean ordered) {
    startPhase();
    long cpu0 = cpuNanos();
    long wall0 = System.nanoTime();
    long rows = 0;
    long outOfOrder = 0;
    String previous = null;
    String ending = "completed";
    try (ResultSet result = statement.executeQuery(sql)) {
      while (result.next()) {
        rows++;
        if (ordered) {
          String name = result.getString(2);
          if (previous != null && previous.compareTo(name) < 0) {
            outOfOrder++;
          }
          previous = name;
        }
      }
    } catch (SQLException e) {
      ending = "failed with SQLSTATE " + e.getSQLState() + ": " + e.getMessage().replace('\n', ' ');
    } catch (OutOfMemoryError e) {
      ending = "OutOfMemoryError: " + e.getMessage();
    }
    double wall = (System.nanoTime() - wall0) / 1e9;
    double cpu = (cpuNanos() - cpu0) / 1e9;
    println("RESULT " + sql);
    println(String.format(Locale.ROOT, "RESULT   %s: %,d rows%s in %.1f s wall, %.1f s CPU, %,.0f rows per"
        + " CPU-second; peak heap %d MiB before a GC; peak spill folder %d MiB", ending, rows,
        ordered ? " (" + outOfOrder + " out of order)" : "", wall, cpu, rows / Math.max(cpu, 1e-9),
        PEAK_HEAP.get() >> 20, PEAK_DISK.get() >> 20));
  }

  /** Starts a phase's peaks afresh: heap from the current use, disk at 0. */
  private static void startPhase() {
    System.gc();
    PEAK_HEAP.set(usedHeap());
    PEAK_DISK.set(0);
  }

  /** Keeps the largest heap in use before any collection: what the heap reached, not what survived. */
  private static void watchCollections() {
    java.util.Set<String> heapPools = new java.util.HashSet<>();
    for (java.lang.management.MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == java.lang.management.MemoryType.HEAP) {
        heapPools.add(pool.getName());
      }
    }
    for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
      ((NotificationEmitter) collector).addNotificationListener((notification, handback) -> {
        if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(notification.getType())) {
          GarbageCollectionNotificationInfo info =
              GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
          long before = 0;
          for (java.util.Map.Entry<String, MemoryUsage> pool : info.getGcInfo().getMemoryUsageBeforeGc().entrySet()) {
            if (heapPools.contains(pool.getKey())) {
              before += pool.getValue().getUsed();
            }
          }
          PEAK_HEAP.accumulateAndGet(before, Math::max);
        }
      }, null, null);
    }
  }

  private static long usedHeap() {
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long cpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static synchronized void println(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
