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
