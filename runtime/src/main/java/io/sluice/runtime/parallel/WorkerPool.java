package io.sluice.runtime.parallel;

import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Callable;

/**
 * The worker threads of one query: a fixed number, started on first use and stopped with the
 * query ({@link #close}). Threads are named after the query ({@code sluice-worker-NAME-1}) so
 * that a thread dump tells whose they are, are daemons, and end after a minute without work, so a
 * query that was never closed does not keep threads forever. Closed, the pool starts again on
 * the next use (a prepared bounded query run again).
 */
public final class WorkerPool implements AutoCloseable {
  private static final long IDLE_SECONDS = 60;

  private final String name;
  private final int threads;
  private ThreadPoolExecutor executor;
  /** Whether a run holds the workers: a run nested in another's (its consumer) must not wait for them. */
  private boolean reserved;

  /** A pool of {@code threads} workers named after {@code name}. */
  public WorkerPool(String name, int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("A worker pool needs at least one thread, not " + threads);
    }
    this.name = name;
    this.threads = threads;
  }

  /** How many tasks run at once. */
  public int threads() {
    return threads;
  }

  /**
   * Takes the workers for one run, or returns false when another run holds them. Workers may wait
   * for their run's caller, so a run started by that caller (one operator's rows feeding another
   * that reads in parallel) would wait for workers that wait for it: it runs on its own thread.
   */
  public synchronized boolean reserve() {
    if (reserved) {
      return false;
    }
    reserved = true;
    return true;
  }

  /** Gives the workers back after a run that {@link #reserve reserved} them. */
  public synchronized void release() {
    reserved = false;
  }

  /** Runs {@code task} on a worker. */
  synchronized <T> Future<T> submit(Callable<T> task) {
    if (executor == null) {
      executor = start();
    }
    return executor.submit(task);
  }

  /**
   * Runs {@code tasks[1 .. count)} on workers and {@code tasks[0]} on the calling thread, and
   * returns once all have ended (a failed task never leaves another running behind the caller's
   * back); then throws the first failure in task order. For work cut by key: each task touches
   * only its own instance's state.
   */
  public void runTogether(Runnable[] tasks, int count) {
    Future<?>[] futures = new Future<?>[count];
    for (int i = 1; i < count; i++) {
      futures[i] = submit(java.util.concurrent.Executors.callable(tasks[i]));
    }
    Throwable failure = null;
    try {
      tasks[0].run();
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    boolean interrupted = false;
    for (int i = 1; i < count; i++) {
      while (true) {
        try {
          futures[i].get();
          break;
        } catch (InterruptedException e) {
          interrupted = true; // the task runs on regardless: wait for it, then say so
        } catch (java.util.concurrent.ExecutionException e) {
          failure = failure == null ? e.getCause() : failure;
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      if (failure == null) {
        throw new OrderedSplitRunner.WorkerInterruptedException("Interrupted while workers ran", null);
      }
    }
    if (failure instanceof RuntimeException) {
      throw (RuntimeException) failure;
    }
    if (failure instanceof Error) {
      throw (Error) failure;
    }
    if (failure != null) {
      throw new IllegalStateException("A worker failed: " + failure, failure);
    }
  }

  private ThreadPoolExecutor start() {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor pool = new ThreadPoolExecutor(threads, threads, IDLE_SECONDS, TimeUnit.SECONDS,
        new LinkedBlockingQueue<>(), task -> {
          Thread t = new Thread(task, "sluice-worker-" + name + "-" + count.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    pool.allowCoreThreadTimeOut(true);
    return pool;
  }

  /** Stops the workers, interrupting tasks still running; the next use starts new ones. */
  @Override
  public synchronized void close() {
    if (executor != null) {
      executor.shutdownNow();
      executor = null;
    }
  }
}
