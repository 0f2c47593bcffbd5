package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.table.SourceTable;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.sqlparser.Explain;
import io.sluice.sqlparser.ExplainKind;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.SqlSpan;
import io.sluice.sqlparser.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;

/**
 * {@code EXPLAIN [CODEGEN | ANALYZE | CHECKPOINT] query-or-insert}: the analysed, optimized and
 * physical plans with the rule batches that changed them, the generated classes, a profiled run,
 * or whether a continuous query can go on from its checkpoint; over streams also how the query
 * runs continuously (output mode, trigger, sources and watermarks, state).
 */
final class ExplainHandler implements StatementHandler<Explain> {
  private final Catalog catalog;
  private final Planning planning;
  private final ContinuousQueryPlanner planner;
  private final InsertHandler inserts;
  private final CheckpointHandler checkpoints;

  ExplainHandler(Catalog catalog, Planning planning, ContinuousQueryPlanner planner, InsertHandler inserts,
      CheckpointHandler checkpoints) {
    this.catalog = catalog;
    this.planning = planning;
    this.planner = planner;
    this.inserts = inserts;
    this.checkpoints = checkpoints;
  }

  @Override
  public StatementResult execute(Explain explain) {
    Statement target = explain.target();
    if (explain.kind() == ExplainKind.CHECKPOINT) {
      return checkpoints.explain(target);
    }
    RelNode plan;
    if (target instanceof QueryStatement) {
      SqlSpan span = ((QueryStatement) target).query();
      plan = planning.analyze(span);
    } else if (target instanceof Insert && catalog.get(((Insert) target).target()).sink() != null) {
      plan = planner.sinkPlan((Insert) target, catalog.get(((Insert) target).target()));
    } else if (target instanceof Insert) {
      plan = inserts.insertPlan((Insert) target).plan();
    } else {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "EXPLAIN takes a query or an INSERT");
    }
    QueryPlanner.Planned planned = planning.optimize(plan);
    StringBuilder text = new StringBuilder();
    OutputMode mode = explainMode(planned.physical(), target instanceof Insert);
    switch (explain.kind()) {
      case CODEGEN: {
        ExecutionPlan execution = planning.executor().prepare(planned.physical());
        text.append("== Physical plan ==\n").append(planner.explainPhysical(planned.physical(), mode));
        int i = 0;
        for (String source : execution.generatedSources()) {
          text.append("\n== Generated class ").append(++i).append(" ==\n").append(source);
        }
        if (i == 0) {
          text.append("\n(no generated code: the plan has no filters or projections)\n");
        }
        break;
      }
      case ANALYZE: {
        ExecutionPlan execution = planning.executor().prepare(planned.physical());
        long start = System.nanoTime();
        long[] rows = {0};
        execution.run(b -> rows[0] += b.rowCount());
        double ms = (System.nanoTime() - start) / 1e6;
        text.append("== Physical plan ==\n").append(planner.explainPhysical(planned.physical(), mode))
            .append("\n== Execution ==\n").append(execution.profile())
            .append(String.format("rows: %d, time: %.2f ms%n", rows[0], ms));
        break;
      }
      default:
        text.append("== Analyzed plan ==\n").append(RelOptUtil.toString(planned.analyzed()))
            .append("\n== Optimized logical plan ==\n").append(RelOptUtil.toString(planned.optimized()))
            .append("\n== Rule batches ==\n").append(planned.trace().format())
            .append("\n== Physical plan ==\n").append(planner.explainPhysical(planned.physical(), mode));
    }
    if (StreamInputs.readsStream(planned.physical())) {
      text.append("\n== Streaming ==\n").append(explainStreaming(planned.physical(), target instanceof Insert));
    }
    return RowsBuilder.lines("plan", text.toString());
  }


  /**
   * The output mode EXPLAIN describes a plan over streams in, or null when it reads none or cannot
   * run: an INSERT's as it would start, a SELECT's update when its rows change and append otherwise.
   */
  private OutputMode explainMode(PhysicalNode physical,
      boolean insert) {
    if (!StreamInputs.readsStream(physical)) {
      return null;
    }
    try {
      // a SELECT over streams shows its rows as they come: a changelog when they change later
      return insert ? planner.outputMode(physical)
          : planner.selectMode(physical);
    } catch (SluiceException e) {
      return null;
    }
  }

  /**
   * How a plan over streams runs as a continuous query: its output mode (or why it cannot run),
   * trigger, sources and their watermarks, and each stateful operator with the state it keeps.
   */
  private String explainStreaming(PhysicalNode physical, boolean insert) {
    StringBuilder sb = new StringBuilder();
    OutputMode mode;
    StreamPlan plan;
    try {
      // a SELECT over streams shows its rows as they come: a changelog when they change later
      mode = insert ? planner.outputMode(physical)
          : planner.selectMode(physical);
      plan = planner.checkedStreamPlan(physical, mode);
    } catch (SluiceException e) {
      return sb.append("refused: ").append(e.getMessage()).append('\n').toString();
    }
    String changes = plan.whyNotAppendOnly();
    if (changes == null && plan.emitsSessionChanges()) {
      changes = "Open sessions are emitted every batch, and taken back when they grow or merge";
    }
    if (changes == null && mode == OutputMode.UPDATE && plan.aggregatesByWindow()) {
      changes = io.sluice.optimizer.stream.WindowEmitCheck.whyChangelog(plan, planner.windowEmit());
    }
    if (changes == null && !plan.rootTraits().changelog().insertOnly()) {
      changes = "Open windows are emitted every batch they change, and their rows replaced until they close";
    }
    sb.append("output mode: ").append(mode.name().toLowerCase(Locale.ROOT))
        .append(changes == null ? " (rows are final when emitted)" : " (" + changes + ")").append('\n');
    sb.append("trigger: ").append(planner.trigger())
        .append('\n');
    if (mode == OutputMode.UPDATE && plan.aggregatesByWindow() && planner.windowEmit().isSet()) {
      sb.append("windows emit: ").append(planner.windowEmit().describe()).append('\n');
    }
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    ContinuousQueryPlanner.collectSources(physical, sources);
    for (SourceTable source : sources.values()) {
      sb.append("source ").append(source.name()).append(": ").append(source.source().describe());
      if (source.watermark() != null) {
        sb.append(", watermark ").append(source.schema().names().get(source.eventTimeColumn())).append(" - ")
            .append(source.watermark().delayMillis()).append(" ms");
      }
      sb.append('\n');
    }
    List<String> state = plan.explainState();
    if (state.isEmpty()) {
      sb.append("state: none (each batch is processed on its own)\n");
    }
    for (String line : state) {
      sb.append("state: ").append(line).append('\n');
    }
    return sb.toString();
  }
}
