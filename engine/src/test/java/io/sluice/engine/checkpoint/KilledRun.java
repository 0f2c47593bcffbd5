package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One run of {@link CrashPipeline} in a child JVM, killed with SIGKILL at a chosen moment: a
 * number of milliseconds after it starts, or after it prints that its queries are planned. A
 * run that ends by itself must end with status 0 within the timeout.
 */
public final class KilledRun {
  /** Never kill. */
  public static final long NEVER = Long.MAX_VALUE;

  /**
   * @param killed whether the run was killed (else it ended by itself)
   * @param plannedAfterMillis when it printed {@link CrashPipeline#PLANNED}, or -1 if it did not
   */
  public record Outcome(boolean killed, long plannedAfterMillis) {
    public boolean planned() {
      return plannedAfterMillis >= 0;
    }
  }

  private KilledRun() {}

  /** Runs {@code script}, its output to {@code log}, killed as {@code killAfterStart} or {@code killAfterPlanned} say. */
  public static Outcome run(ChildJvm jvm, Path script, Path log, long killAfterStart, long killAfterPlanned,
      long timeoutMillis) throws IOException, InterruptedException {
    return run(jvm, script, log, killAfterStart, killAfterPlanned, null, timeoutMillis);
  }

  /**
   * Runs {@code script} as {@link #run(ChildJvm, Path, Path, long, long, long)} does, and also
   * kills it as soon as its output has a line {@code killWhenSeen} finds (null for none).
   */
  public static Outcome run(ChildJvm jvm, Path script, Path log, long killAfterStart, long killAfterPlanned,
      java.util.regex.Pattern killWhenSeen, long timeoutMillis) throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(jvm.command(CrashPipeline.class.getName(), script.toString()));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    long killAt = killAfterStart;
    long planned = -1;
    try {
      while (true) {
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed >= killAt) {
          process.destroyForcibly(); // SIGKILL
          process.waitFor();
          return new Outcome(true, planned);
        }
        if (elapsed > timeoutMillis) {
          fail("the pipeline did not end within " + timeoutMillis + " ms; its output:\n" + read(log));
        }
        if (process.waitFor(Math.max(1, Math.min(5, killAt - elapsed)), TimeUnit.MILLISECONDS)) {
          assertEquals(0, process.exitValue(), "the pipeline failed; its output:\n" + read(log));
          return new Outcome(false, planned);
        }
        if (killWhenSeen != null && killWhenSeen.matcher(read(log)).find()) {
          killAt = elapsed;
          continue;
        }
        if (planned < 0 && read(log).contains(CrashPipeline.PLANNED)) {
          planned = elapsed;
          if (killAfterPlanned != NEVER) {
            killAt = elapsed + killAfterPlanned;
          }
        }
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly();
        process.waitFor();
      }
    }
  }

  /** The highest batch number named by a file in a checkpoint's {@code offsets} or {@code commits} folder, or -1. */
  public static long lastBatch(Path recordFolder) throws IOException {
    if (!Files.isDirectory(recordFolder)) {
      return -1;
    }
    try (Stream<Path> names = Files.list(recordFolder)) {
      return names.map(p -> p.getFileName().toString()).filter(n -> n.matches("\\d+")).mapToLong(Long::parseLong)
          .max().orElse(-1);
    }
  }

  /** A run's output so far. */
  public static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
