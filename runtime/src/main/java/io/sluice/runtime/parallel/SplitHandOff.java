package io.sluice.runtime.parallel;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Where the workers of one split run put what they make and the caller takes it, split by split
 * in split order: the memory between a fast worker and a slow caller is bounded.
 *
 * <p>The split the caller reads (the head) may hold up to {@code headItems} items; the caller
 * takes them as they come, so its worker runs on while the caller keeps up. A split ahead of the
 * head may always hold one item, and more only while every split's items together stay under
 * {@code aheadBytes}: its worker then waits until the caller has taken enough. So at most
 * {@code aheadBytes}, plus one item per split under way, plus the head's items, are held at
 * once, however slow the caller and however large a split, and workers still read ahead while
 * the bound leaves room. Workers never wait on the head's own bound for a split the caller
 * does not read, so the run cannot deadlock: the head's worker is only ever waiting for the
 * caller.
 */
final class SplitHandOff<T, R> {
  /** What a split's queue gives when it has ended and is empty. */
  static final Object END = new Object();
  /** What {@link #take} gives when nothing came within its wait. */
  static final Object NOTHING = new Object();

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int headItems;
  private final long aheadBytes;
  private final ArrayDeque<Object>[] items;
  private final ArrayDeque<Long>[] sizes;
  private final Object[] results;
  private final Throwable[] failures;
  private final boolean[] ended;
  private int head;
  private long bytes;
  private long peakBytes;
  private int count;
  private int peakCount;

  @SuppressWarnings("unchecked")
  SplitHandOff(int splits, int headItems, long aheadBytes) {
    this.headItems = Math.max(1, headItems);
    this.aheadBytes = aheadBytes;
    this.items = new ArrayDeque[splits];
    this.sizes = new ArrayDeque[splits];
    this.results = new Object[splits];
    this.failures = new Throwable[splits];
    this.ended = new boolean[splits];
  }

  /** Opens the queue of {@code split}, before its worker starts. */
  void open(int split) {
    lock.lock();
    try {
      items[split] = new ArrayDeque<>();
      sizes[split] = new ArrayDeque<>();
    } finally {
      lock.unlock();
    }
  }

  /** Puts one item of {@code split} of about {@code itemBytes}, waiting while the bounds allow none. */
  void put(int split, T item, long itemBytes) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while (mustWait(split, itemBytes)) {
        changed.await();
      }
      items[split].addLast(item);
      sizes[split].addLast(itemBytes);
      bytes += itemBytes;
      count++;
      peakBytes = Math.max(peakBytes, bytes);
      peakCount = Math.max(peakCount, count);
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private boolean mustWait(int split, long itemBytes) {
    int held = items[split].size();
    if (split == head) {
      return held >= headItems;
    }
    return held > 0 && bytes + itemBytes > aheadBytes;
  }

  /** {@code split} has ended with {@code result} (after its last item). */
  void end(int split, R result) {
    lock.lock();
    try {
      results[split] = result;
      ended[split] = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@code split} has failed: the caller gets {@code failure} at its next take of it. */
  void fail(int split, Throwable failure) {
    lock.lock();
    try {
      failures[split] = failure;
      ended[split] = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * The next item of {@code split} (the head), {@link #END} once it ended and every item was
   * taken, or {@link #NOTHING} when none came within {@code millis}. Throws the split's failure.
   */
  Object take(int split, long millis) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
      while (true) {
        if (failures[split] != null) {
          throw new SplitFailure(failures[split]);
        }
        Object item = items[split].pollFirst();
        if (item != null) {
          bytes -= sizes[split].pollFirst();
          count--;
          changed.signalAll();
          return item;
        }
        if (ended[split]) {
          return END;
        }
        if (nanos <= 0) {
          return NOTHING;
        }
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }

  /** The result {@code split} ended with. */
  @SuppressWarnings("unchecked")
  R result(int split) {
    lock.lock();
    try {
      return (R) results[split];
    } finally {
      lock.unlock();
    }
  }

  /** The caller is done with {@code split}: the next one is the head now. */
  void advance(int split) {
    lock.lock();
    try {
      items[split] = null;
      sizes[split] = null;
      results[split] = null;
      head = split + 1;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The most bytes held at once so far. */
  long peakBytes() {
    lock.lock();
    try {
      return peakBytes;
    } finally {
      lock.unlock();
    }
  }

  /** The most items held at once so far. */
  int peakCount() {
    lock.lock();
    try {
      return peakCount;
    } finally {
      lock.unlock();
    }
  }

  /** A split's failure, carried to the caller's thread. */
  static final class SplitFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SplitFailure(Throwable cause) {
      super(cause);
    }
  }
}
