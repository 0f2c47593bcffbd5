package io.sluice.cli;

import java.io.PrintStream;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) for {@code sluice -c}, {@code -f} and piped scripts: the first one cancels the
 * statement that is running (a batch query ends with SQLSTATE 57014, a live {@code SELECT} over a
 * stream stops after the rows it has printed) and no later statement of the script runs; between
 * statements (say, while waiting for the continuous queries an {@code INSERT} started) it stops
 * those queries at a batch boundary. The caller then reports what was done and exits with status
 * 130, as shells report an interrupted command. A second Ctrl-C ends the process at once.
 *
 * <p>The shell has its own handling through JLine (Ctrl-C returns to the prompt); pipelines run
 * by {@code run} have theirs ({@link PipelineRun}), which stops and commits every query.
 */
final class CommandInterrupts implements ScriptRunner.Interrupts, AutoCloseable {
  private final PrintStream err;
  /** Runs on Ctrl-C when no statement is running. */
  private final Runnable whenIdle;
  private final SignalHandler previous;
  private volatile Runnable action;
  private volatile boolean interrupted;

  private CommandInterrupts(PrintStream err, Runnable whenIdle) {
    this.err = err;
    this.whenIdle = whenIdle;
    this.previous = install();
  }

  /** Handles SIGINT from now until {@link #close()}. */
  static CommandInterrupts install(PrintStream err, Runnable whenIdle) {
    return new CommandInterrupts(err, whenIdle);
  }

  private SignalHandler install() {
    try {
      return Signal.handle(new Signal("INT"), signal -> onSignal());
    } catch (IllegalArgumentException e) {
      return null; // the JVM keeps SIGINT for itself (-Xrs): its default applies
    }
  }

  @Override
  public AutoCloseable onInterrupt(Runnable cancel) {
    action = cancel;
    return () -> action = null;
  }

  @Override
  public boolean interrupted() {
    return interrupted;
  }

  private void onSignal() {
    if (interrupted) {
      err.println("Stopping now.");
      err.flush();
      Runtime.getRuntime().halt(PipelineRun.INTERRUPTED);
    }
    interrupted = true;
    Runnable cancel = action;
    (cancel != null ? cancel : whenIdle).run();
  }

  @Override
  public void close() {
    if (previous != null) {
      Signal.handle(new Signal("INT"), previous);
    }
  }
}
