package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.LongVector;
import java.util.List;

/**
 * What a {@link HashAggregator} needs only while it adds or emits one batch: lookup arrays, the
 * rows and groups each aggregate takes, the batch it fills for its consumer. The windows of one
 * operator are added and emitted one at a time, so they share one of these (a window of a few
 * groups then holds its groups, not a batch's worth of arrays); an aggregator made without one
 * has its own, and its tables keep their own lookup arrays (let go with the groups).
 */
public final class AggregatorScratch {
  /** The group tables' lookups. */
  final LookupScratch groupLookup = new LookupScratch();
  /** The DISTINCT (group, value) tables' lookups: used while a group lookup's ids are still in use. */
  final LookupScratch pairLookup = new LookupScratch();
  final AggregateRowSelection selection = new AggregateRowSelection();
  int[] addGroups = new int[0];
  int[] addRows = new int[0];
  int[] retractGroups = new int[0];
  int[] retractRows = new int[0];
  int[] emitSelection = new int[0];
  int[] identity;
  int[] zeros = new int[0];
  /** One row of the output's types, for {@link HashAggregator#emitGroups}. */
  private Batch oneRow;
  private Batch output;
  private Batch partialOutput;
  /** Per physical row of the batch being added, its group: what value counts (a changelog's MIN, MAX, DISTINCT) pair values with. */
  private LongVector pairGroups;

  /**
   * The bytes of the lookup arrays and of the vector of a batch's groups, the part of this that
   * grows with the rows a lookup takes (counted as state).
   */
  public long bytes() {
    return groupLookup.bytes() + pairLookup.bytes() + pairGroupBytes();
  }

  /** The vector of the groups of a batch's rows, room for {@code rows} rows (4,096 at least). */
  LongVector pairGroups(int rows) {
    if (pairGroups == null || pairGroups.capacity() < rows) {
      pairGroups = new LongVector(Math.max(rows, Batch.DEFAULT_CAPACITY));
    }
    return pairGroups;
  }

  /** Bytes of the vector of a batch's groups: a long and a null flag a row. */
  long pairGroupBytes() {
    return pairGroups == null ? 0 : 9L * pairGroups.capacity();
  }

  /** Bytes {@link #pairGroups} would allocate for {@code rows} rows (0 when there is room). */
  long pairGroupGrowthBytes(int rows) {
    return pairGroups != null && pairGroups.capacity() >= rows ? 0 : 9L * Math.max(rows, Batch.DEFAULT_CAPACITY);
  }

  Batch oneRow(List<DataType> types) {
    if (oneRow == null) {
      oneRow = Batch.allocate(types, 1);
    }
    return oneRow;
  }

  Batch output(List<DataType> types) {
    if (output == null) {
      output = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    }
    return output;
  }

  Batch partialOutput(List<DataType> types) {
    if (partialOutput == null) {
      partialOutput = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    }
    return partialOutput;
  }
}
