package io.sluice.engine.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it writes to a database folder leaves every statement whole or
 * absent: each statement it finished is there, the one it was running is there entirely or not at
 * all, and the folder opens again. Two kills by default; {@code -Dsluice.folder.crash.rounds=N} for
 * more, {@code -Dsluice.crash.seed=N} to repeat a run's delays.
 */
class DatabaseFolderCrashTest {
  @TempDir
  Path dir;

  @Test
  void aKilledWriterLeavesEveryStatementWholeOrAbsent() throws Exception {
    Path db = dir.resolve("db");
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    long next = 1;
    int rounds = Integer.getInteger("sluice.folder.crash.rounds", 2);
    for (int round = 0; round < rounds; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), FolderWriter.class.getName(),
          db.toString(), Long.toString(next)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      long acknowledged = next - 1;
      int wanted = 3 + random.nextInt(10);
      try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (int i = 0; i < wanted; i++) {
          String line = out.readLine();
          assertTrue(line != null, "the writer ended early (seed " + seed + ")");
          acknowledged = Long.parseLong(line);
        }
        Thread.sleep(random.nextInt(40)); // kill it somewhere in a later statement
        child.destroyForcibly();
        child.waitFor();
      }
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
}
