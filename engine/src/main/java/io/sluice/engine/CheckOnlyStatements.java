package io.sluice.engine;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.Explain;
import io.sluice.sqlparser.ExplainKind;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.Replay;
import io.sluice.sqlparser.SqlSpan;
import io.sluice.sqlparser.Statement;
import java.util.Locale;

/**
 * How a {@linkplain Database#checkOnly() check-only database} takes a statement: DDL, SET and
 * the statements that only read (SHOW, DESCRIBE, EXPLAIN, SHOW CHECKPOINT, EXPLAIN CHECKPOINT)
 * run as usual, against the database's own catalog; everything that would read data or write it
 * is planned as it would be before it runs, and stops there. An error is the one running the
 * statement would give before anything ran (unknown names, types, a query a stream cannot run,
 * an output mode its sink cannot take, a missing watermark); errors that only data can show
 * (a bad cast in a row) are not found.
 */
final class CheckOnlyStatements {
  private CheckOnlyStatements() {}

  static StatementResult check(StatementRunner runner, Statement statement) {
    if (statement instanceof QueryStatement) {
      return query(runner, ((QueryStatement) statement).query());
    }
    if (statement instanceof Insert) {
      return insert(runner, (Insert) statement);
    }
    if (statement instanceof Replay) {
      return insert(runner, ((Replay) statement).insert());
    }
    if (statement instanceof Explain) {
      Explain explain = (Explain) statement;
      // EXPLAIN ANALYZE runs its query: here it explains the plan only
      return runner.explain(explain.kind() == ExplainKind.ANALYZE ? new Explain(ExplainKind.PLAN, explain.target())
          : explain);
    }
    // DDL, SET, RESET, SHOW, DESCRIBE, SHOW CHECKPOINT change this database only or read; UPDATE and
    // DELETE change in-memory tables only, which here are this database's own and empty
    return runner.run(statement);
  }

  /** A query is analysed and optimized; over streams, its operators are built as a continuous run would. */
  private static StatementResult query(StatementRunner runner, SqlSpan span) {
    QueryPlanner planner = runner.planner();
    QueryPlanner.Planned planned = planner.optimize(
        planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan(), runner.disabledBatches());
    if (StreamInputs.readsStream(planned.physical())) {
      io.sluice.catalog.stream.OutputMode mode =
          OutputModes.forSelect(StreamTraitDerivation.derive(planned.physical(), null));
      runner.executor().prepareStreaming(StatementRunner.checkedStreamPlan(planned.physical(), mode),
          new BatchRanges());
      return StatementResult.ok("Query over streams checked: not started");
    }
    return StatementResult.ok("Query checked: not run");
  }

  private static StatementResult insert(StatementRunner runner, Insert insert) {
    Catalog catalog = runner.catalog();
    Catalog.Entry target = catalog.get(insert.target());
    if (target.kind() == TableKind.SINK) {
      return continuousQuery(runner, insert, target);
    }
    if (target.kind() == TableKind.SOURCE) {
      runner.sourceAppendPlan(insert, target);
      return StatementResult.ok("Insert into source " + target.name() + " checked: nothing appended");
    }
    StatementRunner.InsertPlan plan = runner.insertPlan(insert);
    runner.planner().optimize(plan.plan(), runner.disabledBatches());
    return StatementResult.ok("Insert into " + plan.target().name() + " checked: nothing written");
  }

  /**
   * A continuous query is planned for its sink as starting it would (output mode, watermarks,
   * late-rows and dead-letter sinks) and not started; its checkpoint is not touched. A memory sink
   * declared without columns takes the query's, as when the query starts, so that later statements
   * that read it are checked against them.
   */
  private static StatementResult continuousQuery(StatementRunner runner, Insert insert, Catalog.Entry target) {
    StatementRunner.ContinuousQuery planned = runner.planContinuousQuery(insert, target, "(checked)",
        runner.trigger(), target.sink(), null, true);
    StreamingQuery query = planned.query();
    registerMemorySink(runner.catalog(), target, query.outputSchema());
    Catalog.Entry deadLetters = runner.deadLetterSink();
    if (deadLetters != null) {
      registerMemorySink(runner.catalog(), deadLetters, StreamingQuery.DEAD_LETTER_SCHEMA);
    }
    return StatementResult.ok("Continuous query into " + target.name() + " checked: "
        + query.mode().name().toLowerCase(Locale.ROOT) + " mode, trigger " + query.trigger() + "; not started");
  }

  private static void registerMemorySink(Catalog catalog, Catalog.Entry sink, TableSchema schema) {
    if (sink.sink() instanceof MemorySink && sink.table() == null) {
      catalog.register(new Catalog.Entry(sink.definition().withSchema(schema),
          ((MemorySink) sink.sink()).ensureTable(schema), null, sink.sink()), true);
    }
  }
}
