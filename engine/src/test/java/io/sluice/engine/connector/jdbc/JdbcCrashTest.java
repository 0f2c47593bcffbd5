package io.sluice.engine.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.checkpoint.ChildJvm;
import io.sluice.engine.checkpoint.CrashPipeline;
import io.sluice.engine.checkpoint.KilledRun;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a pipeline that writes aggregations to a real PostgreSQL ({@link PostgresServer}) with
 * SIGKILL at random moments, restarts it from its checkpoints until a run ends by itself, then
 * checks the tables row for row against the result computed in Java from the generator's rows:
 * 0 rows lost, 0 duplicated.
 *
 * <p>The child JVM ({@link CrashPipeline}) runs three continuous queries over one {@code datagen}
 * source (ids 1..N, event time 10 ms apart, at a fixed rate, so batches depend on timing): a
 * tumbling one-second window count and sum per key in append mode into a table without a key,
 * where a batch written twice shows as duplicate rows; and a count and sum per key without a
 * window in update mode, upserted by key, where a lost or repeated batch shows as a wrong total;
 * and the same over 10,000 keys on the disk state backend with a 1.5 MiB budget, so that its groups
 * go to RocksDB every batch and its full snapshots are streamed from there (the killed runs' state
 * folders are left behind, and deleted by the runs after them). The child prints each batch's
 * progress as it runs: the second run is killed as soon as the disk query's progress shows groups
 * written to RocksDB, so at least one kill, and a restore after it, meets groups on disk; every
 * killed run whose log shows that is counted, and that second run must have left its store behind.
 * After each kill the test reads each query's checkpoint and the table of commits, to count kills
 * that landed between PostgreSQL's commit of a batch and the checkpoint's commit of it (the batch
 * the sink must skip when it runs again).
 *
 * <p>{@code -Dsluice.crash.kills=N} sets the number of kills (8 by default, for CI on two cores);
 * {@code -Dsluice.crash.seed=N} repeats a run's kill delays.
 */
class JdbcCrashTest {
  private static final int KILLS = Integer.getInteger("sluice.crash.kills", 8);
  private static final int ROWS = 24_000;
  private static final int ROWS_PER_SECOND = 4_000;
  private static final int WINDOW_KEYS = 5;
  private static final int TOTAL_KEYS = 7;
  /** Keys of the totals on the disk state backend: their groups outgrow its cache many times over. */
  private static final int DISK_KEYS = 10_000;
  /**
   * The disk query's budget (the database's queries count together against it): a cache of a
   * quarter of it, 384 KiB, for groups of about 1 MB; room for a snapshot's buffer of that size.
   */
  private static final String DISK_BUDGET = "1536k";
  /**
   * Rows per batch at most. The budget counts the state of all the database's queries, the window query's too, and
   * a restarted run catches up on every row generated while it was down: unbounded, one batch could open a hundred
   * one-second windows (about 33 KiB each) and the disk query would stop with 53200 (seed 89644873624871 did).
   * A thousand rows open at most eleven.
   */
  private static final int MAX_ROWS_PER_BATCH = 1_000;
  private static final long RUN_TIMEOUT_MILLIS = 180_000;
  private static final List<String> SINKS = List.of("windows_db", "totals_db", "disk_totals_db");

  @TempDir
  Path folder;
  private PostgresServer postgres;
  private ChildJvm jvm;
  private double plannedMillis = 2_000;
  private int kills;
  private int killedBeforePlanned;
  private int sinkAheadOfCheckpoint;
  private int midBatchOrBetween;
  /** A batch of the disk query, printed while it runs, after which groups had been written to RocksDB. */
  private static final Pattern GROUPS_ON_DISK = Pattern.compile(
      CrashPipeline.BATCH + "disk_totals_db \\d+: [^\\n]*?, [1-9]\\d* write-outs");
  /** Killed runs whose disk query had written groups to RocksDB before the kill (its batches' progress says so). */
  private int killedWithGroupsOnDisk;

  @Test
  void killedPipelinesWriteEveryResultRowToPostgresqlExactlyOnce() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("JdbcCrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    postgres = PostgresServer.shared();
    postgres.execute("DROP TABLE IF EXISTS crash_windows", "DROP TABLE IF EXISTS crash_totals",
        "DROP TABLE IF EXISTS crash_disk_totals", "DROP TABLE IF EXISTS crash_commits",
        "CREATE TABLE crash_windows (window_start TIMESTAMP, k BIGINT, n BIGINT, total BIGINT)",
        "CREATE TABLE crash_totals (k BIGINT PRIMARY KEY, n BIGINT, total BIGINT)",
        "CREATE TABLE crash_disk_totals (k BIGINT PRIMARY KEY, n BIGINT, total BIGINT)");
    Path script = writeScript();
    jvm = ChildJvm.create(folder.resolve("jvm"));
    long started = System.currentTimeMillis();
    int restarts = 0;
    for (int run = 0; ; run++) {
      Path log = folder.resolve("run-" + run + ".log");
      long killAfterStart = KilledRun.NEVER;
      long killAfterPlanned = KilledRun.NEVER;
      Pattern killWhenSeen = null;
      if (kills < KILLS && run == 1) {
        killWhenSeen = GROUPS_ON_DISK; // one kill certain to find groups in RocksDB, the restored state's
      } else if (kills < KILLS) {
        if (random.nextDouble() < 0.2) {
          killAfterStart = (long) (random.nextDouble() * plannedMillis * 1.1); // start-up and planning
        } else {
          killAfterPlanned = random.nextInt(2_000); // over the batches that follow
        }
      }
      if (!runOnce(script, log, killAfterStart, killAfterPlanned, killWhenSeen)) {
        break;
      }
      kills++;
      restarts++;
      classifyKill(log);
      if (GROUPS_ON_DISK.matcher(read(log)).find()) {
        killedWithGroupsOnDisk++;
        // killed while its disk query ran (a random kill may come after that query ended and deleted its folder)
        assertTrue(killWhenSeen == null || stateFolders().stream().anyMatch(f -> Files.isDirectory(f.resolve("0"))),
            "a run killed with groups in RocksDB left its store behind: " + stateFolders());
      }
    }
    long millis = System.currentTimeMillis() - started;

    Map<String, Integer> expectedWindows = expectedWindows();
    Map<String, Integer> actualWindows = counted(postgres.rows(
        "SELECT window_start, k, n, total FROM crash_windows"));
    Map<String, Integer> expectedTotals = expectedTotals();
    Map<String, Integer> actualTotals = counted(postgres.rows("SELECT k, n, total FROM crash_totals"));
    Map<String, Integer> expectedDisk = expectedTotals(DISK_KEYS);
    Map<String, Integer> actualDisk = counted(postgres.rows("SELECT k, n, total FROM crash_disk_totals"));
    long[] windows = compare(expectedWindows, actualWindows);
    long[] totals = compare(expectedTotals, actualTotals);
    long[] disk = compare(expectedDisk, actualDisk);
    String figures = String.format("kills %d (before planning ended %d; per query: PostgreSQL committed the batch"
        + " before the checkpoint %d, otherwise %d), restarts %d, window rows checked %d (lost %d, duplicated %d,"
        + " unexpected %d), totals checked %d (lost %d, duplicated %d, unexpected %d), totals on the disk backend"
        + " checked %d (lost %d, duplicated %d, unexpected %d), runs killed with groups in RocksDB %d, %.1f s", kills,
        killedBeforePlanned, sinkAheadOfCheckpoint, midBatchOrBetween, restarts, windows[0], windows[1],
        windows[2], windows[3], totals[0], totals[1], totals[2], totals[3], disk[0], disk[1], disk[2], disk[3],
        killedWithGroupsOnDisk, millis / 1000.0);
    System.out.println("JdbcCrashTest " + figures);
    assertEquals(expectedWindows, actualWindows, figures);
    assertEquals(expectedTotals, actualTotals, figures);
    assertEquals(expectedDisk, actualDisk, figures);
    assertTrue(killedWithGroupsOnDisk > 0, "no run was killed while the disk query had groups in RocksDB: " + figures);
    assertEquals(List.of(), stateFolders(), "state folders of killed runs are deleted by the runs after them");
    assertEquals(KILLS, kills);
  }

  private Path writeScript() throws IOException {
    String credentials = "url = '" + postgres.url() + "', user = '" + PostgresServer.USER + "', password = '"
        + PostgresServer.PASSWORD + "', 'commit-table' = 'crash_commits'";
    String sql = "CREATE SOURCE gen (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
        + " WITH (connector = 'datagen', 'number-of-rows' = '" + ROWS + "', 'rows-per-second' = '" + ROWS_PER_SECOND
        + "', 'max-rows-per-batch' = '" + MAX_ROWS_PER_BATCH + "', 'fields.id.kind' = 'sequence',"
        + " 'fields.id.start' = '1', 'event-time-per-row' = '10 ms');\n"
        + "CREATE SINK windows_db WITH (connector = 'jdbc', " + credentials + ", table = 'crash_windows');\n"
        + "CREATE SINK totals_db WITH (connector = 'jdbc', " + credentials + ", table = 'crash_totals', key = 'k');\n"
        + "CREATE SINK disk_totals_db WITH (connector = 'jdbc', " + credentials + ", table = 'crash_disk_totals',"
        + " key = 'k');\n"
        + "SET 'pipeline.checkpoint' = '" + folder.resolve("checkpoints") + "';\n"
        + "SET 'execution.spill-path' = '" + folder.resolve("work") + "';\n"
        + "SET 'pipeline.trigger' = 'continuous';\n"
        + "SET 'pipeline.output-mode' = 'append';\n"
        + "INSERT INTO windows_db SELECT window_start, id % " + WINDOW_KEYS + " AS k, COUNT(*) AS n, SUM(id) AS total"
        + " FROM TABLE(TUMBLE(TABLE gen, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
        + " GROUP BY window_start, window_end, id % " + WINDOW_KEYS + ";\n"
        + "SET 'pipeline.output-mode' = 'update';\n"
        + "INSERT INTO totals_db SELECT id % " + TOTAL_KEYS + " AS k, COUNT(*) AS n, SUM(id) AS total FROM gen"
        + " GROUP BY id % " + TOTAL_KEYS + ";\n"
        + "SET 'pipeline.state.backend' = 'disk';\n"
        + "SET 'pipeline.state.memory' = '" + DISK_BUDGET + "';\n"
        + "INSERT INTO disk_totals_db SELECT id % " + DISK_KEYS + " AS k, COUNT(*) AS n, SUM(id) AS total FROM gen"
        + " GROUP BY id % " + DISK_KEYS + ";\n";
    Path script = folder.resolve("pipeline.sql");
    Files.writeString(script, sql, StandardCharsets.UTF_8);
    return script;
  }

  /** Runs the pipeline once; kills it at the given delays. Returns whether it was killed. */
  private boolean runOnce(Path script, Path log, long killAfterStart, long killAfterPlanned, Pattern killWhenSeen)
      throws Exception {
    KilledRun.Outcome outcome = KilledRun.run(jvm, script, log, killAfterStart, killAfterPlanned, killWhenSeen,
        RUN_TIMEOUT_MILLIS);
    if (outcome.planned()) {
      plannedMillis = 0.8 * plannedMillis + 0.2 * outcome.plannedAfterMillis();
    } else if (outcome.killed()) {
      killedBeforePlanned++;
    }
    return outcome.killed();
  }

  /** Per query: whether PostgreSQL holds a batch the checkpoint has not committed (the sink must skip it next run). */
  private void classifyKill(Path log) throws Exception {
    if (!read(log).contains(CrashPipeline.PLANNED)) {
      return;
    }
    Map<String, Long> inPostgres = new HashMap<>();
    boolean made = postgres.rows("SELECT to_regclass('crash_commits') IS NOT NULL").equals(List.of("t"));
    for (String row : made ? postgres.rows("SELECT sink_id, batch_id FROM crash_commits") : List.<String>of()) {
      String[] parts = row.split(" \\| ");
      inPostgres.put(parts[0], Long.parseLong(parts[1]));
    }
    for (String sink : SINKS) {
      long committed = KilledRun.lastBatch(folder.resolve("checkpoints").resolve(sink).resolve("commits"));
      if (inPostgres.getOrDefault(sink, -1L) > committed) {
        sinkAheadOfCheckpoint++;
      } else {
        midBatchOrBetween++;
      }
    }
  }

  /** Each one-second window's count and sum per key, as PostgreSQL prints the row. */
  private static Map<String, Integer> expectedWindows() {
    Map<String, long[]> groups = new TreeMap<>();
    for (long id = 1; id <= ROWS; id++) {
      long second = (id - 1) * 10 / 1000;
      String key = String.format("2024-01-01 %02d:%02d:%02d | %d", second / 3600, second / 60 % 60, second % 60,
          id % WINDOW_KEYS);
      long[] sums = groups.computeIfAbsent(key, k -> new long[2]);
      sums[0]++;
      sums[1] += id;
    }
    Map<String, Integer> rows = new HashMap<>();
    groups.forEach((key, sums) -> rows.put(key + " | " + sums[0] + " | " + sums[1], 1));
    return rows;
  }

  private static Map<String, Integer> expectedTotals() {
    return expectedTotals(TOTAL_KEYS);
  }

  /** Each key's count and sum of ids, for keys {@code id % keys}, as PostgreSQL prints the row. */
  private static Map<String, Integer> expectedTotals(int keys) {
    long[][] sums = new long[keys][2];
    for (long id = 1; id <= ROWS; id++) {
      sums[(int) (id % keys)][0]++;
      sums[(int) (id % keys)][1] += id;
    }
    Map<String, Integer> rows = new HashMap<>();
    for (int k = 0; k < keys; k++) {
      rows.put(k + " | " + sums[k][0] + " | " + sums[k][1], 1);
    }
    return rows;
  }

  private static Map<String, Integer> counted(List<String> rows) {
    Map<String, Integer> counts = new HashMap<>();
    for (String row : rows) {
      counts.merge(row, 1, Integer::sum);
    }
    return counts;
  }

  /** Rows checked, lost, duplicated and unexpected. */
  private static long[] compare(Map<String, Integer> expected, Map<String, Integer> actual) {
    long[] figures = new long[4];
    for (Map.Entry<String, Integer> e : expected.entrySet()) {
      int seen = actual.getOrDefault(e.getKey(), 0);
      figures[0] += e.getValue();
      figures[1] += Math.max(0, e.getValue() - seen);
      figures[2] += Math.max(0, seen - e.getValue());
    }
    List<String> unexpected = new ArrayList<>();
    for (Map.Entry<String, Integer> e : actual.entrySet()) {
      if (!expected.containsKey(e.getKey())) {
        figures[3] += e.getValue();
        unexpected.add(e.getKey());
      }
    }
    return figures;
  }

  /** The disk state backend's folders in the pipeline's working folder. */
  private List<Path> stateFolders() throws IOException {
    Path work = folder.resolve("work");
    if (!Files.isDirectory(work)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(work)) {
      return files.filter(f -> f.getFileName().toString().startsWith("sluice-state-")).toList();
    }
  }

  private static String read(Path log) throws IOException {
    return KilledRun.read(log);
  }
}
