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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a pipeline that writes aggregations to a real PostgreSQL ({@link PostgresServer}) with
 * SIGKILL at random moments, restarts it from its checkpoints until a run ends by itself, then
 * checks the tables row for row against the result computed in Java from the generator's rows:
 * 0 rows lost, 0 duplicated.
 *
 * <p>The child JVM ({@link CrashPipeline}) runs two continuous queries over one {@code datagen}
 * source (ids 1..N, event time 10 ms apart, at a fixed rate, so batches depend on timing): a
 * tumbling one-second window count and sum per key in append mode into a table without a key,
 * where a batch written twice shows as duplicate rows; and a count and sum per key without a
 * window in update mode, upserted by key, where a lost or repeated batch shows as a wrong total.
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
  private static final long RUN_TIMEOUT_MILLIS = 180_000;
  private static final List<String> SINKS = List.of("windows_db", "totals_db");

  @TempDir
  Path folder;
  private PostgresServer postgres;
  private ChildJvm jvm;
  private double plannedMillis = 2_000;
  private int kills;
  private int killedBeforePlanned;
  private int sinkAheadOfCheckpoint;
  private int midBatchOrBetween;

  @Test
  void killedPipelinesWriteEveryResultRowToPostgresqlExactlyOnce() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("JdbcCrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    postgres = PostgresServer.shared();
    postgres.execute("DROP TABLE IF EXISTS crash_windows", "DROP TABLE IF EXISTS crash_totals",
        "DROP TABLE IF EXISTS crash_commits",
        "CREATE TABLE crash_windows (window_start TIMESTAMP, k BIGINT, n BIGINT, total BIGINT)",
        "CREATE TABLE crash_totals (k BIGINT PRIMARY KEY, n BIGINT, total BIGINT)");
    Path script = writeScript();
    jvm = ChildJvm.create(folder.resolve("jvm"));
    long started = System.currentTimeMillis();
    int restarts = 0;
    for (int run = 0; ; run++) {
      Path log = folder.resolve("run-" + run + ".log");
      long killAfterStart = KilledRun.NEVER;
      long killAfterPlanned = KilledRun.NEVER;
      if (kills < KILLS) {
        if (random.nextDouble() < 0.2) {
          killAfterStart = (long) (random.nextDouble() * plannedMillis * 1.1); // start-up and planning
        } else {
          killAfterPlanned = random.nextInt(2_000); // over the batches that follow
        }
      }
      if (!runOnce(script, log, killAfterStart, killAfterPlanned)) {
        break;
      }
      kills++;
      restarts++;
      classifyKill(log);
    }
    long millis = System.currentTimeMillis() - started;

    Map<String, Integer> expectedWindows = expectedWindows();
    Map<String, Integer> actualWindows = counted(postgres.rows(
        "SELECT window_start, k, n, total FROM crash_windows"));
    Map<String, Integer> expectedTotals = expectedTotals();
    Map<String, Integer> actualTotals = counted(postgres.rows("SELECT k, n, total FROM crash_totals"));
    long[] windows = compare(expectedWindows, actualWindows);
    long[] totals = compare(expectedTotals, actualTotals);
    String figures = String.format("kills %d (before planning ended %d; per query: PostgreSQL committed the batch"
        + " before the checkpoint %d, otherwise %d), restarts %d, window rows checked %d (lost %d, duplicated %d,"
        + " unexpected %d), totals checked %d (lost %d, duplicated %d, unexpected %d), %.1f s", kills,
        killedBeforePlanned, sinkAheadOfCheckpoint, midBatchOrBetween, restarts, windows[0], windows[1],
        windows[2], windows[3], totals[0], totals[1], totals[2], totals[3], millis / 1000.0);
    System.out.println("JdbcCrashTest " + figures);
    assertEquals(expectedWindows, actualWindows, figures);
    assertEquals(expectedTotals, actualTotals, figures);
    assertEquals(KILLS, kills);
  }

  private Path writeScript() throws IOException {
    String credentials = "url = '" + postgres.url() + "', user = '" + PostgresServer.USER + "', password = '"
        + PostgresServer.PASSWORD + "', 'commit-table' = 'crash_commits'";
    String sql = "CREATE SOURCE gen (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)"
        + " WITH (connector = 'datagen', 'number-of-rows' = '" + ROWS + "', 'rows-per-second' = '" + ROWS_PER_SECOND
        + "', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'event-time-per-row' = '10 ms');\n"
        + "CREATE SINK windows_db WITH (connector = 'jdbc', " + credentials + ", table = 'crash_windows');\n"
        + "CREATE SINK totals_db WITH (connector = 'jdbc', " + credentials + ", table = 'crash_totals', key = 'k');\n"
        + "SET 'pipeline.checkpoint' = '" + folder.resolve("checkpoints") + "';\n"
        + "SET 'pipeline.trigger' = 'continuous';\n"
        + "SET 'pipeline.output-mode' = 'append';\n"
        + "INSERT INTO windows_db SELECT window_start, id % " + WINDOW_KEYS + " AS k, COUNT(*) AS n, SUM(id) AS total"
        + " FROM TABLE(TUMBLE(TABLE gen, DESCRIPTOR(ts), INTERVAL '1' SECOND))"
        + " GROUP BY window_start, window_end, id % " + WINDOW_KEYS + ";\n"
        + "SET 'pipeline.output-mode' = 'update';\n"
        + "INSERT INTO totals_db SELECT id % " + TOTAL_KEYS + " AS k, COUNT(*) AS n, SUM(id) AS total FROM gen"
        + " GROUP BY id % " + TOTAL_KEYS + ";\n";
    Path script = folder.resolve("pipeline.sql");
    Files.writeString(script, sql, StandardCharsets.UTF_8);
    return script;
  }

  /** Runs the pipeline once; kills it at the given delays. Returns whether it was killed. */
  private boolean runOnce(Path script, Path log, long killAfterStart, long killAfterPlanned) throws Exception {
    KilledRun.Outcome outcome = KilledRun.run(jvm, script, log, killAfterStart, killAfterPlanned, RUN_TIMEOUT_MILLIS);
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
    long[][] sums = new long[TOTAL_KEYS][2];
    for (long id = 1; id <= ROWS; id++) {
      sums[(int) (id % TOTAL_KEYS)][0]++;
      sums[(int) (id % TOTAL_KEYS)][1] += id;
    }
    Map<String, Integer> rows = new HashMap<>();
    for (int k = 0; k < TOTAL_KEYS; k++) {
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

  private static String read(Path log) throws IOException {
    return KilledRun.read(log);
  }
}
