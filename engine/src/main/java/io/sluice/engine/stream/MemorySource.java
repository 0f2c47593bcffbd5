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
  private boolean ended;
  /** Saves appended rows before they count (a database folder), or null. */
  private RowsKeeper keeper;

  public MemorySource(TableSchema schema) {
    this.schema = schema;
    this.types = schema.types();
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  /**
   * Appends {@code dense} (batches of every column, in schema order, owned by the source from
   * now on) all at once: a query sees all of them or none. With a {@link RowsKeeper} they are saved
   * before any query can read them; when saving fails nothing is appended.
   */
  public synchronized void append(List<Batch> dense) {
    if (ended) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The stream has ended: no rows can be added");
    }
    List<Batch> added = new ArrayList<>();
    for (Batch b : dense) {
      if (b.size > 0) {
        added.add(b);
      }
    }
    if (added.isEmpty()) {
      return;
    }
    if (keeper != null) {
      List<Batch> all = new ArrayList<>(batches);
      all.addAll(added);
      keeper.keep(schema, all, -1);
    }
    for (Batch b : added) {
      firstRows.add(rows);
      batches.add(b);
      rows += b.size;
    }
  }

  /** A dense copy of the selected rows of {@code batch}, shaped for {@link #append}. */
  public Batch copyOf(Batch batch) {
    return Batches.compactCopy(batch, types);
  }

  /**
   * Saves the rows from now on with {@code keeper} (a database folder), after adding
   * {@code restored}: the rows it saved before, when a database folder opens.
   */
  public synchronized void keepWith(RowsKeeper keeper, List<Batch> restored) {
    for (Batch b : restored) {
      firstRows.add(rows);
      batches.add(b);
      rows += b.size;
    }
    this.keeper = keeper;
  }

  /** The rows appended so far: dense batches, in order. */
  public synchronized List<Batch> batches() {
    return List.copyOf(batches);
  }

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
