package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.checkpoint.CheckpointReport;
import io.sluice.engine.checkpoint.QueryCheckpoints;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.result.StreamingRowCursor;
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
final class CheckpointHandler {
  private static final Trigger MANUAL = new Trigger(Trigger.Kind.MANUAL, 0);

  private final SessionContext session;
  private final Catalog catalog;
  private final ContinuousQueryPlanner planner;

  CheckpointHandler(SessionContext session, ContinuousQueryPlanner planner) {
    this.session = session;
    this.catalog = session.catalog();
    this.planner = planner;
  }

  StatementResult show(ShowCheckpoint show) {
    session.externalAccess().checkLocation("SHOW CHECKPOINT", show.location());
    return RowsBuilder.lines("checkpoint", CheckpointReport.describe(show.location()));
  }

  /**
   * One row per reason: the sink, its checkpoint folder, the verdict ({@code new}, {@code resumes}
   * or {@code refused}) and why.
   */
  StatementResult explain(Statement target) {
    Insert insert = continuousQuery(target, "EXPLAIN CHECKPOINT");
    Catalog.Entry sink = catalog.get(insert.target());
    String location = location(sink, "EXPLAIN CHECKPOINT");
    ContinuousQueryPlanner.ContinuousPlan plan = planner.plan(insert, sink, false);
    StreamingQuery query = plan.builder("check", MANUAL, new ResultSink()).build();
    QueryCheckpoints.Verdict verdict = QueryCheckpoints.check(query, location, plan.planRecord(query));
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
    ContinuousQueryPlanner.ContinuousPlan plan = planner.plan(insert, sink, false);
    StreamingQuery query = plan.builder("replay", MANUAL, new ResultSink())
        .listener(batch -> consumer[0].accept(batch)).build();
    QueryCheckpoints.prepareReplay(query, location, plan.planRecord(query), replay.batch());
    boolean changelog = query.mode() == OutputMode.UPDATE;
    TableSchema schema = changelog ? ChangelogRows.withOpColumn(query.outputSchema()) : query.outputSchema();
    return StatementResult.rows(StreamingRowCursor.start(schema, rows -> {
      consumer[0] = changelog ? ChangelogRows.withOpColumn(rows) : rows;
      if (!query.step()) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + replay.batch() + " did not run again");
      }
    }, UserErrors::of));
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
    String option = planner.checkpointOption();
    if (option == null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, what + " reads the query's checkpoint, but none is set:"
          + " SET 'pipeline.checkpoint' = 'folder' first (the folder the pipeline ran with)");
    }
    session.externalAccess().checkLocation(what + " (option 'pipeline.checkpoint')", option);
    return ContinuousQueryPlanner.checkpointLocation(option, sink.name());
  }
}
