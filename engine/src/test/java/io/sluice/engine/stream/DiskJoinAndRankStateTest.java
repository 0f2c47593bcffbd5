package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A regular join's rows and a deduplication's keys on the disk state backend, through SQL and
 * RocksDB: over a budget the heap backend stops at (53200 naming the operator), the disk backend
 * goes on, reads back the rows of the keys a batch touches, keeps its state across restarts that
 * switch backend either way, gives the rows a batch run gives, and leaves no files behind.
 */
class DiskJoinAndRankStateTest {
  private static final String JOIN = "INSERT INTO joined SELECT o.k, o.v, c.name FROM orders o"
      + " JOIN customers c ON o.k = c.k";
  private static final String FIRSTS = "INSERT INTO firsts SELECT k, v FROM (SELECT k, v,"
      + " ROW_NUMBER() OVER (PARTITION BY k ORDER BY v) AS rn FROM orders) WHERE rn = 1";

  @TempDir
  Path temp;
  private StreamTestSession t;
  private final List<String[]> orders = new ArrayList<>();
  private final List<String[]> customers = new ArrayList<>();

  @BeforeEach
  void setUp() {
    t = new StreamTestSession("CREATE SOURCE orders (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + " CREATE SOURCE customers (k VARCHAR, name VARCHAR) WITH (connector = 'memory');"
        + " CREATE SINK joined WITH (connector = 'memory'); CREATE SINK firsts WITH (connector = 'memory');"
        + " SET 'pipeline.output-mode' = 'update'; SET 'execution.spill-path' = '" + temp.resolve("work") + "';");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  /** Orders {@code (prefix i, i + offset)} for {@code i} in {@code [0, n)}, in one INSERT. */
  private void orders(String prefix, int n, long offset) {
    StringBuilder values = new StringBuilder("INSERT INTO orders VALUES ");
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(prefix).append(i).append("', ").append(i + offset)
          .append(')');
      orders.add(new String[] {prefix + i, String.valueOf(i + offset)});
    }
    t.session.execute(values.toString());
  }

  /** Customers {@code (prefix i, name i)} for {@code i} in {@code [0, n)}, in one INSERT. */
  private void customers(String prefix, int n, String name) {
    StringBuilder values = new StringBuilder("INSERT INTO customers VALUES ");
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(prefix).append(i).append("', '").append(name).append(i)
          .append("')");
      customers.add(new String[] {prefix + i, name + i});
    }
    t.session.execute(values.toString());
  }

  private void budget(String budget, String backend) {
    t.session.execute("SET 'pipeline.state.memory' = '" + budget + "'");
    t.session.execute("SET 'pipeline.state.backend' = '" + backend + "'");
  }

  /** What a batch run of the join over every row so far gives. */
  private List<String> joinedByABatchRun() {
    List<String> rows = new ArrayList<>();
    for (String[] order : orders) {
      for (String[] customer : customers) {
        if (order[0].equals(customer[0])) {
          rows.add(order[0] + " | " + order[1] + " | " + customer[1]);
        }
      }
    }
    Collections.sort(rows);
    return rows;
  }

  @Test
  void joinRowsOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    budget("64k", "heap");
    StreamingQuery onHeap = t.start(JOIN);
    orders("key-", 3000, 0);
    SluiceException e = assertThrows(SluiceException.class, onHeap::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("RegularJoin") || e.getMessage().contains("Join"), e.getMessage());

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "800k" : "64m", backends[run]);
      StreamingQuery q = t.start(JOIN);
      customers("key-", 400, "run" + run + "-"); // matches orders kept since the first run: read back from disk
      orders("run" + run + "-", 500, 0);
      customers("run" + run + "-", 250, "c");
      assertTrue(q.step());
      String choice = DiskStateBackendTest.lastChoice(q, "rows in memory");
      assertTrue(backends[run].equals("heap") ? choice == null
          : !choice.contains(" 0 write-outs") && !choice.contains(" 0 keys read back"), String.valueOf(choice));
      q.stop();
      q.awaitEnd();
    }
    List<String> joined = t.rows("SELECT * FROM joined");
    Collections.sort(joined);
    List<String> expected = joinedByABatchRun();
    List<String> missing = new ArrayList<>(expected);
    missing.removeAll(joined);
    List<String> extra = new ArrayList<>(joined);
    extra.removeAll(expected);
    assertEquals(List.of(), missing.subList(0, Math.min(5, missing.size())), missing.size() + " rows missing");
    assertEquals(List.of(), extra.subList(0, Math.min(5, extra.size())), extra.size() + " rows too many");
    assertEquals(expected.size(), joined.size());
    assertEquals(List.of(), DiskStateBackendTest.stateFolders(temp));
  }

  @Test
  void deduplicatedKeysOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "800k" : "64m", backends[run]);
      StreamingQuery q = t.start(FIRSTS);
      orders("key-", 1500, 10 - run); // each run brings a smaller v for every key: its first row is replaced
      assertTrue(q.step());
      orders("run" + run + "-", 1500, 0);
      assertTrue(q.step());
      String choice = DiskStateBackendTest.lastChoice(q, "keys in memory");
      assertTrue(backends[run].equals("heap") ? choice == null
          : !choice.contains(" 0 write-outs") && (run < 2 || !choice.contains(" 0 keys found on disk")),
          String.valueOf(choice));
      q.stop();
      q.awaitEnd();
    }
    assertEquals(List.of("6000"), t.rows("SELECT COUNT(*) FROM firsts"), "one row per key after the changes");
    assertEquals(List.of("key-7 | 15"), t.rows("SELECT * FROM firsts WHERE k = 'key-7'"), "the smallest v of key-7");
    assertEquals(List.of(), DiskStateBackendTest.stateFolders(temp));
  }

  /** Events {@code (prefix i, 1,000,000 s + i, 10:00:00 + s seconds)} for {@code i} in {@code [0, n)}, in one INSERT. */
  private void events(String prefix, int n, int second) {
    StringBuilder values = new StringBuilder("INSERT INTO events VALUES ");
    for (int i = 0; i < n; i++) {
      values.append(i == 0 ? "" : ", ").append("('").append(prefix).append(i).append("', ").append(1_000_000L * second + i)
          .append(", TIMESTAMP '2024-01-01 10:").append(String.format("%02d:%02d", second / 60, second % 60))
          .append("')");
    }
    t.session.execute(values.toString());
  }

  /**
   * Deduplication by event time ({@code ORDER BY ts}, outside update mode: each key's first row is
   * emitted once, when the watermark passes it): the keys already emitted, which grow without bound,
   * go to disk over a budget the heap backend stops at; duplicates in later runs are found there
   * and dropped, across restarts that switch backend either way. The rows of a batch wait for the
   * next batch's watermark in the cache, so each batch brings 1,500 keys.
   */
  @Test
  void eventTimeDeduplicationKeysOverATinyBudgetGoToDiskAndKeepThemAcrossRestartsOnEitherBackend() throws Exception {
    t.session.execute("CREATE SOURCE events (k VARCHAR, v BIGINT, ts TIMESTAMP(3),"
        + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory')");
    t.session.execute("CREATE SINK firstevents WITH (connector = 'memory')");
    t.session.execute("SET 'pipeline.output-mode' = 'append'");
    String firsts = "INSERT INTO firstevents SELECT k, v, ts FROM (SELECT k, v, ts,"
        + " ROW_NUMBER() OVER (PARTITION BY k ORDER BY ts) AS rn FROM events) WHERE rn = 1";
    budget("64k", "heap");
    StreamingQuery onHeap = t.start(firsts);
    events("key-", 1500, 0);
    SluiceException e = assertThrows(SluiceException.class, onHeap::step);
    assertEquals(ErrorCode.OUT_OF_MEMORY, e.code());
    assertTrue(e.getMessage().contains("Deduplicate"), e.getMessage());

    t.session.execute("SET 'pipeline.checkpoint' = '" + temp.resolve("ckpt") + "'");
    String[] backends = {"disk", "heap", "disk"};
    for (int run = 0; run < backends.length; run++) {
      budget(backends[run].equals("disk") ? "1200k" : "64m", backends[run]);
      StreamingQuery q = t.start(firsts);
      events("key-", 1500, 10 * run + 5); // duplicates of the first run's keys, later: dropped
      assertTrue(q.step());
      events("run" + run + "-", 1500, 10 * run + 5);
      assertTrue(q.step());
      events("late-" + run + "-", 1, 10 * run + 9); // moves the watermark past the run's rows
      assertTrue(q.step());
      String choice = DiskStateBackendTest.lastChoice(q, "keys in memory");
      assertTrue(backends[run].equals("heap") ? choice == null
          : choice != null && !choice.contains(" 0 write-outs") && (run == 0 || !choice.contains(" 0 keys found on disk")),
          "run " + run + ": " + choice + " " + q.progress().get(q.progress().size() - 1));
      q.stop();
      q.awaitEnd();
    }
    assertEquals(List.of("key- | 1500 | 0 | 1499", "late | 2 | 9000000 | 19000000", "run0 | 1500 | 5000000 | 5001499",
        "run1 | 1500 | 15000000 | 15001499"), t.rows("SELECT SUBSTRING(k, 1, 4), COUNT(*), MIN(v), MAX(v)"
        + " FROM firstevents GROUP BY SUBSTRING(k, 1, 4) ORDER BY 1"),
        "one row per key, the first: the duplicates of key- dropped, the last run's rows (and its late row) waiting for"
        + " the watermark a later batch brings");
    assertEquals(List.of("4502"), t.rows("SELECT COUNT(DISTINCT k) FROM firstevents"));
    assertEquals(List.of("key-7 | 7"), t.rows("SELECT k, v FROM firstevents WHERE k = 'key-7'"), "the first row of key-7");
    assertEquals(List.of(), DiskStateBackendTest.stateFolders(temp));
  }
}
