package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.connector.datagen.ArrivalSchedule;
import io.sluice.engine.connector.datagen.RangeSplits;
import io.sluice.engine.connector.datagen.RowOffsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * One table (person, auction or bid) of the Nexmark event stream. The offset is the number of
 * events of the whole stream, so the three tables of one seed advance along the same event
 * numbers; a read returns only the events of its own table in the range.
 */
public final class NexmarkSource implements StreamSource {
  private final NexmarkOptions options;
  private final NexmarkModel model;
  private final ArrivalSchedule schedule;

  NexmarkSource(NexmarkOptions options, LongSupplier nanoClock) {
    this.options = options;
    this.model = NexmarkModel.of(options.seed, options.baseTimeMillis, options.eventTimeRate);
    this.schedule = new ArrivalSchedule(options.eventsPerSecond, options.maxEvents, options.maxEventsPerBatch, nanoClock);
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
    return RowOffsets.format(schedule.nextEnd(RowOffsets.parse("nexmark", start)));
  }

  @Override
  public boolean isFinished(String offset) {
    return schedule.isFinished(RowOffsets.parse("nexmark", offset));
  }

  /** Events in the whole stream, or {@link Long#MAX_VALUE}. */
  public long maxEvents() {
    return options.maxEvents;
  }

  /** How many rows of this source's table the first {@code events} events hold. */
  public long rowsIn(long events) {
    return options.table.rowsIn(events);
  }

  @Override
  public void read(String start, String end, ScanRequest request, BatchConsumer consumer) {
    long[] range = RowOffsets.range("nexmark", start, end);
    read(range[0], Math.min(range[1], options.maxEvents), request, consumer);
  }

  /** Splits of a range of events: each generates its own events, as event {@code i} depends on {@code i} alone. */
  @Override
  public List<ScanSplit> splits(String start, String end, ScanRequest request, int parallelism) {
    long[] range = RowOffsets.range("nexmark", start, end);
    return RangeSplits.of(range[0], Math.min(range[1], options.maxEvents), parallelism, batchReader(request));
  }

  /**
   * Reads whole epochs of events a batch at a time (after a first part-epoch), so that each batch
   * is as full as one batch of this table's rows can be: a split hands its batches over.
   */
  private RangeSplits.BatchReader batchReader(ScanRequest request) {
    int[] fields = fields(request);
    List<DataType> types = types(request);
    long rowsPerEpoch = options.table.rowsIn(NexmarkModel.TOTAL_PROPORTION);
    long eventsPerBatch = Batch.DEFAULT_CAPACITY / rowsPerEpoch * NexmarkModel.TOTAL_PROPORTION;
    return new RangeSplits.BatchReader() {
      @Override
      public long numbersPerBatch() {
        return eventsPerBatch;
      }

      @Override
      public void readBatch(long first, long last, Batch batch, BatchConsumer consumer) {
        Batch into = batch != null ? batch : Batch.allocate(types, Batch.DEFAULT_CAPACITY);
        new NexmarkGenerator(model).generateOneBatch(options.table, first, last, into, fields, consumer);
      }
    };
  }

  private void read(long first, long last, ScanRequest request, BatchConsumer consumer) {
    if (last <= first) {
      return;
    }
    int[] fields = fields(request);
    Batch batch = Batch.allocate(types(request), Batch.DEFAULT_CAPACITY);
    new NexmarkGenerator(model).generate(options.table, first, last, batch, fields, consumer);
  }

  /** The generator's field of each column {@code request} asks for. */
  private int[] fields(ScanRequest request) {
    int[] columns = request.columns();
    int[] fields = new int[columns.length];
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0 || columns[i] >= options.schema.size()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Column index " + columns[i]
            + " is outside nexmark source " + options.table.optionValue());
      }
      fields[i] = options.fieldOfColumn[columns[i]];
    }
    return fields;
  }

  private List<DataType> types(ScanRequest request) {
    List<DataType> types = new ArrayList<>(request.columns().length);
    for (int column : request.columns()) {
      types.add(options.schema.column(column).type());
    }
    return types;
  }

  @Override
  public String describe() {
    StringBuilder sb = new StringBuilder("nexmark ").append(options.table.optionValue()).append(", ")
        .append(schedule.describeRate("events"));
    if (options.maxEvents != Long.MAX_VALUE) {
      sb.append(", ").append(options.maxEvents).append(" events");
    }
    return sb.append(", seed ").append(options.seed).toString();
  }
}
