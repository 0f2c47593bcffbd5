package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's commands as a user types them: {@code sluice serve} with its psql transcript (the
 * output shown must be the output psql prints, a live streaming SELECT included, read until the
 * lines shown, then stopped with Ctrl-C) and its Python example (each {@code # prints} comment is
 * a line the script must print), and {@code sluice run --ui} on the example pipeline it names, whose
 * page and JSON API must answer while batches commit. The only changes made to the text: a free port
 * for the default one, a temporary folder for the one named, and a small rate for the pipeline.
 */
class ReadmeExamplesTest {
  private static final Path README = Path.of("..", "README.md");
  /** Debian's interpreter, which sees Debian's python3-psycopg2 (python3 on PATH may be a pyenv shim). */
  private static final String PYTHON = "/usr/bin/python3";
  private static final Pattern SERVING = Pattern.compile("over the PostgreSQL protocol on 127\\.0\\.0\\.1:(\\d+)");
  private static final Pattern PAGE = Pattern.compile("Web page on http://127\\.0\\.0\\.1:(\\d+)/");
  private static final Pattern FENCE = Pattern.compile("(?ms)^```(\\w+)\\n(.*?)^```\\n");

  @TempDir
  Path folder;

  @Test
  void serveAnswersTheReadmesPsqlAndPythonExamplesIncludingALiveSelect() throws Exception {
    List<String[]> blocks = blocks(paragraph("**Connecting with psql / Python.**"));
    String serve = line(blocks, "bash", "bin/sluice serve");
    List<String> arguments = new ArrayList<>(words(serve.replace("/data/shop", folder.resolve("shop").toString())));
    arguments.addAll(List.of("--port", "0"));
    Path log = folder.resolve("serve.log");
    Process server = PipelineStopTest.start(log, arguments.toArray(String[]::new));
    try {
      String port = await(server, log, SERVING).group(1);
      for (Command command : transcript(block(blocks, "console"))) {
        if (command.expected().contains("...")) {
          checkLiveSelect(command, port);
        } else {
          Outcome out = run(List.of("bash", "-c", command.line().replace("-p 5432", "-p " + port)));
          assertEquals(0, out.status(), command.line() + "\n" + out.text());
          assertEquals(trimmed(command.expected()), trimmed(lines(out.text())), command.line());
        }
      }
      String python = block(blocks, "python");
      List<String> printed = new ArrayList<>();
      Matcher prints = Pattern.compile("# prints (.*)").matcher(python);
      while (prints.find()) {
        printed.add(prints.group(1));
      }
      assertEquals(2, printed.size(), python);
      Outcome out = run(List.of(PYTHON, "-c", python.replace("port=5432", "port=" + port)));
      assertEquals(0, out.status(), out.text());
      assertEquals(printed, trimmed(lines(out.text())));
    } finally {
      server.destroy();
      assertTrue(server.waitFor(60, TimeUnit.SECONDS), "serve did not end on SIGTERM");
    }
  }

  @Test
  void runWithUiServesThePageOfTheExamplePipelineWhileItsBatchesCommit() throws Exception {
    String run = line(blocks(paragraph("**Watching a pipeline.**")), "bash", "bin/sluice run --ui examples/");
    List<String> arguments = new ArrayList<>(words(run.replace("examples/", "../examples/")));
    arguments.add(arguments.indexOf("--ui") + 1, "0");
    arguments.addAll(1, List.of("--var", "OUT=" + folder.resolve("checkpoint"), "--var", "RATE=200"));
    Path log = folder.resolve("run.log");
    Process pipeline = PipelineStopTest.start(log, arguments.toArray(String[]::new));
    try {
      String base = "http://127.0.0.1:" + await(pipeline, log, PAGE).group(1);
      assertTrue(get(base + "/").contains("<title>Sluice</title>"));
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      long first = batches(get(base + "/api/queries"));
      while (batches(get(base + "/api/queries")) < first + 2) {
        assertTrue(System.nanoTime() < deadline, () -> "no batches committed: " + PipelineStopTest.read(log));
        Thread.sleep(100);
      }
      String query = get(base + "/api/queries/q1");
      assertTrue(query.contains("\"plan\":") && query.contains("\"recentBatches\":[{") && query.contains("\"replay\":"),
          query);
      pipeline.destroy(); // SIGTERM, as Ctrl-C's stop at a batch boundary
      assertTrue(pipeline.waitFor(60, TimeUnit.SECONDS), () -> "no exit: " + PipelineStopTest.read(log));
      assertEquals(0, pipeline.exitValue(), PipelineStopTest.read(log));
    } finally {
      pipeline.destroyForcibly();
    }
  }

  /**
   * psql on a SELECT over a stream: the lines the README shows before its "..." come as batches
   * commit; Ctrl-C (SIGINT: psql sends a cancel request) ends it with the error it prints, and
   * nothing warns about the rollback of psql's own cursor block.
   */
  private void checkLiveSelect(Command command, String port) throws Exception {
    List<String> shown = command.expected().subList(0, command.expected().indexOf("..."));
    Path output = folder.resolve("live.out");
    ProcessBuilder builder = new ProcessBuilder("bash", "-c", "exec " + command.line().replace("-p 5432", "-p " + port))
        .redirectErrorStream(true).redirectOutput(output.toFile());
    environment(builder);
    Process psql = builder.start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!prefix(lines(read(output)), shown.size()).equals(trimmed(shown))) {
        assertTrue(psql.isAlive(), () -> "psql ended: " + read(output));
        assertTrue(System.nanoTime() < deadline, () -> "the rows shown did not come: " + read(output));
        Thread.sleep(50);
      }
      new ProcessBuilder("kill", "-INT", Long.toString(psql.pid())).start().waitFor();
      assertTrue(psql.waitFor(30, TimeUnit.SECONDS), () -> "psql went on after Ctrl-C: " + read(output));
      String said = read(output);
      assertEquals(1, psql.exitValue(), said);
      assertTrue(said.contains("ERROR:  The statement was cancelled"), said);
      assertFalse(said.contains("WARNING"), said);
    } finally {
      psql.destroyForcibly();
    }
  }

  /** A command of a console transcript and the lines shown after it. */
  private record Command(String line, List<String> expected) {}

  private static List<Command> transcript(String block) {
    List<Command> commands = new ArrayList<>();
    for (String line : block.split("\n")) {
      if (line.startsWith("$ ")) {
        commands.add(new Command(line.substring(2), new ArrayList<>()));
      } else {
        commands.get(commands.size() - 1).expected().add(line);
      }
    }
    return commands;
  }

  /** The README's paragraph that starts with {@code start}, up to the next paragraph in bold. */
  private static String paragraph(String start) throws IOException {
    String readme = Files.readString(README, StandardCharsets.UTF_8);
    int from = readme.indexOf("\n" + start);
    assertTrue(from >= 0, "README has no paragraph " + start);
    int to = readme.indexOf("\n**", from + start.length());
    return readme.substring(from, to < 0 ? readme.length() : to);
  }

  /** The fenced blocks of {@code text}: language, body. */
  private static List<String[]> blocks(String text) {
    List<String[]> blocks = new ArrayList<>();
    Matcher fence = FENCE.matcher(text);
    while (fence.find()) {
      blocks.add(new String[] {fence.group(1), fence.group(2)});
    }
    return blocks;
  }

  private static String block(List<String[]> blocks, String language) {
    return blocks.stream().filter(b -> b[0].equals(language)).findFirst()
        .orElseThrow(() -> new AssertionError("no " + language + " block")) [1];
  }

  /** The first line of a {@code language} block that starts with {@code start}, without its comment. */
  private static String line(List<String[]> blocks, String language, String start) {
    for (String[] block : blocks) {
      if (block[0].equals(language)) {
        for (String line : block[1].split("\n")) {
          if (line.startsWith(start)) {
            int comment = line.indexOf(" #");
            return (comment < 0 ? line : line.substring(0, comment)).strip();
          }
        }
      }
    }
    throw new AssertionError("no line " + start + " in a " + language + " block");
  }

  /** The words of a {@code bin/sluice} command after the script's name (the README's have no quotes). */
  private static List<String> words(String command) {
    List<String> words = Arrays.asList(command.split("\\s+"));
    assertEquals("bin/sluice", words.get(0), command);
    return words.subList(1, words.size());
  }

  private static Matcher await(Process process, Path log, Pattern announcement) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    Matcher m = announcement.matcher("");
    while (!m.reset(PipelineStopTest.read(log)).find()) {
      assertTrue(process.isAlive(), () -> "ended early: " + PipelineStopTest.read(log));
      assertTrue(System.nanoTime() < deadline, () -> "not announced: " + PipelineStopTest.read(log));
      Thread.sleep(20);
    }
    return m;
  }

  private record Outcome(int status, String text) {}

  private static Outcome run(List<String> command) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    environment(builder);
    Process process = builder.start();
    process.getOutputStream().close();
    byte[] output = process.getInputStream().readAllBytes();
    assertTrue(process.waitFor(60, TimeUnit.SECONDS), command + " did not end");
    return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }

  /** A user name for {@code $USER}, and no psqlrc of the machine's. */
  private static void environment(ProcessBuilder builder) {
    Map<String, String> environment = builder.environment();
    environment.putIfAbsent("USER", "ada");
    environment.put("PSQLRC", "/dev/null");
  }

  private static List<String> lines(String text) {
    return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n", -1));
  }

  /** Lines without trailing spaces (psql pads its columns), and without blank lines at the end. */
  private static List<String> trimmed(List<String> lines) {
    List<String> kept = new ArrayList<>(lines.stream().map(String::stripTrailing).toList());
    while (!kept.isEmpty() && kept.get(kept.size() - 1).isEmpty()) {
      kept.remove(kept.size() - 1);
    }
    return kept;
  }

  private static List<String> prefix(List<String> lines, int size) {
    return trimmed(lines.subList(0, Math.min(size, lines.size())));
  }

  private static String read(Path file) {
    return PipelineStopTest.read(file);
  }

  private static long batches(String queries) {
    Matcher m = Pattern.compile("\"batches\":(\\d+)").matcher(queries);
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  private static String get(String url) throws Exception {
    HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode(), url + ": " + response.body());
    return response.body();
  }
}
