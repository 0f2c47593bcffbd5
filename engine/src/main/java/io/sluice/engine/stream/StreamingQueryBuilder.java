package io.sluice.engine.stream;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.table.SourceTable;
import java.util.Map;

/**
 * Everything a continuous query is made of, given once before it exists: where it writes, what
 * it reads, the compiled plan and its batch boundaries, the output mode and trigger, and where
 * late rows, dead letters and progress go.
 */
public final class StreamingQueryBuilder {
  final String id;
  final String text;
  String sinkName;
  StreamSink sink;
  Map<String, SourceTable> sources = Map.of();
  ExecutionPlan plan;
  BatchRanges ranges;
  OutputMode mode;
  Trigger trigger;
  TableSchema outputSchema;
  BatchConsumer listener;
  StreamSink lateSink;
  TableSchema lateSchema;
  StreamSink deadLetterSink;
  java.nio.file.Path progressFile;
  String planText = "";
  io.sluice.runtime.memory.MemoryBudget memoryBudget;
  Runnable rejectsSaver;

  StreamingQueryBuilder(String id, String text) {
    this.id = id;
    this.text = text;
  }

  /** The sink the query writes to, and the name it is shown by. */
  public StreamingQueryBuilder writingTo(String name, StreamSink sink) {
    this.sinkName = name;
    this.sink = sink;
    return this;
  }

  /** The sources read, by catalog name. */
  public StreamingQueryBuilder reading(Map<String, SourceTable> sources) {
    this.sources = sources;
    return this;
  }

  /** The compiled plan, the batch boundaries its operators read, and the output mode it was compiled for. */
  public StreamingQueryBuilder running(ExecutionPlan plan, BatchRanges ranges, OutputMode mode) {
    this.plan = plan;
    this.ranges = ranges;
    this.mode = mode;
    return this;
  }

  public StreamingQueryBuilder trigger(Trigger trigger) {
    this.trigger = trigger;
    return this;
  }

  /** The columns of the rows the query writes. */
  public StreamingQueryBuilder outputSchema(TableSchema outputSchema) {
    this.outputSchema = outputSchema;
    return this;
  }

  /** Receives every output batch after the sink (for result cursors); none by default. */
  public StreamingQueryBuilder listener(BatchConsumer listener) {
    this.listener = listener;
    return this;
  }

  /** Writes rows behind the watermark to {@code sink} (rows shaped like {@code schema}) in the batch that read them. */
  public StreamingQueryBuilder lateRowsTo(StreamSink sink, TableSchema schema) {
    this.lateSink = sink;
    this.lateSchema = schema;
    return this;
  }

  /**
   * Writes rows that make an expression fail to {@code sink} ({@link io.sluice.engine.batch.DeadLetters#SCHEMA}),
   * committed with the batch that read them, instead of failing the query.
   */
  public StreamingQueryBuilder deadLettersTo(StreamSink sink) {
    this.deadLetterSink = sink;
    return this;
  }

  /** Appends each batch's progress to {@code out} as one JSON line (the {@code pipeline.progress} option). */
  public StreamingQueryBuilder progressTo(java.nio.file.Path out) {
    this.progressFile = out;
    return this;
  }

  /** Its physical plan with streaming traits, as EXPLAIN prints it, for monitoring (the web page shows it). */
  public StreamingQueryBuilder planText(String planText) {
    this.planText = planText;
    return this;
  }

  /**
   * Stops the query with an error, before the heap runs out, once the state of the database's
   * queries outgrows {@code budget} ({@code pipeline.state.memory}); without one, state is not checked.
   */
  public StreamingQueryBuilder memoryBudget(io.sluice.runtime.memory.MemoryBudget budget) {
    this.memoryBudget = budget;
    return this;
  }

  /**
   * Makes the rows each batch rejected durable ({@code save}: a database folder writes its tables)
   * after they reach their rejects tables and before the batch's commit record; none by default.
   */
  public StreamingQueryBuilder rejectsSavedBy(Runnable save) {
    this.rejectsSaver = save;
    return this;
  }

  public StreamingQuery build() {
    if (sink == null || plan == null || trigger == null) {
      throw new IllegalStateException("A continuous query needs a sink, a plan and a trigger");
    }
    return new StreamingQuery(this);
  }
}
