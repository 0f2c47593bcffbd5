package io.sluice.engine.result;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The cancellation of one statement's execution, which another thread may request at any time
 * (JDBC {@code Statement.cancel()}, a query timeout, Ctrl-C in the shell).
 *
 * <p>A statement runs with its cancellation installed on its thread ({@link #runWith}); a result
 * cursor started meanwhile takes it over to its producer thread. Operators check it once per
 * batch they emit ({@link #checkCurrent}), so a running plan stops within a batch; a cursor's
 * blocked {@code next()} and a streaming query waiting for its next trigger are woken by the
 * actions registered with {@link #onCancel}.
 */
public final class Cancellation {
  private static final ThreadLocal<Cancellation> CURRENT = new ThreadLocal<>();

  private volatile SluiceException error;
  private final List<Runnable> actions = new ArrayList<>();

  /** Asks the statement to stop; it fails with {@code message} (SQLSTATE 57014). */
  public void cancel(String message) {
    request(new SluiceException(ErrorCode.QUERY_CANCELLED, message));
  }

  /** As {@link #cancel}, for a statement that ran past its time limit. */
  public void timeOut(String message) {
    request(new SluiceException(ErrorCode.QUERY_TIMEOUT, message));
  }

  private void request(SluiceException reason) {
    List<Runnable> toRun;
    synchronized (this) {
      if (error != null) {
        return;
      }
      error = reason;
      toRun = new ArrayList<>(actions);
      actions.clear();
    }
    for (Runnable action : toRun) {
      action.run();
    }
  }

  public boolean isCancelled() {
    return error != null;
  }

  /** The error the statement fails with, or null while it is not cancelled. */
  public SluiceException error() {
    SluiceException e = error;
    return e == null ? null : new SluiceException(e.code(), e.getMessage());
  }

  /** Throws the cancellation's error if it was requested. */
  public void check() {
    if (error != null) {
      throw error();
    }
  }

  /** Runs {@code action} when cancellation is requested (at once if it already was). */
  public void onCancel(Runnable action) {
    synchronized (this) {
      if (error == null) {
        actions.add(action);
        return;
      }
    }
    action.run();
  }

  /** Runs {@code call} with this cancellation installed on the calling thread. */
  public <T> T runWith(Supplier<T> call) {
    Cancellation previous = CURRENT.get();
    CURRENT.set(this);
    try {
      return call.get();
    } finally {
      if (previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(previous);
      }
    }
  }

  /** The cancellation installed on the calling thread, or null. */
  public static Cancellation current() {
    return CURRENT.get();
  }

  /** Throws if the calling thread's statement was cancelled; called once per emitted batch. */
  public static void checkCurrent() {
    Cancellation c = CURRENT.get();
    if (c != null && c.error != null) {
      throw c.error();
    }
  }
}
