package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.runtime.state.StateIO;
import java.util.Arrays;

/**
 * Accumulators for an aggregation over a changelog, where a {@code -U} or {@code -D} row takes
 * back what an earlier row added. COUNT, SUM and AVG retract in their usual state (sums with
 * counts, so a SUM left without values is NULL again); BOOL_AND and BOOL_OR count values instead
 * of flagging them; MIN and MAX keep every value of the group with its count ({@link Extreme}).
 * Aggregations over append-only input never use these, so they pay nothing for retraction.
 */
final class RetractingAccumulators {
  private RetractingAccumulators() {}

  /** Why {@code kind} cannot take retractions, or null when it can. */
  static String whyNot(AggregateKind kind) {
    switch (kind) {
      case ANY_VALUE:
        return "it keeps whichever value of the group came first, and once that row is retracted no other value"
            + " stands for the group the way a batch run over the remaining rows would choose it";
      case SINGLE_VALUE:
        return "it checks that a scalar subquery returns at most one row, which a changelog of that subquery's"
            + " rows cannot show batch by batch";
      default:
        return null;
    }
  }

  /** @param work where a MIN or MAX's value counts keep the groups of a batch's rows (one for an aggregator's) */
  static Accumulator create(AggregateSpec spec, DataType inputType, AggregatorScratch work) {
    String why = whyNot(spec.kind());
    if (why != null) {
      throw new IllegalArgumentException(spec.kind() + " over a changelog: " + why);
    }
    switch (spec.kind()) {
      case MIN:
        return new Extreme(-1, inputType, work);
      case MAX:
        return new Extreme(1, inputType, work);
      case BOOL_AND:
        return new BoolCounts(true);
      case BOOL_OR:
        return new BoolCounts(false);
      default:
        return Accumulator.create(spec, inputType);
    }
  }

  /**
   * MIN and MAX: every non-NULL value of a group with the number of rows holding it, and the pair
   * that holds the extreme. Retracting the extreme's last row walks the group's values for the
   * next one; retracting any other value only counts down.
   */
  static final class Extreme extends Accumulator {
    /** -1 for MIN, 1 for MAX. */
    private final int direction;
    private final ValueCounts values;
    /** Per group: 1 + the pair holding the extreme, 0 without values (so new slots are empty groups). */
    private int[] best = new int[0];
    private int[] valueGroups = new int[0];
    private int[] valueRows = new int[0];
    private int[] stale = new int[0];

    Extreme(int direction, DataType valueType, AggregatorScratch work) {
      this.direction = direction;
      this.values = new ValueCounts(valueType, work);
    }

    @Override
    protected void grow(int newCapacity) {
      best = Arrays.copyOf(best, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      best[to] = best[from];
    }

    @Override
    void retain(int[] ids, int count) {
      int groupCount = capacity;
      super.retain(ids, count);
      remapBest(values.retainGroups(ids, count, groupCount), count);
    }

    /** Keeps only the non-NULL rows, into the value arrays; returns how many. */
    private int nonNull(int[] groups, int[] rows, int count, ColumnVector input) {
      valueGroups = Vectors.grow(valueGroups, count);
      valueRows = Vectors.grow(valueRows, count);
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      int n = 0;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          valueGroups[n] = groups[i];
          valueRows[n++] = row;
        }
      }
      return n;
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      int n = nonNull(groups, rows, count, input);
      int[] pairIds = values.lookup(input, valueGroups, valueRows, n);
      ColumnarRows pairs = values.pairs();
      for (int i = 0; i < n; i++) {
        int p = pairIds[i];
        values.increment(p);
        int g = valueGroups[i];
        int held = best[g] - 1;
        if (held < 0 || direction * RowComparator.compareValues(pairs, 1, p, held) > 0) {
          best[g] = p + 1;
        }
      }
    }

    @Override
    void retract(int[] groups, int[] rows, int count, ColumnVector input) {
      int n = nonNull(groups, rows, count, input);
      int[] pairIds = values.lookup(input, valueGroups, valueRows, n);
      stale = Vectors.grow(stale, n);
      int staleCount = 0;
      for (int i = 0; i < n; i++) {
        int p = pairIds[i];
        int g = valueGroups[i];
        if (values.decrement(p) && best[g] == p + 1) {
          best[g] = 0;
          stale[staleCount++] = g;
        }
      }
      ColumnarRows pairs = values.pairs();
      for (int i = 0; i < staleCount; i++) {
        int g = stale[i];
        int found = -1;
        for (int p = values.firstPair(g); p >= 0; p = values.nextPair(p)) {
          if (values.count(p) > 0 && (found < 0 || direction * RowComparator.compareValues(pairs, 1, p, found) > 0)) {
            found = p;
          }
        }
        best[g] = found + 1;
      }
      if (values.worthCompacting()) {
        remapBest(values.compact(), capacity);
      }
    }

    private void remapBest(int[] pairRemap, int groups) {
      for (int g = 0; g < groups; g++) {
        if (best[g] > 0) {
          best[g] = pairRemap[best[g] - 1] + 1;
        }
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      ColumnarRows pairs = values.pairs();
      for (int i = 0; i < count; i++) {
        int held = best[from + i] - 1;
        if (held < 0) {
          putNull(out, i);
        } else {
          pairs.copyValue(1, held, out, i);
        }
      }
    }

    @Override
    Object[] state() {
      return new Object[] {best};
    }

    @Override
    void restore(Object[] a) {
      best = (int[]) a[0];
    }

    @Override
    void save(java.io.DataOutput out, int groups) throws java.io.IOException {
      remapBest(values.compact(), groups);
      super.save(out, groups);
      values.writeTo(out);
    }

    @Override
    void load(java.io.DataInput in, int groups) throws java.io.IOException {
      super.load(in, groups);
      values.readFrom(in);
      int pairs = values.pairs().size();
      for (int g = 0; g < groups; g++) {
        if (best[g] < 0 || best[g] > pairs || best[g] > 0 && values.count(best[g] - 1) <= 0) {
          throw StateIO.corrupt("an extreme at pair " + (best[g] - 1) + " of " + pairs + " value counts");
        }
      }
    }

    @Override
    long valueBytes() {
      return values.bytes();
    }

    @Override
    long valueGrowthBytes(int rows) {
      return values.growthBytes(rows);
    }
  }

  /** BOOL_AND and BOOL_OR: per group the number of non-NULL values and of decisive ones (FALSE for AND, TRUE for OR). */
  static final class BoolCounts extends Accumulator {
    private final boolean and;
    private long[] decisive = new long[0];
    private long[] seen = new long[0];

    BoolCounts(boolean and) {
      this.and = and;
    }

    @Override
    protected void grow(int newCapacity) {
      decisive = Arrays.copyOf(decisive, newCapacity);
      seen = Arrays.copyOf(seen, newCapacity);
    }

    @Override
    protected void moveSlot(int from, int to) {
      decisive[to] = decisive[from];
      seen[to] = seen[from];
    }

    @Override
    void update(int[] groups, int[] rows, int count, ColumnVector input) {
      add(groups, rows, count, (BooleanVector) input, 1);
    }

    @Override
    void retract(int[] groups, int[] rows, int count, ColumnVector input) {
      add(groups, rows, count, (BooleanVector) input, -1);
    }

    private void add(int[] groups, int[] rows, int count, BooleanVector input, int sign) {
      boolean[] v = input.values;
      boolean[] nulls = input.mayHaveNulls ? input.nulls : null;
      boolean decides = !and;
      for (int i = 0; i < count; i++) {
        int row = rows[i];
        if (nulls == null || !nulls[row]) {
          int g = groups[i];
          seen[g] += sign;
          if (v[row] == decides) {
            decisive[g] += sign;
          }
        }
      }
    }

    @Override
    void write(int from, int count, ColumnVector out) {
      BooleanVector target = (BooleanVector) out;
      for (int i = 0; i < count; i++) {
        if (seen[from + i] <= 0) {
          putNull(out, i);
        } else {
          target.nulls[i] = false;
          target.values[i] = and == (decisive[from + i] <= 0);
        }
      }
    }

    @Override
    Object[] state() {
      return new Object[] {decisive, seen};
    }

    @Override
    void restore(Object[] a) {
      decisive = (long[]) a[0];
      seen = (long[]) a[1];
    }
  }
}
