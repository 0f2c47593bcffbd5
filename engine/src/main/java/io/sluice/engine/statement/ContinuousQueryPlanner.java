package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.DeduplicationScope;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.batch.WatermarkPolicy;
import io.sluice.engine.checkpoint.PlanRecord;
import io.sluice.engine.checkpoint.QueryCheckpoints;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.StreamingQueryBuilder;
import io.sluice.engine.stream.Trigger;
import io.sluice.engine.state.RocksDbStateBackend;
import io.sluice.engine.table.SourceTable;
import io.sluice.engine.translate.AccumulatorRetraction;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamChecker;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.optimizer.stream.WindowEmitCheck;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.runtime.state.backend.DiskStateBackend;
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
   * checkpoint's fingerprint), the plan with its streaming traits as EXPLAIN prints it (for
   * monitoring) and the late-rows sink it writes to (or null).
   */
  record ContinuousPlan(String text, String sinkName, Map<String, SourceTable> sources, ExecutionPlan execution,
      BatchRanges ranges, OutputMode mode, TableSchema outputSchema, String physicalPlan, String planText,
      Catalog.Entry lateSink) {

    /** A query of this plan writing to {@code writeTo}, with nothing else to give yet. */
    StreamingQueryBuilder builder(String id, Trigger trigger, StreamSink writeTo) {
      return StreamingQuery.builder(id, text).writingTo(sinkName, writeTo).reading(sources)
          .running(execution, ranges, mode).trigger(trigger).outputSchema(outputSchema).planText(planText);
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
    if (!StreamInputs.readsStream(planned.physical())) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "INSERT INTO sink '" + target.name()
          + "' needs a query over a source; bounded data goes INSERT INTO a table");
    }
    OutputMode mode = outputMode(planned.physical());
    target.sink().check(mode, outputSchema);
    requireChangelogSink(mode, target.sink(), target.name());
    StreamPlan streamPlan = checkedStreamPlan(planned.physical(), mode);
    BatchRanges ranges = batchRanges(streamPlan);
    Catalog.Entry lateSink = lateRows ? lateRowsSink() : null;
    if (lateSink != null) {
      ranges.keepLateRows();
    }
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    collectSources(planned.physical(), sources);
    StreamChecker.requireWatermark(streamPlan);
    ExecutionPlan execution = planning.executor().prepareStreaming(streamPlan, ranges);
    return new ContinuousPlan(span.text(), target.name(), sources, execution, ranges, mode, outputSchema,
        planned.physical().explain(), explainPhysical(planned.physical(), mode), lateSink);
  }

  /**
   * The batch boundaries of a new continuous query, with the session's state time-to-live and
   * event-time options: the watermark policy, the idle timeout and whether no-data batches run.
   */
  BatchRanges batchRanges(StreamPlan plan) {
    BatchRanges ranges = new BatchRanges();
    String ttl = session.options().get("pipeline.state-ttl");
    if (ttl != null && !ttl.isBlank()) {
      ranges.setStateTtl(Options.stateTtlMillis(ttl));
    }
    if (Options.diskStateBackend(session.options().get(DiskStateBackend.OPTION))) {
      ranges.setDiskState(new RocksDbStateBackend(Options.workingFolder(session.options().get(SpillSpace.PATH_OPTION)),
          Options.operatorMemory(session.options().get(SpillSpace.MEMORY_OPTION)), plan.explainState().size()));
    }
    ranges.setWindowEmit(windowEmit());
    ranges.setEventTimeOptions(
        WatermarkPolicy.parse(session.options().getOrDefault(WatermarkPolicy.OPTION, "min")),
        Options.idleTimeoutMillis(session.options().get("pipeline.idle-timeout")),
        Options.onOff("pipeline.no-data-batches", session.options().getOrDefault("pipeline.no-data-batches", "on")));
    return ranges;
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
   * one the plan's traits imply ({@link OutputModes}).
   */
  OutputMode outputMode(PhysicalNode plan) {
    return OutputModes.choose(StreamTraitDerivation.derive(plan, null, deduplication()), session.options().get(OutputModes.OPTION),
        windowEmit());
  }

  /** The plan's streaming traits in the output mode it runs in, once the optimizer's checker has passed it. */
  StreamPlan checkedStreamPlan(PhysicalNode physical, OutputMode mode) {
    StreamPlan plan = StreamTraitDerivation.derive(physical, mode, deduplication());
    StreamChecker.check(plan, AccumulatorRetraction.INSTANCE);
    WindowEmitCheck.check(plan, windowEmit());
    return plan;
  }

  /** The mode a SELECT over streams shows its rows in: a changelog when they change after they are shown. */
  OutputMode selectMode(PhysicalNode physical) {
    return OutputModes.forSelect(StreamTraitDerivation.derive(physical, null, deduplication()), windowEmit());
  }

  /** When windowed aggregations in update mode emit: the session's {@code pipeline.window.*} options. */
  WindowEmit windowEmit() {
    return WindowEmit.of(session.options().get(WindowEmit.EARLY_FIRE), session.options().get(WindowEmit.ALLOWED_LATENESS));
  }

  /** How long first-arrival deduplications keep their keys: the session's {@code pipeline.deduplicate.within-watermark}. */
  DeduplicationScope deduplication() {
    return DeduplicationScope.of(session.options().get(DeduplicationScope.OPTION));
  }

  /** The physical plan; over streams each node with its streaming traits in {@code mode} (null when it cannot run). */
  String explainPhysical(PhysicalNode physical, OutputMode mode) {
    if (!StreamInputs.readsStream(physical)) {
      return physical.explain();
    }
    return StreamTraitDerivation.derive(physical, mode, deduplication()).explain();
  }


  /** Update mode writes -U, +U and -D rows: the sink must take them. */
  private void requireChangelogSink(OutputMode mode,
      StreamSink sink, String name) {
    if (mode == OutputMode.UPDATE && !sink.takesChangelog()) {
      String emit = windowEmit().isSet() ? " (windowed aggregations write one while '" + WindowEmit.EARLY_FIRE + "' or '"
          + WindowEmit.ALLOWED_LATENESS + "' is set)" : "";
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Sink '" + name + "' (" + sink.describe() + ") takes only"
          + " inserts, but in update mode the query writes a changelog (+I, -U, +U, -D)" + emit + ". Write to a"
          + " memory or console sink, or make the query append-only (a windowed aggregation in append mode).");
    }
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
