package io.sluice.codegen;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A bounded, thread-safe LRU map from generated source text to its compiled class, so that
 * queries whose code is identical (they differ only in literal values) compile once. Compiling
 * happens outside the lock; two threads racing on the same new source may both compile it and
 * the first to finish wins.
 */
public final class CodeCache {
  private final int capacity;
  private final LinkedHashMap<String, Class<?>> classes;
  private final AtomicLong hits = new AtomicLong();
  private final AtomicLong misses = new AtomicLong();

  public CodeCache(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
    this.classes = new LinkedHashMap<>(16, 0.75f, true) {
      private static final long serialVersionUID = 1L;

      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Class<?>> eldest) {
        return size() > CodeCache.this.capacity;
      }
    };
  }

  /** The class compiled from {@code source}, compiling it with {@code compiler} on a miss. */
  public Class<?> get(String source, Function<String, Class<?>> compiler) {
    synchronized (classes) {
      Class<?> cached = classes.get(source);
      if (cached != null) {
        hits.incrementAndGet();
        return cached;
      }
    }
    misses.incrementAndGet();
    Class<?> compiled = compiler.apply(source);
    synchronized (classes) {
      Class<?> raced = classes.putIfAbsent(source, compiled);
      return raced != null ? raced : compiled;
    }
  }

  public long hits() {
    return hits.get();
  }

  public long misses() {
    return misses.get();
  }

  public int size() {
    synchronized (classes) {
      return classes.size();
    }
  }

  public int capacity() {
    return capacity;
  }

  public void clear() {
    synchronized (classes) {
      classes.clear();
    }
  }
}
