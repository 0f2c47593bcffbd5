package io.sluice.engine.checkpoint;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The child process {@link CrashTest} kills: runs the pipeline script named by its argument
 * until every continuous query in it has ended, as {@code sluice run} does. Exits 0 when all
 * ended without failure, 1 otherwise.
 *
 * <p>It prints a line at each stage so that the test can tell where a kill hit: {@code started}
 * once the JVM runs this class, {@code planned} once every query of the script has been planned
 * and started, each query's last progress once they are done ({@link #PROGRESS}), then {@code ended}.
 * While the queries run, it prints the progress of each new batch ({@link #BATCH}), so that a
 * killed run's log shows what its operators held (on disk, too) before the kill.
 */
public final class CrashPipeline {
  public static final String STARTED = "started";
  public static final String PLANNED = "planned";
  public static final String ENDED = "ended";
  /** Starts a line with a query's last progress (its operators' state and choices) once all ended. */
  public static final String PROGRESS = "progress of ";
  /** Starts a line with a batch's progress while the queries run: {@code batch of SINK N: OPERATORS}. */
  public static final String BATCH = "batch of ";

  private CrashPipeline() {}

  public static void main(String[] args) throws Exception {
    System.out.println(STARTED);
    String script = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
    Database database = Database.inMemory();
    List<StreamingQuery> failed;
    try (Session session = database.openSession()) {
      session.executeScript(script);
      System.out.println(PLANNED);
      Thread watcher = new Thread(() -> printBatches(database), "crash-pipeline-progress");
      watcher.setDaemon(true);
      watcher.start();
      failed = database.queries().awaitAll();
      for (StreamingQuery query : database.queries().list()) {
        if (!query.progress().isEmpty()) {
          System.out.println(PROGRESS + query.sinkName() + ": "
              + query.progress().get(query.progress().size() - 1).operators());
        }
      }
    }
    for (StreamingQuery query : failed) {
      System.out.println("query " + query.id() + " into " + query.sinkName() + " failed:");
      query.failure().printStackTrace(System.out);
    }
    System.out.println(ENDED);
    System.exit(failed.isEmpty() ? 0 : 1);
  }

  /** Prints each query's new batches' progress every 20 ms until the process ends. */
  private static void printBatches(Database database) {
    java.util.Map<String, Long> printed = new java.util.HashMap<>();
    while (true) {
      for (StreamingQuery query : database.queries().list()) {
        List<io.sluice.engine.result.BatchProgress> progress = query.progress();
        if (progress.isEmpty()) {
          continue;
        }
        io.sluice.engine.result.BatchProgress last = progress.get(progress.size() - 1);
        if (printed.getOrDefault(query.sinkName(), -1L) < last.batchId()) {
          printed.put(query.sinkName(), last.batchId());
          System.out.println(BATCH + query.sinkName() + " " + last.batchId() + ": " + last.operators());
        }
      }
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        return;
      }
    }
  }
}
