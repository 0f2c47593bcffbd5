package io.sluice.engine.connector.datagen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
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
    read(range[0], Math.min(range[1], options.numberOfRows), request, consumer);
  }

  /** Splits of a range of rows: each generates its own rows, as row {@code i}'s values depend on {@code i} alone. */
  @Override
  public List<ScanSplit> splits(String start, String end, ScanRequest request, int parallelism) {
    long[] range = RowOffsets.range("datagen", start, end);
    return RangeSplits.of(range[0], Math.min(range[1], options.numberOfRows), parallelism, batchReader(request));
  }

  /** Reads a batch of rows at a time into the batch it is given: a split hands its batches over. */
  private RangeSplits.BatchReader batchReader(ScanRequest request) {
    List<DataType> types = new ArrayList<>();
    FieldGenerator[] generators = generators(request, types);
    return new RangeSplits.BatchReader() {
      @Override
      public long numbersPerBatch() {
        return Batch.DEFAULT_CAPACITY;
      }

      @Override
      public void readBatch(long first, long last, Batch batch, BatchConsumer consumer) {
        Batch into = batch != null ? batch : Batch.allocate(types, Batch.DEFAULT_CAPACITY);
        into.reset();
        int count = (int) (last - first);
        for (int i = 0; i < generators.length; i++) {
          generators[i].fill(into.columns[i], first, count);
        }
        into.size = count;
        consumer.accept(into);
      }
    };
  }

  private void read(long first, long last, ScanRequest request, BatchConsumer consumer) {
    RangeSplits.read(first, last, batchReader(request), consumer);
  }

  /** The generators of the columns {@code request} asks for, adding their types to {@code types}. */
  private FieldGenerator[] generators(ScanRequest request, List<DataType> types) {
    int[] columns = request.columns();
    FieldGenerator[] generators = new FieldGenerator[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0 || columns[i] >= options.schema.size()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR,
            "Column index " + columns[i] + " is outside datagen source '" + name + "'");
      }
      types.add(options.schema.column(columns[i]).type());
      generators[i] = options.generators[columns[i]];
    }
    return generators;
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
