package io.sluice.runtime.memory;

import io.sluice.catalog.ByteSizes;

/**
 * How many bytes state may hold in memory ({@code pipeline.state.memory}), over what a database's
 * queries and operators hold now (its {@link MemoryPool}). Continuous queries stop with a clear
 * error before their state takes more (so the heap never runs out first); bounded operators that
 * can spill to disk do so instead.
 *
 * <p>The default is {@value #DEFAULT_HEAP_PERCENT}% of the maximum heap: the other half is for
 * what is not state, and is large at times, such as the batch in flight, the serialized copy of
 * state a checkpoint writes, compiled code and the catalog.
 *
 * <p>Use: open an {@link #account} per owner, {@link MemoryAccount#set set} its size as it grows,
 * and ask {@link #exceeded()} or {@link #availableBytes()}; close the account when done.
 */
public final class MemoryBudget {
  /** The session option that sets the budget. */
  public static final String OPTION = "pipeline.state.memory";
  /** The share of the maximum heap ({@code -Xmx}) the budget is by default, in percent. */
  public static final int DEFAULT_HEAP_PERCENT = 50;
  /** The largest budget the option takes: 1 PiB. */
  private static final long MAX_BYTES = 1L << 50;

  private final long limitBytes;
  private final MemoryPool pool;

  /** A budget of {@code limitBytes} over what the accounts of {@code pool} hold. */
  public MemoryBudget(long limitBytes, MemoryPool pool) {
    if (limitBytes <= 0) {
      throw new IllegalArgumentException("a memory budget must be positive: " + limitBytes);
    }
    this.limitBytes = limitBytes;
    this.pool = pool;
  }

  /**
   * The budget the option value gives ({@link #parse}), or the default ({@link #defaultBytes()})
   * when {@code optionValue} is null or blank, over {@code pool}.
   */
  public static MemoryBudget of(String optionValue, MemoryPool pool) {
    return new MemoryBudget(optionValue == null || optionValue.isBlank() ? defaultBytes() : parse(optionValue), pool);
  }

  /**
   * The bytes an option value gives: '512m', '2g', '1536 MB', '1048576'; refuses any other with
   * an error of SQLSTATE 22023 naming the value.
   */
  public static long parse(String optionValue) {
    return ByteSizes.parse(OPTION, optionValue, MAX_BYTES);
  }

  /** The default budget: {@value #DEFAULT_HEAP_PERCENT}% of this JVM's maximum heap. */
  public static long defaultBytes() {
    return Runtime.getRuntime().maxMemory() / 100 * DEFAULT_HEAP_PERCENT;
  }

  /** The bytes state may hold in all. */
  public long limitBytes() {
    return limitBytes;
  }

  /** The bytes the pool's accounts hold now. */
  public long usedBytes() {
    return pool.usedBytes();
  }

  /** The bytes still free under the budget, 0 when it is used up or exceeded. */
  public long availableBytes() {
    return Math.max(0, limitBytes - pool.usedBytes());
  }

  /** Whether the pool's accounts hold more than the budget. */
  public boolean exceeded() {
    return pool.usedBytes() > limitBytes;
  }

  /** A new account of {@code owner} ("query q3") in this budget's pool, holding nothing yet. */
  public MemoryAccount account(String owner) {
    return new MemoryAccount(owner, pool);
  }

  @Override
  public String toString() {
    return ByteSizes.text(usedBytes()) + " of " + ByteSizes.text(limitBytes);
  }
}
