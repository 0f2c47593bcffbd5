package io.sluice.engine.startup;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.StartupTrace;
import io.sluice.optimizer.SluiceOperatorTable;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.StatementParser;

/**
 * Prepares, on a thread of its own, what the first statement of a new process needs and opening a
 * session does not: Calcite's operator table ({@link SluiceOperatorTable}) and the statement and
 * query parsers, whose classes take a large part of a short command's start-up to initialise.
 * Meanwhile the starting thread opens the database and the session, whose planner initialises
 * Calcite's rules and metadata: on two cores the two halves overlap.
 *
 * <p>The thread is a daemon (it never keeps the JVM alive) and prints nothing. A statement waits
 * for it ({@link #await()}) before it parses anything, so the parsers' classes are never
 * initialised by two threads at once; if the set-up failed, that statement fails with the cause.
 * Started by the command-line face only ({@code Database.prepareInBackground}): an embedding
 * application that never starts it pays one read of a field per statement.
 */
public final class BackgroundSetUp {
  private static final BackgroundSetUp PROCESS = new BackgroundSetUp(BackgroundSetUp::prepare);

  private final Runnable work;
  private volatile Thread thread;
  private volatile Throwable failure;

  BackgroundSetUp(Runnable work) {
    this.work = work;
  }

  /** Starts this process's set-up; a later call does nothing. */
  public static void start() {
    PROCESS.begin();
  }

  /**
   * Waits until this process's set-up has finished, if it was started.
   *
   * @throws SluiceException (internal error) naming the set-up's failure, with it as cause
   */
  public static void await() {
    PROCESS.join();
  }

  synchronized void begin() {
    if (thread != null) {
      return;
    }
    Thread setUp = new Thread(() -> {
      try {
        work.run();
      } catch (Throwable e) { // kept for the statement that waits, which reports it
        failure = e;
      }
    }, "sluice-set-up");
    setUp.setDaemon(true);
    thread = setUp;
    setUp.start();
  }

  void join() {
    Thread setUp = thread;
    if (setUp == null) {
      return;
    }
    boolean interrupted = false;
    while (setUp.isAlive()) {
      try {
        setUp.join();
      } catch (InterruptedException e) {
        interrupted = true; // a cancel: the set-up is short, so finish waiting and keep the flag
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable cause = failure;
    if (cause != null) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Sluice's start-up set-up failed: " + cause, cause);
    }
  }

  private static void prepare() {
    SluiceOperatorTable.instance();
    StartupTrace.phase("operator table");
    // one statement through both parsers: ANTLR's tables and Calcite's parser initialise on first use
    QueryStatement query = (QueryStatement) StatementParser.parse("SELECT 1");
    CalciteSql.parseQuery(query.query());
    StartupTrace.phase("parsers");
  }
}
