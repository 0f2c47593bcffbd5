package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.batch.DeadLetters;
import io.sluice.engine.checkpoint.Checkpoint;
import io.sluice.engine.checkpoint.QueryCheckpoints;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.QueryState;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.StreamingQueryBuilder;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one place a continuous query starts: {@code INSERT INTO sink ...}, and a query a database
 * folder restarts or a caller resumes from a saved state. It plans the query, checks and prepares
 * every sink and folder the session's options name (a memory sink declared without columns takes
 * the query's here), builds the {@link StreamingQuery} whole, lets it go on from its saved state
 * or checkpoint, registers it with the database and starts it.
 */
public final class QueryLauncher {
  private final SessionContext session;
  private final Catalog catalog;
  private final ContinuousQueryPlanner planner;

  QueryLauncher(SessionContext session, ContinuousQueryPlanner planner) {
    this.session = session;
    this.catalog = session.catalog();
    this.planner = planner;
  }

  /** Starts the continuous query of {@code insert} into sink {@code target}: "Query q1 started: ...". */
  StatementResult start(Insert insert, Catalog.Entry target) {
    Launched launched = launch(insert, target, null, null);
    StreamingQuery query = launched.query();
    return StatementResult.ok("Query " + query.id() + " started: "
        + query.mode().name().toLowerCase(Locale.ROOT) + " mode into " + target.name() + ", trigger "
        + query.trigger() + launched.checkpointNote());
  }

  /**
   * Starts the continuous query of {@code sql}, an INSERT INTO a sink, from {@code state} (or from
   * its checkpoint when null). It takes {@code id}, replacing a query of that id that has ended,
   * or a new id when null.
   */
  StreamingQuery resume(String sql, QueryState state, String id) {
    Statement statement = StatementParser.parse(sql);
    Catalog.Entry target = statement instanceof Insert ? catalog.get(((Insert) statement).target()) : null;
    if (target == null || target.kind() != TableKind.SINK) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only a continuous query, INSERT INTO a sink, resumes"
          + " from a saved state");
    }
    if (id != null) {
      StreamingQuery existing = session.queries().get(id);
      if (existing != null && existing.status() == StreamingQuery.Status.RUNNING) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + id + " is running: stop it before it"
            + " resumes from a saved state");
      }
    }
    return launch((Insert) statement, target, state, id).query();
  }

  /** A started query, and where its checkpoint is ("" without one): ", checkpoint ckpt/hot (...)". */
  private record Launched(StreamingQuery query, String checkpointNote) {}

  private Launched launch(Insert insert, Catalog.Entry target, QueryState state, String id) {
    ContinuousQueryPlanner.ContinuousPlan plan = planner.plan(insert, target, true);
    StreamingQueryBuilder builder = plan.builder(id != null ? id : session.queries().nextId(), planner.trigger(),
        target.sink());
    builder.memoryBudget(session.memoryBudget()).rejectsSavedBy(session::saveTables);
    registerMemorySink(catalog, target, plan.outputSchema());
    Catalog.Entry deadLetterSink = planner.deadLetterSink();
    if (deadLetterSink != null) {
      session.externalAccess().checkDefinition(deadLetterSink.definition());
      registerMemorySink(catalog, deadLetterSink, DeadLetters.SCHEMA);
      builder.deadLettersTo(deadLetterSink.sink());
    }
    String checkpoint = planner.checkpointOption();
    if (checkpoint != null) {
      session.externalAccess().checkLocation("Option 'pipeline.checkpoint'", checkpoint);
      if (state != null) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "A query goes on from a saved state or from its"
            + " checkpoint, not both: RESET 'pipeline.checkpoint' to resume from the saved state");
      }
    }
    Catalog.Entry lateSink = plan.lateSink();
    if (lateSink != null) {
      session.externalAccess().checkDefinition(lateSink.definition());
      TableSchema lateSchema = ContinuousQueryPlanner.lateRowsSchema(lateSink, plan.sources());
      registerMemorySink(catalog, lateSink, lateSchema);
      builder.lateRowsTo(lateSink.sink(), lateSchema);
    }
    String progress = session.options().get("pipeline.progress");
    if (progress != null) {
      session.externalAccess().checkLocation("Option 'pipeline.progress'", progress);
      builder.progressTo(Path.of(progress));
    }
    StreamingQuery query = builder.build();
    if (state != null) {
      query.resumeFrom(state);
    }
    String checkpointNote = "";
    if (checkpoint != null) {
      Checkpoint attached = QueryCheckpoints.attach(query,
          ContinuousQueryPlanner.checkpointLocation(checkpoint, target.name()), plan.planRecord(query),
          Options.checkpointRetain(session.options().get("pipeline.checkpoint-retain")),
          Options.snapshotInterval(session.options().get(Options.SNAPSHOT_INTERVAL)));
      String background = session.options().get(Options.BACKGROUND_SNAPSHOTS);
      attached.backgroundSnapshots(background == null
          || Options.onOff(Options.BACKGROUND_SNAPSHOTS, background));
      checkpointNote = ", checkpoint " + attached.location() + (attached.lastCommitted() < 0 ? ""
          : " (goes on after batch " + attached.lastCommitted() + ")");
    }
    session.queries().add(query);
    query.start();
    return new Launched(query, checkpointNote);
  }

  /**
   * A memory sink declared without columns takes those of the rows written to it, and becomes a
   * table that queries read from now on.
   */
  public static void registerMemorySink(Catalog catalog, Catalog.Entry sink, TableSchema schema) {
    if (sink.sink() instanceof MemorySink && sink.table() == null) {
      catalog.register(new Catalog.Entry(sink.definition().withSchema(schema),
          ((MemorySink) sink.sink()).ensureTable(schema), null, sink.sink()), true);
    }
  }
}
