package io.sluice.cli;

import static io.sluice.cli.MainTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.cli.MainTest.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} with checkpoints, {@code sluice checkpoint show|check} and {@code sluice
 * replay} over a pipeline file of two queries (a windowed aggregation and a filter) from a folder
 * of CSV files, one file per batch, into CSV sinks.
 */
class CheckpointCommandsTest {
  private static final String TOTALS = "INSERT INTO totals\nSELECT k, COUNT(*) AS n, SUM(v) AS total, window_start"
      + "\nFROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))\nGROUP BY k, window_start, window_end;\n";
  private static final String PASSED = "INSERT INTO passed SELECT id, k, v * 2 AS doubled FROM events WHERE v > 15;\n";
  private static final String[] FILES = {
      "1,a,10,2024-01-01 10:00:01\n2,b,20,2024-01-01 10:00:02\n3,a,30,2024-01-01 10:00:12\n",
      "4,a,40,2024-01-01 10:00:13\n5,b,50,2024-01-01 10:00:25\n6,a,60,2024-01-01 10:00:14\n",
      "7,b,70,2024-01-01 10:00:26\n8,a,80,2024-01-01 10:00:41\n",
      "9,b,5,2024-01-01 10:00:55\n"};

  @TempDir
  Path folder;
  private Path pipeline;
  private Path defaultCheckpoint;

  private String catalog() {
    return "CREATE SOURCE events (id BIGINT, k VARCHAR, v BIGINT, ts TIMESTAMP(3),\n"
        + "  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)\n"
        + "  WITH (connector = 'files', path = '" + folder.resolve("in") + "', format = 'csv',"
        + " 'max-files-per-trigger' = '1');\n"
        + "CREATE SINK totals WITH (connector = 'files', path = '" + folder.resolve("totals") + "', format = 'csv');\n"
        + "CREATE SINK passed WITH (connector = 'files', path = '" + folder.resolve("passed") + "', format = 'csv');\n"
        + "SET 'pipeline.trigger' = 'available-now';\n";
  }

  @BeforeEach
  void writeThePipeline() throws IOException {
    Files.createDirectories(folder.resolve("in"));
    for (int i = 0; i < FILES.length; i++) {
      Files.writeString(folder.resolve("in").resolve(i + ".csv"), FILES[i]);
    }
    pipeline = folder.resolve("pipeline.sql");
    Files.writeString(pipeline, catalog() + TOTALS + PASSED);
    defaultCheckpoint = folder.resolve(".sluice-checkpoints").resolve("pipeline");
  }

  private Outcome runPipeline() {
    Outcome o = run("run", pipeline.toString());
    assertEquals(0, o.status(), o.err());
    return o;
  }

  /** Per committed batch of a files sink, the lines of the files its manifest lists. */
  private static TreeMap<Long, List<String>> sinkBatches(Path sink) throws IOException {
    TreeMap<Long, List<String>> batches = new TreeMap<>();
    Pattern files = Pattern.compile("\"files\":\\[([^\\]]*)\\]");
    try (Stream<Path> entries = Files.list(sink.resolve("_sluice_manifest"))) {
      for (Path entry : entries.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
        Matcher m = files.matcher(Files.readAllLines(entry).get(0));
        assertTrue(m.find(), entry.toString());
        List<String> lines = new ArrayList<>();
        for (String name : m.group(1).split(",")) {
          if (!name.isBlank()) {
            lines.addAll(Files.readAllLines(sink.resolve(name.replace("\"", "")), StandardCharsets.UTF_8));
          }
        }
        batches.put(Long.parseLong(entry.getFileName().toString()), lines);
      }
    }
    return batches;
  }

  @Test
  void runKeepsCheckpointsBesideThePipelineAndGoesOnFromThem() throws IOException {
    Outcome first = runPipeline();
    assertTrue(first.out().contains("into totals, trigger available-now, checkpoint "
        + defaultCheckpoint.toAbsolutePath().resolve("totals") + " ("), first.out());
    assertTrue(Files.isRegularFile(defaultCheckpoint.resolve("totals").resolve("metadata")));
    assertTrue(Files.isRegularFile(defaultCheckpoint.resolve("passed").resolve("metadata")));
    TreeMap<Long, List<String>> totals = sinkBatches(folder.resolve("totals"));

    Outcome second = runPipeline();
    assertTrue(second.out().contains(defaultCheckpoint.toAbsolutePath().resolve("totals")
        + " (goes on after batch 4)"), second.out());
    assertEquals(totals, sinkBatches(folder.resolve("totals")), "a restart on the same input writes nothing new");
  }

  @Test
  void theCheckpointOptionAndTheScriptsOwnSetWin() throws IOException {
    Path elsewhere = folder.resolve("elsewhere");
    assertEquals(0, run("run", "--checkpoint", elsewhere.toString(), pipeline.toString()).status());
    assertTrue(Files.isRegularFile(elsewhere.resolve("totals").resolve("metadata")));
    assertFalse(Files.exists(defaultCheckpoint));

    Path own = folder.resolve("own");
    Files.writeString(pipeline, "SET 'pipeline.checkpoint' = '" + own + "';\n" + catalog() + TOTALS);
    assertEquals(0, run("-f", pipeline.toString()).status());
    assertTrue(Files.isRegularFile(own.resolve("totals").resolve("metadata")));
    assertFalse(Files.exists(defaultCheckpoint));
  }

  @Test
  void statementsGivenInlineKeepNoCheckpoint() {
    Outcome o = run("-c", catalog() + PASSED);
    assertEquals(0, o.status(), o.err());
    assertTrue(o.out().contains("into passed, trigger available-now ("), o.out());
  }

  @Test
  void showDescribesEveryQueryOfThePipeline() {
    runPipeline();
    Outcome o = run("checkpoint", "show", defaultCheckpoint.toString());
    assertEquals(0, o.status(), o.err());
    String totals = defaultCheckpoint.toAbsolutePath().resolve("totals").toString();
    assertTrue(o.out().contains("checkpoint " + totals + "\nquery id: "), o.out());
    assertTrue(o.out().contains("\n  query: SELECT id, k, v * 2 AS doubled FROM events WHERE v > 15\n"), o.out());
    assertTrue(o.out().contains("\nbatches retained: 0-4 (last committed: 4)\n"), o.out());
    assertTrue(o.out().contains("\n  watermark: 2024-01-01 10:00:24\n"), o.out());

    Outcome one = run("checkpoint", "show", totals);
    assertEquals(0, one.status(), one.err());
    assertFalse(one.out().contains("passed"), one.out());
  }

  @Test
  void showSaysWhatIsWrongWithoutAStackTrace() throws IOException {
    Outcome none = run("checkpoint", "show", folder.resolve("in").toString());
    assertEquals(1, none.status());
    assertEquals("Error: There is no checkpoint at " + folder.resolve("in") + ": the folder has no metadata file, nor"
        + " a sub-folder with one (a pipeline's checkpoint folder holds one checkpoint per sink)\n", none.err());

    runPipeline();
    Path commit = defaultCheckpoint.resolve("totals").resolve("commits").resolve("2");
    byte[] bytes = Files.readAllBytes(commit);
    bytes[bytes.length / 2] ^= 0x40;
    Files.write(commit, bytes);
    Outcome corrupt = run("checkpoint", "show", defaultCheckpoint.toString());
    assertEquals(1, corrupt.status());
    assertTrue(corrupt.err().startsWith("Error: Checkpoint file " + commit.toAbsolutePath()), corrupt.err());
    assertFalse(corrupt.err().contains("\tat "), corrupt.err());
  }

  @Test
  void checkSaysWhetherEachQueryGoesOnAndRunsNothing() throws IOException {
    runPipeline();
    TreeMap<Long, List<String>> passed = sinkBatches(folder.resolve("passed"));
    Files.writeString(folder.resolve("in").resolve("4.csv"), "10,a,99,2024-01-01 10:01:00\n");

    Outcome same = run("checkpoint", "check", pipeline.toString());
    assertEquals(0, same.status(), same.err());
    String totals = defaultCheckpoint.toAbsolutePath().resolve("totals").toString();
    assertTrue(same.out().startsWith("totals: goes on from its checkpoint " + totals + "\n  - goes on after batch 4,"),
        same.out());
    assertTrue(same.out().endsWith("2 of 2 queries can go on from their checkpoints.\n"), same.out());
    assertEquals(passed, sinkBatches(folder.resolve("passed")), "nothing ran, though there is a new file");

    Path changed = folder.resolve("changed.sql");
    Files.writeString(changed, catalog() + TOTALS
        + "INSERT INTO passed SELECT k, COUNT(*) AS n FROM events GROUP BY k;\n");
    Outcome refused = run("checkpoint", "check", "--checkpoint", defaultCheckpoint.toString(), changed.toString());
    assertEquals(1, refused.status(), refused.err());
    assertTrue(refused.out().contains("\npassed: is refused by its checkpoint "
        + defaultCheckpoint.toAbsolutePath().resolve("passed") + "\n  - the output mode changed from append to"
        + " complete"), refused.out());
    assertTrue(refused.out().endsWith("1 of 2 queries can go on from their checkpoints; 1 would be refused.\n"),
        refused.out());

    // without a checkpoint yet, the default location beside the file is new
    Outcome fresh = run("checkpoint", "check", changed.toString());
    assertEquals(0, fresh.status(), fresh.err());
    assertTrue(fresh.out().startsWith("totals: starts a new checkpoint "), fresh.out());
  }

  @Test
  void replayPrintsOrWritesExactlyWhatEachBatchWrote() throws IOException {
    runPipeline();
    for (String sink : List.of("totals", "passed")) {
      TreeMap<Long, List<String>> written = sinkBatches(folder.resolve(sink));
      assertTrue(written.size() >= FILES.length, sink + ": " + written.keySet());
      for (long batch : written.keySet()) {
        Path csv = folder.resolve(sink + "-" + batch + ".csv");
        Outcome o = run("replay", "--batch", Long.toString(batch), "--sink", sink, "--out", csv.toString(),
            pipeline.toString());
        assertEquals(0, o.status(), o.err());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(written.get(batch), lines.subList(1, lines.size()), sink + " batch " + batch);
        assertEquals(written.get(batch).size() + (written.get(batch).size() == 1 ? " row" : " rows") + " of batch "
            + batch + " of the query into " + sink + " written to " + csv + "\n", o.out());
      }
    }
    Outcome table = run("replay", "--batch=2", "--sink=TOTALS", pipeline.toString());
    assertEquals(0, table.status(), table.err());
    assertTrue(table.out().contains("│ a │ 3 │   130 │ 2024-01-01 10:00:10 │"), table.out());
    assertTrue(table.out().endsWith("1 row (batch 2 of the query into totals)\n"), table.out());
  }

  @Test
  void replayRefusesWhatItCannotDo() throws IOException {
    runPipeline();
    Outcome several = run("replay", "--batch", "1", pipeline.toString());
    assertEquals(1, several.status());
    assertEquals("Error: " + pipeline + " has 2 continuous queries, into totals, passed: pick one with --sink NAME\n",
        several.err());

    Outcome unknown = run("replay", "--batch", "1", "--sink", "nope", pipeline.toString());
    assertEquals(1, unknown.status());
    assertTrue(unknown.err().contains("has no continuous query into 'nope'; its queries write totals, passed"),
        unknown.err());

    Outcome missing = run("replay", "--batch", "9", "--sink", "passed", pipeline.toString());
    assertEquals(1, missing.status());
    assertTrue(missing.err().startsWith("Error: " + pipeline + ": Batch 9 cannot be replayed from checkpoint "
        + defaultCheckpoint.toAbsolutePath().resolve("passed") + ": it keeps the records of batches 0-3."),
        missing.err());
    assertFalse(missing.err().contains("\tat "), missing.err());

    assertEquals(2, run("replay", pipeline.toString()).status());
    assertEquals(2, run("replay", "--batch", "x", pipeline.toString()).status());
    assertEquals(2, run("replay", "--batch", "1", "--frobnicate", "y", pipeline.toString()).status());
    assertEquals(2, run("checkpoint", "restore", "x").status());
    assertEquals(2, run("checkpoint", "show").status());
  }
}
