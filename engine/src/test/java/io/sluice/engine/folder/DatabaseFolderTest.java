package io.sluice.engine.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database folder keeps everything across a restart: tables with their rows, views, sources,
 * sinks, settings and the continuous queries that were running, which go on from their checkpoints.
 */
class DatabaseFolderTest {
  @TempDir
  Path dir;

  private Path db() {
    return dir.resolve("db");
  }

  private static List<String> rows(Session session, String sql) {
    List<String> lines = new ArrayList<>();
    try (RowCursor rows = session.execute(sql).rows()) {
      while (rows.next()) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < rows.schema().size(); c++) {
          sb.append(c == 0 ? "" : " | ").append(rows.isNull(c) ? "NULL" : rows.getString(c));
        }
        lines.add(sb.toString());
      }
    }
    Collections.sort(lines);
    return lines;
  }

  /** Every line of the CSV files a files sink wrote, sorted. */
  private static List<String> sinkLines(Path sink) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.walk(sink)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    Collections.sort(lines);
    return lines;
  }

  @Test
  void aRestartFindsTablesViewsSourcesSinksSettingsAndRunningQueries() throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Path out = dir.resolve("out");
    Database first = Database.open(db());
    assertSame(first, Database.open(db()), "one database per folder within the JVM");
    try (Session s = first.openSession()) {
      s.executeScript("CREATE TABLE customer (id BIGINT NOT NULL, name VARCHAR, amount DECIMAL(10, 2), seen TIMESTAMP(3));"
          + " INSERT INTO customer VALUES (1, 'Ada', 10.50, TIMESTAMP '2024-01-01 10:00:00'),"
          + " (2, 'Grace', NULL, NULL), (3, 'Linus', 3.25, TIMESTAMP '2024-01-02 11:30:00.125');"
          + " UPDATE customer SET name = 'Grace H' WHERE id = 2;"
          + " DELETE FROM customer WHERE id = 3;"
          + " CREATE TABLE rich AS SELECT id, amount * 2 AS doubled FROM customer WHERE amount IS NOT NULL;"
          + " CREATE TABLE nothing (x INTEGER);"
          + " CREATE TABLE gone (x INTEGER); INSERT INTO gone VALUES (1); DROP TABLE gone;"
          + " CREATE VIEW named AS SELECT name FROM customer WHERE id > 1;"
          + " CREATE SOURCE events (id BIGINT, v BIGINT) WITH (connector = 'files', path = '" + in + "', format = 'csv');"
          + " CREATE SINK passed WITH (connector = 'files', path = '" + out + "', format = 'csv');"
          + " SET 'execution.batch-size' = '512';");
      assertEquals("Query q1 started", s.execute("INSERT INTO passed SELECT id, v * 10 AS v10 FROM events WHERE v > 1")
          .message().substring(0, "Query q1 started".length()));
      Files.writeString(in.resolve("0.csv"), "1,1\n2,2\n3,3\n");
      first.queries().processAllAvailable();
      assertEquals(List.of("2,20", "3,30"), sinkLines(out));
    }
    first.close();

    Files.writeString(in.resolve("1.csv"), "4,4\n5,0\n");
    Database second = Database.open(db());
    assertNotSame(first, second);
    try (Session s = second.openSession()) {
      assertEquals(List.of("1 | Ada | 10.50 | 2024-01-01 10:00:00", "2 | Grace H | NULL | NULL"),
          rows(s, "SELECT * FROM customer"));
      assertEquals(List.of("1 | 21.00"), rows(s, "SELECT * FROM rich"));
      assertEquals(List.of(), rows(s, "SELECT * FROM nothing"));
      assertEquals(List.of("Grace H"), rows(s, "SELECT * FROM named"));
      assertEquals(List.of("customer | TABLE", "events | SOURCE", "named | VIEW", "nothing | TABLE", "passed | SINK",
          "rich | TABLE"), rows(s, "SHOW TABLES").stream().map(r -> r.substring(0, r.lastIndexOf(" | "))).toList());
      assertTrue(rows(s, "SHOW SETTINGS").contains("execution.batch-size | 512 | database"));
      assertTrue(rows(s, "SHOW SETTINGS").contains("pipeline.checkpoint | " + db().toAbsolutePath().resolve("checkpoints")
          + " | database"), "checkpoints are kept in the folder");
      s.execute("RESET");
      assertTrue(rows(s, "SHOW SETTINGS").contains("pipeline.checkpoint | " + db().toAbsolutePath().resolve("checkpoints")
          + " | database"), "RESET goes back to the folder's checkpoints");
      StreamingQuery q1 = second.queries().get("q1");
      assertEquals(StreamingQuery.Status.RUNNING, q1.status());
      second.queries().processAllAvailable();
      assertEquals(List.of("2,20", "3,30", "4,40"), sinkLines(out), "went on from its checkpoint: none lost, none twice");
      // new ids follow the restored ones; a stopped query stays stopped after a restart
      s.execute("STOP QUERY q1");
      s.execute("CREATE SINK other WITH (connector = 'blackhole')");
      assertTrue(s.execute("INSERT INTO other SELECT * FROM events").message().startsWith("Query q2 started"));
    }
    second.close();

    try (Session late = second.openSession()) {
      SluiceException closed = assertThrows(SluiceException.class, () -> late.execute("CREATE TABLE late (x INTEGER)"));
      assertTrue(closed.getMessage().contains("was closed: the statement ran but is not saved"), closed.getMessage());
    }

    try (Database third = Database.open(db()); Session s = third.openSession()) {
      assertEquals(null, third.queries().get("q1"), "stopped by STOP QUERY: not started again");
      assertEquals(null, third.catalog().find("late"));
      assertEquals(StreamingQuery.Status.RUNNING, third.queries().get("q2").status());
      assertEquals(2, rows(s, "SELECT * FROM customer").size());
    }
  }

  @Test
  void dropTableCascadeForgetsItsViewsAndDropIndexNoTable() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.executeScript("CREATE TABLE t (id BIGINT PRIMARY KEY); CREATE VIEW v AS SELECT id FROM t;"
          + " CREATE TABLE keep (x INTEGER); INSERT INTO keep VALUES (7); CREATE INDEX keep ON t (id);"
          + " DROP INDEX keep; DROP TABLE t CASCADE;");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("7"), rows(s, "SELECT x FROM keep"), "DROP INDEX keep left table keep alone");
      assertNull(database.catalog().find("v"), "the view dropped by CASCADE stays dropped");
      assertNull(database.catalog().find("t"));
    }
  }

  @Test
  void indexesAndKeysAreKeptAndEnforcedAfterReopening() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.executeScript("CREATE TABLE \"Orders\" (\"Id\" BIGINT, region VARCHAR, amount INTEGER, PRIMARY KEY (\"Id\"));"
          + " INSERT INTO \"Orders\" VALUES (1, 'north', 10), (2, 'south', 20), (3, 'north', 30);"
          + " CREATE UNIQUE INDEX by_amount ON \"Orders\" (amount);"
          + " CREATE INDEX by_region ON \"Orders\" USING hash (region);"
          + " CREATE INDEX gone ON \"Orders\" (region, amount); DROP INDEX gone;"
          + " CREATE TABLE dropped (x INTEGER); CREATE INDEX dropped_x ON dropped (x); DROP TABLE dropped;");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      List<String> indexes = new ArrayList<>();
      database.catalog().indexes().forEach(i -> indexes.add(i.name() + " " + i.describe()));
      assertEquals(List.of("by_amount UNIQUE (amount)", "by_region INDEX (region) USING hash",
          "Orders_pkey PRIMARY KEY (Id)"), indexes);
      SluiceException key = assertThrows(SluiceException.class, () -> s.execute("INSERT INTO \"Orders\" VALUES (2, 'east', 40)"));
      assertEquals(ErrorCode.UNIQUE_VIOLATION, key.code(), key.getMessage());
      SluiceException unique = assertThrows(SluiceException.class, () -> s.execute("UPDATE \"Orders\" SET amount = 10 WHERE \"Id\" = 3"));
      assertTrue(unique.getMessage().contains("unique index 'by_amount' (amount) = (10)"), unique.getMessage());
      String plan = String.join("\n", rows(s, "EXPLAIN SELECT \"Id\" FROM \"Orders\" WHERE amount = 20"));
      assertTrue(plan.contains("index=by_amount"), plan);
      assertEquals(List.of("2"), rows(s, "SELECT \"Id\" FROM \"Orders\" WHERE amount = 20"));
      s.execute("CREATE TABLE dropped (x INTEGER)");
      assertEquals(List.of(), database.catalog().indexesOf("dropped"), "DROP TABLE took its index along");
      s.execute("DROP INDEX by_region");
    }
    try (Database database = Database.open(db())) {
      List<String> names = new ArrayList<>();
      database.catalog().indexes().forEach(i -> names.add(i.name()));
      assertEquals(List.of("by_amount", "Orders_pkey"), names, "DROP INDEX stays dropped");
    }
  }

  @Test
  void insertsAddFilesAndUpdatesRewriteThemAsOne() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.execute("CREATE TABLE t (id BIGINT, name VARCHAR)");
      for (int i = 1; i <= 40; i++) {
        s.execute("INSERT INTO t VALUES (" + i + ", 'n" + i + "')");
      }
      assertTrue(dataFiles().size() <= 32, "rewritten as one file every 32 inserts: " + dataFiles());
      assertTrue(dataFiles().size() > 1, "an insert adds a file: " + dataFiles());
      s.execute("UPDATE t SET name = 'first' WHERE id = 1");
      assertEquals(1, dataFiles().size(), "an update rewrites the table as one file");
      s.execute("INSERT INTO t VALUES (41, 'n41')");
      assertEquals(2, dataFiles().size());
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      List<String> rows = rows(s, "SELECT id, name FROM t WHERE id IN (1, 2, 40, 41)");
      assertEquals(List.of("1 | first", "2 | n2", "40 | n40", "41 | n41"), rows);
      assertEquals(List.of("41"), rows(s, "SELECT COUNT(*) FROM t"));
      s.execute("DELETE FROM t");
      assertEquals(List.of(), dataFiles(), "no rows, no files");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("0"), rows(s, "SELECT COUNT(*) FROM t"));
    }
  }

  /**
   * An INSERT killed while it wrote its rows leaves a temporary file (or a whole data file the
   * catalog never came to name); the next start deletes them unread. Planted here as a kill would
   * leave them, with content no reader could take.
   */
  @Test
  void leftoversOfWritesCutShortAreDeletedUnread() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.execute("CREATE TABLE t (id BIGINT)");
      s.execute("INSERT INTO t VALUES (1), (2)");
    }
    List<Path> kept = dataFiles();
    Path data = db().resolve("data");
    List<Path> planted = List.of(data.resolve("7.rows.tmp"), data.resolve("8.rows"), db().resolve("catalog.tmp"));
    for (Path p : planted) {
      Files.writeString(p, "half a write");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      for (Path p : planted) {
        assertTrue(Files.notExists(p), p + " is deleted at start");
      }
      assertEquals(kept, dataFiles());
      assertEquals(List.of("2"), rows(s, "SELECT COUNT(*) FROM t"));
      s.execute("INSERT INTO t VALUES (3)");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("3"), rows(s, "SELECT COUNT(*) FROM t"));
    }
  }

  /**
   * A rejects table is an in-memory table of the database like any other: its rows outlive a
   * restart, also those a query added while its result was read, after its statement was saved.
   */
  @Test
  void aRejectsTableIsKeptLikeOtherTables() throws Exception {
    Path csv = dir.resolve("raw.csv");
    Files.writeString(csv, "1,a\nnot a number,b\n3,c\n");
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.execute("CREATE TABLE raw (id BIGINT, v VARCHAR) WITH (connector = 'files', path = '" + csv
          + "', format = 'csv', mode = 'dropmalformed', 'rejects-table' = 'raw_rejects')");
      // the rejects come while the result is read, after the statement was saved: closing saves them
      assertEquals(List.of("2"), rows(s, "SELECT COUNT(*) FROM raw"));
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("2 | dropped | not a number,b"), rows(s, "SELECT line, action, raw_line FROM raw_rejects"));
      assertEquals(List.of("2"), rows(s, "SELECT COUNT(*) FROM raw"));
      assertEquals(List.of("2"), rows(s, "SELECT COUNT(*) FROM raw_rejects"), "the second read adds its rejects");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("2"), rows(s, "SELECT COUNT(*) FROM raw_rejects"));
      s.execute("DELETE FROM raw_rejects");
    }
    // a stream's rejects arrive as its batches commit, with no statement after them
    Path in = Files.createDirectories(dir.resolve("in"));
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.execute("CREATE SOURCE events (id BIGINT, v VARCHAR) WITH (connector = 'files', path = '" + in
          + "', format = 'csv', mode = 'dropmalformed', 'rejects-table' = 'event_rejects')");
      s.execute("CREATE SINK quiet WITH (connector = 'blackhole')");
      s.execute("INSERT INTO quiet SELECT * FROM events");
      Files.writeString(in.resolve("0.csv"), "1,a\nx,b\n");
      database.queries().processAllAvailable();
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("2 | x,b"), rows(s, "SELECT line, raw_line FROM event_rejects"));
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("0"), rows(s, "SELECT COUNT(*) FROM raw_rejects"));
    }
  }

  private List<Path> dataFiles() throws IOException {
    try (Stream<Path> files = Files.list(db().resolve("data"))) {
      return files.filter(p -> p.toString().endsWith(".rows")).sorted().toList();
    }
  }

  /**
   * A memory source keeps its rows and a memory sink its rows and last batch, so a query over them
   * goes on exactly after the offset it committed: rows inserted right after the reopen, before the
   * restarted query ran a batch, are read once, and none of the earlier ones again.
   */
  @Test
  void memorySourcesAndSinksKeepTheirRowsSoQueriesGoOnFromTheirOffsets() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.executeScript("CREATE SOURCE clicks (id BIGINT) WITH (connector = 'memory');"
          + " CREATE SINK seen WITH (connector = 'memory');"
          + " CREATE SINK parity WITH (connector = 'memory');"
          + " INSERT INTO seen SELECT id FROM clicks;"
          + " INSERT INTO parity SELECT id % 2 AS odd, COUNT(*) AS n FROM clicks GROUP BY id % 2;"
          + " INSERT INTO clicks VALUES (1), (2), (3);");
      database.queries().processAllAvailable();
      assertEquals(List.of("1", "2", "3"), rows(s, "SELECT * FROM seen"));
      assertEquals(List.of("0 | 1", "1 | 2"), rows(s, "SELECT * FROM parity"));
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("1", "2", "3"), rows(s, "SELECT * FROM seen"), "the sink's rows are kept");
      assertEquals(List.of("0 | 1", "1 | 2"), rows(s, "SELECT * FROM parity"));
      s.execute("INSERT INTO clicks VALUES (4), (5), (6), (7)"); // at once: no batch of the restarted queries ran
      database.queries().processAllAvailable();
      assertEquals(StreamingQuery.Status.RUNNING, database.queries().get("q1").status());
      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), rows(s, "SELECT * FROM seen"), "each row once");
      assertEquals(List.of("0 | 3", "1 | 4"), rows(s, "SELECT * FROM parity"), "the changelog goes on from the rows kept");
      assertEquals(7, ((io.sluice.engine.stream.MemorySource) database.catalog().find("clicks").source()).rowCount());
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertEquals(List.of("1", "2", "3", "4", "5", "6", "7"), rows(s, "SELECT * FROM seen"));
      s.executeScript("STOP QUERY q1; DROP SINK seen; CREATE SINK seen WITH (connector = 'memory');");
    }
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      assertNull(database.catalog().find("seen").table(), "a sink dropped and created again starts empty");
      assertEquals(List.of("0 | 3", "1 | 4"), rows(s, "SELECT * FROM parity"));
    }
  }

  @Test
  void aDamagedCatalogIsRefusedWithItsName() throws Exception {
    try (Database database = Database.open(db()); Session s = database.openSession()) {
      s.executeScript("CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);");
    }
    Path catalog = db().resolve("catalog");
    String text = Files.readString(catalog);
    Files.writeString(catalog, text.replace("INTEGER", "BIGINT"));
    SluiceException e = assertThrows(SluiceException.class, () -> Database.open(db()));
    assertEquals(ErrorCode.DATABASE_DAMAGED, e.code());
    assertTrue(e.getMessage().contains(catalog.toAbsolutePath().toString()), e.getMessage());
    assertTrue(e.getMessage().contains("checksum does not match"), e.getMessage());

    Files.writeString(catalog, text);
    Path data;
    try (Stream<Path> files = Files.list(db().resolve("data"))) {
      data = files.filter(p -> p.toString().endsWith(".rows")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(data);
    bytes[bytes.length / 2] ^= 1;
    Files.write(data, bytes);
    e = assertThrows(SluiceException.class, () -> Database.open(db()));
    assertEquals(ErrorCode.DATABASE_DAMAGED, e.code());
    assertTrue(e.getMessage().contains(data.toAbsolutePath().toString()), e.getMessage());

    Files.writeString(catalog, text.substring(0, text.length() / 2));
    e = assertThrows(SluiceException.class, () -> Database.open(db()));
    assertTrue(e.getMessage().contains("no checksum line"), e.getMessage());
  }

  @Test
  void anotherProcessCannotOpenTheFolderAndTheErrorNamesIt() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
        FolderHolder.class.getName(), db().toString()).redirectErrorStream(true).start();
    try {
      BufferedReader reader = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      assertEquals("open", reader.readLine());
      SluiceException e = assertThrows(SluiceException.class, () -> Database.open(db()));
      assertEquals(ErrorCode.DATABASE_IN_USE, e.code());
      assertTrue(e.getMessage().contains("is in use by process " + child.pid() + " on "), e.getMessage());
      assertTrue(e.getMessage().contains(db().toAbsolutePath().toString()), e.getMessage());
    } finally {
      child.getOutputStream().close();
      child.waitFor();
    }
    try (Database database = Database.open(db())) {
      assertEquals(List.of(), database.queries().list(), "open once the holder is gone");
    }
  }
}
