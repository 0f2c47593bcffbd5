package io.sluice.engine;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.checkpoint.CheckpointReport;
import io.sluice.engine.checkpoint.QueryCheckpoints;
import io.sluice.engine.exec.StreamingRowCursor;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.Trigger;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.Replay;
import io.sluice.sqlparser.ShowCheckpoint;
import io.sluice.sqlparser.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The statements that look at a continuous query's checkpoint without running the query:
 * {@code SHOW CHECKPOINT 'folder'}, {@code EXPLAIN CHECKPOINT INSERT INTO sink ...} (can the query
 * go on from its checkpoint?) and {@code REPLAY BATCH n INSERT INTO sink ...} (the rows batch n
 * wrote). None of them takes the checkpoint's lock or writes anything, to the checkpoint or the
 * sink, so they may look at the checkpoint of a query that is running.
 */
final class CheckpointStatements {
  private static final Trigger MANUAL = new Trigger(Trigger.Kind.MANUAL, 0);

  private final StatementRunner runner;
  private final Catalog catalog;

  CheckpointStatements(StatementRunner runner, Catalog catalog) {
    this.runner = runner;
    this.catalog = catalog;
  }

  StatementResult show(ShowCheckpoint show) {
    runner.externalAccess().checkLocation("SHOW CHECKPOINT", show.location());
    return StatementRunner.lines("checkpoint", CheckpointReport.describe(show.location()));
  }

  /**
   * One row per reason: the sink, its checkpoint folder, the verdict ({@code new}, {@code resumes}
   * or {@code refused}) and why.
   */
  StatementResult explain(Statement target) {
    Insert insert = continuousQuery(target, "EXPLAIN CHECKPOINT");
    Catalog.Entry sink = catalog.get(insert.target());
    String location = location(sink, "EXPLAIN CHECKPOINT");
    StatementRunner.ContinuousQuery planned = runner.planContinuousQuery(insert, sink, "check", MANUAL,
        new StatementRunner.ResultSink(), null, false);
    QueryCheckpoints.Verdict verdict = QueryCheckpoints.check(planned.query(), location, planned.planRecord());
    List<Object[]> rows = new ArrayList<>();
    String outcome = verdict.outcome().name().toLowerCase(Locale.ROOT);
    for (String reason : verdict.reasons()) {
      rows.add(new Object[] {sink.name(), verdict.location(), outcome, reason});
    }
    return RowsBuilder.of(List.of("sink", "checkpoint", "verdict", "reason"), rows);
  }

  /**
   * The rows batch {@code n} of the query wrote to its sink, computed again from the checkpoint;
   * a changelog (update mode) shows each row's kind in an {@code op} column first.
   */
  StatementResult replay(Replay replay) {
    Insert insert = replay.insert();
    continuousQuery(insert, "REPLAY BATCH");
    Catalog.Entry sink = catalog.get(insert.target());
    String location = location(sink, "REPLAY BATCH");
    // the cursor's consumer exists only once its thread runs; the query is built before
    BatchConsumer[] consumer = new BatchConsumer[1];
    StatementRunner.ContinuousQuery planned = runner.planContinuousQuery(insert, sink, "replay", MANUAL,
        new StatementRunner.ResultSink(), batch -> consumer[0].accept(batch), false);
    StreamingQuery query = planned.query();
    QueryCheckpoints.prepareReplay(query, location, planned.planRecord(), replay.batch());
    boolean changelog = query.mode() == OutputMode.UPDATE;
    TableSchema schema = query.outputSchema();
    if (changelog) {
      List<Column> columns = new ArrayList<>();
      columns.add(new Column("op", DataType.of(TypeKind.VARCHAR)));
      columns.addAll(schema.columns());
      schema = new TableSchema(columns);
    }
    return StatementResult.rows(StreamingRowCursor.start(schema, rows -> {
      consumer[0] = changelog ? StatementRunner.withOpColumn(rows) : rows;
      if (!query.step()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + replay.batch() + " did not run again");
      }
    }, failure -> Session.userError(failure, "", null)));
  }

  /** The INSERT INTO a sink that {@code statement} must be. */
  private Insert continuousQuery(Statement statement, String what) {
    Catalog.Entry target = statement instanceof Insert ? catalog.get(((Insert) statement).target()) : null;
    if (target == null || target.kind() != TableKind.SINK) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, what + " takes a continuous query, INSERT INTO a sink"
          + (target == null ? "" : "; '" + target.name() + "' is not a sink"));
    }
    return (Insert) statement;
  }

  /** The checkpoint folder of the query into {@code sink}, which the session's options must set. */
  private String location(Catalog.Entry sink, String what) {
    String option = runner.checkpointOption();
    if (option == null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, what + " reads the query's checkpoint, but none is set:"
          + " SET 'pipeline.checkpoint' = 'folder' first (the folder the pipeline ran with)");
    }
    runner.externalAccess().checkLocation(what + " (option 'pipeline.checkpoint')", option);
    return StatementRunner.checkpointLocation(option, sink.name());
  }
}
