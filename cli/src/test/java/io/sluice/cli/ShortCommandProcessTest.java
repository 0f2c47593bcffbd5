package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice -c} in a real child JVM: the process ends when the statements do, prints only the
 * result, and with {@code SLUICE_TRACE_STARTUP} says on standard error where its start-up went,
 * phase by phase and thread by thread.
 */
class ShortCommandProcessTest {
  @TempDir
  Path folder;

  @Test
  void endsWithItsStatementsAndPrintsOnlyTheResult() throws Exception {
    Result run = run(false, "SELECT 1 AS x; SELECT count(*) AS n FROM (VALUES (1), (2)) AS t(x)");
    assertEquals(0, run.status, run.err);
    assertEquals("", run.err);
    assertTrue(run.out.startsWith("┌───┐\n│ x │\n├───┤\n│ 1 │\n└───┘\n1 row ("), run.out);
    assertTrue(run.out.contains("│ n │\n├───┤\n│ 2 │\n"), run.out);
  }

  @Test
  void anErrorStillEndsTheProcessWithStatusOne() throws Exception {
    Result run = run(false, "SELECT nme FROM (VALUES (1)) AS t(name)");
    assertEquals(1, run.status, run.err);
    assertTrue(run.err.contains("Column 'nme' not found"), run.err);
  }

  @Test
  void theStartupTraceNamesEachPhaseAndItsThread() throws Exception {
    Result run = run(true, "SELECT 1");
    assertEquals(0, run.status, run.err);
    List<String> lines = run.err.lines().toList();
    for (String phase : List.of("main", "operator table", "session open", "statement parsed", "query validated",
        "result printed", "exit")) {
      String line = "startup +\\d+ ms +\\(\\+ *\\d+\\) +cpu +\\d+ / +\\d+ ms +" + phase + " +\\[main\\]";
      assertTrue(lines.stream().anyMatch(l -> l.matches(line)), phase + " missing in:\n" + run.err);
    }
  }

  @Test
  void calcitesLibraryOperatorsAreReadOnlyForAQueryThatNamesOne() throws Exception {
    String library = "org.apache.calcite.sql.fun.SqlLibraryOperators ";
    Result plain = run(false, "SELECT 1", "-Xlog:class+load=info:stderr");
    assertEquals(0, plain.status, plain.err);
    assertFalse(plain.err.contains(library), "SELECT 1 loaded SqlLibraryOperators");
    Result named = run(false, "SELECT left('ab', 1) AS l", "-Xlog:class+load=info:stderr");
    assertEquals(0, named.status, named.err);
    assertTrue(named.out.contains("│ a │"), named.out);
    assertTrue(named.err.contains(library), "LEFT is one of SqlLibraryOperators");
  }

  private record Result(int status, String out, String err) {}

  private Result run(boolean trace, String sql, String... jvmOptions) throws IOException, InterruptedException {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Path out = folder.resolve("out.txt");
    Path err = folder.resolve("err.txt");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-XX:TieredStopAtLevel=1"));
    command.addAll(List.of(jvmOptions));
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName(), "-c", sql));
    ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
    builder.environment().remove("SLUICE_TRACE_STARTUP");
    if (trace) {
      builder.environment().put("SLUICE_TRACE_STARTUP", "1");
    }
    Process process = builder.start();
    try {
      assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the command did not end");
    } finally {
      process.destroyForcibly();
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
