package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The disk state backend ({@code pipeline.state.backend = 'disk'}) through SQL: a GROUP BY whose
 * groups outgrow a tiny budget goes on with its groups on disk where the heap backend stops with
 * the budget error, gives the rows a batch run gives, keeps its state when a restart switches
 * backend either way, and leaves no files behind.
 */
class DiskStateBackendTest {
  private static final String COUNTS = "INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(v) AS total FROM events GROUP BY k";

  @TempDir
  Path temp;
  private StreamTestSession t;
  /** What a batch run over every row so far gives, per key: count and sum. */
  private final java.util.Map<String, long[]> expected = new java.util.TreeMap<>();

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory');"
        + " SET 'pipeline.output-mode' = 'update'; SET 'execution.spill-path' = '" + temp.resolve("work") + "';");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** Rows {@code (prefix i, i)} for {@code i} in {@code [0, n)}, in one INSERT. */
  private void keys(String prefix, int n) {
    insertKeys("events", prefix, n, "");
  }

  /** Rows {@code (prefix i, i, more)} into {@code source}, in one INSERT, counted in what a batch run gives. */
  private void insertKeys(String source, String prefix, int n, String more) {
    StringBuilder values = new StringBuilder("INSERT INTO " + source + " VALUES ");
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(prefix).append(i).append("', ").append(i).append(more)
          .append(')');
      long[] group = expected.computeIfAbsent(prefix + i, k -> new long[2]);
      group[0]++;
      group[1] += i;
    }
    t.session.execute(values.toString());
  }

  /** What the sink holds now, against what a batch run over every row so far gives. */
  private void assertSinkEqualsBatchRun() {
    assertSinkEqualsBatchRun("counts");
  }

  private void assertSinkEqualsBatchRun(String sink) {
    List<String> batch = new ArrayList<>();
    expected.forEach((k, group) -> batch.add(k + " | " + group[0] + " | " + group[1]));
    java.util.Collections.sort(batch);
    assertEquals(batch, t.rows("SELECT * FROM " + sink));
  }

  private void budget(String budget, String backend) {
    t.session.execute("SET 'pipeline.state.memory' = '" + budget + "'");
    t.session.execute("SET 'pipeline.state.backend' = '" + backend + "'");
  }

  @Test
  void groupsOverATinyBudgetGoToDiskWhereTheHeapStops() throws Exception {
    budget("64k", "heap");
    StreamingQuery onHeap = t.start(COUNTS);
    keys("key-", 3000);
    SluiceException e = assertThrows(SluiceException.class, onHeap::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("SET 'pipeline.state.backend' = 'disk'"), e.getMessage());

    budget("64k", "disk");
    StreamingQuery onDisk = t.start(COUNTS);
    assertTrue(onDisk.step());
    keys("key-", 3000); // every group again: read back from disk, updated
    keys("new-", 500);
    assertTrue(onDisk.step());
    assertSinkEqualsBatchRun();
    String choice = onDisk.progress().get(1).operators().get(0).choice();
    assertTrue(choice.contains("of 3500 groups in memory") && !choice.contains(" 0 groups read back"), choice);
    assertTrue(stateFolders().size() == 1, "one state folder while the query runs: " + stateFolders());
    onDisk.stop();
    onDisk.awaitEnd();
    assertEquals(List.of(), stateFolders(), "the state folder is deleted when the query ends");
  }

  @Test
  void aQueryThatFailsMidBatchLeavesNoStateFolder() throws Exception {
    budget("64k", "disk");
    StreamingQuery query = t.start("INSERT INTO counts SELECT k, COUNT(*) AS n, SUM(100 / (v + 1)) AS total"
        + " FROM events GROUP BY k");
    keys("key-", 3000);
    assertTrue(query.step());
    assertEquals(1, stateFolders().size(), "the groups went to disk");
    t.session.execute("INSERT INTO events VALUES ('last', -1)"); // divides by zero
    SluiceException e = assertThrows(SluiceException.class, query::step);
    assertEquals(ErrorCode.DIVISION_BY_ZERO, e.code());
    assertEquals(List.of(), stateFolders(), "the failed query's operators and backend deleted their files");
  }

  @Test
  void aRestartThatSwitchesBackendKeepsTheState() throws Exception {
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"heap", "disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      // on disk a budget whose cache share (a quarter) the groups outgrow, with room for the checkpoint's copy
      budget(backends[run].equals("disk") ? "800k" : "64m", backends[run]);
      StreamingQuery q = t.start(COUNTS);
      keys("key-", 1500);
      keys("run" + run + "-", 300);
      assertTrue(q.step());
      assertSinkEqualsBatchRun();
      String choice = q.progress().get(q.progress().size() - 1).operators().get(0).choice();
      // on the heap the only choice a GROUP BY reports is a two-phase aggregation over a parallel scan
      assertTrue(backends[run].equals("heap") ? choice == null || choice.startsWith("two phases")
          : !choice.contains(" 0 write-outs"), choice);
      q.stop();
      q.awaitEnd();
    }
  }

  @Test
  void aCheckpointedQueryOnDiskWritesSnapshotsLargerThanItsBudget() throws Exception {
    // the snapshot of 3,500 groups takes about 250 KB: on the heap the checkpoint's copy alone would
    // pass a 128 KiB budget; on disk it goes through a file in the state folder to the checkpoint
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    t.session.execute("SET 'pipeline.checkpoint.snapshot-interval' = '1'");
    budget("128k", "disk");
    StreamingQuery q = t.start(COUNTS);
    keys("key-", 3000);
    assertTrue(q.step());
    keys("key-", 3000);
    keys("new-", 500);
    assertTrue(q.step());
    assertSinkEqualsBatchRun();
    q.stop();
    q.awaitEnd();
    long stateBytes;
    try (Stream<Path> files = Files.walk(temp.resolve("ckpt"))) {
      // snapshots: chunks, or written whole (the first of a chain); not the deltas between them
      stateBytes = files.filter(p -> p.getParent().getParent().getFileName().toString().equals("state"))
          .filter(p -> Files.isRegularFile(p) && !p.getFileName().toString().endsWith(".delta"))
          .mapToLong(p -> p.toFile().length()).sum();
    }
    assertTrue(stateBytes > 128 << 10, "a checkpointed state larger than the budget: " + stateBytes);
    // the state goes on from the checkpoint, on the heap with room for it, then on disk again
    for (String backend : new String[] {"heap", "disk"}) {
      budget(backend.equals("heap") ? "64m" : "128k", backend);
      StreamingQuery next = t.start(COUNTS);
      keys(backend + "-", 200);
      keys("key-", 100);
      assertTrue(next.step());
      assertSinkEqualsBatchRun();
      next.stop();
      next.awaitEnd();
    }
    assertEquals(List.of(), stateFolders(), "the state folder, with the snapshot files, is deleted when the query ends");
  }

  @Test
  void distinctValuesOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    String distinct = "INSERT INTO firsts SELECT DISTINCT k FROM events";
    t.session.execute("CREATE SINK firsts WITH (connector = 'memory')");
    assertTheHeapStops(distinct, () -> keys("key-", 4000), "Distinct");

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "64k" : "64m", backends[run]);
      StreamingQuery q = t.start(distinct);
      keys("key-", 4000); // seen in every run: each key is emitted once, in the first
      keys("run" + run + "-", 300);
      assertTrue(q.step());
      String choice = lastChoice(q, "keys in memory");
      assertTrue(backends[run].equals("heap") ? choice == null
          : !choice.contains(" 0 write-outs") && !choice.contains(" 0 keys found on disk"), String.valueOf(choice));
      q.stop();
      q.awaitEnd();
    }
    List<String> rows = t.rows("SELECT k, COUNT(*) FROM firsts GROUP BY k HAVING COUNT(*) > 1");
    assertEquals(List.of(), rows, "keys emitted more than once");
    assertEquals(List.of("4900"), t.rows("SELECT COUNT(*) FROM firsts"));
    assertEquals(List.of(), stateFolders());
  }

  /**
   * A GROUP BY over the changelog of another (each update of the inner groups retracts the row it
   * replaces): over a tiny budget both keep their groups on disk, the outer one with each group's
   * row count, and the state survives restarts that switch backend either way.
   */
  @Test
  void groupsOverAChangelogGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    String overChangelog = "INSERT INTO counts SELECT k, SUM(n) AS n, SUM(total) AS total FROM (SELECT k, v % 2 AS p,"
        + " COUNT(*) AS n, SUM(v) AS total FROM events GROUP BY k, v % 2) GROUP BY k";
    assertTheHeapStops(overChangelog, () -> keys("key-", 3000), "GroupAggregate");

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      // two operators each with a cache share of the budget, and room for the checkpoint's copy
      budget(backends[run].equals("disk") ? "2m" : "64m", backends[run]);
      StreamingQuery q = t.start(overChangelog);
      for (String prefix : List.of("a-", "b-", "c-", "d-")) {
        keys(prefix, 1500); // in chunks of 1,500 rows: the cache grows by at most a chunk before it is written out
      }
      keys("run" + run + "-", 300);
      assertTrue(q.step());
      keys("b-", 1500); // updates of groups written out: their rows retracted and replaced
      keys("d-", 500);
      assertTrue(q.step());
      assertSinkEqualsBatchRun();
      List<String> choices = q.progress().get(q.progress().size() - 1).operators().stream()
          .map(o -> o.choice()).filter(c -> c != null && c.contains("groups in memory")).toList();
      assertEquals(backends[run].equals("disk") ? 2 : 0, choices.size(), choices.toString());
      for (String choice : choices) {
        assertTrue(!choice.contains(" 0 write-outs") && !choice.contains(" 0 groups read back"), choice);
      }
      q.stop();
      q.awaitEnd();
    }
    assertEquals(List.of(), stateFolders());
  }

  /** Starts {@code query} on the heap backend with a 64 KiB budget: the rows {@code input} adds stop it with 53200 naming {@code operator}. */
  private void assertTheHeapStops(String query, Runnable input, String operator) throws Exception {
    budget("64k", "heap");
    StreamingQuery onHeap = t.start(query);
    input.run();
    SluiceException e = assertThrows(SluiceException.class, onHeap::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains(operator), e.getMessage());
  }

  /** What the operator whose last choice mentions {@code marker} said of its last batch, or null. */
  static String lastChoice(StreamingQuery q, String marker) {
    return q.progress().get(q.progress().size() - 1).operators().stream()
        .filter(o -> o.choice() != null && o.choice().contains(marker)).findFirst().map(o -> o.choice()).orElse(null);
  }

  /** Rows {@code (prefix i, i, ts)} for {@code i} in {@code [0, n)} at 10:00:05, in the window ending 10:00:10. */
  private void windowKeys(String prefix, int n) {
    insertKeys("wevents", prefix, n, ", TIMESTAMP '2024-01-01 10:00:05'");
  }

  @Test
  void windowGroupsOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    t.session.execute("CREATE SOURCE wevents (k VARCHAR, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory')");
    t.session.execute("CREATE SINK wcounts WITH (connector = 'memory')");
    String windowed = "INSERT INTO wcounts SELECT k, COUNT(*) AS n, SUM(v) AS total"
        + " FROM TABLE(TUMBLE(TABLE wevents, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k";
    assertTheHeapStops(windowed, () -> windowKeys("key-", 3000), "WindowAggregate");
    // the failed batch was not committed: the first run on disk reads those rows again

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "800k" : "64m", backends[run]);
      StreamingQuery q = t.start(windowed);
      windowKeys("key-", 1500);
      windowKeys("run" + run + "-", 300);
      assertTrue(q.step());
      assertWindowGroupsInMemory(q, backends[run]);
      q.stop();
      q.awaitEnd();
    }
    assertSinkEqualsBatchRun("wcounts");
    assertEquals(List.of(), stateFolders());
  }

  /**
   * With early firing (and an allowed lateness) a window's changes are held until 10 s of processing
   * time passed: on disk over a tiny budget the groups written out keep their held changes in the
   * store, the firing emits them, and the state survives restarts that switch backend.
   */
  @Test
  void earlyFiringWindowGroupsOverATinyBudgetStayOnDiskUntilTheyFireOnEitherBackend() throws Exception {
    t.session.execute("CREATE SOURCE wevents (k VARCHAR, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory')");
    t.session.execute("CREATE SINK wcounts WITH (connector = 'memory')");
    t.session.execute("SET 'pipeline.window.early-fire' = '10 s'");
    t.session.execute("SET 'pipeline.window.allowed-lateness' = '1 min'");
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String windowed = "INSERT INTO wcounts SELECT k, COUNT(*) AS n, SUM(v) AS total"
        + " FROM TABLE(TUMBLE(TABLE wevents, DESCRIPTOR(ts), INTERVAL '10' SECOND)) GROUP BY window_start, window_end, k";
    java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(1_000_000);
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "800k" : "64m", backends[run]);
      StreamingQuery q = t.start(windowed);
      q.setClock(clock::get);
      int before = t.rows("SELECT * FROM wcounts").size();
      windowKeys("key-", 3000); // more groups than the cache's share holds, however its tables grew
      windowKeys("run" + run + "-", 300);
      assertTrue(q.step());
      assertEquals(before, t.rows("SELECT * FROM wcounts").size(), "run " + run + ": the changes are held");
      assertWindowGroupsInMemory(q, backends[run]);
      clock.addAndGet(11_000);
      assertTrue(q.step(), "run " + run + ": a batch fires the held changes");
      q.stop();
      q.awaitEnd();
      assertSinkEqualsBatchRun("wcounts");
    }
    assertEquals(List.of(), stateFolders());
  }

  /** On {@code backend} disk, the window operator's last batch kept fewer groups in memory than it holds; on the heap, all. */
  private static void assertWindowGroupsInMemory(StreamingQuery q, String backend) {
    String choice = String.valueOf(lastChoice(q, "open windows"));
    java.util.regex.Matcher groups = java.util.regex.Pattern.compile("(\\d+) of (\\d+) groups in memory").matcher(choice);
    if (backend.equals("disk")) {
      assertTrue(groups.find() && Long.parseLong(groups.group(1)) < Long.parseLong(groups.group(2)), choice);
    } else {
      assertTrue(!groups.find(), choice);
    }
  }

  private List<Path> stateFolders() throws java.io.IOException {
    return stateFolders(temp);
  }

  /** The disk backend's state folders under {@code temp}'s {@code work} folder (the tests' spill path). */
  static List<Path> stateFolders(Path temp) throws java.io.IOException {
    Path work = temp.resolve("work");
    if (!Files.exists(work)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(work)) {
      return new ArrayList<>(files.filter(p -> p.getFileName().toString().startsWith("sluice-state-")).toList());
    }
  }
}
