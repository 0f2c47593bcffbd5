package io.sluice.engine.statement;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.StatementResult;
import io.sluice.catalog.StartupTrace;
import io.sluice.engine.stream.QueryState;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.sqlparser.CreateSink;
import io.sluice.sqlparser.CreateSource;
import io.sluice.sqlparser.CreateTable;
import io.sluice.sqlparser.CreateView;
import io.sluice.sqlparser.Delete;
import io.sluice.sqlparser.Describe;
import io.sluice.sqlparser.CreateIndex;
import io.sluice.sqlparser.Drop;
import io.sluice.sqlparser.Explain;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.Replay;
import io.sluice.sqlparser.ResetOption;
import io.sluice.sqlparser.SetOption;
import io.sluice.sqlparser.Show;
import io.sluice.sqlparser.ShowCheckpoint;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import io.sluice.sqlparser.StepQuery;
import io.sluice.sqlparser.StopQuery;
import io.sluice.sqlparser.Update;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns statement text into something to run, for one session: parses it, refuses what a
 * read-only session may not do, and hands it to the handler of its kind (one class per
 * statement kind or small family, in this package). Queries and INSERTs are analysed here, at
 * preparation, so that their parameter and result types are known before they run; the other
 * statements do their work when executed. A check-only database routes everything through
 * {@link CheckOnlyHandler}.
 */
public final class Statements {
  private final SessionContext session;
  private final QueryHandler queries;
  private final InsertHandler inserts;
  private final QueryLauncher launcher;
  private final Planning planning;
  private final CheckOnlyHandler checkOnly;
  /** The handlers of the statements that do their work when executed, by statement class. */
  private final Map<Class<? extends Statement>, StatementHandler<? extends Statement>> handlers = new HashMap<>();

  public Statements(SessionContext session) {
    this.session = session;
    Planning planning = new Planning(session);
    this.planning = planning;
    TableWriter writer = new TableWriter(planning);
    ContinuousQueryPlanner planner = new ContinuousQueryPlanner(session, planning);
    this.launcher = new QueryLauncher(session, planner);
    this.queries = new QueryHandler(session, planning, planner);
    this.inserts = new InsertHandler(session, planning, writer, launcher);
    this.checkOnly = new CheckOnlyHandler(session.catalog(), planning, planner, inserts, this);
    CheckpointHandler checkpoints = new CheckpointHandler(session, planner);
    MemoryTableChanges changes = new MemoryTableChanges(session.catalog(), planning);
    OptionHandler options = new OptionHandler(session);
    ShowHandler show = new ShowHandler(session);
    register(CreateTable.class, new CreateTableHandler(session, planning, writer));
    register(CreateView.class, new CreateViewHandler(session.catalog(), planning));
    register(CreateSource.class, new CreateSourceHandler(session));
    register(CreateSink.class, new CreateSinkHandler(session));
    register(Drop.class, new DropHandler(session.catalog(), planning));
    register(CreateIndex.class, new IndexHandlers(session.catalog()));
    register(Update.class, changes::update);
    register(Delete.class, changes::delete);
    register(SetOption.class, options::set);
    register(ResetOption.class, options::reset);
    register(Show.class, show);
    register(Describe.class, show::describe);
    register(Explain.class, new ExplainHandler(session.catalog(), planning, planner, inserts, checkpoints));
    register(ShowCheckpoint.class, checkpoints::show);
    register(Replay.class, checkpoints::replay);
    register(StopQuery.class, new StopQueryHandler(session.queries()));
    register(StepQuery.class, new StepQueryHandler(session.queries()));
  }

  private <S extends Statement> void register(Class<S> kind, StatementHandler<S> handler) {
    handlers.put(kind, handler);
  }

  /** How many plans this session has optimized: a prepared query runs again without. */
  public long plansOptimized() {
    return planning.planner().optimizations();
  }

  /** How many programs (generated classes' sources) this session has generated: a prepared query's later runs generate none. */
  public long programsGenerated() {
    return planning.executor().programsGenerated();
  }

  /** Parses and prepares one statement (without its terminating semicolon). */
  public Prepared prepare(String sql) {
    Statement statement = StatementParser.parse(sql);
    StartupTrace.phase("statement parsed");
    return prepare(statement);
  }

  /**
   * Starts the continuous query of {@code insert}, an INSERT INTO a sink, from {@code state}
   * (saved by a query of the same statement), or from its checkpoint when null; see
   * {@link QueryLauncher#resume}.
   */
  public StreamingQuery resumeQuery(String insert, QueryState state, String id) {
    return launcher.resume(insert, state, id);
  }

  private Prepared prepare(Statement statement) {
    if (!changesData(statement)) {
      return prepareStatement(statement);
    }
    refuseIfReadOnly(statement);
    Prepared prepared = prepareStatement(statement);
    return Prepared.around(prepared, (inner, parameters) -> {
      refuseIfReadOnly(statement); // the connection may have been made read-only since
      return inner.execute(parameters);
    });
  }

  private Prepared prepareStatement(Statement statement) {
    if (session.checkOnly()) {
      return fixed(() -> checkOnly.check(statement));
    }
    if (statement instanceof QueryStatement) {
      return queries.prepare(((QueryStatement) statement).query());
    }
    if (statement instanceof Insert) {
      return inserts.prepare((Insert) statement);
    }
    return fixed(() -> run(statement));
  }

  /** Runs a statement that takes no parameters by the handler of its kind. */
  StatementResult run(Statement statement) {
    @SuppressWarnings("unchecked") // registered by the statement's own class
    StatementHandler<Statement> handler = (StatementHandler<Statement>) handlers.get(statement.getClass());
    if (handler == null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Statement not supported: " + statement);
    }
    return handler.execute(statement);
  }

  /**
   * Statements a read-only session refuses: they change data or the catalog, start a continuous
   * query or run a batch of one.
   */
  private static boolean changesData(Statement statement) {
    return statement instanceof Insert || statement instanceof Update || statement instanceof Delete
        || statement instanceof CreateTable || statement instanceof CreateView || statement instanceof CreateSource
        || statement instanceof CreateSink || statement instanceof CreateIndex || statement instanceof Drop
        || statement instanceof StepQuery;
  }

  private void refuseIfReadOnly(Statement statement) {
    if (session.readOnly()) {
      String kind = statement.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
      throw new SluiceException(ErrorCode.READ_ONLY, kind + " is refused: the connection is read-only"
          + " (Connection.setReadOnly(true)); it may run queries only");
    }
  }

  /** A statement whose work happens at execution and takes no parameters. */
  static Prepared fixed(Supplier<StatementResult> action) {
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return List.of();
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        if (!parameters.isEmpty()) {
          throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "This statement takes no parameters, got "
              + parameters.size());
        }
        return action.get();
      }
    };
  }
}
