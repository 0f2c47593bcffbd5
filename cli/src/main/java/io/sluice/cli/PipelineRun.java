package io.sluice.cli;

import io.sluice.jdbc.SluiceConnection;
import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Runs a checked pipeline file until its continuous queries end, and stops it cleanly on SIGTERM
 * or Ctrl-C (SIGINT): every query finishes the batch it is running, commits it (sink and
 * checkpoint) and starts no other; then what each query did is printed and the process exits with
 * status 0 after SIGTERM (a clean stop, for a service manager) or 130 after Ctrl-C (the shell's
 * convention for an interrupted command). A second signal forces the stop at once: batches that
 * were running did not commit and run again when the pipeline restarts from its checkpoints.
 *
 * <p>With {@code --supervise}, a run that fails (a query's batch fails, a statement fails) is
 * started again from the beginning of the file on a new database, so that each query goes on from
 * its checkpoint, after a pause of 1 s, then 2 s, 4 s, ... (at most a minute), at most
 * {@code --max-restarts} times; each failure's cause is printed before the restart.
 */
final class PipelineRun {
  /** Exit status after Ctrl-C: 128 + SIGINT, as shells report an interrupted command. */
  static final int INTERRUPTED = 130;
  /** Exit status when a second signal forces the stop: 128 + SIGTERM. */
  static final int FORCED = 143;

  /** First pause before a supervised restart; each next one doubles, up to {@link #MAX_BACKOFF_MILLIS}. */
  static final long FIRST_BACKOFF_MILLIS = 1_000;
  static final long MAX_BACKOFF_MILLIS = 60_000;

  /** The database each attempt runs on: a new in-memory one ({@link Main#URL}) or a database folder. */
  private final String url;
  private final PrintStream out;
  private final PrintStream err;
  private final boolean debug;
  /** Where the status lines go (standard error on a terminal), or null for none. */
  private final PrintStream statusTo;
  /** The {@code --progress} file, or null. */
  private final String progressFile;
  /** The {@code --http-port} for metrics, or null. */
  private String httpPort;
  /** The {@code --ui} port of the web page, or null. */
  private String uiPort;
  /** The first signal received ("TERM" or "INT"), or null. */
  private volatile String stoppedBy;
  /** The connection of the attempt that runs now, or null between attempts. */
  private volatile SluiceConnection current;
  /** The status lines drawn now, or null. */
  private volatile StatusLines status;

  /**
   * @param url the database to run on: {@link Main#URL} for a new in-memory one each attempt
   * @param statusTo where to draw a status line per query while the pipeline runs (a terminal), or null
   * @param progressFile the {@code --progress} file (JSON lines, one per batch), or null
   */
  PipelineRun(String url, PrintStream out, PrintStream err, boolean debug, PrintStream statusTo,
      String progressFile) {
    this.url = url;
    this.out = out;
    this.err = err;
    this.debug = debug;
    this.statusTo = statusTo;
    this.progressFile = progressFile;
  }

  /**
   * Runs the statements of {@code script} (the text of {@code file}) on a new database, with
   * {@code checkpoint} as the default checkpoint folder, and waits for its continuous queries;
   * returns the exit status. Supervised, a run that fails starts again on a new database, from the
   * checkpoints, after a pause that doubles each time, up to {@code maxRestarts} times.
   */
  int run(String script, String file, String checkpoint, boolean supervise, int maxRestarts) {
    SignalHandler previousTerm = handle("TERM");
    SignalHandler previousInt = handle("INT");
    try (AutoCloseable http = HttpPort.start(httpPort, uiPort,
        (checkpoint == null ? "" : "--checkpoint " + shellWord(checkpoint) + " ") + shellWord(file), this::queryProgress,
        err)) {
      long backoff = FIRST_BACKOFF_MILLIS;
      for (int restarts = 0; ; restarts++) {
        Attempt attempt = attempt(script, file, checkpoint);
        if (stoppedBy != null) {
          return attempt == Attempt.FAILED ? Main.FAILED : stoppedBy.equals("INT") ? INTERRUPTED : Main.OK;
        }
        if (attempt != Attempt.FAILED_RESTARTABLE || !supervise) {
          return attempt == Attempt.ENDED ? Main.OK : Main.FAILED;
        }
        if (restarts >= maxRestarts) {
          err.println("Supervisor: the pipeline failed " + (restarts + 1) + " times; giving up after "
              + ScriptRunner.plural(maxRestarts, "restart") + " (--max-restarts " + maxRestarts + ")");
          return Main.FAILED;
        }
        err.println(String.format(Locale.ROOT, "Supervisor: restart %d of %d in %.1f s, from the checkpoints",
            restarts + 1, maxRestarts, backoff / 1000.0));
        if (!sleep(backoff)) {
          return stoppedBy != null && stoppedBy.equals("INT") ? INTERRUPTED : Main.OK;
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    } catch (Exception e) {
      err.println("Error: " + e.getMessage());
      return Main.FAILED;
    } finally {
      restore("TERM", previousTerm);
      restore("INT", previousInt);
    }
  }

  /** What the queries of the attempt running now have done, for the metrics of --http-port. */
  private java.util.List<io.sluice.jdbc.ContinuousQueryProgress> queryProgress() {
    SluiceConnection connection = current;
    return connection == null ? java.util.List.of() : connection.continuousQueryProgress();
  }

  /** How one run of the file ended. */
  private enum Attempt { ENDED, STOPPED, FAILED, FAILED_RESTARTABLE }

  private Attempt attempt(String script, String file, String checkpoint) {
    try (Connection connection = Main.connect(url, new java.util.Properties())) {
      SluiceConnection sluice = connection.unwrap(SluiceConnection.class);
      ScriptRunner runner = new ScriptRunner(connection, out, err, new TableRenderer(0), debug);
      if (!new CheckpointCommands(connection, out, err, debug).setCheckpoint(checkpoint, file)
          || (progressFile != null && !runner.run("SET 'pipeline.progress' = '" + progressFile.replace("'", "''")
              + "'", null, false, true))) {
        return Attempt.FAILED;
      }
      current = sluice;
      try {
        boolean statementsRan = runner.run(script, file, false, true);
        if (!statementsRan || stoppedBy != null) {
          sluice.stopContinuousQueries(); // those started before the error, or after the signal came
        }
        boolean ended;
        if (statusTo != null && statementsRan) {
          try (StatusLines lines = StatusLines.start(sluice, statusTo)) {
            status = lines;
            ended = awaitQueries(sluice, lines);
          } finally {
            status = null;
          }
        } else {
          ended = awaitQueries(sluice, null);
        }
        if (stoppedBy != null) {
          printSummary(sluice);
          return ended ? Attempt.STOPPED : Attempt.FAILED;
        }
        return statementsRan && ended ? Attempt.ENDED : Attempt.FAILED_RESTARTABLE;
      } finally {
        current = null;
      }
    } catch (SQLException e) {
      err.println("Error: " + e.getMessage());
      return Attempt.FAILED;
    }
  }

  /** Serves metrics on this port (--http-port) while the pipeline runs. */
  PipelineRun withHttpPort(String port) {
    this.httpPort = port;
    return this;
  }

  /** {@code word} as a POSIX shell reads it back: as it is when plain, else in single quotes. */
  static String shellWord(String word) {
    return word.matches("[A-Za-z0-9_./=:@%+-]+") ? word : "'" + word.replace("'", "'\\''") + "'";
  }

  /** Serves the live web page on this port (--ui) while the pipeline runs. */
  PipelineRun withUi(String port) {
    this.uiPort = port;
    return this;
  }

  /** Sleeps; false when a signal asked the run to stop meanwhile. */
  private boolean sleep(long millis) {
    long end = System.currentTimeMillis() + millis;
    while (stoppedBy == null) {
      long left = end - System.currentTimeMillis();
      if (left <= 0) {
        return true;
      }
      try {
        Thread.sleep(Math.min(left, 50));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private SignalHandler handle(String name) {
    try {
      return Signal.handle(new Signal(name), signal -> onSignal(name));
    } catch (IllegalArgumentException e) {
      return null; // the JVM keeps this signal for itself (-Xrs, some platforms): its default applies
    }
  }

  private static void restore(String name, SignalHandler previous) {
    if (previous != null) {
      Signal.handle(new Signal(name), previous);
    }
  }

  private void onSignal(String name) {
    StatusLines lines = status;
    if (lines != null) {
      lines.close(); // erased before the message, which then stays
    }
    if (stoppedBy != null) {
      err.println("Stopping now: batches that were running did not commit; they run again when the pipeline"
          + " restarts from its checkpoints.");
      err.flush();
      out.flush();
      Runtime.getRuntime().halt(FORCED);
    }
    stoppedBy = name;
    err.println("SIG" + name + ": stopping every query at the end of the batch it is running"
        + " (" + (name.equals("INT") ? "Ctrl-C" : "a signal") + " again forces the stop)");
    SluiceConnection sluice = current;
    if (sluice != null) {
      sluice.stopContinuousQueries();
    }
  }

  private boolean awaitQueries(SluiceConnection sluice, StatusLines status) {
    try {
      sluice.awaitContinuousQueries();
      return true;
    } catch (SQLException e) {
      if (status != null) {
        status.close();
      }
      err.println("Error: " + e.getMessage());
      return false;
    }
  }

  /** Per query: what it did since it started, all of it committed. */
  private void printSummary(SluiceConnection sluice) {
    printSummary(sluice, "SIG" + stoppedBy, out);
  }

  /** Per query of the connection: what it did since it started, all of it committed; nothing without queries. */
  static void printSummary(SluiceConnection sluice, String stoppedBy, PrintStream out) {
    if (sluice.continuousQuerySummaries().isEmpty()) {
      return;
    }
    out.println("Stopped on " + stoppedBy + "; every query committed its last batch:");
    for (SluiceConnection.ContinuousQuerySummary q : sluice.continuousQuerySummaries()) {
      out.println(String.format(Locale.ROOT, "  %s into %s: %s after %s, %s read, %s written", q.id(), q.sink(),
          q.status(), ScriptRunner.plural(q.batches(), "batch").replace("batchs", "batches"),
          ScriptRunner.plural(q.inputRows(), "row"), ScriptRunner.plural(q.outputRows(), "row")));
    }
    out.flush();
  }
}
