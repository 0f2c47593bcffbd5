package io.sluice.engine.stream;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.data.ColumnVector;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream that statements append to ({@code INSERT INTO source ...}), so streaming behaviour
 * can be driven step by step. The offset is the number of rows appended; rows are kept, so any
 * range can be read again.
 */
public final class MemorySource implements StreamSource {
  private final TableSchema schema;
  private final List<DataType> types;
  /** Appended batches (dense) and the row count before each. */
  private final List<Batch> batches = new ArrayList<>();
  private final List<Long> firstRows = new ArrayList<>();
  private long rows;

  public MemorySource(TableSchema schema) {
    this.schema = schema;
    this.types = schema.types();
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  /** Appends the selected rows of {@code batch} (all columns, in schema order). */
  public synchronized void append(Batch batch) {
    if (ended) {
      throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.VALIDATION_ERROR,
          "The stream has ended: no rows can be added");
    }
    if (batch.rowCount() == 0) {
      return;
    }
    Batch copy = Batches.compactCopy(batch, types);
    firstRows.add(rows);
    batches.add(copy);
    rows += copy.size;
  }

  private boolean ended;

  /** Marks the stream as ended: once a query has read every row, it closes its windows and finishes. */
  public synchronized void end() {
    ended = true;
  }

  @Override
  public synchronized boolean isFinished(String offset) {
    return ended && parse(offset) == rows;
  }

  public synchronized long rowCount() {
    return rows;
  }

  @Override
  public String initialOffset() {
    return "0";
  }

  @Override
  public synchronized String nextEndOffset(String start) {
    return Long.toString(rows);
  }

  @Override
  public void read(String start, String end, ScanRequest request, BatchConsumer consumer) {
    long from = parse(start);
    long to = parse(end);
    List<Batch> snapshot;
    List<Long> starts;
    synchronized (this) {
      if (to > rows) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Offset " + to + " is past the end of the source ("
            + rows + " rows)");
      }
      snapshot = new ArrayList<>(batches);
      starts = new ArrayList<>(firstRows);
    }
    int[] columns = request.columns();
    int[] selection = new int[Batch.DEFAULT_CAPACITY];
    for (int b = 0; b < snapshot.size(); b++) {
      Batch stored = snapshot.get(b);
      long first = starts.get(b);
      long last = first + stored.size;
      if (last <= from || first >= to) {
        continue;
      }
      ColumnVector[] projected = new ColumnVector[columns.length];
      for (int i = 0; i < columns.length; i++) {
        projected[i] = stored.columns[columns[i]];
      }
      Batch view = new Batch(projected, stored.size);
      int lo = (int) Math.max(0, from - first);
      int hi = (int) Math.min(stored.size, to - first);
      if (lo > 0 || hi < stored.size) {
        if (selection.length < hi - lo) {
          selection = new int[hi - lo];
        }
        for (int i = lo; i < hi; i++) {
          selection[i - lo] = i;
        }
        view.selection = selection;
        view.selectedCount = hi - lo;
      }
      consumer.accept(view);
    }
  }

  private static long parse(String offset) {
    try {
      return Long.parseLong(offset);
    } catch (NumberFormatException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Not a memory source offset: '" + offset + "'");
    }
  }

  @Override
  public String describe() {
    return "memory (" + rowCount() + " rows appended)";
  }
}
