package io.sluice.engine.folder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.RowCursor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stream's rejected rows are saved with each batch's commit, not at the next statement or close:
 * a process killed (SIGKILL) right after a batch committed, or in the middle of one, leaves in the
 * database folder the rejects of every batch that committed, each once; the batch it was running is
 * run again at the next open and its rejects come once too. {@code -Dsluice.crash.seed=N} repeats a
 * run's delays.
 */
class StreamRejectsCrashTest {
  private static final int ROUNDS = 3;
  private static final int FILES_PER_ROUND = 3;

  @TempDir
  Path dir;

  @Test
  void rejectsOfCommittedBatchesSurviveAKillOnceEach() throws Exception {
    Path db = dir.resolve("db");
    Path in = Files.createDirectories(dir.resolve("in"));
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    Random random = new Random(seed);
    int files = 0;
    for (int round = 0; round < ROUNDS; round++) {
      Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
          "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), StreamRejectsChild.class.getName(),
          db.toString(), in.toString()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      int committed = files;
      try (Writer steps = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
          BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
              StandardCharsets.UTF_8))) {
        for (int i = 0; i < FILES_PER_ROUND; i++) {
          files++;
          // one good row, one malformed row (line 2) per file
          Files.writeString(in.resolve(String.format("%03d.csv", files)), files + ",ok\nnot a number," + files + "\n");
          steps.write("step\n");
          steps.flush();
          assertEquals("done", out.readLine(), "the child ended early (seed " + seed + ")");
          committed = files;
        }
        if (round % 2 == 1) { // kill it in the middle of a batch; otherwise right after one committed
          files++;
          Files.writeString(in.resolve(String.format("%03d.csv", files)), files + ",ok\nnot a number," + files + "\n");
          steps.write("step\n");
          steps.flush();
          Thread.sleep(random.nextInt(30));
        }
        child.destroyForcibly();
        child.waitFor();
      }
      String where = "round " + round + ", seed " + seed + ": ";
      List<String> saved = rejects(db, false);
      assertTrue(saved.size() >= committed, where + "rejects of " + committed + " committed batches, saved: " + saved);
      assertEquals(saved.stream().distinct().count(), saved.size(), where + "each reject once: " + saved);
      // opening the folder restarts the query from its checkpoint: the batch cut short runs again
      List<String> after = rejects(db, true);
      assertEquals(files, after.size(), where + "every file's reject after the restart: " + after);
      assertEquals(files, after.stream().distinct().count(), where + "each once: " + after);
    }
  }

  /** The rejected lines as "file:line", read in a fresh process state; with {@code run}, after the query caught up. */
  private static List<String> rejects(Path db, boolean run) {
    try (Database database = Database.open(db); Session s = database.openSession()) {
      if (run) {
        database.queries().processAllAvailable();
      }
      List<String> rows = new ArrayList<>();
      try (RowCursor cursor = s.execute("SELECT file, line FROM event_rejects ORDER BY file, line").rows()) {
        while (cursor.next()) {
          rows.add(Path.of(cursor.getString(0)).getFileName() + ":" + cursor.getString(1));
        }
      }
      return rows;
    }
  }
}
