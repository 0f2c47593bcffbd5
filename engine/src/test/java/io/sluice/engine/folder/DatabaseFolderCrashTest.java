package io.sluice.engine.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import io.sluice.engine.stream.MemorySource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it writes to a database folder leaves every statement whole or
 * absent: each statement it finished is there, the one it was running is there entirely or not at
 * all, and the folder opens again; queries over a memory source into memory sinks go on with no
 * row lost or written twice. Two kills by default; {@code -Dsluice.folder.crash.rounds=N} for
 * more, {@code -Dsluice.crash.seed=N} to repeat a run's delays.
 */
class DatabaseFolderCrashTest {
  private static final int ROUNDS = Integer.getInteger("sluice.folder.crash.rounds", 2);

  @TempDir
  Path dir;
  private final long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
  private final Random random = new Random(seed);

  @Test
  void aKilledWriterLeavesEveryStatementWholeOrAbsent() throws Exception {
    Path db = dir.resolve("db");
    long next = 1;
    for (int round = 0; round < ROUNDS; round++) {
      long acknowledged = runAndKill(FolderWriter.class, db, next);
      try (Database database = Database.open(db); Session s = database.openSession();
          RowCursor rows = s.execute("SELECT COUNT(*), COUNT(DISTINCT statement), MAX(statement),"
              + " MIN(statement) FROM t").rows()) {
        assertTrue(rows.next());
        long count = Long.parseLong(rows.getString(0));
        long statements = Long.parseLong(rows.getString(1));
        long last = Long.parseLong(rows.getString(2));
        String where = "round " + round + ", seed " + seed + ": ";
        assertEquals(statements * FolderWriter.ROWS, count, where + "every statement whole");
        assertEquals(1, Long.parseLong(rows.getString(3)), where + "none lost from the start");
        assertEquals(last, statements, where + "no gap");
        assertTrue(last >= acknowledged, where + "statement " + acknowledged + " returned, but only " + last + " kept");
        assertTrue(last <= acknowledged + 2, where + "at most the statement it was running beyond the last it printed");
        next = last + 1;
      }
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(db.resolve("data"))) {
        List<Path> temporary = files.filter(f -> f.toString().endsWith(".tmp")).toList();
        assertEquals(List.of(), temporary, "round " + round + ": no temporary part outlives the restart");
      }
    }
  }

  /**
   * Kills a process that appends to a memory source while two queries carry its rows into memory
   * sinks, at random moments, and reopens the folder: the source holds every statement that
   * returned, whole; rows appended right after the reopen go through with the others; and the
   * sinks end up with each row of the source exactly once (lost rows or a batch written again
   * would show in {@code seen}; a changelog gone astray in {@code tally}).
   */
  @Test
  void aKilledStreamKeepsItsSourcesSinksAndOffsetsInStep() throws Exception {
    Path db = dir.resolve("db");
    long next = 1;
    for (int round = 0; round < ROUNDS; round++) {
      long acknowledged = runAndKill(StreamFolderWriter.class, db, next);
      String where = "round " + round + ", seed " + seed + ": ";
      try (Database database = Database.open(db); Session s = database.openSession()) {
        long kept = ((MemorySource) database.catalog().find("clicks").source()).rowCount();
        assertEquals(0, kept % StreamFolderWriter.ROWS, where + "every statement whole in the source: " + kept);
        long last = kept / StreamFolderWriter.ROWS;
        assertTrue(last >= acknowledged, where + "statement " + acknowledged + " returned, but the source has " + last);
        assertTrue(last <= acknowledged + 1, where + "at most the statement it was running beyond the last it printed");
        long statements = last + 1;
        s.execute(StreamFolderWriter.insert(statements)); // at once after the reopen, before the queries ran a batch
        database.queries().processAllAvailable();
        long rows = statements * StreamFolderWriter.ROWS;
        assertEquals(rows + " | " + rows + " | " + statements + " | 1", single(s, "SELECT COUNT(*),"
            + " COUNT(DISTINCT statement * 1000 + seq), COUNT(DISTINCT statement), MIN(statement) FROM seen"),
            where + "each row of the source once in seen");
        for (int k = 0; k < 3; k++) {
          long expected = 0;
          for (long n = 1; n <= statements; n++) {
            expected += n % 3 == k ? StreamFolderWriter.ROWS : 0;
          }
          assertEquals(expected == 0 ? "" : Long.toString(expected), single(s, "SELECT n FROM tally WHERE k = " + k),
              where + "the update-mode sink, k = " + k);
        }
        next = statements + 1;
      }
    }
  }

  /** The first row of {@code sql}'s result, its values joined by " | "; "" for no row. */
  private static String single(Session session, String sql) {
    try (RowCursor rows = session.execute(sql).rows()) {
      if (!rows.next()) {
        return "";
      }
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < rows.schema().size(); c++) {
        sb.append(c == 0 ? "" : " | ").append(rows.getString(c));
      }
      return sb.toString();
    }
  }

  /**
   * Starts {@code writer} on {@code db}, lets it acknowledge a few statements, kills it; returns the
   * last statement it acknowledged before the kill. The writer prints each statement's number once
   * it returned; its output goes to a file, read whole after the kill, since statements keep
   * returning (and being printed) while this thread waits to kill it.
   */
  private long runAndKill(Class<?> writer, Path db, long next) throws Exception {
    Path errors = dir.resolve("writer.err");
    Path printed = dir.resolve("writer.out");
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), writer.getName(),
        db.toString(), Long.toString(next)).redirectError(errors.toFile()).redirectOutput(printed.toFile()).start();
    int wanted = 3 + random.nextInt(10);
    while (acknowledgedLines(printed).size() < wanted) {
      if (!child.isAlive()) {
        fail("the writer ended early (seed " + seed + "): " + Files.readString(errors));
      }
      Thread.sleep(2);
    }
    Thread.sleep(random.nextInt(40)); // kill it somewhere in a later statement or batch
    child.destroyForcibly();
    child.waitFor();
    List<String> lines = acknowledgedLines(printed);
    return Long.parseLong(lines.get(lines.size() - 1));
  }

  /** The whole lines of {@code file}: a line the kill cut short (no line end yet) is not one. */
  private static List<String> acknowledgedLines(Path file) throws java.io.IOException {
    String text = Files.readString(file, StandardCharsets.UTF_8);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }
}
