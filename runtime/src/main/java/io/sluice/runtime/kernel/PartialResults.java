package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows that pass between the two phases of an aggregation: the group keys, then each
 * aggregate's partial result, which is its state rather than its result where the result alone
 * cannot be merged (an AVG's sum and count). Merging them in the order the rows came gives the
 * final aggregator exactly the state adding the rows would have, so its results and snapshots
 * do not depend on how the rows were cut.
 */
public final class PartialResults {
  private PartialResults() {}

  /**
   * Whether every aggregate of {@code specs} over {@code inputTypes} merges exactly: not
   * DISTINCT (a value may be in several parts), not SINGLE_VALUE, and a sum only of integral or
   * DECIMAL values kept in a long (a floating-point sum depends on the order of its additions, a
   * wide one has no partial form yet).
   */
  public static boolean mergeable(List<DataType> inputTypes, List<AggregateSpec> specs) {
    for (AggregateSpec spec : specs) {
      if (spec.distinct()) {
        return false;
      }
      switch (spec.kind()) {
        case COUNT_STAR: case COUNT: case MIN: case MAX: case ANY_VALUE: case BOOL_AND: case BOOL_OR:
          break;
        case SUM: case SUM0: case AVG: {
          DataType input = inputTypes.get(spec.argument());
          if (input.physical() != PhysicalKind.LONG || SumWideDecimal.applies(input, spec.resultType())) {
            return false;
          }
          break;
        }
        default:
          return false;
      }
    }
    return true;
  }

  /** The key types, then each aggregate's partial columns. */
  static List<DataType> types(List<DataType> keyTypes, Accumulator[] accumulators, List<AggregateSpec> specs) {
    List<DataType> types = new ArrayList<>(keyTypes);
    for (int a = 0; a < accumulators.length; a++) {
      types.addAll(accumulators[a].partialTypes(specs.get(a)));
    }
    return types;
  }

  /**
   * Pushes the {@code groupCount} groups of {@code groups} (null: the one group without keys), their
   * {@code keyCount} key columns and their partial results, to {@code consumer}, a batch of {@code out} at a time.
   */
  static void emit(KeyTable groups, int keyCount, int groupCount, Accumulator[] accumulators,
      List<AggregateSpec> specs, Batch out, BatchConsumer consumer) {
    for (int from = 0; from < groupCount; from += Batch.DEFAULT_CAPACITY) {
      int count = Math.min(Batch.DEFAULT_CAPACITY, groupCount - from);
      out.reset();
      if (groups != null) {
        groups.keys().gatherRange(from, count, out, 0);
      }
      int at = keyCount;
      for (int a = 0; a < accumulators.length; a++) {
        accumulators[a].writePartial(from, count, out.columns, at);
        at += accumulators[a].partialTypes(specs.get(a)).size();
      }
      out.size = count;
      consumer.accept(out);
    }
  }

  /** Merges rows {@code rows[0 .. n)} of {@code partials} into groups {@code groupIds[0 .. n)}. */
  static void merge(Accumulator[] accumulators, List<AggregateSpec> specs, int[] groupIds, int[] rows, int n,
      Batch partials, int keyCount) {
    int at = keyCount;
    for (int a = 0; a < accumulators.length; a++) {
      accumulators[a].merge(groupIds, rows, n, partials.columns, at);
      at += accumulators[a].partialTypes(specs.get(a)).size();
    }
  }
}
