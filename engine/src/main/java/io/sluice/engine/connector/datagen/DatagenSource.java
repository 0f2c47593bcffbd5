package io.sluice.engine.connector.datagen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A {@code datagen} stream: rows of generated values at a rate of wall-clock time. The offset is
 * the number of rows; row {@code i}'s values depend only on the seed, the column and {@code i},
 * so a range read again (after a failure, or split differently) yields the same rows.
 */
public final class DatagenSource implements StreamSource {
  private final String name;
  private final DatagenOptions options;
  private final ArrivalSchedule schedule;

  DatagenSource(String name, DatagenOptions options, LongSupplier nanoClock) {
    this.name = name;
    this.options = options;
    this.schedule = new ArrivalSchedule(options.rowsPerSecond, options.numberOfRows, options.maxRowsPerBatch, nanoClock);
  }

  @Override
  public TableSchema schema() {
    return options.schema;
  }

  @Override
  public String initialOffset() {
    return RowOffsets.format(0);
  }

  @Override
  public String nextEndOffset(String start) {
    return RowOffsets.format(schedule.nextEnd(RowOffsets.parse("datagen", start)));
  }

  @Override
  public boolean isFinished(String offset) {
    return schedule.isFinished(RowOffsets.parse("datagen", offset));
  }

  /** Rows in all, or {@link Long#MAX_VALUE} when the source never ends. */
  public long numberOfRows() {
    return options.numberOfRows;
  }

  @Override
  public void read(String start, String end, ScanRequest request, BatchConsumer consumer) {
    long[] range = RowOffsets.range("datagen", start, end);
    long last = Math.min(range[1], options.numberOfRows);
    int[] columns = request.columns();
    List<DataType> types = new ArrayList<>(columns.length);
    FieldGenerator[] generators = new FieldGenerator[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0 || columns[i] >= options.schema.size()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR,
            "Column index " + columns[i] + " is outside datagen source '" + name + "'");
      }
      types.add(options.schema.column(columns[i]).type());
      generators[i] = options.generators[columns[i]];
    }
    Batch batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    for (long row = range[0]; row < last; ) {
      int count = (int) Math.min(Batch.DEFAULT_CAPACITY, last - row);
      batch.reset();
      for (int i = 0; i < generators.length; i++) {
        generators[i].fill(batch.columns[i], row, count);
      }
      batch.size = count;
      consumer.accept(batch);
      row += count;
    }
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("datagen ").append(schedule.describeRate("rows"));
    if (options.numberOfRows != Long.MAX_VALUE) {
      sb.append(", ").append(options.numberOfRows).append(" rows");
    }
    return sb.append(", seed ").append(options.seed).toString();
  }
}
