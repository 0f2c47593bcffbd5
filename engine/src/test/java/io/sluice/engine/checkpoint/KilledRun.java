package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;
import java.util.stream.Stream;

/**
 * One run of {@link CrashPipeline} in a child JVM, killed with SIGKILL at a chosen moment: so
 * many ms after it starts, or so many ms after it prints {@link CrashPipeline#PLANNED}. Shared
 * by the crash tests over files ({@link CrashTest}) and over Kafka.
 */
public final class KilledRun {
  /** Never kill: the run must end by itself. */
  public static final long NEVER = Long.MAX_VALUE;

  private KilledRun() {}

  /**
   * Runs the pipeline script {@code script}, its output to {@code log}, and kills it
   * {@code afterStart} ms after it starts or {@code afterPlanned} ms after planning ended
   * (either may be {@link #NEVER}); {@code planned} learns how long planning took. Returns whether
   * the run was killed; a run that ends by itself must end with status 0 within
   * {@code timeoutMillis}.
   */
  public static boolean run(ChildJvm jvm, Path script, Path log, long afterStart, long afterPlanned,
      LongConsumer planned, long timeoutMillis) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(jvm.command(CrashPipeline.class.getName(), script.toString()));
    builder.redirectErrorStream(true).redirectOutput(log.toFile());
    long start = System.nanoTime();
    Process process = builder.start();
    long killAt = afterStart;
    boolean seenPlanned = false;
    try {
      while (true) {
        long elapsed = (System.nanoTime() - start) / 1_000_000;
        if (elapsed >= killAt) {
          process.destroyForcibly(); // SIGKILL
          process.waitFor();
          return true;
        }
        if (elapsed > timeoutMillis) {
          fail("the pipeline did not end within " + timeoutMillis + " ms; its output:\n" + read(log));
        }
        if (process.waitFor(Math.max(1, Math.min(5, killAt - elapsed)), TimeUnit.MILLISECONDS)) {
          assertEquals(0, process.exitValue(), "the pipeline failed; its output:\n" + read(log));
          return false;
        }
        if (!seenPlanned && read(log).contains(CrashPipeline.PLANNED)) {
          seenPlanned = true;
          planned.accept(elapsed);
          if (afterPlanned != NEVER) {
            killAt = elapsed + afterPlanned;
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

  /** What a run printed so far. */
  public static String read(Path log) throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }
}
