package io.sluice.runtime.parallel;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the splits of a batch on a {@link WorkerPool} and hands their results to the calling
 * thread one split at a time, in split order, whatever order the workers finish in: what comes
 * out is the same for any number of workers. Each split's whole result is handed over at once
 * (column batches, never rows), so the workers and the caller meet once per split.
 *
 * <p>At most {@code window} splits are started ahead of the one the caller waits for, which
 * bounds the results held in memory. The first split that fails, in split order, fails the run
 * with its error; the splits still running are interrupted and their results dropped. While it
 * waits, the caller checks {@code cancelled} a few times a second, so a cancelled statement
 * stops its workers and never hangs.
 */
public final class OrderedSplitRunner {
  /** Work on one split, run on a worker; its result goes to the caller. */
  public interface SplitTask<R> {
    R run() throws Exception;
  }

  /** Takes each split's result on the caller's thread, in split order. */
  public interface ResultConsumer<R> {
    void accept(int split, R result);
  }

  private static final long CHECK_MILLIS = 100;

  private final WorkerPool pool;
  private final int window;

  /** Runs on {@code pool} with up to {@code window} splits (at least the pool's threads) under way at once. */
  public OrderedSplitRunner(WorkerPool pool, int window) {
    this.pool = pool;
    this.window = Math.max(window, pool.threads());
  }

  /**
   * Runs every task of {@code tasks} on the workers and passes their results to {@code consumer}
   * in the order of {@code tasks}; {@code cancelled} throws to stop the run (it is called on the
   * caller's thread). Returns when every result was consumed; throws the first failure in task
   * order, an error of {@code consumer} or of {@code cancelled}, after stopping the workers.
   */
  public <R> void run(List<? extends SplitTask<R>> tasks, ResultConsumer<R> consumer, Runnable cancelled) {
    int n = tasks.size();
    @SuppressWarnings("unchecked")
    Future<R>[] futures = new Future[n];
    int started = 0;
    boolean done = false;
    try {
      for (int i = 0; i < n; i++) {
        for (; started < n && started < i + window; started++) {
          SplitTask<R> task = tasks.get(started);
          futures[started] = pool.submit(task::run);
        }
        R result = await(futures[i], cancelled);
        futures[i] = null; // the result is the consumer's now
        consumer.accept(i, result);
      }
      done = true;
    } finally {
      if (!done) {
        for (int i = 0; i < started; i++) {
          if (futures[i] != null) {
            futures[i].cancel(true);
          }
        }
      }
    }
  }

  private static <R> R await(Future<R> future, Runnable cancelled) {
    while (true) {
      cancelled.run();
      try {
        return future.get(CHECK_MILLIS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        // not yet: check for cancellation and wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WorkerInterruptedException("Interrupted while waiting for a worker", e);
      } catch (CancellationException e) {
        throw new WorkerInterruptedException("A worker's task was cancelled", e);
      } catch (ExecutionException e) {
        throw rethrow(e.getCause());
      }
    }
  }

  /** A worker's failure as the caller's: unchecked errors as they are, checked ones wrapped. */
  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof RuntimeException) {
      throw (RuntimeException) cause;
    }
    if (cause instanceof Error) {
      throw (Error) cause;
    }
    throw new IllegalStateException("A worker failed: " + cause, cause);
  }

  /** The caller was interrupted (a query stopped) while it waited for a worker. */
  public static final class WorkerInterruptedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    WorkerInterruptedException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
