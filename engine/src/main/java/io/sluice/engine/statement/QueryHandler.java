package io.sluice.engine.statement;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.result.Cancellation;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.result.StreamingRowCursor;
import io.sluice.catalog.StartupTrace;
import io.sluice.engine.stream.QueryManager;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.Trigger;
import io.sluice.engine.table.SourceTable;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamChecker;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.SqlSpan;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.sql.SqlNode;

/**
 * A query ({@code SELECT}, {@code VALUES}, {@code WITH} ...): analysed once, its {@code ?}
 * parameters bound and the plan optimized at each execution. Over bounded tables its rows come
 * as the plan produces them; over sources it runs as a continuous query whose output is the
 * result, until its trigger ends it or the result is closed.
 */
final class QueryHandler {
  private final Planning planning;
  private final ContinuousQueryPlanner planner;
  private final QueryManager queries;
  private final SessionContext session;

  QueryHandler(SessionContext session, Planning planning, ContinuousQueryPlanner planner) {
    this.planning = planning;
    this.planner = planner;
    this.queries = session.queries();
    this.session = session;
  }

  Prepared prepare(SqlSpan span) {
    SqlNode parsed = CalciteSql.parseQuery(span);
    StartupTrace.phase("query parsed");
    QueryPlanner.Analysis analysis = planning.planner().analyze(parsed, span::toOuterPosition);
    StartupTrace.phase("query validated");
    RelNode plan = analysis.plan();
    List<DataType> parameterTypes = TypeMapping.toDataTypes(analysis.parameterRowType());
    TableSchema schema = TypeMapping.toSchema(plan.getRowType());
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return parameterTypes;
      }

      @Override
      public TableSchema resultSchema() {
        return schema;
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        RelNode bound = Parameters.bind(plan, parameters, parameterTypes, planning.planner().rexBuilder());
        QueryPlanner.Planned planned = planning.optimize(bound);
        StartupTrace.phase("query optimized");
        if (StreamInputs.readsStream(planned.physical())) {
          return StatementResult.rows(selectFromStream(planned.physical(), schema, span.text()));
        }
        ExecutionPlan execution = planning.executor().prepare(planned.physical());
        StartupTrace.phase("query compiled");
        return StatementResult.rows(StreamingRowCursor.start(schema, execution::run, UserErrors::of)
            .warningsFrom(execution::warnings));
      }
    };
  }

  /**
   * A SELECT over sources: a continuous query whose output is the result's rows, as they come.
   * It ends when its trigger says so (once, available-now) or its sources finish, or when the
   * result is closed.
   */
  private StreamingRowCursor selectFromStream(PhysicalNode physical, TableSchema schema,
      String text) {
    // a result whose rows change as data arrives is shown as a changelog: an 'op' column first
    OutputMode mode = planner.selectMode(physical);
    boolean changelog = mode == OutputMode.UPDATE;
    Trigger trigger = planner.trigger();
    BatchRanges ranges = planner.batchRanges();
    StreamPlan plan = planner.checkedStreamPlan(physical, mode);
    ExecutionPlan execution = planning.executor().prepareStreaming(plan, ranges);
    Map<String, SourceTable> sources = new LinkedHashMap<>();
    ContinuousQueryPlanner.collectSources(physical, sources);
    StreamChecker.requireWatermark(plan);
    String id = queries.nextId();
    TableSchema shown = changelog ? ChangelogRows.withOpColumn(schema) : schema;
    AtomicReference<StreamingQuery> running = new AtomicReference<>();
    StreamingRowCursor cursor = StreamingRowCursor.start(shown, consumer -> {
      BatchConsumer target = changelog ? ChangelogRows.withOpColumn(consumer) : consumer;
      StreamingQuery query = StreamingQuery.builder(id, text).writingTo("(result)", new ResultSink())
          .reading(sources).running(execution, ranges, mode).trigger(trigger).outputSchema(schema).listener(target)
          .memoryBudget(session.memoryBudget()).rejectsSavedBy(session::saveTables).build();
      running.set(query);
      // closing or cancelling the result stops the query, also while it waits for its next trigger
      Cancellation.current().onCancel(query::stop);
      query.runHere();
      if (query.failure() != null) {
        throw query.failure() instanceof RuntimeException ? (RuntimeException) query.failure()
            : new SluiceException(ErrorCode.INTERNAL_ERROR, query.failure().toString(), query.failure());
      }
    }, UserErrors::of, trigger.stopsWhenCaughtUp());
    cursor.describedBy(running::get, changelog);
    cursor.warningsFrom(execution::warnings);
    return cursor;
  }
}
