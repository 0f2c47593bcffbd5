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
  private final QueryPlanCache cache = new QueryPlanCache();

  QueryHandler(SessionContext session, Planning planning, ContinuousQueryPlanner planner) {
    this.planning = planning;
    this.planner = planner;
    this.queries = session.queries();
    this.session = session;
  }

  Prepared prepare(SqlSpan span) {
    long catalogVersion = session.catalog().version();
    QueryPlanCache.Key key = new QueryPlanCache.Key(span.text(), catalogVersion, new java.util.TreeMap<>(session.options()));
    QueryPlanCache.Entry cached = cache.find(key);
    if (cached == null) {
      SqlNode parsed = CalciteSql.parseQuery(span);
      QueryPlanner.Analysis analysis = planning.planner().analyze(parsed, span::toOuterPosition);
      RelNode plan = analysis.plan();
      cached = new QueryPlanCache.Entry(plan, TypeMapping.toDataTypes(analysis.parameterRowType()),
          TypeMapping.toSchema(plan.getRowType()));
      cache.put(key, cached);
    }
    QueryPlanCache.Entry entry = cached;
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return entry.parameterTypes;
      }

      @Override
      public TableSchema resultSchema() {
        return entry.schema;
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        PhysicalNode physical = physicalPlan(entry, parameters, catalogVersion);
        if (StreamInputs.readsStream(physical)) {
          return StatementResult.rows(selectFromStream(physical, entry.schema, span.text()));
        }
        ExecutionPlan execution = planning.executor().prepare(physical);
        return StatementResult.rows(StreamingRowCursor.start(entry.schema, execution::run, UserErrors::of)
            .warningsFrom(execution::warnings));
      }
    };
  }

  /**
   * The physical plan of a run: the cached one when the query has no parameters and the catalog
   * is as it was when the query was analysed; otherwise planned now, with the parameters' values.
   */
  private PhysicalNode physicalPlan(QueryPlanCache.Entry entry, List<Object> parameters, long catalogVersion) {
    boolean cacheable = entry.parameterTypes.isEmpty() && session.catalog().version() == catalogVersion;
    if (cacheable && entry.physical() != null) {
      return entry.physical();
    }
    RelNode bound = Parameters.bind(entry.analyzed, parameters, entry.parameterTypes, planning.planner().rexBuilder());
    PhysicalNode physical = planning.optimize(bound).physical();
    if (cacheable) {
      entry.physical(physical);
    }
    return physical;
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
