package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a pipeline process with SIGKILL at random moments and restarts it until a run ends by
 * itself, then checks that its sinks hold every expected row exactly once.
 *
 * <p>The pipeline ({@link CrashPipeline}, in a child JVM) runs five continuous queries, each on
 * its own checkpoint and into its own {@code files} sink: a filter and projection, a tumbling
 * window count and sum per key, an interval join of two streams, a deduplication and a regular
 * join (no time bound) of the same two streams, all with changelog checkpoints, over many
 * small CSV files read a few per batch ({@link CrashInput}). The files arrive while the pipeline
 * runs ({@link InputFeeder}), so a batch's files depend on timing and a batch run again after a
 * kill must keep its recorded boundaries; meanwhile the queries run with the continuous trigger,
 * and once all input is there, with available-now, until a run ends by itself. Expected rows are
 * computed in Java from the input, never from the sinks.
 *
 * <p>Kill delays are drawn so that kills land while the JVM starts, while queries are planned
 * and open their checkpoints, and over the batches that follow: in the middle of a batch, between
 * a sink's commit and the checkpoint's commit of the same batch, between batches. After each kill
 * the test reads the checkpoint and sink folders to tell which, per query.
 *
 * <p>A round is one set of input, output and checkpoint folders; rounds repeat until at least
 * {@code sluice.crash.kills} kills (default 100), each printing its figures.
 * {@code -Dsluice.crash.soak=MINUTES} keeps running rounds for that long;
 * {@code -Dsluice.crash.seed=N} repeats a run's input and kill delays (the seed is printed;
 * timing still varies from run to run). {@code -Dsluice.state.backend=disk} and {@code
 * -Dsluice.state.memory=SIZE} run the queries on the disk state backend with that budget.
 */
class CrashTest {
  private static final int MIN_KILLS = Integer.getInteger("sluice.crash.kills", 100);
  /** {@code -Dsluice.state.backend}: the queries' state backend ({@link CrashInput#writeScript}), null for the default. */
  private static final String BACKEND = System.getProperty("sluice.state.backend");
  private static final java.util.regex.Pattern JOIN_WROTE_OUT =
      java.util.regex.Pattern.compile("joined \\d+: .* [1-9][0-9]* write-outs");
  private static final double SOAK_MINUTES = Double.parseDouble(System.getProperty("sluice.crash.soak", "0"));
  private static final CrashInput.Size WARM_UP_SIZE = new CrashInput.Size(600, 400, 400, 240, 10, 3);
  private static final CrashInput.Size SIZE = new CrashInput.Size(6000, 4000, 4000, 2400, 10, 3);
  /** How long the input of a round takes to write, while the pipeline runs. */
  private static final long FEED_MILLIS = 20_000;
  /** How far past the end of planning kills may land: several batches of each query. */
  private static final long RUNNING_SPAN_MILLIS = 1_000;
  /** After this many kills in a round, the next run goes undisturbed, so that every round ends. */
  private static final int MAX_KILLS_PER_ROUND = 60;
  private static final long RUN_TIMEOUT_MILLIS = 180_000;

  /** Figures of a round, or of all rounds. */
  private static final class Tally {
    int rounds;
    int kills;
    int restarts;
    /** Kills while the input was still being written. */
    int killedWhileFed;
    int killedAtStartup;
    int killedWhilePlanning;
    int killedRunning;
    /** Per query at a kill: a batch started and not committed anywhere. */
    int midBatch;
    /** Per query at a kill: the sink committed the batch, the checkpoint did not. */
    int sinkAheadOfCheckpoint;
    /** Per query at a kill: no batch in flight. */
    int betweenBatches;
    long batches;
    long rowsChecked;
    long lost;
    long duplicated;
    long unexpected;
    long unlistedFiles;
    long millis;
    int checkpointRetain;
    /** Runs whose output shows the interval join ({@code joined}) with rows written out to its disk store. */
    int intervalJoinOnDisk;
    /** What differed, per sink of a round, with examples. */
    final List<String> problems = new ArrayList<>();

    void add(Tally round) {
      rounds += round.rounds;
      kills += round.kills;
      restarts += round.restarts;
      killedWhileFed += round.killedWhileFed;
      killedAtStartup += round.killedAtStartup;
      killedWhilePlanning += round.killedWhilePlanning;
      killedRunning += round.killedRunning;
      midBatch += round.midBatch;
      sinkAheadOfCheckpoint += round.sinkAheadOfCheckpoint;
      betweenBatches += round.betweenBatches;
      batches += round.batches;
      rowsChecked += round.rowsChecked;
      lost += round.lost;
      duplicated += round.duplicated;
      unexpected += round.unexpected;
      unlistedFiles += round.unlistedFiles;
      millis += round.millis;
      intervalJoinOnDisk += round.intervalJoinOnDisk;
      problems.addAll(round.problems);
    }

    long failures() {
      return lost + duplicated + unexpected + unlistedFiles;
    }

    String line() {
      return String.format("kills %d (%d while input came; JVM start-up %d, planning %d, running %d; per query:"
          + " mid-batch %d, sink committed before checkpoint %d, between batches %d), restarts %d, batches %d,"
          + " rows checked %d, rows lost %d, rows duplicated %d, rows unexpected %d, files outside the manifest %d,"
          + " %.1f s" + (BACKEND == null ? "" : ", runs with the interval join's rows on disk " + intervalJoinOnDisk),
          kills, killedWhileFed, killedAtStartup, killedWhilePlanning, killedRunning, midBatch,
          sinkAheadOfCheckpoint, betweenBatches, restarts, batches, rowsChecked, lost, duplicated, unexpected,
          unlistedFiles, millis / 1000.0);
    }
  }

  @TempDir
  Path folder;

  private ChildJvm jvm;
  /** Time from a run's start to the end of planning, averaged over recent runs; kill delays scale with it. */
  private double plannedMillis = 2_000;

  @Test
  void killedPipelinesLoseAndDuplicateNoRow() throws Exception {
    long seed = Long.getLong("sluice.crash.seed", System.nanoTime());
    System.out.println("CrashTest seed " + seed + " (repeat with -Dsluice.crash.seed=" + seed + ")");
    Random random = new Random(seed);
    long soakEnd = System.currentTimeMillis() + (long) (SOAK_MINUTES * 60_000);
    jvm = ChildJvm.create(folder.resolve("jvm"));
    Tally total = new Tally();
    // a first round without kills checks a clean run and writes the class archive later children start from
    Tally warmUp = runRound(folder.resolve("round-0"), random, WARM_UP_SIZE, 0, 0);
    total.add(warmUp);
    System.out.println("CrashTest round 0, without kills" + (jvm.archived() ? ", archived the child JVM's classes"
        : "") + ": " + warmUp.line());
    while ((total.kills < MIN_KILLS || System.currentTimeMillis() < soakEnd) && total.failures() == 0) {
      int kills = System.currentTimeMillis() < soakEnd ? MAX_KILLS_PER_ROUND
          : Math.min(MAX_KILLS_PER_ROUND, MIN_KILLS - total.kills);
      Tally round = runRound(folder.resolve("round-" + total.rounds), random, SIZE, FEED_MILLIS, kills);
      System.out.println("CrashTest round " + total.rounds + ", checkpoints keep " + round.checkpointRetain
          + " batches, " + deltaFiles(folder.resolve("round-" + total.rounds)) + " state deltas in them at the end: "
          + round.line());
      total.add(round);
    }
    System.out.println("CrashTest total, " + total.rounds + " rounds: " + total.line());
    assertEquals(0, total.failures(), total.line() + "\n" + String.join("\n", total.problems));
    // (kills while the JVM starts are too few to count on: it reaches main within tens of milliseconds)
    assertTrue(total.killedWhilePlanning > 0 && total.midBatch > 0 && total.sinkAheadOfCheckpoint > 0,
        "kills missed a window: " + total.line());
  }

  /**
   * Makes a round's input and writes it over {@code feedMillis} ms (all of it first for 0) while
   * the pipeline runs, killed and restarted: with the continuous trigger while files still come,
   * then with available-now until a run ends by itself (after {@code maxKills} kills, runs go
   * undisturbed). Then checks the sinks.
   */
  private Tally runRound(Path roundFolder, Random random, CrashInput.Size size, long feedMillis, int maxKills)
      throws Exception {
    long started = System.currentTimeMillis();
    CrashInput input = CrashInput.make(roundFolder, random, size);
    Tally tally = new Tally();
    tally.rounds = 1;
    tally.checkpointRetain = input.checkpointRetain;
    try (InputFeeder feeder = new InputFeeder(input, new Random(random.nextLong()), feedMillis)) {
      for (int run = 0; ; run++) {
        if (run > 0) {
          tally.restarts++;
        }
        // a query never ends by itself while input still comes: such a run always ends by a kill
        boolean allInput = feeder.done();
        input.writeScript(allInput ? "available-now" : "continuous");
        Kill kill = allInput && tally.kills >= maxKills ? Kill.NEVER : Kill.draw(random, plannedMillis);
        Path log = roundFolder.resolve("run-" + run + ".log");
        boolean killed = runOnce(input, log, kill);
        if (BACKEND != null && JOIN_WROTE_OUT.matcher(read(log)).find()) {
          tally.intervalJoinOnDisk++;
        }
        if (!killed) {
          break;
        }
        tally.kills++;
        if (!allInput) {
          tally.killedWhileFed++;
        }
        classifyKill(input, log, tally);
      }
    }
    check(input, tally, roundFolder);
    tally.millis = System.currentTimeMillis() - started;
    return tally;
  }

  /** When to kill a run: {@code afterStart} ms after it starts, or {@code afterPlanned} ms after planning ended. */
  private record Kill(long afterStart, long afterPlanned) {
    static final Kill NEVER = new Kill(Long.MAX_VALUE, Long.MAX_VALUE);

    /**
     * A tenth of kills while the JVM starts, a quarter while the script is planned (and the
     * queries open their checkpoints and run their first batches), the rest over the batches of
     * the next {@link CrashTest#RUNNING_SPAN_MILLIS}: mid-batch, between a sink's commit and the
     * checkpoint's, or between batches, in proportion to the time each takes.
     */
    static Kill draw(Random random, double plannedMillis) {
      double p = random.nextDouble();
      if (p < 0.1) {
        return new Kill(random.nextInt(150), Long.MAX_VALUE);
      }
      if (p < 0.35) {
        return new Kill((long) (random.nextDouble() * plannedMillis * 1.1), Long.MAX_VALUE);
      }
      return new Kill(Long.MAX_VALUE, random.nextInt((int) RUNNING_SPAN_MILLIS));
    }
  }

  /**
   * Runs the pipeline in a child JVM and kills it with SIGKILL as {@code kill} says. Returns
   * whether it was killed; a run that ends by itself must end with status 0.
   */
  private boolean runOnce(CrashInput input, Path log, Kill kill) throws Exception {
    KilledRun.Outcome outcome = KilledRun.run(jvm, input.script, log, kill.afterStart(),
        kill.afterPlanned() == Long.MAX_VALUE ? KilledRun.NEVER : kill.afterPlanned(), RUN_TIMEOUT_MILLIS);
    if (outcome.planned()) {
      plannedMillis = 0.8 * plannedMillis + 0.2 * outcome.plannedAfterMillis();
    }
    return outcome.killed();
  }

  /** The state delta files in the checkpoints under {@code folder} (changelog checkpoints at work). */
  private static long deltaFiles(Path folder) throws IOException {
    try (java.util.stream.Stream<Path> walk = java.nio.file.Files.walk(folder)) {
      return walk.filter(p -> p.getFileName().toString().endsWith(StateChains.DELTA_SUFFIX)).count();
    }
  }

  /** Counts where a kill hit: by the child's output, and per query by what its checkpoint and sink hold. */
  private static void classifyKill(CrashInput input, Path log, Tally tally) throws IOException {
    String output = read(log);
    if (!output.contains(CrashPipeline.STARTED)) {
      tally.killedAtStartup++;
    } else if (!output.contains(CrashPipeline.PLANNED)) {
      tally.killedWhilePlanning++;
    } else {
      tally.killedRunning++;
    }
    for (String sink : CrashInput.SINKS) {
      Path checkpoint = input.checkpointOf(sink);
      long started = KilledRun.lastBatch(checkpoint.resolve("offsets"));
      long committed = KilledRun.lastBatch(checkpoint.resolve("commits"));
      if (started < 0) {
        continue; // no batch yet
      }
      if (started == committed) {
        tally.betweenBatches++;
      } else if (SinkFolder.read(input.sinkFolder(sink)).lastBatch() >= started) {
        tally.sinkAheadOfCheckpoint++;
      } else {
        tally.midBatch++;
      }
    }
  }

  /** Compares every sink with its expected rows, counting rows lost, duplicated and unexpected. */
  private static void check(CrashInput input, Tally tally, Path roundFolder) throws IOException {
    for (String sink : CrashInput.SINKS) {
      SinkFolder folder = SinkFolder.read(input.sinkFolder(sink));
      Map<String, Integer> actual = new HashMap<>();
      for (String line : folder.lines()) {
        actual.merge(CrashInput.normalize(sink, line), 1, Integer::sum);
      }
      Map<String, Integer> expected = input.expected.get(sink);
      long lost = 0;
      long duplicated = 0;
      long unexpected = 0;
      TreeSet<String> examples = new TreeSet<>();
      for (Map.Entry<String, Integer> e : expected.entrySet()) {
        int seen = actual.getOrDefault(e.getKey(), 0);
        tally.rowsChecked += e.getValue();
        if (seen < e.getValue()) {
          lost += e.getValue() - seen;
          examples.add("lost " + e.getKey());
        } else if (seen > e.getValue()) {
          duplicated += seen - e.getValue();
          examples.add("duplicated x" + (seen - e.getValue()) + " " + e.getKey());
        }
      }
      for (Map.Entry<String, Integer> e : actual.entrySet()) {
        if (!expected.containsKey(e.getKey())) {
          unexpected += e.getValue();
          examples.add("unexpected " + e.getKey());
        }
      }
      List<String> unlisted = folder.unlisted();
      tally.batches += folder.batches();
      tally.lost += lost;
      tally.duplicated += duplicated;
      tally.unexpected += unexpected;
      tally.unlistedFiles += unlisted.size();
      if (lost + duplicated + unexpected + unlisted.size() > 0) {
        long rows = expected.values().stream().mapToLong(Integer::longValue).sum();
        tally.problems.add(roundFolder.getFileName() + ", " + sink + ": " + lost + " lost, " + duplicated
            + " duplicated, " + unexpected + " unexpected of " + rows + " expected rows, files outside the manifest "
            + unlisted + "; e.g. " + examples.stream().limit(10).toList());
      }
    }
    if (!tally.problems.isEmpty()) {
      System.out.println("CrashTest " + String.join("\n  ", tally.problems));
    }
  }

  private static String read(Path log) throws IOException {
    return KilledRun.read(log);
  }
}
