package io.sluice.engine.stream;

import io.sluice.engine.result.BatchProgress;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.result.StatementResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Malformed rows of real files are counted where users look: a statement's warnings, EXPLAIN
 * ANALYZE, progress records and SHOW PROGRESS; with option 'rejects-table' they are rows of that
 * table, with file, line, column and reason.
 */
class RejectedRowsTest {
  @TempDir
  Path temp;
  private StreamTestSession t;
  private Path csv;

  @BeforeEach
  void setUp() throws IOException {
    t = new StreamTestSession("");
    csv = temp.resolve("raw.csv");
    Files.writeString(csv, "id,amount\n1,10.5\n2,abc\n3,30\n4\n5,50\n");
  }

  @AfterEach
  void tearDown() {
    t.close();
  }

  private static List<String> read(StatementResult result) {
    List<String> rows = new ArrayList<>();
    try (RowCursor cursor = result.rows()) {
      while (cursor.next()) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cursor.schema().size(); c++) {
          line.append(c == 0 ? "" : " | ").append(cursor.getString(c));
        }
        rows.add(line.toString());
      }
    }
    return rows;
  }

  private void createRaw(String mode, String extra) {
    t.session.execute("CREATE TABLE raw (id INTEGER, amount DOUBLE) WITH (connector = 'files', path = '" + csv
        + "', format = 'csv', header = 'true', mode = '" + mode + "'" + extra + ")");
  }

  @Test
  void aBatchReadWarnsOfTheRowsItDroppedAndTheRejectsTableHoldsThem() {
    createRaw("dropmalformed", ", 'rejects-table' = 'raw_rejects'");
    StatementResult result = t.session.execute("SELECT id, amount FROM raw");
    assertEquals(List.of("1 | 10.5", "3 | 30.0", "5 | 50.0"), read(result));
    assertEquals(List.of("dropped 2 malformed rows of " + csv + " (table raw; first at line 3, column 2: 'abc' is"
        + " not a valid DOUBLE); the rows are in table raw_rejects"), result.warnings());
    assertEquals(List.of(
        "raw | " + csv + " | 3 | 2 | 'abc' is not a valid DOUBLE | 2,abc | dropped",
        "raw | " + csv + " | 5 | 0 | expected 2 fields but found 1 | 4 | dropped"),
        t.rows("SELECT table_name, file, line, column_index, reason, raw_line, action FROM raw_rejects"));

    StatementResult insert = t.session.execute("CREATE TABLE copy AS SELECT * FROM raw");
    assertEquals(3, insert.updateCount());
    assertTrue(insert.warnings().size() == 1 && insert.warnings().get(0).startsWith("dropped 2 malformed rows of"),
        insert.warnings().toString());
    assertEquals(4, t.rows("SELECT * FROM raw_rejects").size(), "each scan adds its rejected rows");

    String plan = String.join("\n", read(t.session.execute("EXPLAIN ANALYZE SELECT COUNT(*) FROM raw")));
    assertTrue(plan.contains("Warning: dropped 2 malformed rows of " + csv), plan);
  }

  @Test
  void permissiveRowsAreCountedAsKeptAndAGoodFileHasNoWarning() throws IOException {
    createRaw("permissive", "");
    StatementResult result = t.session.execute("SELECT id FROM raw");
    assertEquals(5, read(result).size());
    assertEquals(1, result.warnings().size());
    assertTrue(result.warnings().get(0).startsWith("kept 2 malformed rows of " + csv + " with NULL fields"),
        result.warnings().toString());

    Files.writeString(csv, "id,amount\n1,1\n");
    StatementResult clean = t.session.execute("SELECT id FROM raw");
    assertEquals(1, read(clean).size());
    assertEquals(List.of(), clean.warnings());
  }

  @Test
  void aRejectsTableNameTakenByAnotherTableIsRefused() {
    t.session.execute("CREATE TABLE taken (x INTEGER)");
    SluiceException e = assertThrows(SluiceException.class, () -> createRaw("dropmalformed",
        ", 'rejects-table' = 'taken'"));
    assertTrue(e.getMessage().contains("'taken', which is not a rejects table"), e.getMessage());
  }

  @Test
  void aStreamCountsRejectedRowsInProgressAndWritesThemWithTheBatch() throws IOException {
    Path in = temp.resolve("in");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.csv"), "1,10\n2,x\n3,30\n");
    Path progress = temp.resolve("progress.jsonl");
    t.session.executeScript("CREATE SOURCE events (id BIGINT, amount BIGINT) WITH (connector = 'files', path = '"
        + in + "', format = 'csv', mode = 'dropmalformed', 'rejects-table' = 'bad_events');"
        + " CREATE SINK good WITH (connector = 'memory');"
        + " SET 'pipeline.progress' = '" + progress + "';");
    StreamingQuery q = t.start("INSERT INTO good SELECT id, amount FROM events");
    assertTrue(q.step());
    assertEquals(List.of("1 | 10", "3 | 30"), t.rows("SELECT * FROM good"));
    assertEquals(List.of("2 | 2 | 'x' is not a valid BIGINT | 2,x"),
        t.rows("SELECT line, column_index, reason, raw_line FROM bad_events"));
    String record = Files.readAllLines(progress).get(0);
    assertTrue(record.contains("\"malformedRows\":{\"dropped\":1,\"kept\":0}"), record);

    Files.writeString(in.resolve("b.csv"), "4,40\n5\n6,y\n");
    assertTrue(q.step());
    List<String> shown = new ArrayList<>();
    try (RowCursor rows = t.session.execute("SHOW PROGRESS").rows()) {
      int batch = rows.schema().indexOf("batch");
      int dropped = rows.schema().indexOf("malformed_dropped");
      int kept = rows.schema().indexOf("malformed_kept");
      while (rows.next()) {
        shown.add(rows.getString(batch) + " | " + rows.getString(dropped) + " | " + rows.getString(kept));
      }
    }
    assertEquals(List.of("0 | 1 | 0", "1 | 2 | 0"), shown);
    assertEquals(3, t.rows("SELECT * FROM bad_events").size());
  }

  /** A file read over several batches: each rejected row is counted and written once, by the batch around it. */
  @Test
  void aFileSplitOverBatchesCountsEachRejectedRowOnce() throws IOException {
    Path in = temp.resolve("split");
    Files.createDirectories(in);
    StringBuilder text = new StringBuilder();
    int bad = 0;
    for (int i = 1; i <= 50; i++) {
      text.append(i).append(',').append(i % 7 == 0 ? "bad" : Integer.toString(i)).append('\n');
      bad += i % 7 == 0 ? 1 : 0;
    }
    Files.writeString(in.resolve("a.csv"), text);
    t.session.executeScript("CREATE SOURCE events (id BIGINT, amount BIGINT) WITH (connector = 'files', path = '"
        + in + "', format = 'csv', mode = 'dropmalformed', 'max-rows-per-trigger' = '10',"
        + " 'rejects-table' = 'bad_events'); CREATE SINK good WITH (connector = 'memory');");
    StreamingQuery q = t.start("INSERT INTO good SELECT id, amount FROM events");
    int batches = 0;
    while (q.step()) {
      batches++;
    }
    assertTrue(batches >= 5, "batches: " + batches);
    assertEquals(50 - bad, t.rows("SELECT * FROM good").size());
    long dropped = 0;
    for (BatchProgress p : q.progress()) {
      dropped += p.malformedRowsDropped();
    }
    assertEquals(bad, dropped);
    assertEquals(List.of("14", "21", "28", "35", "42", "49", "7"), t.rows("SELECT line FROM bad_events"));
  }

  @Test
  void aStreamsRejectedRowsGoToTheDeadLetterSinkWithTheirBatch() throws IOException {
    Path in = temp.resolve("dead");
    Files.createDirectories(in);
    Files.writeString(in.resolve("a.csv"), "1,10\n2,x\n3\n");
    t.session.executeScript("CREATE SOURCE events (id BIGINT, amount BIGINT) WITH (connector = 'files', path = '"
        + in + "', format = 'csv', mode = 'dropmalformed'); CREATE SINK good WITH (connector = 'memory');"
        + " CREATE SINK letters WITH (connector = 'memory'); SET 'pipeline.dead-letter-sink' = 'letters';");
    StreamingQuery q = t.start("INSERT INTO good SELECT id, amount FROM events");
    assertTrue(q.step());
    assertEquals(List.of("1 | 10"), t.rows("SELECT * FROM good"));
    Path file = in.resolve("a.csv");
    assertEquals(List.of(
        "0 | Scan events | file " + file + ", line 2, column 2: 'x' is not a valid BIGINT | 2,x",
        "0 | Scan events | file " + file + ", line 3: expected 2 fields but found 1 | 3"),
        t.rows("SELECT batch_id, operator, error, input_row FROM letters"));
  }
}
