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
 */
final class PipelineRun {
  /** Exit status after Ctrl-C: 128 + SIGINT, as shells report an interrupted command. */
  static final int INTERRUPTED = 130;
  /** Exit status when a second signal forces the stop: 128 + SIGTERM. */
  static final int FORCED = 143;

  private final Connection connection;
  private final PrintStream out;
  private final PrintStream err;
  /** The first signal received ("TERM" or "INT"), or null. */
  private volatile String stoppedBy;

  PipelineRun(Connection connection, PrintStream out, PrintStream err) {
    this.connection = connection;
    this.out = out;
    this.err = err;
  }

  /** Runs the statements of {@code script} and waits for its continuous queries; returns the exit status. */
  int run(ScriptRunner runner, String script, String file) throws SQLException {
    SluiceConnection sluice = connection.unwrap(SluiceConnection.class);
    SignalHandler previousTerm = handle("TERM", sluice);
    SignalHandler previousInt = handle("INT", sluice);
    try {
      if (!runner.run(script, file, false, true)) {
        return Main.FAILED;
      }
      if (stoppedBy != null) {
        sluice.stopContinuousQueries(); // queries the file started after the signal came
      }
      boolean ended = awaitQueries(sluice);
      if (stoppedBy == null) {
        return ended ? Main.OK : Main.FAILED;
      }
      printSummary(sluice);
      return !ended ? Main.FAILED : stoppedBy.equals("INT") ? INTERRUPTED : Main.OK;
    } finally {
      restore("TERM", previousTerm);
      restore("INT", previousInt);
    }
  }

  private SignalHandler handle(String name, SluiceConnection sluice) {
    try {
      return Signal.handle(new Signal(name), signal -> onSignal(name, sluice));
    } catch (IllegalArgumentException e) {
      return null; // the JVM keeps this signal for itself (-Xrs, some platforms): its default applies
    }
  }

  private static void restore(String name, SignalHandler previous) {
    if (previous != null) {
      Signal.handle(new Signal(name), previous);
    }
  }

  private void onSignal(String name, SluiceConnection sluice) {
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
    sluice.stopContinuousQueries();
  }

  private boolean awaitQueries(SluiceConnection sluice) {
    try {
      sluice.awaitContinuousQueries();
      return true;
    } catch (SQLException e) {
      err.println("Error: " + e.getMessage());
      return false;
    }
  }

  /** Per query: what it did since it started, all of it committed. */
  private void printSummary(SluiceConnection sluice) {
    out.println("Stopped on SIG" + stoppedBy + "; every query committed its last batch:");
    for (SluiceConnection.ContinuousQuerySummary q : sluice.continuousQuerySummaries()) {
      out.println(String.format(Locale.ROOT, "  %s into %s: %s after %s, %s read, %s written", q.id(), q.sink(),
          q.status(), ScriptRunner.plural(q.batches(), "batch").replace("batchs", "batches"),
          ScriptRunner.plural(q.inputRows(), "row"), ScriptRunner.plural(q.outputRows(), "row")));
    }
    out.flush();
  }
}
