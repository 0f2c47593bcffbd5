package io.sluice.engine.statement;

import io.sluice.catalog.TableKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.batch.DeadLetters;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.sqlparser.Explain;
import io.sluice.sqlparser.ExplainKind;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.Replay;
import io.sluice.sqlparser.SqlSpan;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StepQuery;
import java.util.Locale;

/**
 * How a {@linkplain io.sluice.engine.Database#checkOnly() check-only database} takes a statement: DDL, SET and
 * the statements that only read (SHOW, DESCRIBE, EXPLAIN, SHOW CHECKPOINT, EXPLAIN CHECKPOINT)
 * run as usual, against the database's own catalog; everything that would read data or write it
 * is planned as it would be before it runs, and stops there. An error is the one running the
 * statement would give before anything ran (unknown names, types, a query a stream cannot run,
 * an output mode its sink cannot take, a missing watermark); errors that only data can show
 * (a bad cast in a row) are not found.
 */
final class CheckOnlyHandler {
  private final Catalog catalog;
  private final Planning planning;
  private final ContinuousQueryPlanner planner;
  private final InsertHandler inserts;
  private final Statements statements;

  CheckOnlyHandler(Catalog catalog, Planning planning, ContinuousQueryPlanner planner, InsertHandler inserts,
      Statements statements) {
    this.catalog = catalog;
    this.planning = planning;
    this.planner = planner;
    this.inserts = inserts;
    this.statements = statements;
  }

  StatementResult check(Statement statement) {
    if (statement instanceof QueryStatement) {
      return query(((QueryStatement) statement).query());
    }
    if (statement instanceof Insert) {
      return insert((Insert) statement);
    }
    if (statement instanceof Replay) {
      return insert(((Replay) statement).insert());
    }
    if (statement instanceof StepQuery) {
      // no query runs here: the step is what the file would do
      return StatementResult.ok("STEP QUERY " + ((StepQuery) statement).id() + " checked; no batch runs");
    }
    if (statement instanceof Explain) {
      Explain explain = (Explain) statement;
      // EXPLAIN ANALYZE runs its query: here it explains the plan only
      return statements.run(explain.kind() == ExplainKind.ANALYZE ? new Explain(ExplainKind.PLAN, explain.target())
          : explain);
    }
    // DDL, SET, RESET, SHOW, DESCRIBE, SHOW CHECKPOINT change this database only or read; UPDATE and
    // DELETE change in-memory tables only, which here are this database's own and empty
    return statements.run(statement);
  }

  /** A query is analysed and optimized; over streams, its operators are built as a continuous run would. */
  private StatementResult query(SqlSpan span) {
    QueryPlanner.Planned planned = planning.planner().optimize(planning.analyze(span), planning.disabledBatches());
    if (StreamInputs.readsStream(planned.physical())) {
      OutputMode mode = planner.selectMode(planned.physical());
      planning.executor().prepareStreaming(planner.checkedStreamPlan(planned.physical(), mode),
          new BatchRanges());
      return StatementResult.ok("Query over streams checked: not started");
    }
    return StatementResult.ok("Query checked: not run");
  }

  private StatementResult insert(Insert insert) {
    Catalog.Entry target = catalog.get(insert.target());
    if (target.kind() == TableKind.SINK) {
      return continuousQuery(insert, target);
    }
    if (target.kind() == TableKind.SOURCE) {
      inserts.sourceAppendPlan(insert, target);
      return StatementResult.ok("Insert into source " + target.name() + " checked: nothing appended");
    }
    InsertHandler.InsertPlan plan = inserts.insertPlan(insert);
    planning.planner().optimize(plan.plan(), planning.disabledBatches());
    return StatementResult.ok("Insert into " + plan.target().name() + " checked: nothing written");
  }

  /**
   * A continuous query is planned for its sink as starting it would (output mode, watermarks,
   * late-rows and dead-letter sinks) and not started; its checkpoint is not touched. A memory sink
   * declared without columns takes the query's, as when the query starts, so that later statements
   * that read it are checked against them.
   */
  private StatementResult continuousQuery(Insert insert, Catalog.Entry target) {
    StreamingQuery query = planner.plan(insert, target, true).builder("(checked)", planner.trigger(), target.sink())
        .build();
    QueryLauncher.registerMemorySink(catalog, target, query.outputSchema());
    Catalog.Entry deadLetters = planner.deadLetterSink();
    if (deadLetters != null) {
      QueryLauncher.registerMemorySink(catalog, deadLetters, DeadLetters.SCHEMA);
    }
    return StatementResult.ok("Continuous query into " + target.name() + " checked: "
        + query.mode().name().toLowerCase(Locale.ROOT) + " mode, trigger " + query.trigger() + "; not started");
  }
}
