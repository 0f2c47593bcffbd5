package io.sluice.runtime.function;

import java.util.Arrays;

/**
 * The constant values of an IN list, which generated code tests each row against with one hash
 * lookup: {@code x IN (v1, ..., vn)} costs the same per row for 5 values or 100,000. Built once
 * when the generated class is made; a lookup allocates nothing.
 *
 * <p>Open addressing with linear probing over a power-of-two table at most half full. Integers,
 * dates, times, timestamps and decimals are looked up as their long form, doubles by their bits
 * ({@code -0.0} as {@code 0.0}, since SQL finds them equal), text as UTF-8 bytes.
 */
public final class ValueSet {
  private final long[] longs;
  private final boolean[] usedLongs;
  private final byte[][] texts;
  /** Per slot, the order in which its value was first added: the value's index ({@link #indexOf}). */
  private final int[] indexes;
  private final int mask;
  private int size;

  private ValueSet(int count, boolean text) {
    int capacity = Integer.highestOneBit(Math.max(2, count) * 2 - 1) << 1;
    this.mask = capacity - 1;
    this.longs = text ? null : new long[capacity];
    this.usedLongs = text ? null : new boolean[capacity];
    this.texts = text ? new byte[capacity][] : null;
    this.indexes = new int[capacity];
  }

  /** A set of long values (integers, and the long form of dates, times, timestamps, decimals). */
  public static ValueSet ofLongs(long[] values) {
    ValueSet set = new ValueSet(values.length, false);
    for (long v : values) {
      set.addLong(v);
    }
    return set;
  }

  /** A set of doubles; NaN is in no set, as it equals nothing (the same as {@code =}). */
  public static ValueSet ofDoubles(double[] values) {
    ValueSet set = new ValueSet(values.length, false);
    for (double v : values) {
      if (!Double.isNaN(v)) {
        set.addLong(bits(v));
      }
    }
    return set;
  }

  /** A set of strings given as UTF-8 bytes. */
  public static ValueSet ofTexts(byte[][] values) {
    ValueSet set = new ValueSet(values.length, true);
    for (byte[] v : values) {
      int slot = hash(v, 0, v.length) & set.mask;
      while (set.texts[slot] != null && !Arrays.equals(set.texts[slot], v)) {
        slot = (slot + 1) & set.mask;
      }
      if (set.texts[slot] == null) {
        set.texts[slot] = v;
        set.indexes[slot] = set.size++;
      }
    }
    return set;
  }

  /** The number of distinct values in the set. */
  public int size() {
    return size;
  }

  public boolean contains(long value) {
    return indexOf(value) >= 0;
  }

  public boolean contains(double value) {
    return indexOf(value) >= 0;
  }

  public boolean contains(byte[] bytes, int offset, int length) {
    return indexOf(bytes, offset, length) >= 0;
  }

  /** The index of {@code value} (the order in which the distinct values were added, from 0), or -1. */
  public int indexOf(long value) {
    int slot = mix(value) & mask;
    while (usedLongs[slot]) {
      if (longs[slot] == value) {
        return indexes[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  public int indexOf(double value) {
    return Double.isNaN(value) ? -1 : indexOf(bits(value));
  }

  public int indexOf(byte[] bytes, int offset, int length) {
    int slot = hash(bytes, offset, length) & mask;
    byte[] candidate;
    while ((candidate = texts[slot]) != null) {
      if (Arrays.equals(candidate, 0, candidate.length, bytes, offset, offset + length)) {
        return indexes[slot];
      }
      slot = (slot + 1) & mask;
    }
    return -1;
  }

  private void addLong(long value) {
    int slot = mix(value) & mask;
    while (usedLongs[slot] && longs[slot] != value) {
      slot = (slot + 1) & mask;
    }
    if (!usedLongs[slot]) {
      usedLongs[slot] = true;
      longs[slot] = value;
      indexes[slot] = size++;
    }
  }

  private static long bits(double value) {
    return value == 0.0 ? 0L : Double.doubleToLongBits(value);
  }

  /** Spreads the bits of keys that differ only in their high or low bits (Murmur3's finalizer). */
  private static int mix(long value) {
    long h = value;
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb53a5ed2d5cbL;
    h ^= h >>> 33;
    return (int) h;
  }

  private static int hash(byte[] bytes, int offset, int length) {
    int h = 1;
    for (int i = offset; i < offset + length; i++) {
      h = 31 * h + bytes[i];
    }
    return mix(h);
  }
}
