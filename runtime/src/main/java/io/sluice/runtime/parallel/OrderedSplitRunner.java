package io.sluice.runtime.parallel;

import java.util.List;
import java.util.concurrent.Future;

/**
 * Runs the splits of a batch on a {@link WorkerPool} and hands what they make to the calling
 * thread in split order, whatever order the workers finish in: what comes out is the same for any
 * number of workers. Each split streams its items (column batches, never rows) to the caller as
 * it makes them, and ends with a result (what it saw on the way).
 *
 * <p>Memory is bounded however slow the caller is and however large a split
 * ({@link SplitHandOff}): the split the caller reads holds at most {@code headItems} items, and
 * the splits ahead of it, at most {@code window} of them started, hold at most
 * {@code aheadBytes} together (and one item each); a worker that would pass the bound waits
 * for the caller. The first split that fails, in split order, fails the run with its error; the
 * splits still running are interrupted and what they made is dropped. While it waits, the
 * caller checks {@code cancelled} a few times a second, so a cancelled statement stops its
 * workers and never hangs.
 */
public final class OrderedSplitRunner {
  /** Work on one split, run on a worker: puts its items to {@code out}, then returns its result. */
  public interface SplitTask<T, R> {
    R run(Output<T> out) throws Exception;
  }

  /** Where a split's task puts its items; waits while the caller is too far behind. */
  public interface Output<T> {
    /** Passes {@code item}, of about {@code bytes} bytes, to the caller; it belongs to the caller now. */
    void put(T item, long bytes) throws InterruptedException;
  }

  /** Takes each split's items, then its result, on the caller's thread, in split order. */
  public interface ResultConsumer<T, R> {
    void item(int split, T item);

    void end(int split, R result);
  }

  /** Items the split the caller reads may hold: the generator's largest split, whole. */
  public static final int HEAD_ITEMS = 16;

  private static final long CHECK_MILLIS = 100;

  private final WorkerPool pool;
  private final int window;
  private final int headItems;
  private final long aheadBytes;
  private long peakBytes;
  private int peakItems;

  /**
   * Runs on {@code pool} with up to {@code window} splits (at least the pool's threads) under way
   * at once, the one the caller reads holding up to {@code headItems} items and the others up to
   * {@code aheadBytes} together.
   */
  public OrderedSplitRunner(WorkerPool pool, int window, int headItems, long aheadBytes) {
    this.pool = pool;
    this.window = Math.max(window, pool.threads());
    this.headItems = headItems;
    this.aheadBytes = aheadBytes;
  }

  /**
   * A runner with two splits per worker under way, the split the caller reads holding
   * {@link #HEAD_ITEMS} items and the splits ahead of it {@code aheadBytes}.
   */
  public static OrderedSplitRunner twoSplitsPerWorker(WorkerPool pool, long aheadBytes) {
    return new OrderedSplitRunner(pool, 2 * pool.threads(), HEAD_ITEMS, aheadBytes);
  }

  /**
   * What the splits ahead of the caller's may hold by default: a sixteenth of the heap, from 8 MB
   * to 256 MB, so that a slow caller (a sort that spills) never fills the heap with them.
   */
  public static long aheadBytesOfHeap() {
    return Math.max(8L << 20, Math.min(256L << 20, Runtime.getRuntime().maxMemory() / 16));
  }

  /**
   * Runs every task of {@code tasks} on the workers and passes their items and results to
   * {@code consumer} in the order of {@code tasks}; {@code cancelled} throws to stop the run (it
   * is called on the caller's thread). Returns when every split was consumed; throws the first
   * failure in task order, an error of {@code consumer} or of {@code cancelled}, after stopping
   * the workers.
   */
  public <T, R> void run(List<? extends SplitTask<T, R>> tasks, ResultConsumer<T, R> consumer, Runnable cancelled) {
    int n = tasks.size();
    SplitHandOff<T, R> handOff = new SplitHandOff<>(n, headItems, aheadBytes);
    Future<?>[] futures = new Future<?>[n];
    int started = 0;
    boolean done = false;
    try {
      for (int i = 0; i < n; i++) {
        for (; started < n && started < i + window; started++) {
          futures[started] = start(handOff, started, tasks.get(started));
        }
        drain(handOff, i, consumer, cancelled);
        futures[i] = null;
        handOff.advance(i);
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
      peakBytes = handOff.peakBytes();
      peakItems = handOff.peakCount();
    }
  }

  private <T, R> Future<?> start(SplitHandOff<T, R> handOff, int split, SplitTask<T, R> task) {
    handOff.open(split);
    Output<T> out = (item, bytes) -> handOff.put(split, item, bytes);
    return pool.submit(() -> {
      try {
        handOff.end(split, task.run(out));
      } catch (Throwable t) {
        handOff.fail(split, t);
      }
      return null;
    });
  }

  @SuppressWarnings("unchecked")
  private static <T, R> void drain(SplitHandOff<T, R> handOff, int split, ResultConsumer<T, R> consumer,
      Runnable cancelled) {
    while (true) {
      cancelled.run();
      Object next;
      try {
        next = handOff.take(split, CHECK_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new WorkerInterruptedException("Interrupted while waiting for a worker", e);
      } catch (SplitHandOff.SplitFailure e) {
        throw rethrow(e.getCause());
      }
      if (next == SplitHandOff.END) {
        consumer.end(split, handOff.result(split));
        return;
      }
      if (next != SplitHandOff.NOTHING) {
        consumer.item(split, (T) next);
      }
    }
  }

  /** The most bytes of items the last run held at once. */
  public long peakBytes() {
    return peakBytes;
  }

  /** The most items the last run held at once. */
  public int peakItems() {
    return peakItems;
  }

  /** A worker's failure as the caller's: unchecked errors as they are, checked ones wrapped. */
  private static RuntimeException rethrow(Throwable cause) {
    if (cause instanceof InterruptedException) {
      throw new WorkerInterruptedException("A worker was interrupted", cause);
    }
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
