package io.sluice.engine.connector.kafka;

import io.sluice.engine.checkpoint.ChildJvm;
import io.sluice.engine.checkpoint.KilledRun;
import java.nio.file.Path;
import java.util.Random;

/**
 * Runs a pipeline in a child JVM and, when asked, kills it with SIGKILL at a random moment: while
 * the JVM starts (one in ten runs), while it plans and opens its consumers and producers (one in
 * four), or within a span after planning. What the Kafka crash tests share.
 *
 * <p>On a loaded machine a batch may take longer than the first span: the span doubles after every
 * kill that found no batch committed since the one before ({@link #afterKill}), so that kills reach
 * past the first batches too, and halves after one that found progress, so that kills stay
 * frequent. The planning time is learned from the runs.
 */
final class RandomKills {
  private static final long RUNNING_SPAN_MILLIS = 1_500;
  private static final long MAX_RUNNING_SPAN_MILLIS = 30_000;
  private static final long RUN_TIMEOUT_MILLIS = 180_000;

  private final ChildJvm jvm;
  private final Random random;
  private double plannedMillis = 3_000;
  private long runningSpanMillis = RUNNING_SPAN_MILLIS;
  private long lastProgress;

  RandomKills(ChildJvm jvm, Random random) {
    this.jvm = jvm;
    this.random = random;
  }

  /** Runs {@code script}, its output to {@code log}, killed at a random moment if {@code kill}; returns whether it was killed. */
  boolean run(Path script, Path log, boolean kill) throws Exception {
    long afterStart = KilledRun.NEVER;
    long afterPlanned = KilledRun.NEVER;
    if (kill) {
      double p = random.nextDouble();
      if (p < 0.1) {
        afterStart = random.nextInt(150);
      } else if (p < 0.35) {
        afterStart = (long) (random.nextDouble() * plannedMillis * 1.1);
      } else {
        afterPlanned = (long) (random.nextDouble() * runningSpanMillis);
      }
    }
    KilledRun.Outcome outcome = KilledRun.run(jvm, script, log, afterStart, afterPlanned, RUN_TIMEOUT_MILLIS);
    if (outcome.planned()) {
      plannedMillis = 0.8 * plannedMillis + 0.2 * outcome.plannedAfterMillis();
    }
    return outcome.killed();
  }

  /** After a kill: {@code progress} counts the batches committed so far, which sets the next span. */
  void afterKill(long progress) {
    runningSpanMillis = progress == lastProgress ? Math.min(MAX_RUNNING_SPAN_MILLIS, runningSpanMillis * 2)
        : Math.max(RUNNING_SPAN_MILLIS, runningSpanMillis / 2);
    lastProgress = progress;
  }

  /** The stage a killed run's output shows it was killed in: 0 JVM start-up, 1 planning, 2 running. */
  static int stage(String output) {
    return !output.contains("started") ? 0 : !output.contains("planned") ? 1 : 2;
  }
}
