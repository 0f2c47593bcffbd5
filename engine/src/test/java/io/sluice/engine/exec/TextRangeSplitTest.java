package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.StatementResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CSV and JSON files cut into byte ranges read by workers (option 'split-size'): cut at every byte
 * offset (and at every size up to the file's), a read at parallelism 2 and 4 gives the rows of a
 * read on one thread, in their order, and the same rejected rows with the same line numbers and
 * warnings, although a cut may fall inside a quoted field that holds a line break, a CRLF, the
 * byte order mark, a header or an empty line.
 */
class TextRangeSplitTest {
  /** A header, quoted line breaks (LF and CRLF), doubled quotes, empty lines, bad records and a quote never closed. */
  private static final String CSV = "\uFEFF\"id\",\"name\",\"note\"\r\n"
      + "1,alice,\"line one\nline two\"\r\n"
      + "2,bob,\"say \"\"hi\"\"\"\n"
      + "\n"
      + "3,\"multi\n\nline\",x\n"
      + "bad,carl,y\n"
      + "4,\"d,e\",\"\n\"\n"
      + "5,eve\n"
      + "\"6\",f,\"g\r\nh\"\r\n"
      + "\r\n"
      + "7,\"oops,z\n"
      + "8,i,j\n"
      + "9,\"k\",\"l\n";

  private static final String JSON = "{\"id\": 1, \"name\": \"alice\", \"note\": \"line one\\nline two\"}\r\n"
      + "\n"
      + "{\"id\": 2, \"name\": \"bob\", \"note\": \"say \\\"hi\\\"\"}\n"
      + "{\"id\": \"bad\", \"name\": \"carl\"}\n"
      + "   \n"
      + "{\"id\": 3, \"name\": \"d\",\n"
      + "{\"id\": 4, \"name\": \"\\u00e9\", \"note\": null}\r\n"
      + "not json\n"
      + "{\"id\": 5}";

  @TempDir
  Path folder;

  /** What a query gave: its rows in order, its warnings, and the rows its scan rejected. */
  private record Read(List<String> rows, List<String> warnings, List<String> rejects) {}

  private static List<String> rows(StatementResult result) {
    return ParallelScanTest.rows(result);
  }

  private int tables;

  /** Reads {@code file} at {@code parallelism} in splits of {@code splitSize} bytes (0: the default). */
  private Read read(Session session, Path file, String format, String mode, int parallelism, long splitSize) {
    int n = tables++;
    session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
    String corrupt = mode.equals("permissive") ? ", _corrupt_record VARCHAR" : "";
    session.execute("CREATE TABLE t" + n + " (id BIGINT, name VARCHAR, note VARCHAR" + corrupt + ") WITH (connector"
        + " = 'files', path = '" + file + "', format = '" + format + "', mode = '" + mode + "'"
        + (format.equals("csv") ? ", header = 'true'" : "") + ", 'rejects-table' = 'r" + n + "'"
        + (splitSize > 0 ? ", 'split-size' = '" + splitSize + "'" : "") + ")");
    StatementResult result = session.execute("SELECT * FROM t" + n);
    List<String> rows = rows(result);
    List<String> rejects = rows(session.execute("SELECT line, column_index, reason, raw_line, action FROM r" + n));
    List<String> warnings = new ArrayList<>();
    for (String warning : result.warnings()) {
      warnings.add(warning.replace("table t" + n, "table t").replace("table r" + n, "table r"));
    }
    return new Read(rows, warnings, rejects);
  }

  private void everyCutGivesTheRowsOfOneThread(String format, String text) throws IOException {
    Path file = folder.resolve("data." + format);
    Files.write(file, text.getBytes(StandardCharsets.UTF_8));
    long size = Files.size(file);
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      for (String mode : new String[] {"dropmalformed", "permissive"}) {
        Read one = read(session, file, format, mode, 1, 0);
        assertTrue(one.rows().size() >= 4, format + " " + mode + ": " + one.rows());
        assertTrue(one.rejects().size() >= 2, format + " " + mode + ": " + one.rejects());
        // every size in one mode (size 1 cuts at every offset), every fourth in the other
        int step = mode.equals("dropmalformed") ? 1 : 4;
        for (long splitSize = 1; splitSize <= size; splitSize += step) {
          for (int parallelism : splitSize % 5 == 0 ? new int[] {2, 4} : new int[] {2}) {
            Read split = read(session, file, format, mode, parallelism, splitSize);
            String where = format + " " + mode + ", split size " + splitSize + ", parallelism " + parallelism;
            assertEquals(one.rows(), split.rows(), where);
            assertEquals(one.rejects(), split.rejects(), where);
            assertEquals(one.warnings(), split.warnings(), where);
          }
        }
        // a malformed row fails the statement naming the same line
        String columns = " (id BIGINT, name VARCHAR, note VARCHAR) WITH (connector = 'files', path = '" + file
            + "', format = '" + format + "'" + (format.equals("csv") ? ", header = 'true'" : "");
        String expected = failure(session, columns + ")", 1);
        assertTrue(expected.contains("line "), expected);
        for (long splitSize = 1; splitSize <= size; splitSize += 7) {
          assertEquals(expected, failure(session, columns + ", 'split-size' = '" + splitSize + "')", 2),
              format + ", split size " + splitSize);
        }
      }
    }
  }

  /** The message of the error a scan of a new table of {@code definition} fails with at {@code parallelism}. */
  private String failure(Session session, String definition, int parallelism) {
    int n = tables++;
    session.execute("SET 'pipeline.parallelism' = '" + parallelism + "'");
    session.execute("CREATE TABLE f" + n + definition);
    return assertThrows(SluiceException.class, () -> rows(session.execute("SELECT * FROM f" + n))).getMessage();
  }

  @Test
  void csvCutAtEveryOffsetGivesTheRowsAndRejectsOfOneThread() throws IOException {
    everyCutGivesTheRowsOfOneThread("csv", CSV);
  }

  @Test
  void jsonLinesCutAtEveryOffsetGiveTheRowsAndRejectsOfOneThread() throws IOException {
    everyCutGivesTheRowsOfOneThread("json", JSON);
  }

  /** Many splits of several files, with the default split size of the batch: the rows of one thread. */
  @Test
  void largerFilesSplitByDefaultGiveTheRowsOfOneThread() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 60_000; i++) {
      text.append(i).append(",n").append(i % 97).append(i % 50 == 0 ? ",\"two\nlines\"\n" : ",plain\n");
    }
    Files.writeString(folder.resolve("a.csv"), "id,name,note\n" + text);
    Files.writeString(folder.resolve("b.csv"), "id,name,note\n" + text.toString().replace("\n", "\r\n"));
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      Read one = read(session, folder, "csv", "failfast", 1, 0);
      assertEquals(120_000, one.rows().size());
      for (long splitSize : new long[] {0, 4096, 100_000}) {
        assertEquals(one, read(session, folder, "csv", "failfast", 2, splitSize), "split size " + splitSize);
      }
    }
  }
}
