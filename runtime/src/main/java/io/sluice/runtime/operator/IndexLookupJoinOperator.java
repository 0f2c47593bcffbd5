package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.kernel.BuildProbeJoiner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A hash join whose build side is a table read through an index by the keys of the other side
 * (port 0, the probe side), which the planner expects to be small: the probe rows are kept, their
 * distinct keys looked up in the table's index, the rows found built into the hash table and the
 * kept rows probed against it. So a join of a few rows with a large indexed table reads a few
 * rows of it, not all of them.
 *
 * <p>When the probe side turns out larger than {@link #LOOKUP_ROWS} rows, the join reads the
 * whole table as its build side instead, probes the kept rows and streams the rest as a hash join
 * does: looking up more keys than that costs more than a scan and keeps too many rows.
 */
public final class IndexLookupJoinOperator extends AbstractOperator {
  /** Probe rows beyond which the table is read whole rather than looked up key by key. */
  public static final int LOOKUP_ROWS = 10_000;

  /** The indexed table: its rows of given keys, or all of them. */
  public interface IndexedRows {
    /** Pushes the rows whose key is one of {@code keys} (distinct; Long or String). */
    void lookUp(List<Object> keys, BatchConsumer consumer);

    /** Pushes every row. */
    void scan(BatchConsumer consumer);
  }

  private final Supplier<BuildProbeJoiner> joiners;
  private final IndexedRows table;
  private final int keyColumn;
  private final List<DataType> probeTypes;
  private final int lookupRows;
  private final List<Batch> kept = new ArrayList<>();
  private int keptRows;
  private BuildProbeJoiner joiner;
  private boolean built;

  /**
   * @param keyColumn the probe side's column whose values the table's index looks up
   * @param lookupRows probe rows beyond which the table is read whole ({@link #LOOKUP_ROWS})
   */
  public IndexLookupJoinOperator(String name, Supplier<BuildProbeJoiner> joiners, IndexedRows table, int keyColumn,
      List<DataType> probeTypes, int lookupRows) {
    super(name);
    this.joiners = joiners;
    this.table = table;
    this.keyColumn = keyColumn;
    this.probeTypes = List.copyOf(probeTypes);
    this.lookupRows = lookupRows;
  }

  @Override
  public void startBatch() {
    close();
    joiner = joiners.get();
    built = false;
  }

  @Override
  public void input(int port, Batch batch) {
    if (built) {
      joiner.probe(batch, output);
      return;
    }
    if (batch.rowCount() == 0) {
      return;
    }
    kept.add(Batches.compactCopy(batch, probeTypes));
    keptRows += batch.rowCount();
    if (keptRows > lookupRows) { // too many keys to look up one by one: read the table whole
      table.scan(joiner::build);
      probeKept();
    }
  }

  @Override
  public void endBatch() {
    try {
      if (!built) {
        if (keptRows > 0) {
          table.lookUp(keys(), joiner::build);
        }
        probeKept();
      }
      joiner.finish(output);
    } finally {
      close();
    }
  }

  /** Ends the build and probes the kept rows. */
  private void probeKept() {
    built = true;
    joiner.finishBuild();
    for (Batch batch : kept) {
      joiner.probe(batch, output);
    }
    kept.clear();
    keptRows = 0;
  }

  /** The distinct non-NULL keys of the kept rows: integer-like ones sorted, text in first-seen order. */
  private List<Object> keys() {
    ColumnVector first = kept.get(0).columns[keyColumn];
    if (first instanceof LongVector) {
      long[] values = new long[keptRows];
      int n = 0;
      for (Batch batch : kept) {
        LongVector column = (LongVector) batch.columns[keyColumn];
        for (int row = 0; row < batch.size; row++) {
          if (!column.isNull(row)) {
            values[n++] = column.values[row];
          }
        }
      }
      Arrays.sort(values, 0, n);
      List<Object> keys = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        if (i == 0 || values[i] != values[i - 1]) {
          keys.add(values[i]);
        }
      }
      return keys;
    }
    Set<Object> keys = new LinkedHashSet<>();
    for (Batch batch : kept) {
      BytesVector column = (BytesVector) batch.columns[keyColumn];
      for (int row = 0; row < batch.size; row++) {
        if (!column.isNull(row)) {
          keys.add(column.getString(row));
        }
      }
    }
    return new ArrayList<>(keys);
  }

  @Override
  public void close() {
    kept.clear();
    keptRows = 0;
    if (joiner != null) {
      joiner.close();
      joiner = null;
    }
  }
}
