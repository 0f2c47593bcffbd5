package io.sluice.runtime.function;

/**
 * The constant tuples of {@code (a = x1 AND b = y1) OR (a = x2 AND b = y2) OR ...}, which generated
 * code tests a row against with one lookup per column and one in a set of keys: the OR costs the
 * same per row for 20 tuples or 100,000, and a lookup allocates nothing.
 *
 * <p>Each column's distinct values are a {@link ValueSet}; a value's index there is its digit, and a
 * row's key is the number those digits make in mixed radix (a column of n values counts to n + 1:
 * the digit n stands for NULL). A value found in no tuple of its column makes the OR false. With a
 * NULL the OR is NULL when some tuple matches the row's other columns (its equality with the NULL
 * is unknown, the rest true) and false otherwise: the keys of every tuple with any of its columns
 * replaced by the NULL digit are kept for that ({@link #matchesBesideNulls}).
 */
public final class TupleSet {
  /** The most keys kept for rows with NULLs (tuples × 2^columns), beyond which no set is made. */
  public static final long MAX_KEYS = 1L << 22;

  private final ValueSet[] columns;
  private final long[] weights;
  private final ValueSet keys;
  private final ValueSet keysBesideNulls;

  private TupleSet(ValueSet[] columns, long[] weights, ValueSet keys, ValueSet keysBesideNulls) {
    this.columns = columns;
    this.weights = weights;
    this.keys = keys;
    this.keysBesideNulls = keysBesideNulls;
  }

  /**
   * The set of tuples whose column {@code c} holds the value of index {@code digits[t][c]} in
   * {@code columns[c]}, or null when the keys do not fit in a long or would be more than
   * {@link #MAX_KEYS} (the caller then tests the OR as written).
   */
  public static TupleSet of(ValueSet[] columns, int[][] digits) {
    int width = columns.length;
    long[] weights = new long[width];
    long weight = 1;
    for (int c = width - 1; c >= 0; c--) {
      weights[c] = weight;
      long radix = columns[c].size() + 1L;
      if (weight > Long.MAX_VALUE / radix) {
        return null;
      }
      weight *= radix;
    }
    if (width >= 30 || (long) digits.length << width > MAX_KEYS) {
      return null;
    }
    long[] full = new long[digits.length];
    long[] besideNulls = new long[digits.length * ((1 << width) - 1)];
    int at = 0;
    for (int t = 0; t < digits.length; t++) {
      for (int c = 0; c < width; c++) {
        full[t] += digits[t][c] * weights[c];
      }
      for (int nulls = 1; nulls < 1 << width; nulls++) {
        long key = 0;
        for (int c = 0; c < width; c++) {
          key += ((nulls & 1 << c) != 0 ? columns[c].size() : digits[t][c]) * weights[c];
        }
        besideNulls[at++] = key;
      }
    }
    return new TupleSet(columns, weights, ValueSet.ofLongs(full), ValueSet.ofLongs(besideNulls));
  }

  /** Column {@code c}'s distinct values: a row's digit is the index of its value there. */
  public ValueSet column(int c) {
    return columns[c];
  }

  /** The digit that stands for NULL in column {@code c}. */
  public int nullDigit(int c) {
    return columns[c].size();
  }

  /** What column {@code c}'s digit is multiplied by in a key. */
  public long weight(int c) {
    return weights[c];
  }

  /** Whether the key of a row without NULLs is a tuple's. */
  public boolean contains(long key) {
    return keys.contains(key);
  }

  /** Whether a tuple matches every column of a row with NULLs that is not NULL. */
  public boolean matchesBesideNulls(long key) {
    return keysBesideNulls.contains(key);
  }
}
