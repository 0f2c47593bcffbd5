package io.sluice.runtime.memory;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The bytes held by every {@link MemoryAccount} of one database: the state of all its continuous
 * queries and the working memory of its bounded operators. One pool per database, shared by the
 * {@link MemoryBudget}s its queries run under; thread-safe, and an update costs one atomic add.
 */
public final class MemoryPool {
  private final AtomicLong used = new AtomicLong();

  /** The bytes all accounts of this pool hold now. */
  public long usedBytes() {
    return used.get();
  }

  void add(long delta) {
    used.addAndGet(delta);
  }
}
