package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice -c} in a real child JVM interrupted with SIGINT, as Ctrl-C on a terminal sends it:
 * a live {@code SELECT} over a stream stops after the rows it printed, continuous queries started
 * by an {@code INSERT} stop at a batch boundary with a summary, no later statement runs, and the
 * exit status is 130.
 */
class CommandInterruptTest {
  private static final String TICKS = "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen',"
      + " 'rows-per-second' = '200', 'fields.id.kind' = 'sequence'); SET 'pipeline.trigger' = '100 ms'; ";

  @TempDir
  Path folder;

  @Test
  void ctrlCStopsALiveSelectAndNothingAfterItRuns() throws Exception {
    Path log = folder.resolve("select.log");
    PipelineStopTest.assumeInterruptible();
    Process run = PipelineStopTest.start(log, "-c", TICKS + "SELECT id FROM ticks; SELECT 'after' AS never;");
    String said = interruptWhen(run, log, text -> text.lines().filter(line -> line.matches("\\W*\\d+\\W*")).count() >= 3);
    assertEquals(PipelineRun.INTERRUPTED, run.exitValue(), said);
    assertTrue(said.matches("(?s).*\\d+ changes?, stopped.*"), "says what was shown: " + said);
    assertTrue(said.contains("Interrupted (Ctrl-C)"), said);
    assertFalse(said.contains("never"), "the statement after the interrupted one did not run: " + said);
  }

  @Test
  void ctrlCStopsTheQueriesAnInsertStartedAtABatchBoundary() throws Exception {
    Path checkpoints = folder.resolve("ckpt");
    Path log = folder.resolve("insert.log");
    PipelineStopTest.assumeInterruptible();
    Process run = PipelineStopTest.start(log, "-c", TICKS + "SET 'pipeline.checkpoint' = '" + checkpoints + "';"
        + " CREATE SINK nowhere WITH (connector = 'blackhole'); INSERT INTO nowhere SELECT id FROM ticks;");
    String said = interruptWhen(run, log, text -> committed(checkpoints));
    assertEquals(PipelineRun.INTERRUPTED, run.exitValue(), said);
    assertTrue(said.contains("Stopped on Ctrl-C; every query committed its last batch:\n  q1 into nowhere: stopped"
        + " after "), said);
  }

  /** Sends SIGINT once {@code ready} holds for the log, waits for the exit and returns the log. */
  private static String interruptWhen(Process run, Path log, Predicate<String> ready) throws Exception {
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!ready.test(PipelineStopTest.read(log))) {
        assertTrue(run.isAlive(), () -> "ended before Ctrl-C: " + PipelineStopTest.read(log));
        assertTrue(System.nanoTime() < deadline, () -> "not ready in time: " + PipelineStopTest.read(log));
        Thread.sleep(20);
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGINT: " + PipelineStopTest.read(log));
    } finally {
      run.destroyForcibly();
    }
    return PipelineStopTest.read(log);
  }

  /** Whether a query under {@code checkpoints} has committed its second batch. */
  private static boolean committed(Path checkpoints) {
    if (!Files.isDirectory(checkpoints)) {
      return false;
    }
    try (Stream<Path> files = Files.walk(checkpoints)) {
      return files.anyMatch(p -> p.getFileName().toString().equals("1") && p.getParent() != null
          && p.getParent().getFileName().toString().equals("commits"));
    } catch (java.io.IOException | java.io.UncheckedIOException e) {
      return false; // a file moved while walking: look again
    }
  }
}
