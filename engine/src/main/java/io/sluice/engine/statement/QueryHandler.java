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
import io.sluice.catalog.Statistics;
import io.sluice.catalog.connector.IndexAccess;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
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
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlNode;

/**
 * A query ({@code SELECT}, {@code VALUES}, {@code WITH} ...): analysed once and optimized once
 * per catalog version; a query with {@code ?} parameters keeps them in its physical plan, and
 * each execution binds its values into the expressions as the operators are built. Over bounded tables its rows come
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
    QueryPlanCache.Key firstKey = key(span);
    QueryPlanCache.Entry first = analysed(span, firstKey);
    return new Prepared() {
      private QueryPlanCache.Key key = firstKey;
      private QueryPlanCache.Entry entry = first;

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
        if (key.catalogVersion() != session.catalog().version() || !key.options().equals(session.options())) {
          // a statement changed the catalog or an option since: the same text may now plan otherwise
          key = key(span);
          entry = analysed(span, key);
        }
        ExecutionPlan execution = entry.parameterTypes.isEmpty() ? null : plannedOnce(entry, parameters);
        PhysicalNode physical = entry.physical();
        boolean prepared = execution != null;
        if (!prepared) {
          physical = physicalPlan(entry, parameters);
          StartupTrace.phase("query optimized");
          if (StreamInputs.readsStream(physical)) {
            return StatementResult.rows(selectFromStream(physical, entry.schema, span.text()));
          }
          execution = planning.executor().prepare(physical);
        }
        StartupTrace.phase("query compiled");
        if (readsFewRows(physical)) {
          ExecutionPlan small = execution;
          StreamingRowCursor here = StreamingRowCursor.runHere(entry.schema, small::run, UserErrors::of);
          if (here != null) {
            return StatementResult.rows(here.warningsFrom(small::warnings));
          }
          // more rows came out than are worth holding: run it again, streaming them from its own thread
          execution = prepared ? plannedOnce(entry, parameters) : planning.executor().prepare(physical);
        }
        ExecutionPlan streamed = execution;
        return StatementResult.rows(StreamingRowCursor.start(entry.schema, streamed::run, UserErrors::of)
            .warningsFrom(streamed::warnings));
      }
    };
  }

  /** The most rows the scans of a plan run on the calling thread read together. */
  static final double FEW_ROWS = 100_000;

  /**
   * Whether the scans of {@code plan} read at most {@link #FEW_ROWS} rows together: their tables'
   * row counts, or for a scan through an index the rows its lookup gives. Such a plan runs on the calling thread
   * ({@link StreamingRowCursor#runHere}), which holds its output up to a bound, and goes to a
   * thread of its own only if its output passes it.
   */
  static boolean readsFewRows(PhysicalNode plan) {
    return scannedRows(plan) <= FEW_ROWS;
  }

  private static double scannedRows(PhysicalNode node) {
    if (node instanceof PhysicalScan scan) {
      IndexAccess index = scan.indexAccess();
      if (index != null && index.chosen()) {
        // values of ? parameters: the index was chosen taking equality lookups to be selective; so are we
        return index.rows() >= 0 ? index.rows() : 1;
      }
      Statistics statistics = scan.table().statistics();
      return statistics.hasRowCount() ? Math.max(statistics.rowCount(), scan.rows()) : Double.NaN;
    }
    double rows = 0;
    for (PhysicalNode input : node.inputs()) {
      rows += scannedRows(input);
    }
    return rows;
  }

  /** What the plan of the query in {@code span} depends on now. */
  private QueryPlanCache.Key key(SqlSpan span) {
    return new QueryPlanCache.Key(span.text(), session.catalog().version(), new java.util.TreeMap<>(session.options()));
  }

  /** The analysis of the query in {@code span} for {@code key}, from the cache or made now. */
  private QueryPlanCache.Entry analysed(SqlSpan span, QueryPlanCache.Key key) {
    QueryPlanCache.Entry cached = cache.find(key);
    if (cached == null) {
      SqlNode parsed = CalciteSql.parseQuery(span);
      StartupTrace.phase("query parsed");
      QueryPlanner.Analysis analysis = planning.planner().analyze(parsed, span::toOuterPosition);
      StartupTrace.phase("query validated");
      RelNode plan = analysis.plan();
      cached = new QueryPlanCache.Entry(plan, TypeMapping.toDataTypes(analysis.parameterRowType()),
          TypeMapping.toSchema(plan.getRowType()));
      cache.put(key, cached);
    }
    return cached;
  }

  /**
   * The operators of a run of a query with {@code ?} parameters, built from its physical plan
   * with the parameters left in, optimized at its first run and kept in its entry (a changed
   * catalog makes a new entry): each run only binds its values into the plan's expressions as it
   * builds the operators, and their code is compiled already. Null when the query cannot be
   * planned so (a parameter where the plan needs a fixed value, such as {@code LIMIT ?}, or a
   * query over a stream): then each run binds its values into the logical plan and optimizes.
   */
  private ExecutionPlan plannedOnce(QueryPlanCache.Entry entry, List<Object> values) {
    if (entry.bindsEachRun()) {
      return null;
    }
    RexShuttle binder = Parameters.binder(values, entry.parameterTypes, planning.planner().rexBuilder());
    PhysicalNode physical = entry.physical();
    if (physical != null) {
      return planning.executor().prepare(physical, binder, entry.programs);
    }
    try {
      physical = planning.optimize(entry.analyzed).physical();
      if (StreamInputs.readsStream(physical)) {
        entry.bindEachRun();
        return null;
      }
      ExecutionPlan execution = planning.executor().prepare(physical, binder, entry.programs);
      entry.physical(physical);
      return execution;
    } catch (RuntimeException e) {
      entry.bindEachRun(); // a real error in the query shows again where the values are bound
      return null;
    }
  }

  /**
   * The physical plan of a run that binds its parameters into the logical plan: the cached one
   * when the query has no parameters, otherwise planned now with the parameters' values.
   */
  private PhysicalNode physicalPlan(QueryPlanCache.Entry entry, List<Object> parameters) {
    boolean cacheable = entry.parameterTypes.isEmpty();
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
    StreamPlan plan = planner.checkedStreamPlan(physical, mode);
    BatchRanges ranges = planner.batchRanges(plan);
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
