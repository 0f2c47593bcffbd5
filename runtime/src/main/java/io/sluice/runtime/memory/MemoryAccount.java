package io.sluice.runtime.memory;

/**
 * What one owner (a continuous query's state, a bounded operator's hash table or sort buffer)
 * holds of a {@link MemoryPool}: the owner sets its current size as it changes, and closes the
 * account when it lets go of the memory. Used by one thread at a time; setting a size allocates
 * nothing, so it may be called per chunk of input.
 */
public final class MemoryAccount implements AutoCloseable {
  private final String owner;
  private final MemoryPool pool;
  private long bytes;
  private boolean closed;

  MemoryAccount(String owner, MemoryPool pool) {
    this.owner = owner;
    this.pool = pool;
  }

  /** Who holds the memory, as errors name it: "query q3", "HashAggregate of query q4". */
  public String owner() {
    return owner;
  }

  /** The bytes the owner holds now, as last set. */
  public long bytes() {
    return bytes;
  }

  /** The owner now holds {@code newBytes} bytes (not a change: the whole amount). */
  public void set(long newBytes) {
    if (closed) {
      return;
    }
    long delta = newBytes - bytes;
    if (delta != 0) {
      bytes = newBytes;
      pool.add(delta);
    }
  }

  /** Gives the memory back to the pool: the account holds nothing from now on. */
  @Override
  public void close() {
    set(0);
    closed = true;
  }
}
