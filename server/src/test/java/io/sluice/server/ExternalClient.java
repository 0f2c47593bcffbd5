package io.sluice.server;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a client program (psql, python) to its end and returns what it printed, failing on a hang. */
final class ExternalClient {
  private ExternalClient() {}

  record Outcome(int status, String output) {}

  static Outcome run(List<String> command, Map<String, String> environment, String input) throws Exception {
    return run(command, environment, input, null, 60);
  }

  /** Runs {@code command} in {@code directory} (null: this process's), failing when it runs past {@code seconds}. */
  static Outcome run(List<String> command, Map<String, String> environment, String input, java.io.File directory,
      int seconds) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).directory(directory);
    builder.environment().putAll(environment);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new AssertionError(command.get(0) + " is needed by this test (.ci/run installs it): " + e.getMessage(), e);
    }
    try (var stdin = process.getOutputStream()) {
      if (input != null) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      }
    }
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(command + " did not end");
    }
    return new Outcome(process.exitValue(), new String(output, StandardCharsets.UTF_8));
  }
}
