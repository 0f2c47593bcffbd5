package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} in a real child JVM, stopped with SIGTERM ({@link Process#destroy} on Linux)
 * while its query works through a folder of input files one file per batch: it exits with status
 * 0 after saying what the query did, and a restart from the checkpoint leaves the files sink with
 * every input row exactly once.
 */
class PipelineStopTest {
  private static final int FILES = 150;
  private static final int ROWS_PER_FILE = 20;

  @TempDir
  Path folder;

  @Test
  void sigtermStopsAtABatchBoundaryAndARestartLosesAndRepeatsNothing() throws Exception {
    Path input = folder.resolve("in");
    Files.createDirectories(input);
    for (int f = 0; f < FILES; f++) {
      StringBuilder rows = new StringBuilder();
      for (int r = 0; r < ROWS_PER_FILE; r++) {
        long id = (long) f * ROWS_PER_FILE + r;
        rows.append(id).append(",v").append(id).append('\n');
      }
      Files.writeString(input.resolve(String.format("%04d.csv", f)), rows);
    }
    Path sink = folder.resolve("out");
    Path pipeline = folder.resolve("copy.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE events (id BIGINT, v VARCHAR)",
        "  WITH (connector = 'files', path = '" + input + "', format = 'csv', 'max-files-per-trigger' = '1');",
        "CREATE SINK copied WITH (connector = 'files', path = '" + sink + "', format = 'csv');",
        "SET 'pipeline.trigger' = '${TRIGGER:-continuous}';",
        "INSERT INTO copied SELECT id, upper(v) AS v FROM events;",
        ""));

    Path log = folder.resolve("first.log");
    Process first = start(log, "run", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (committedBatches(sink) < 3) {
        assertTrue(first.isAlive(), () -> "the pipeline ended early: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no batch committed in time: " + read(log));
        Thread.sleep(20);
      }
      first.destroy(); // SIGTERM
      assertTrue(first.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGTERM: " + read(log));
    } finally {
      first.destroyForcibly();
    }
    String said = read(log);
    assertEquals(0, first.exitValue(), said);
    int committed = committedBatches(sink);
    assertTrue(committed < FILES, "stopped mid-stream: " + committed + " of " + FILES + " files read\n" + said);
    assertTrue(said.contains("Stopped on SIGTERM; every query committed its last batch:\n  q1 into copied: stopped"
        + " after " + committed + " batches, " + committed * ROWS_PER_FILE + " rows read, "
        + committed * ROWS_PER_FILE + " rows written\n"), said);

    Path again = folder.resolve("second.log");
    Process second = start(again, "run", "--var", "TRIGGER=available-now", pipeline.toString());
    try {
      assertTrue(second.waitFor(120, TimeUnit.SECONDS), () -> "the restart did not end: " + read(again));
    } finally {
      second.destroyForcibly();
    }
    assertEquals(0, second.exitValue(), read(again));

    Map<Long, Integer> seen = new TreeMap<>();
    for (String line : committedLines(sink)) {
      String[] fields = line.split(",");
      long id = Long.parseLong(fields[0]);
      assertEquals("V" + id, fields[1], line);
      seen.merge(id, 1, Integer::sum);
    }
    assertEquals(FILES * ROWS_PER_FILE, seen.size(), "rows lost");
    for (Map.Entry<Long, Integer> e : seen.entrySet()) {
      assertEquals(1, e.getValue(), "row " + e.getKey() + " written more than once");
    }
  }

  @Test
  void ctrlCStopsWithStatus130() throws Exception {
    assumeInterruptible();
    Path pipeline = folder.resolve("ticks.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '100',"
            + " 'fields.id.kind' = 'sequence');",
        "CREATE SINK nowhere WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = '100 ms';",
        "INSERT INTO nowhere SELECT id FROM ticks;",
        ""));
    Path log = folder.resolve("ticks.log");
    Process run = start(log, "run", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!Files.exists(folder.resolve(".sluice-checkpoints/ticks/nowhere/commits/1"))) {
        assertTrue(run.isAlive(), () -> "the pipeline ended early: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no batch committed in time: " + read(log));
        Thread.sleep(20);
      }
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(run.pid())).inheritIO().start();
      assertEquals(0, kill.waitFor());
      assertTrue(run.waitFor(60, TimeUnit.SECONDS), () -> "no exit after SIGINT: " + read(log));
    } finally {
      run.destroyForcibly();
    }
    String said = read(log);
    assertEquals(PipelineRun.INTERRUPTED, run.exitValue(), said);
    assertTrue(said.contains("SIGINT: stopping every query at the end of the batch it is running (Ctrl-C again"
        + " forces the stop)"), said);
    assertTrue(said.contains("Stopped on SIGINT; every query committed its last batch:\n  q1 into nowhere: stopped"
        + " after "), said);
  }

  @Test
  void superviseRestartsAFailedPipelineFromItsCheckpoint() throws Exception {
    Path input = folder.resolve("in");
    Files.createDirectories(input);
    for (int f = 0; f < 4; f++) {
      Files.writeString(input.resolve(f + ".csv"), (f * 2) + ",a\n" + (f * 2 + 1) + ",b\n");
    }
    Path bad = input.resolve("2.csv");
    Files.writeString(bad, "4,a\nfive,b\n"); // fails the batch that reads it: mode failfast
    Path sink = folder.resolve("out");
    Path pipeline = folder.resolve("copy.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE events (id BIGINT, v VARCHAR)",
        "  WITH (connector = 'files', path = '" + input + "', format = 'csv', 'max-files-per-trigger' = '1');",
        "CREATE SINK copied WITH (connector = 'files', path = '" + sink + "', format = 'csv');",
        "SET 'pipeline.trigger' = 'available-now';",
        "INSERT INTO copied SELECT id, upper(v) AS v FROM events;",
        ""));
    Path log = folder.resolve("supervised.log");
    Process run = start(log, "run", "--supervise", "--max-restarts", "3", pipeline.toString());
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (!read(log).contains("Supervisor: restart 1 of 3")) {
        assertTrue(run.isAlive(), () -> "the pipeline ended without a restart: " + read(log));
        assertTrue(System.nanoTime() < deadline, () -> "no restart in time: " + read(log));
        Thread.sleep(20);
      }
      Files.writeString(bad, "4,a\n5,b\n"); // the fix, while the supervisor waits to restart
      assertTrue(run.waitFor(120, TimeUnit.SECONDS), () -> "the supervised run did not end: " + read(log));
    } finally {
      run.destroyForcibly();
    }
    String said = read(log);
    assertEquals(0, run.exitValue(), said);
    int cause = said.indexOf("Error: ");
    assertTrue(cause >= 0 && cause < said.indexOf("Supervisor: restart 1 of 3 in 1.0 s, from the checkpoints"), said);
    assertTrue(said.substring(cause).contains("five"), "the cause names the bad value: " + said);
    Map<Long, Integer> seen = new TreeMap<>();
    for (String line : committedLines(sink)) {
      seen.merge(Long.parseLong(line.split(",")[0]), 1, Integer::sum);
    }
    Map<Long, Integer> expected = new TreeMap<>();
    for (long id = 0; id < 8; id++) {
      expected.put(id, 1);
    }
    assertEquals(expected, seen, "every row once: " + said);
  }

  @Test
  void superviseGivesUpAfterItsLimit() throws Exception {
    Path input = folder.resolve("in");
    Files.createDirectories(input);
    Files.writeString(input.resolve("0.csv"), "zero,a\n");
    Path pipeline = folder.resolve("copy.sql");
    Files.writeString(pipeline, String.join("\n",
        "CREATE SOURCE events (id BIGINT, v VARCHAR) WITH (connector = 'files', path = '" + input
            + "', format = 'csv');",
        "CREATE SINK copied WITH (connector = 'blackhole');",
        "SET 'pipeline.trigger' = 'available-now';",
        "INSERT INTO copied SELECT id, v FROM events;",
        ""));
    Path log = folder.resolve("limit.log");
    Process run = start(log, "run", "--supervise", "--max-restarts", "1", pipeline.toString());
    try {
      assertTrue(run.waitFor(120, TimeUnit.SECONDS), () -> "the supervised run did not end: " + read(log));
    } finally {
      run.destroyForcibly();
    }
    String said = read(log);
    assertEquals(1, run.exitValue(), said);
    assertTrue(said.contains("Supervisor: restart 1 of 1 in 1.0 s"), said);
    assertTrue(said.contains("Supervisor: the pipeline failed 2 times; giving up after 1 restart (--max-restarts 1)"),
        said);
  }

  /** Runs {@code sluice ARGUMENTS} in a JVM of its own, its output and errors into {@code log}. */
  /**
   * Skips a Ctrl-C test where SIGINT cannot reach a child: a shell without job control starts its background
   * commands with SIGINT ignored ({@code nohup cmd &}, {@code (cmd &)}), children inherit that, and the JVM then
   * leaves the signal ignored, as every Unix program does. Linux shows the ignored signals in /proc.
   */
  static void assumeInterruptible() throws IOException {
    Path status = Path.of("/proc/self/status");
    if (!Files.exists(status)) {
      return;
    }
    for (String line : Files.readAllLines(status, StandardCharsets.UTF_8)) {
      if (line.startsWith("SigIgn:")) {
        long ignored = Long.parseUnsignedLong(line.substring("SigIgn:".length()).trim(), 16);
        assumeTrue((ignored & (1L << 1)) == 0,
            "SIGINT is ignored by this process (started in the background without job control), so no child can be"
                + " interrupted");
      }
    }
  }

  static Process start(Path log, String... arguments) throws IOException {
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
        Main.class.getName()));
    command.addAll(List.of(arguments));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  static String read(Path log) {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int committedBatches(Path sink) throws IOException {
    Path manifest = sink.resolve("_sluice_manifest");
    if (!Files.isDirectory(manifest)) {
      return 0;
    }
    try (Stream<Path> entries = Files.list(manifest)) {
      return (int) entries.filter(p -> !p.getFileName().toString().startsWith(".")).count();
    }
  }

  /** The lines of the files that the sink's manifest lists: what its committed batches wrote. */
  private static List<String> committedLines(Path sink) throws IOException {
    Pattern files = Pattern.compile("\"files\":\\[([^\\]]*)\\]");
    List<String> lines = new ArrayList<>();
    try (Stream<Path> entries = Files.list(sink.resolve("_sluice_manifest"))) {
      for (Path entry : entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        Matcher m = files.matcher(Files.readAllLines(entry).get(0));
        assertTrue(m.find(), entry.toString());
        for (String name : m.group(1).split(",")) {
          if (!name.isBlank()) {
            lines.addAll(Files.readAllLines(sink.resolve(name.replace("\"", "")), StandardCharsets.UTF_8));
          }
        }
      }
    }
    return lines;
  }
}
