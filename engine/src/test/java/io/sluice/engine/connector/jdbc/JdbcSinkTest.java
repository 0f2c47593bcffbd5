package io.sluice.engine.connector.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.stream.StreamTestSession;
import io.sluice.engine.stream.StreamingQuery;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The jdbc sink against a real PostgreSQL server ({@link PostgresServer}), through continuous queries. */
class JdbcSinkTest {
  private static PostgresServer postgres;
  @TempDir
  Path folder;
  private StreamTestSession t;

  @BeforeAll
  static void startPostgres() throws Exception {
    postgres = PostgresServer.shared();
  }

  @AfterEach
  void close() {
    if (t != null) {
      t.close();
    }
  }

  /** A jdbc sink named {@code name} over {@code table} of the test server, with more options after a comma. */
  private static String sink(String name, String table, String more) {
    return "CREATE SINK " + name + " WITH (connector = 'jdbc', url = '" + postgres.url() + "', table = '" + table
        + "', user = '" + PostgresServer.USER + "', password = '" + PostgresServer.PASSWORD + "'" + more + ");";
  }

  @Test
  void appendOutputInsertsEachBatchAndRecordsItsId() throws Exception {
    postgres.execute("CREATE TABLE clicks_copy (id BIGINT, page TEXT, ts TIMESTAMP, score DOUBLE PRECISION,"
        + " ok BOOLEAN, day DATE, price NUMERIC(10, 2))");
    t = new StreamTestSession("CREATE SOURCE clicks (id BIGINT, page VARCHAR, ts TIMESTAMP(3), score DOUBLE,"
        + " ok BOOLEAN, day DATE, price DECIMAL(10, 2)) WITH (connector = 'memory');" + sink("copy", "clicks_copy", ""));
    StreamingQuery query = t.start("INSERT INTO copy SELECT * FROM clicks WHERE id > 0");
    t.session.execute("INSERT INTO clicks VALUES (1, 'home', TIMESTAMP '2026-01-02 03:04:05.678', 0.5, TRUE,"
        + " DATE '2026-01-02', 12.34), (-1, 'gone', NULL, NULL, NULL, NULL, NULL), (2, NULL, NULL, NULL, NULL, NULL, NULL)");
    assertTrue(query.step());
    t.session.execute("INSERT INTO clicks VALUES (3, 'c€', NULL, NULL, FALSE, NULL, -1.5)");
    assertTrue(query.step());
    assertEquals(List.of("1 | home | 2026-01-02 03:04:05.678 | 0.5 | t | 2026-01-02 | 12.34",
        "2 | null | null | null | null | null | null", "3 | c€ | null | null | f | null | -1.50"),
        postgres.rows("SELECT * FROM clicks_copy ORDER BY id"));
    assertEquals(List.of("copy | 1"), postgres.rows("SELECT * FROM sluice_sink_commits WHERE sink_id = 'copy'"));
  }

  @Test
  void updateOutputUpsertsByKeyAndDeletesRetractedRows() throws Exception {
    checkCountOfCounts("buckets", "");
  }

  @Test
  void theGenericUpdateThenInsertPathGivesTheSameTable() throws Exception {
    checkCountOfCounts("buckets_generic", ", upsert = 'update-insert'");
  }

  @Test
  void sqlMergeGivesTheSameTable() throws Exception {
    checkCountOfCounts("buckets_merge", ", upsert = 'merge'");
  }

  /**
   * An aggregation over an aggregation: a bucket of keys by their count gains and loses keys as
   * counts change, so the outer groups are updated (-U/+U) and retracted (-D) when they empty.
   */
  private void checkCountOfCounts(String table, String upsert) throws Exception {
    postgres.execute("CREATE TABLE " + table + " (cnt BIGINT PRIMARY KEY, keys BIGINT NOT NULL)");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + sink(table + "_sink", table, ", key = 'cnt'" + upsert) + "SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start(
        "INSERT INTO " + table + "_sink SELECT cnt, COUNT(*) AS keys FROM (SELECT k, COUNT(*) AS cnt FROM s GROUP BY k) GROUP BY cnt");
    String select = "SELECT * FROM " + table + " ORDER BY cnt";
    t.session.execute("INSERT INTO s VALUES ('a', 1), ('b', 1), ('c', 1), ('a', 2)");
    assertTrue(query.step());
    assertEquals(List.of("1 | 2", "2 | 1"), postgres.rows(select));
    t.session.execute("INSERT INTO s VALUES ('a', 3), ('b', 2)");
    assertTrue(query.step());
    assertEquals(List.of("1 | 1", "2 | 1", "3 | 1"), postgres.rows(select));
    t.session.execute("INSERT INTO s VALUES ('c', 2), ('c', 3)");
    assertTrue(query.step());
    assertEquals(List.of("2 | 1", "3 | 2"), postgres.rows(select), "bucket 1 emptied: its row is deleted");
    t.session.execute("INSERT INTO s VALUES ('d', 1), ('b', 3), ('b', 4), ('b', 5)");
    assertTrue(query.step());
    assertEquals(List.of("1 | 1", "3 | 2", "5 | 1"), postgres.rows(select));
    assertEquals(batchComputation(), postgres.rows(select), "the same as a batch run over all rows");
  }

  /** The count of counts over every row of source s, computed by PostgreSQL from the same rows. */
  private List<String> batchComputation() throws Exception {
    postgres.execute("DROP TABLE IF EXISTS s_rows", "CREATE TABLE s_rows (k TEXT, v BIGINT)",
        "INSERT INTO s_rows VALUES ('a', 1), ('b', 1), ('c', 1), ('a', 2), ('a', 3), ('b', 2), ('c', 2), ('c', 3),"
            + " ('d', 1), ('b', 3), ('b', 4), ('b', 5)");
    return postgres.rows("SELECT cnt, COUNT(*) FROM (SELECT k, COUNT(*) AS cnt FROM s_rows GROUP BY k) c"
        + " GROUP BY cnt ORDER BY cnt");
  }

  @Test
  void completeOutputReplacesTheTableEveryBatch() throws Exception {
    postgres.execute("CREATE TABLE totals (k TEXT, total BIGINT)", "INSERT INTO totals VALUES ('old', 0)");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + sink("totals_sink", "totals", ""));
    StreamingQuery query = t.start("INSERT INTO totals_sink SELECT k, SUM(v) AS total FROM s GROUP BY k");
    t.session.execute("INSERT INTO s VALUES ('a', 1), ('b', 2)");
    assertTrue(query.step());
    t.session.execute("INSERT INTO s VALUES ('a', 10)");
    assertTrue(query.step());
    assertEquals(List.of("a | 11", "b | 2"), postgres.rows("SELECT * FROM totals ORDER BY k"));
  }

  @Test
  void aBatchRunAgainAfterACrashIsNotWrittenTwice() throws Exception {
    postgres.execute("CREATE TABLE paid (id BIGINT)");
    Path checkpoints = folder.resolve("checkpoints");
    t = new StreamTestSession("CREATE SOURCE payments (id BIGINT) WITH (connector = 'memory');"
        + sink("paid_sink", "paid", "") + "SET 'pipeline.checkpoint' = '" + checkpoints + "';");
    String copy = "INSERT INTO paid_sink SELECT id FROM payments";
    StreamingQuery query = t.start(copy);
    t.session.execute("INSERT INTO payments VALUES (1), (2)");
    assertTrue(query.step());
    t.session.execute("INSERT INTO payments VALUES (3)");
    assertTrue(query.step());
    query.stop();
    // as if the process died after batch 1's rows and id were committed to PostgreSQL, before the checkpoint's commit
    Files.delete(checkpoints.resolve("paid_sink/commits/1"));

    query = t.start(copy);
    assertTrue(query.step(), "batch 1 runs again");
    assertEquals(List.of("1", "2", "3"), postgres.rows("SELECT * FROM paid ORDER BY id"), "and is skipped by the sink");
    t.session.execute("INSERT INTO payments VALUES (4)");
    assertTrue(query.step());
    assertFalse(query.step());
    assertEquals(List.of("1", "2", "3", "4"), postgres.rows("SELECT * FROM paid ORDER BY id"));
  }

  @Test
  void aMergedBatchRunAgainAfterACrashIsSkipped() throws Exception {
    postgres.execute("CREATE TABLE merged (k TEXT PRIMARY KEY, total BIGINT NOT NULL, seen TIMESTAMP NOT NULL)");
    Path checkpoints = folder.resolve("merge-checkpoints");
    t = new StreamTestSession("CREATE SOURCE m (k VARCHAR, v BIGINT, ts TIMESTAMP(3)) WITH (connector = 'memory');"
        + sink("merged_sink", "merged", ", key = 'k', upsert = 'merge'") + "SET 'pipeline.output-mode' = 'update';"
        + "SET 'pipeline.checkpoint' = '" + checkpoints + "';");
    String totals = "INSERT INTO merged_sink SELECT k, SUM(v) AS total, MAX(ts) AS seen FROM m WHERE v > 0 GROUP BY k";
    StreamingQuery query = t.start(totals);
    t.session.execute("INSERT INTO m VALUES ('a', 1, TIMESTAMP '2024-01-01 00:00:01'), ('b', 2, TIMESTAMP"
        + " '2024-01-01 00:00:02')");
    assertTrue(query.step());
    t.session.execute("INSERT INTO m VALUES ('a', 10, TIMESTAMP '2024-01-01 00:00:03')");
    assertTrue(query.step());
    String select = "SELECT k, total, seen FROM merged ORDER BY k";
    assertEquals(List.of("a | 11 | 2024-01-01 00:00:03", "b | 2 | 2024-01-01 00:00:02"), postgres.rows(select));
    query.stop();
    // batch 1 committed to PostgreSQL before the process died, its checkpoint commit did not; then someone edits row a
    Files.delete(checkpoints.resolve("merged_sink/commits/1"));
    postgres.execute("UPDATE merged SET total = 99 WHERE k = 'a'");

    query = t.start(totals);
    assertTrue(query.step(), "batch 1 runs again");
    assertEquals(List.of("a | 99 | 2024-01-01 00:00:03", "b | 2 | 2024-01-01 00:00:02"), postgres.rows(select),
        "the sink skips it: its MERGE would have set a back to 11");
    t.session.execute("INSERT INTO m VALUES ('a', 1, TIMESTAMP '2024-01-01 00:00:04'), ('c', 5, TIMESTAMP"
        + " '2024-01-01 00:00:05')");
    assertTrue(query.step());
    assertEquals(List.of("a | 12 | 2024-01-01 00:00:04", "b | 2 | 2024-01-01 00:00:02", "c | 5 | 2024-01-01 00:00:05"),
        postgres.rows(select), "an update by MERGE and an insert by MERGE");
  }

  @Test
  void aBatchCutShortBeforeItsCommitLeavesNoRow() throws Exception {
    postgres.execute("CREATE TABLE cut (id BIGINT)");
    t = new StreamTestSession("CREATE SOURCE ids (id BIGINT) WITH (connector = 'memory');" + sink("cut_sink", "cut", "")
        + "CREATE SINK failing WITH (connector = 'memory');");
    // the second statement of the batch fails on the database after the first row went in: the batch rolls back
    postgres.execute("ALTER TABLE cut ADD CONSTRAINT small CHECK (id < 100)");
    StreamingQuery query = t.start("INSERT INTO cut_sink SELECT id FROM ids");
    t.session.execute("INSERT INTO ids VALUES (1), (2), (500)");
    SluiceException error = assertThrows(SluiceException.class, query::step);
    assertTrue(error.getMessage().contains("Sink 'cut_sink' could not write batch 0 to table 'cut'"), error.getMessage());
    assertTrue(error.getMessage().contains("small"), "the database's reason: " + error.getMessage());
    assertEquals(List.of(), postgres.rows("SELECT * FROM cut"));
  }

  @Test
  void aConnectionTheDatabaseDroppedBetweenBatchesIsReplaced() throws Exception {
    postgres.execute("CREATE TABLE survived (id BIGINT)");
    t = new StreamTestSession("CREATE SOURCE ids (id BIGINT) WITH (connector = 'memory');"
        + sink("survived_sink", "survived", ", 'properties.ApplicationName' = 'sluice-dropped'"));
    StreamingQuery query = t.start("INSERT INTO survived_sink SELECT id FROM ids");
    t.session.execute("INSERT INTO ids VALUES (1)");
    assertTrue(query.step());
    assertEquals(List.of("t"), postgres.rows("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        + " WHERE application_name = 'sluice-dropped'"), "the sink kept its connection, which is now cut");
    t.session.execute("INSERT INTO ids VALUES (2)");
    assertTrue(query.step());
    assertEquals(List.of("1", "2"), postgres.rows("SELECT * FROM survived ORDER BY id"));
  }

  @Test
  void aColumnOfAnotherTypeIsRefusedNamingTheColumnAndBothTypes() throws Exception {
    postgres.execute("CREATE TABLE typed (k TEXT, n VARCHAR(10))");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + sink("typed_sink", "typed", ""));
    StreamingQuery query = t.start("INSERT INTO typed_sink SELECT k, v AS n FROM s");
    t.session.execute("INSERT INTO s VALUES ('a', 1)");
    SluiceException error = assertThrows(SluiceException.class, query::step);
    assertEquals(ErrorCode.TYPE_MISMATCH, error.code());
    assertTrue(error.getMessage().contains("Column 'n' of table 'typed' is varchar (VARCHAR), but sink 'typed_sink'"
        + " writes BIGINT into it"), error.getMessage());
    assertEquals(List.of(), postgres.rows("SELECT * FROM typed"));
  }

  @Test
  void aMissingTableOrColumnIsNamed() throws Exception {
    postgres.execute("CREATE TABLE narrow (k TEXT)");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR, v BIGINT) WITH (connector = 'memory');"
        + sink("narrow_sink", "narrow", "") + sink("nowhere_sink", "nowhere", ""));
    StreamingQuery query = t.start("INSERT INTO narrow_sink SELECT k, v FROM s");
    t.session.execute("INSERT INTO s VALUES ('a', 1)");
    SluiceException error = assertThrows(SluiceException.class, query::step);
    assertEquals(ErrorCode.UNKNOWN_COLUMN, error.code());
    assertTrue(error.getMessage().contains("Sink 'narrow_sink' writes column 'v', but table 'narrow' has no such"
        + " column (its columns: k text)"), error.getMessage());
    StreamingQuery nowhere = t.start("INSERT INTO nowhere_sink SELECT k, v FROM s");
    error = assertThrows(SluiceException.class, nowhere::step);
    assertEquals(ErrorCode.UNKNOWN_TABLE, error.code());
    assertTrue(error.getMessage().contains("table 'nowhere'"), error.getMessage());
  }

  @Test
  void aRefusedConnectionNamesTheUrlButNotThePassword() throws Exception {
    int closedPort;
    try (ServerSocket probe = new ServerSocket(0)) {
      closedPort = probe.getLocalPort();
    }
    String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/shop";
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR) WITH (connector = 'memory');"
        + "CREATE SINK down WITH (connector = 'jdbc', url = '" + url + "?password=hunter2', table = 't',"
        + " user = 'app', password = 'hunter2');");
    StreamingQuery query = t.start("INSERT INTO down SELECT k FROM s");
    t.session.execute("INSERT INTO s VALUES ('a')");
    SluiceException error = assertThrows(SluiceException.class, query::step);
    assertEquals(ErrorCode.IO_ERROR, error.code());
    assertTrue(error.getMessage().contains("Sink 'down' cannot connect to " + url + "?password=***: Connection to"),
        error.getMessage());
    assertFalse(error.getMessage().contains("hunter2"), error.getMessage());
  }

  @Test
  void updateOutputWithoutAKeyIsRefusedWhenTheQueryStarts() throws Exception {
    postgres.execute("CREATE TABLE keyless (k TEXT, n BIGINT)");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR) WITH (connector = 'memory');"
        + sink("keyless_sink", "keyless", "") + "SET 'pipeline.output-mode' = 'update';");
    SluiceException error = assertThrows(SluiceException.class,
        () -> t.start("INSERT INTO keyless_sink SELECT k, COUNT(*) AS n FROM s GROUP BY k"));
    assertTrue(error.getMessage().contains("Sink 'keyless_sink' (jdbc " + postgres.url() + " table keyless without"
        + " option 'key', which update output needs) takes only inserts"), error.getMessage());
  }

  @Test
  void aKeyThatIsNoUniqueIndexOfTheTableIsNamed() throws Exception {
    postgres.execute("CREATE TABLE unindexed (k TEXT, n BIGINT)");
    t = new StreamTestSession("CREATE SOURCE s (k VARCHAR) WITH (connector = 'memory');"
        + sink("unindexed_sink", "unindexed", ", key = 'k'") + "SET 'pipeline.output-mode' = 'update';");
    StreamingQuery query = t.start("INSERT INTO unindexed_sink SELECT k, COUNT(*) AS n FROM s GROUP BY k");
    t.session.execute("INSERT INTO s VALUES ('a')");
    SluiceException error = assertThrows(SluiceException.class, query::step);
    assertTrue(error.getMessage().contains("(SQLSTATE 42P10). Option 'key' (k) must be the columns of a primary key"
        + " or unique index of table 'unindexed'."), error.getMessage());
  }

  @Test
  void badOptionsAreRefusedWhenTheSinkIsDeclared() {
    t = new StreamTestSession("");
    SluiceException error = assertThrows(SluiceException.class, () -> t.session.execute(
        "CREATE SINK bad WITH (connector = 'jdbc', url = 'jdbc:postgresql://h/db', table = 'x; DROP TABLE y')"));
    assertEquals(ErrorCode.INVALID_OPTION, error.code());
    assertTrue(error.getMessage().contains("Option 'table' of sink 'bad' must be a table name"), error.getMessage());
    error = assertThrows(SluiceException.class, () -> t.session.execute(
        "CREATE SINK bad WITH (connector = 'jdbc', url = 'jdbc:postgresql://h/db', table = 't', kye = 'a')"));
    assertTrue(error.getMessage().contains("Unknown option 'kye' for connector 'jdbc'."),
        error.getMessage());
  }
}
