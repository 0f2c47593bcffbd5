package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.BatchProgress;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory budget of continuous queries ({@code pipeline.state.memory}): a query whose state
 * outgrows it stops within the batch with an error naming the query, the operator and what
 * helps; the batch is not committed, and after a larger budget the query goes on from its
 * checkpoint, while a time-to-live needs a new checkpoint folder. The queries of one database count against the budget together.
 */
class StateMemoryBudgetTest {
  private static final String COUNTS = "INSERT INTO counts SELECT k, COUNT(*) AS n FROM events GROUP BY k";

  @TempDir
  Path temp;
  private StreamTestSession t;

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE events (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SINK counts WITH (connector = 'memory');");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** {@code n} rows of distinct keys {@code prefix0 .. prefix(n-1)}. */
  private void distinctKeys(String prefix, int n) {
    StringBuilder values = new StringBuilder("INSERT INTO events VALUES ");
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(prefix).append(i).append("', ").append(i).append(')');
    }
    t.session.execute(values.toString());
  }

  /**
   * Runs {@code q}, started after {@link #checkpointAndSmallBudget}: batch 0 (10 groups) commits,
   * batch 1 (2000 more) outgrows the budget; returns its error.
   */
  private SluiceException overTheBudgetInBatch1(StreamingQuery q) {
    distinctKeys("a", 10);
    assertTrue(q.step());
    distinctKeys("key-", 2000);
    return assertThrows(SluiceException.class, q::step);
  }

  /** Sets a checkpoint folder and a budget of 64 KiB for the queries started next. */
  private void checkpointAndSmallBudget() {
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    t.session.execute("SET 'pipeline.state.memory' = '64k'");
  }

  @Test
  void badBudgetsAreRefusedNamingTheValue() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> t.session.execute("SET 'pipeline.state.memory' = 'plenty'"));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("not 'plenty'"), e.getMessage());
    t.session.execute("SET 'pipeline.state.memory' = '2g'");
    List<String> shown = t.rows("SHOW SETTINGS").stream().filter(line -> line.startsWith("pipeline.state.memory |"))
        .toList();
    assertEquals(1, shown.size(), shown.toString());
    assertTrue(shown.get(0).startsWith("pipeline.state.memory | 2g"), shown.get(0));
  }

  @Test
  void aQueryOverItsBudgetStopsInTheBatchAndGoesOnFromItsCheckpointWithALargerOne() {
    checkpointAndSmallBudget();
    StreamingQuery q = t.start(COUNTS);
    SluiceException e = overTheBudgetInBatch1(q);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    String message = e.getMessage();
    for (String part : List.of("Query " + q.id() + " failed in batch 1", "the state of query " + q.id()
        + " outgrew the memory budget: operator GroupAggregate", "'pipeline.state.memory' = 64.0 KiB",
        "The batch was not committed", "a larger budget", "the query goes on from there",
        "'pipeline.state-ttl'", "watermark", "a checkpoint written without it is refused", "new checkpoint folder")) {
      assertTrue(message.contains(part), part + " in: " + message);
    }
    assertEquals(StreamingQuery.Status.FAILED, q.status());
    assertEquals(10, t.rows("SELECT * FROM counts").size(), "the failed batch wrote nothing");
    String status = t.rows("SHOW QUERIES").get(0);
    assertTrue(status.contains("failed: ") && status.contains("outgrew the memory budget"), status);

    t.session.execute("SET 'pipeline.state.memory' = '64m'");
    StreamingQuery again = t.start(COUNTS);
    assertEquals(1, again.batches(), "batch 0 committed; batch 1 runs again");
    assertTrue(again.step());
    assertEquals(2010, t.rows("SELECT * FROM counts").size());
    assertFalse(again.step());
  }

  @Test
  void aTimeToLiveAfterTheBudgetErrorNeedsANewCheckpoint() {
    checkpointAndSmallBudget();
    overTheBudgetInBatch1(t.start(COUNTS));
    t.session.execute("SET 'pipeline.state-ttl' = '1 hour'");
    // as the budget error says: the time-to-live is part of the operator's state, so the old checkpoint is refused
    SluiceException e = assertThrows(SluiceException.class, () -> t.start(COUNTS));
    assertEquals(ErrorCode.CHECKPOINT_INCOMPATIBLE, e.code());
    assertTrue(e.getMessage().contains("time-to-live") && e.getMessage().contains("new checkpoint location"),
        e.getMessage());
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt2") + "'");
    StreamingQuery fresh = t.start(COUNTS);
    assertEquals(0, fresh.batches(), "on a new checkpoint folder the query starts over");
    fresh.stop();
  }

  /** At parallelism 1 the aggregation runs in one phase; at 2 it merges the workers' partial groups (two phases). */
  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void aBudgetJustBelowATableDoublingStopsTheQueryBeforeTheTablesGrow(int parallelism) {
    t.session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
    // with room to spare: the state of 1,000 groups, then of 4,000 (its tables doubled on the way)
    t.session.execute("SET 'pipeline.state.memory' = '64m'");
    StreamingQuery measured = t.start(COUNTS);
    distinctKeys("a", 1000);
    assertTrue(measured.step());
    long before = lastStateBytes(measured);
    distinctKeys("b", 3000);
    assertTrue(measured.step());
    long after = lastStateBytes(measured);
    String choice = measured.progress().get(1).operators().get(0).choice();
    assertEquals(parallelism > 1, choice != null && choice.startsWith("two phases"), "at " + parallelism + ": " + choice);
    measured.stop();
    assertTrue(after > 2 * before, before + " -> " + after);
    // a budget between the two: the state before the growth fits, after it does not
    long budget = before + (after - before) / 4;
    t.session.execute("SET 'pipeline.state.memory' = '" + budget + "'");
    t.session.execute("CREATE SINK counts2 WITH (connector = 'memory')");
    // at parallelism 2 the 4,000 keys reach the merge as one chunk of partial groups, each a new key: the
    // estimate must count what the tables grow by for the strings of its keys and its lookup scratch too
    StreamingQuery q = t.start("INSERT INTO counts2 SELECT k, COUNT(*) AS n FROM events GROUP BY k");
    SluiceException e = assertThrows(SluiceException.class, q::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("and its tables would grow by"), e.getMessage());
    java.util.regex.Matcher held = java.util.regex.Pattern.compile("the query's state ([0-9.]+) (bytes|KiB|MiB)")
        .matcher(e.getMessage());
    assertTrue(held.find(), e.getMessage());
    double bytes = Double.parseDouble(held.group(1)) * switch (held.group(2)) {
      case "KiB" -> 1024.0;
      case "MiB" -> 1024.0 * 1024;
      default -> 1.0;
    };
    assertTrue(bytes <= budget, "stopped before its tables grew past the budget: " + e.getMessage());
  }

  /**
   * At parallelism 2 the groups of a GROUP BY are first held as partial groups by the workers (or
   * by the partial aggregation on the query's thread when the read does not cut), no operator's
   * state: the budget counts them beside the state, and its error says how much they hold. At
   * parallelism 1 there are none.
   */
  @ParameterizedTest(name = "parallelism {0}")
  @ValueSource(ints = {1, 2})
  void partialGroupsOfTheWorkersCountAgainstTheBudget(int parallelism) {
    t.session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
    t.session.execute("SET 'pipeline.state.memory' = '64k'");
    StreamingQuery q = t.start(COUNTS);
    distinctKeys("key-", 2000);
    SluiceException e = assertThrows(SluiceException.class, q::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    java.util.regex.Matcher workers = java.util.regex.Pattern
        .compile("partial groups on its workers ([0-9.]+) (bytes|KiB|MiB)").matcher(e.getMessage());
    assertEquals(parallelism > 1, workers.find(), e.getMessage());
    if (parallelism > 1) {
      assertTrue(Double.parseDouble(workers.group(1)) > 0, e.getMessage());
    }
  }

  private static long lastStateBytes(StreamingQuery q) {
    List<BatchProgress> progress = q.progress();
    return progress.get(progress.size() - 1).operators().get(0).stateBytes();
  }

  @Test
  void theQueriesOfADatabaseCountAgainstTheBudgetTogether() {
    // one phase: at parallelism 2 a query also holds its workers' partial groups, about as much again as
    // the state this test measures to set a budget the second query alone fits
    t.session.execute("SET 'pipeline.parallelism' = '1'");
    t.session.execute("CREATE SINK counts2 WITH (connector = 'memory')");
    StreamingQuery first = t.start(COUNTS);
    distinctKeys("key-", 2000);
    assertTrue(first.step());
    long firstState = lastStateBytes(first);
    assertTrue(firstState > 2000 * 8, "state of 2000 groups: " + firstState);
    // the second query alone fits; with the first one's state beside it, it does not
    t.session.execute("SET 'pipeline.state.memory' = '" + (firstState + firstState / 2) + "'");
    StreamingQuery second = t.start("INSERT INTO counts2 SELECT k, COUNT(*) AS n FROM events GROUP BY k");
    SluiceException e = assertThrows(SluiceException.class, second::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("the database's other queries hold"), e.getMessage());
    assertEquals(StreamingQuery.Status.RUNNING, first.status(), "the first query, under its own budget, goes on");
    first.stop();
    StreamingQuery third = t.start("INSERT INTO counts2 SELECT k, COUNT(*) AS n FROM events GROUP BY k");
    assertTrue(third.step(), "a stopped query's state no longer counts");
  }
}
