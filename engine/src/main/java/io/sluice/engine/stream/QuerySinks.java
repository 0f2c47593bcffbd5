package io.sluice.engine.stream;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.BatchRanges;

/**
 * The sinks one continuous query writes to: its output sink, and where they are set, the sink of
 * rows behind the watermark and the sink of dead letters. They learn the query's identity once,
 * before its first batch, open a writer per batch, and are released once when the query ends
 * (a Kafka producer closes then).
 */
final class QuerySinks {
  private final StreamSink output;
  private final StreamSink late;
  private final TableSchema lateSchema;
  private final StreamSink deadLetters;
  private boolean started;

  QuerySinks(StreamSink output, StreamSink late, TableSchema lateSchema, StreamSink deadLetters) {
    this.output = output;
    this.late = late;
    this.lateSchema = lateSchema;
    this.deadLetters = deadLetters;
  }

  /** The sink of the query's result. */
  StreamSink output() {
    return output;
  }

  /**
   * Tells the sinks who writes, once: {@code identity} is the checkpoint's query id, or an id of
   * this run for a query without a checkpoint.
   */
  void start(java.util.function.Supplier<String> identity) {
    if (started) {
      return;
    }
    String id = identity.get();
    for (StreamSink s : all()) {
      if (s != null) {
        s.startQuery(id);
      }
    }
    started = true;
  }

  /** A buffer of batch {@code batchId}'s dead letters, or null when the query keeps none. */
  DeadLetterBuffer deadLetterBuffer(long batchId) {
    return deadLetters == null ? null : new DeadLetterBuffer(batchId);
  }

  /** Commits the dead letters of a batch to their sink. */
  void commitDeadLetters(DeadLetterBuffer buffer) {
    buffer.commitTo(deadLetters);
  }

  /**
   * Opens batch {@code batchId}'s writer of late rows and routes the late rows {@code ranges}
   * finds to it, timing its writes on {@code clock}; null when the query keeps no late rows.
   */
  StreamSink.BatchWriter openLateRows(long batchId, BatchRanges ranges, BatchClock clock) {
    if (late == null) {
      return null;
    }
    StreamSink.BatchWriter writer = late.open(batchId, OutputMode.APPEND, lateSchema);
    ranges.sendLateRowsTo((source, batch, lateRows, count) -> {
      int[] selection = batch.selection;
      int selected = batch.selectedCount;
      batch.selection = lateRows;
      batch.selectedCount = count;
      long since = System.nanoTime();
      writer.write(batch, null);
      clock.sinkWrote(since);
      batch.selection = selection;
      batch.selectedCount = selected;
    });
    return writer;
  }

  /** Lets every sink release its connections. */
  void release() {
    for (StreamSink s : all()) {
      if (s != null) {
        s.release();
      }
    }
  }

  private StreamSink[] all() {
    return new StreamSink[] {output, late, deadLetters};
  }
}
