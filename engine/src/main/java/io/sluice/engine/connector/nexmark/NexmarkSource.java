package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.connector.datagen.ArrivalSchedule;
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
    long last = Math.min(range[1], options.maxEvents);
    if (last <= range[0]) {
      return;
    }
    int[] columns = request.columns();
    int[] fields = new int[columns.length];
    List<DataType> types = new ArrayList<>(columns.length);
    for (int i = 0; i < columns.length; i++) {
      if (columns[i] < 0 || columns[i] >= options.schema.size()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Column index " + columns[i]
            + " is outside nexmark source " + options.table.optionValue());
      }
      fields[i] = options.fieldOfColumn[columns[i]];
      types.add(options.schema.column(columns[i]).type());
    }
    Batch batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
    new NexmarkGenerator(model).generate(options.table, range[0], last, batch, fields, consumer);
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
