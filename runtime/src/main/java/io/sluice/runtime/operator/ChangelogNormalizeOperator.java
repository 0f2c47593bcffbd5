package io.sluice.runtime.operator;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.LatestRows;
import java.util.List;

/**
 * Turns a changelog that may lack old rows into a whole one, by keeping the current row of every
 * primary key: the step between a change-data-capture source and the query above it when the
 * source does not say what an update or delete takes back (PostgreSQL's default replica identity
 * sends an update without its old row and a delete with only the key; an upsert topic sends only
 * a key's new value, or a tombstone).
 *
 * <p>Each input row is read by its kind: {@code +I} and {@code +U} give the key's new row, emitted
 * as {@code +I} for a key that had none and as {@code -U} of the kept row then {@code +U} for one
 * that had, and nothing when it equals the kept row (a duplicate event, or an update of columns the
 * query does not read); {@code -D} takes the kept row back ({@code -D} of it, whatever the input
 * row held besides its key) and nothing for a key without one; {@code -U} is ignored, since the
 * kept row says what an update takes back. The output is a whole changelog in the order of the
 * input, keyed by the same columns.
 */
public final class ChangelogNormalizeOperator extends KeyedStateOperator {
  /** Version of the snapshot format: the keys, which are present, and their rows ({@link LatestRows#writeTo}). */
  private static final int STATE_VERSION = 1;

  private final LatestRows latest;
  /** The input columns passed on, in output order. */
  private final int[] outputColumns;
  private final Batch out;
  private int[] emitRows = new int[2 * Batch.DEFAULT_CAPACITY];
  private byte[] emitKinds = new byte[2 * Batch.DEFAULT_CAPACITY];

  /** A step that passes on every input column. */
  public ChangelogNormalizeOperator(String name, List<DataType> types, int[] keys) {
    this(name, types, keys, java.util.stream.IntStream.range(0, types.size()).toArray());
  }

  /**
   * @param keys the columns of {@code types} that make the primary key
   * @param outputColumns the input columns passed on, in their output order (the key columns may
   *     be left out when the query above does not read them)
   */
  public ChangelogNormalizeOperator(String name, List<DataType> types, int[] keys, int[] outputColumns) {
    this(name, types, new LatestRows(types, keys), outputColumns);
  }

  private ChangelogNormalizeOperator(String name, List<DataType> types, LatestRows latest, int[] outputColumns) {
    super(name, STATE_VERSION, latest);
    this.latest = latest;
    this.outputColumns = outputColumns.clone();
    DataType[] outputTypes = new DataType[outputColumns.length];
    for (int i = 0; i < outputColumns.length; i++) {
      outputTypes[i] = types.get(outputColumns[i]);
    }
    this.out = Batch.allocate(List.of(outputTypes), 2 * Batch.DEFAULT_CAPACITY);
  }

  @Override
  public void input(int port, Batch batch) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] ids = latest.keyIds(batch);
    if (emitRows.length < 2 * n) {
      emitRows = new int[2 * n];
      emitKinds = new byte[2 * n];
    }
    int count = 0;
    for (int k = 0; k < n; k++) {
      int row = batch.row(k);
      byte kind = batch.kinds == null ? RowKind.INSERT : batch.kinds[row];
      int key = ids[k];
      int kept = latest.current(key);
      if (kind == RowKind.DELETE) {
        if (kept >= 0) {
          emitRows[count] = kept;
          emitKinds[count++] = RowKind.DELETE;
          latest.remove(key);
        }
      } else if (kind != RowKind.UPDATE_BEFORE) {
        if (kept >= 0 && latest.rows().rowEquals(kept, batch, row)) {
          continue;
        }
        if (kept >= 0) {
          emitRows[count] = kept;
          emitKinds[count++] = RowKind.UPDATE_BEFORE;
        }
        emitRows[count] = latest.put(key, batch, row);
        emitKinds[count++] = kept >= 0 ? RowKind.UPDATE_AFTER : RowKind.INSERT;
      }
    }
    if (count == 0) {
      return;
    }
    // store rows are only appended during a batch, so every row noted above is still where it was
    out.reset();
    for (int i = 0; i < outputColumns.length; i++) {
      latest.rows().gatherColumn(outputColumns[i], emitRows, count, out.columns[i]);
    }
    out.size = count;
    out.kinds = emitKinds;
    output.accept(out);
  }

  @Override
  public void endBatch() {
    latest.compact();
  }

  @Override
  public String lastChoice() {
    return latest.present() + " keys";
  }
}
