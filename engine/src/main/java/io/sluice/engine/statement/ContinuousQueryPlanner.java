package io.sluice.engine.statement;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.StreamSink;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.checkpoint.PlanRecord;
import io.sluice.engine.checkpoint.QueryCheckpoints;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.exec.StreamTraits;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.StreamingQueryBuilder;
import io.sluice.engine.stream.Trigger;
import io.sluice.engine.table.SourceTable;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.rel.RelNode;

/**
 * Plans a continuous query (an INSERT INTO a sink) as the session's options say: its output
 * mode, sources and watermarks, batch boundaries, trigger, and the sinks and checkpoint folder
 * the options name. Starting it is {@link QueryLauncher}'s; EXPLAIN, the checkpoint statements
 * and check-only databases plan through here too, so they see what starting it would do.
 */
final class ContinuousQueryPlanner {
  private final SessionContext session;
  private final Planning planning;

  ContinuousQueryPlanner(SessionContext session, Planning planning) {
    this.session = session;
    this.planning = planning;
  }

  /**
   * A continuous query planned for its sink: its text, sources, compiled plan with its batch
   * boundaries and output mode, the columns it writes, its physical plan's text (for the
   * checkpoint's fingerprint) and the late-rows sink it writes to (or null).
   */
  record ContinuousPlan(String text, String sinkName, Map<String, SourceTable> sources, ExecutionPlan execution,
      BatchRanges ranges, OutputMode mode, TableSchema outputSchema, String physicalPlan, Catalog.Entry lateSink) {

    /** A query of this plan writing to {@code writeTo}, with nothing else to give yet. */
    StreamingQueryBuilder builder(String id, Trigger trigger, StreamSink writeTo) {
      return StreamingQuery.builder(id, text).writingTo(sinkName, writeTo).reading(sources)
          .running(execution, ranges, mode).trigger(trigger).outputSchema(outputSchema);
    }

    /** What the query's checkpoint records of its plan. */
    PlanRecord planRecord(StreamingQuery query) {
      return QueryCheckpoints.planRecord(query, physicalPlan, new ArrayList<>(sources.keySet()));
    }
  }

  /**
   * Plans the continuous query of {@code insert} into {@code target} with this session's options,
   * as starting it would, without building, starting or registering it or touching its checkpoint.
   *
   * @param lateRows whether rows behind the watermark go to the {@code pipeline.late-rows-sink}
   */
  ContinuousPlan plan(Insert insert, Catalog.Entry target, boolean lateRows) {
    SqlSpan span = insert.query();
    RelNode plan = sinkPlan(insert, target);
    TableSchema outputSchema = TypeMapping.toSchema(plan.getRowType());
    QueryPlanner.Planned planned = planning.optimize(plan);
    if (!StreamTraits.readsStreams(planned.physical())) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "INSERT INTO sink '" + target.name()
          + "' needs a query over a source; bounded data goes INSERT INTO a table");
    }
    OutputMode mode = outputMode(planned.physical());
    requireChangelogSink(mode, target.sink(), target.name());
    BatchRanges ranges = new BatchRanges();
    String ttl = session.options().get("pipeline.state-ttl");
    if (ttl != null && !ttl.isBlank()) {
      ranges.setStateTtl(Options.stateTtlMillis(ttl));
    }
    Catalog.Entry lateSink = lateRows ? lateRowsSink() : null;
    if (lateSink != null) {
      ranges.keepLateRows();
    }
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    collectSources(planned.physical(), sources);
    requireWatermark(planned.physical(), sources);
    ExecutionPlan execution = planning.executor().prepareStreaming(planned.physical(), ranges, mode);
    return new ContinuousPlan(span.text(), target.name(), sources, execution, ranges, mode, outputSchema,
        planned.physical().explain(), lateSink);
  }

  /** The plan of the rows an INSERT writes into a sink, conformed to the sink's columns if it declares them. */
  RelNode sinkPlan(Insert insert, Catalog.Entry target) {
    SqlSpan span = insert.query();
    RelNode query = planning.analyze(span);
    TableSchema declared = target.sink().schema();
    return declared == null || declared.size() == 0 ? query : planning.conform(query, declared, insert.columns());
  }

  /** The trigger the session's options set for continuous queries. */
  Trigger trigger() {
    return Trigger.parse(session.options().getOrDefault("pipeline.trigger", "continuous"));
  }

  /**
   * The output mode: the one the session asked for if the query can run in it, otherwise the
   * one the plan implies (append when its rows are final when emitted, complete for an
   * aggregation without a window, update for a Top-N whose rows change).
   */
  OutputMode outputMode(PhysicalNode plan) {
    boolean aggregates = StreamTraits.aggregatesStreams(plan);
    boolean windowed = StreamTraits.windowAggregatesStreams(plan);
    String changes = StreamTraits.whyNotAppendOnly(plan);
    String requested = session.options().get("pipeline.output-mode");
    if (requested == null) {
      return aggregates ? OutputMode.COMPLETE
          : changes != null ? OutputMode.UPDATE : OutputMode.APPEND;
    }
    switch (requested.toLowerCase(Locale.ROOT)) {
      case "append":
        if (changes != null) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, changes + ", so append mode cannot take it. Use SET 'pipeline.output-mode' = 'update' (a changelog of +I, -U, +U"
              + " and -D rows)" + (aggregates ? " or 'complete' (the whole result every batch)" : "") + ".");
        }
        return OutputMode.APPEND;
      case "complete":
        if (windowed && !aggregates) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "Complete mode would keep every window forever; a windowed"
              + " aggregation runs in append mode (each window once, when it closes) or update mode (changed windows"
              + " every batch).");
        }
        if (!aggregates) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Complete mode rewrites the whole result every batch,"
              + " which needs an aggregation; this query has none: use append or update mode.");
        }
        return OutputMode.COMPLETE;
      case "update":
        return OutputMode.UPDATE;
      default:
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'pipeline.output-mode' takes 'append', 'update'"
            + " or 'complete', not '" + requested + "'");
    }
  }

  /** Update mode writes -U, +U and -D rows: the sink must take them. */
  private static void requireChangelogSink(OutputMode mode,
      StreamSink sink, String name) {
    if (mode == OutputMode.UPDATE && !sink.takesChangelog()) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Sink '" + name + "' (" + sink.describe() + ") takes only"
          + " inserts, but in update mode the query writes a changelog (+I, -U, +U, -D). Write to a memory or"
          + " console sink, or make the query append-only (a windowed aggregation in append mode).");
    }
  }

  /** Windows close when the watermark passes them: without one a windowed query never emits. */
  static void requireWatermark(PhysicalNode plan,
      Map<String, SourceTable> sources) {
    if (!StreamTraits.needsWatermark(plan)) {
      return;
    }
    for (SourceTable table : sources.values()) {
      if (table.watermark() != null) {
        return;
      }
    }
    throw new SluiceException(ErrorCode.VALIDATION_ERROR, "This query groups rows by event-time window, but source "
        + String.join(", ", sources.keySet()) + " has no watermark, so no window would ever be complete."
        + " Declare one: CREATE SOURCE ... (..., WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
  }

  static void collectSources(PhysicalNode node,
      Map<String, SourceTable> sources) {
    if (node instanceof PhysicalScan
        && ((PhysicalScan) node).table() instanceof SourceTable) {
      SourceTable table = (SourceTable) ((PhysicalScan) node).table();
      sources.put(table.name(), table);
    }
    for (PhysicalNode input : node.inputs()) {
      collectSources(input, sources);
    }
  }

  /** The sink named by {@code pipeline.late-rows-sink}, or null. */
  private Catalog.Entry lateRowsSink() {
    return sinkOption("pipeline.late-rows-sink");
  }

  /** The sink named by {@code pipeline.dead-letter-sink}, or null. */
  Catalog.Entry deadLetterSink() {
    return sinkOption("pipeline.dead-letter-sink");
  }

  private Catalog.Entry sinkOption(String option) {
    String name = session.options().get(option);
    if (name == null || name.isBlank()) {
      return null;
    }
    Catalog.Entry entry = session.catalog().get(name);
    if (entry.sink() == null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Option '" + option + "' names '" + entry.name()
          + "', which is not a sink. Create one: CREATE SINK " + entry.name() + " WITH (connector = 'memory')");
    }
    return entry;
  }

  /** Late rows are source rows: every source of the query must have the same columns. */
  static TableSchema lateRowsSchema(Catalog.Entry sink, Map<String, SourceTable> sources) {
    TableSchema schema = null;
    for (SourceTable source : sources.values()) {
      TableSchema s = source.schema();
      if (schema != null && !schema.types().equals(s.types())) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Late rows of sources " + String.join(", ",
            sources.keySet()) + " have different columns: one late-rows sink cannot take them all.");
      }
      schema = s;
    }
    return schema;
  }

  /** The {@code pipeline.checkpoint} option, or null when it is not set. */
  String checkpointOption() {
    String checkpoint = session.options().get("pipeline.checkpoint");
    return checkpoint == null || checkpoint.isBlank() ? null : checkpoint;
  }

  /**
   * The checkpoint folder of the query into {@code sink}: a folder named after the sink inside the
   * {@code pipeline.checkpoint} location, so that the queries of one pipeline share the option.
   */
  static String checkpointLocation(String option, String sink) {
    String base = option.trim();
    return (base.endsWith("/") ? base : base + "/") + sink.toLowerCase(Locale.ROOT);
  }
}
