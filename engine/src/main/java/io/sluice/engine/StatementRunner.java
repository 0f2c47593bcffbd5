package io.sluice.engine;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.engine.exec.BufferedRowCursor;
import io.sluice.engine.exec.ConnectorRegistry;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.translate.QueryExecutor;
import io.sluice.engine.exec.StreamingRowCursor;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.engine.stream.MemorySink;
import io.sluice.engine.stream.MemorySource;
import io.sluice.engine.stream.SourceTable;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.Trigger;
import io.sluice.engine.table.MemoryTable;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.stream.OutputModes;
import io.sluice.optimizer.stream.StreamChecker;
import io.sluice.optimizer.stream.StreamInputs;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.optimizer.stream.StreamTraitDerivation;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.CreateSink;
import io.sluice.sqlparser.CreateSource;
import io.sluice.sqlparser.CreateTable;
import io.sluice.sqlparser.CreateView;
import io.sluice.sqlparser.Delete;
import io.sluice.sqlparser.Describe;
import io.sluice.sqlparser.Drop;
import io.sluice.sqlparser.Explain;
import io.sluice.sqlparser.Insert;
import io.sluice.sqlparser.ObjectKind;
import io.sluice.sqlparser.QueryStatement;
import io.sluice.sqlparser.ResetOption;
import io.sluice.sqlparser.SetOption;
import io.sluice.sqlparser.Show;
import io.sluice.sqlparser.SqlSpan;
import io.sluice.sqlparser.Statement;
import io.sluice.sqlparser.StatementParser;
import io.sluice.sqlparser.Update;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlCase;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.tools.RelBuilder;

/** Turns parsed statements into actions on the catalog and runs queries. One per session. */
final class StatementRunner {
  private final Session session;
  private final Catalog catalog;
  private final QueryPlanner planner;
  private final QueryExecutor executor;
  private final CheckpointStatements checkpoints;

  StatementRunner(Session session) {
    this.session = session;
    this.catalog = session.database().catalog();
    this.planner = new QueryPlanner(catalog);
    planner.setExecutor(new io.sluice.engine.exec.CompiledRexExecutor(session.database().codeCache()));
    this.executor = new QueryExecutor(session.database().codeCache(), catalog);
    this.checkpoints = new CheckpointStatements(this, catalog);
  }

  /** Options that name a file or folder, checked against 'security.allowed-paths' when set and when used. */
  private static final java.util.Set<String> LOCATION_OPTIONS = java.util.Set.of("pipeline.checkpoint", "pipeline.progress");

  Prepared prepare(String sql) {
    Statement statement = StatementParser.parse(sql);
    return prepare(statement);
  }

  ExternalAccess externalAccess() {
    return session.externalAccess();
  }

  private Prepared prepare(Statement statement) {
    if (!changesData(statement)) {
      return prepareStatement(statement);
    }
    refuseIfReadOnly(statement);
    Prepared prepared = prepareStatement(statement);
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return prepared.parameterTypes();
      }

      @Override
      public io.sluice.catalog.TableSchema resultSchema() {
        return prepared.resultSchema();
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        refuseIfReadOnly(statement); // the connection may have been made read-only since
        return prepared.execute(parameters);
      }
    };
  }

  /** Statements a read-only session refuses: they change data or the catalog, or start a continuous query. */
  private static boolean changesData(Statement statement) {
    return statement instanceof Insert || statement instanceof Update || statement instanceof Delete
        || statement instanceof CreateTable || statement instanceof CreateView || statement instanceof CreateSource
        || statement instanceof CreateSink || statement instanceof Drop;
  }

  private void refuseIfReadOnly(Statement statement) {
    if (session.isReadOnly()) {
      String kind = statement.getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1 $2").toUpperCase(Locale.ROOT);
      throw new SluiceException(ErrorCode.READ_ONLY, kind + " is refused: the connection is read-only"
          + " (Connection.setReadOnly(true)); it may run queries only");
    }
  }

  private Prepared prepareStatement(Statement statement) {
    if (session.database().isCheckOnly()) {
      return fixed(() -> CheckOnlyStatements.check(this, statement));
    }
    if (statement instanceof QueryStatement) {
      return prepareQuery(((QueryStatement) statement).query());
    }
    if (statement instanceof Insert) {
      return prepareInsert((Insert) statement);
    }
    if (statement instanceof Explain) {
      return fixed(() -> explain((Explain) statement));
    }
    return fixed(() -> run(statement));
  }

  StatementResult run(Statement statement) {
    if (statement instanceof CreateTable) {
      return createTable((CreateTable) statement);
    }
    if (statement instanceof CreateView) {
      return createView((CreateView) statement);
    }
    if (statement instanceof Drop) {
      return drop((Drop) statement);
    }
    if (statement instanceof Update) {
      return update((Update) statement);
    }
    if (statement instanceof Delete) {
      return delete((Delete) statement);
    }
    if (statement instanceof SetOption) {
      SetOption set = (SetOption) statement;
      String value = Options.check(set.key(), set.value());
      if (LOCATION_OPTIONS.contains(set.key().toLowerCase(Locale.ROOT)) && !value.isBlank()) {
        session.externalAccess().checkLocation("Option '" + set.key() + "'", value.trim());
      }
      session.setOption(set.key(), value);
      return StatementResult.ok("Set " + set.key() + " = '" + set.value() + "'");
    }
    if (statement instanceof ResetOption) {
      String key = ((ResetOption) statement).key();
      session.resetOption(key);
      return StatementResult.ok(key == null ? "All options reset" : "Reset " + key);
    }
    if (statement instanceof Show) {
      return show((Show) statement);
    }
    if (statement instanceof Describe) {
      return describe(((Describe) statement).name());
    }
    if (statement instanceof CreateSource) {
      return createSource((CreateSource) statement);
    }
    if (statement instanceof CreateSink) {
      return createSink((CreateSink) statement);
    }
    if (statement instanceof io.sluice.sqlparser.ShowCheckpoint) {
      return checkpoints.show((io.sluice.sqlparser.ShowCheckpoint) statement);
    }
    if (statement instanceof io.sluice.sqlparser.Replay) {
      return checkpoints.replay((io.sluice.sqlparser.Replay) statement);
    }
    if (statement instanceof io.sluice.sqlparser.StopQuery) {
      return QueryControl.stop(session.database(), ((io.sluice.sqlparser.StopQuery) statement).id());
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED, "Statement not supported: " + statement);
  }

  // ---------------------------------------------------------------- queries

  private Prepared prepareQuery(SqlSpan span) {
    SqlNode parsed = CalciteSql.parseQuery(span);
    QueryPlanner.Analysis analysis = planner.analyze(parsed, span::toOuterPosition);
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
        RelNode bound = Parameters.bind(plan, parameters, parameterTypes, planner.rexBuilder());
        QueryPlanner.Planned planned = optimize(bound, disabledBatches());
        if (StreamInputs.readsStream(planned.physical())) {
          return StatementResult.rows(selectFromStream(planned.physical(), schema, span.text()));
        }
        ExecutionPlan execution = executor.prepare(planned.physical());
        return StatementResult.rows(StreamingRowCursor.start(schema, execution,
            failure -> Session.userError(failure, "", null)));
      }
    };
  }

  java.util.Set<String> disabledBatches() {
    return Options.disabledBatches(session.options());
  }

  /**
   * The optimizer's plan, once every table the plan reads is one this session may reach: a files
   * table that another session of the database made may lie outside this one's allowed folders.
   */
  private QueryPlanner.Planned optimize(RelNode plan, java.util.Set<String> disabledBatches) {
    if (!session.externalAccess().enabled()) {
      for (org.apache.calcite.plan.RelOptTable table : RelOptUtil.findAllTables(plan)) {
        List<String> name = table.getQualifiedName();
        Catalog.Entry entry = catalog.find(name.get(name.size() - 1));
        if (entry != null) {
          session.externalAccess().checkDefinition(entry.definition());
        }
      }
    }
    return planner.optimize(plan, disabledBatches);
  }

  StatementResult explain(Explain explain) {
    Statement target = explain.target();
    if (explain.kind() == io.sluice.sqlparser.ExplainKind.CHECKPOINT) {
      return checkpoints.explain(target);
    }
    RelNode plan;
    if (target instanceof QueryStatement) {
      SqlSpan span = ((QueryStatement) target).query();
      plan = planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan();
    } else if (target instanceof Insert && catalog.get(((Insert) target).target()).sink() != null) {
      plan = sinkPlan((Insert) target, catalog.get(((Insert) target).target()));
    } else if (target instanceof Insert) {
      plan = insertPlan((Insert) target).plan;
    } else {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "EXPLAIN takes a query or an INSERT");
    }
    QueryPlanner.Planned planned = optimize(plan, disabledBatches());
    StringBuilder text = new StringBuilder();
    io.sluice.catalog.stream.OutputMode mode = explainMode(planned.physical(), target instanceof Insert);
    switch (explain.kind()) {
      case CODEGEN: {
        ExecutionPlan execution = executor.prepare(planned.physical());
        text.append("== Physical plan ==\n").append(explainPhysical(planned.physical(), mode));
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
        ExecutionPlan execution = executor.prepare(planned.physical());
        long start = System.nanoTime();
        long[] rows = {0};
        execution.run(b -> rows[0] += b.rowCount());
        double ms = (System.nanoTime() - start) / 1e6;
        text.append("== Physical plan ==\n").append(explainPhysical(planned.physical(), mode))
            .append("\n== Execution ==\n").append(execution.profile())
            .append(String.format("rows: %d, time: %.2f ms%n", rows[0], ms));
        break;
      }
      default:
        text.append("== Analyzed plan ==\n").append(RelOptUtil.toString(planned.analyzed()))
            .append("\n== Optimized logical plan ==\n").append(RelOptUtil.toString(planned.optimized()))
            .append("\n== Rule batches ==\n").append(planned.trace().format())
            .append("\n== Physical plan ==\n").append(explainPhysical(planned.physical(), mode));
    }
    if (StreamInputs.readsStream(planned.physical())) {
      text.append("\n== Streaming ==\n").append(explainStreaming(planned.physical(), target instanceof Insert));
    }
    return lines("plan", text.toString());
  }

  /**
   * The physical plan; over streams each node says whether its rows are final or a changelog in
   * {@code mode} (null when the query cannot run).
   */
  private static String explainPhysical(io.sluice.optimizer.physical.PhysicalNode physical,
      io.sluice.catalog.stream.OutputMode mode) {
    if (!StreamInputs.readsStream(physical)) {
      return physical.explain();
    }
    return StreamTraitDerivation.derive(physical, mode).explain();
  }

  /**
   * The output mode EXPLAIN describes a plan over streams in, or null when it reads none or cannot
   * run: an INSERT's as it would start, a SELECT's update when its rows change and append otherwise.
   */
  private io.sluice.catalog.stream.OutputMode explainMode(io.sluice.optimizer.physical.PhysicalNode physical,
      boolean insert) {
    if (!StreamInputs.readsStream(physical)) {
      return null;
    }
    try {
      // a SELECT over streams shows its rows as they come: a changelog when they change later
      return insert ? outputMode(physical) : OutputModes.forSelect(StreamTraitDerivation.derive(physical, null));
    } catch (SluiceException e) {
      return null;
    }
  }

  /**
   * How a plan over streams runs as a continuous query: its output mode (or why it cannot run),
   * trigger, sources and their watermarks, and each stateful operator with the state it keeps.
   */
  private String explainStreaming(io.sluice.optimizer.physical.PhysicalNode physical, boolean insert) {
    StringBuilder sb = new StringBuilder();
    io.sluice.catalog.stream.OutputMode mode;
    StreamPlan plan;
    try {
      // a SELECT over streams shows its rows as they come: a changelog when they change later
      mode = insert ? outputMode(physical) : OutputModes.forSelect(StreamTraitDerivation.derive(physical, null));
      plan = checkedStreamPlan(physical, mode);
    } catch (SluiceException e) {
      return sb.append("refused: ").append(e.getMessage()).append('\n').toString();
    }
    String changes = plan.whyNotAppendOnly();
    if (changes == null && plan.emitsSessionChanges()) {
      changes = "Open sessions are emitted every batch, and taken back when they grow or merge";
    }
    sb.append("output mode: ").append(mode.name().toLowerCase(Locale.ROOT))
        .append(changes == null ? " (rows are final when emitted)" : " (" + changes + ")").append('\n');
    sb.append("trigger: ").append(trigger())
        .append('\n');
    java.util.Map<String, SourceTable> sources = new java.util.LinkedHashMap<>();
    collectSources(physical, sources);
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

  // ---------------------------------------------------------------- DDL

  private StatementResult createTable(CreateTable create) {
    Catalog.Entry existing = catalog.find(create.name());
    if (existing != null) {
      if (create.ifNotExists()) {
        return StatementResult.ok("Table " + existing.name() + " already exists");
      }
      if (!create.orReplace()) {
        throw new SluiceException(ErrorCode.OBJECT_EXISTS, kindName(existing.kind()) + " '" + existing.name()
            + "' already exists. Use CREATE OR REPLACE TABLE or DROP it first.");
      }
      if (existing.kind() != TableKind.TABLE) {
        throw new SluiceException(ErrorCode.OBJECT_EXISTS, "'" + existing.name() + "' is a "
            + kindName(existing.kind()).toLowerCase(Locale.ROOT) + ", not a table");
      }
    }
    TableSchema schema = Types.schema(create.columns());
    RelNode asQuery = null;
    if (create.asQuery() != null) {
      SqlSpan span = create.asQuery();
      asQuery = planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan();
      if (create.columns().isEmpty()) {
        schema = nullable(TypeMapping.toSchema(asQuery.getRowType()));
      }
    }
    Map<String, String> options = new LinkedHashMap<>(create.options());
    String connector = options.get("connector");
    TableDefinition definition = new TableDefinition(create.name(), TableKind.TABLE, schema, options, null);
    session.externalAccess().checkDefinition(definition);
    Table table;
    if (connector == null) {
      if (!options.isEmpty()) {
        String misspelt = null;
        for (String key : options.keySet()) {
          if (NameMatcher.nearest(key, List.of("connector")) != null) {
            misspelt = key;
          }
        }
        throw new SluiceException(ErrorCode.INVALID_OPTION, (misspelt != null
            ? "Unknown option '" + misspelt + "'. Did you mean 'connector'? "
            : "Table options need a connector, e.g. WITH (connector = 'files', path = '...', format = 'csv'); ")
            + "got " + options.keySet());
      }
      if (schema.size() == 0) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR,
            "An in-memory table needs columns: CREATE TABLE " + create.name() + " (id BIGINT, ...)");
      }
      table = new MemoryTable(schema);
    } else {
      table = ConnectorRegistry.get(connector).create(definition);
      definition = definition.withSchema(table.schema());
      ensureRejectsTable(create.name(), options);
    }
    catalog.register(new Catalog.Entry(definition, table), existing != null);
    if (asQuery != null && session.database().isCheckOnly()) {
      optimize(conform(asQuery, definition.schema(), null), disabledBatches());
      return StatementResult.ok("Table " + create.name() + " checked: its query is planned, not run");
    }
    if (asQuery != null) {
      Written written = write(create.name(), conform(asQuery, definition.schema(), null), (WritableTable) table);
      long rows = written.rows();
      return StatementResult.updateCount(rows, "Table " + create.name() + " created with " + rows + " rows",
          written.warnings());
    }
    return StatementResult.ok("Table " + create.name() + " created");
  }

  private static TableSchema nullable(TableSchema schema) {
    List<Column> columns = new ArrayList<>();
    for (Column c : schema.columns()) {
      columns.add(new Column(c.name(), c.type().withNullable(true)));
    }
    return new TableSchema(columns);
  }

  private StatementResult createView(CreateView create) {
    Catalog.Entry existing = catalog.find(create.name());
    if (existing != null && !create.orReplace()) {
      if (create.ifNotExists()) {
        return StatementResult.ok("View " + existing.name() + " already exists");
      }
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, kindName(existing.kind()) + " '" + existing.name()
          + "' already exists. Use CREATE OR REPLACE VIEW or DROP it first.");
    }
    if (existing != null && existing.kind() != TableKind.VIEW) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, "'" + existing.name() + "' is a "
          + kindName(existing.kind()).toLowerCase(Locale.ROOT) + ", not a view");
    }
    SqlSpan span = create.query();
    RelNode plan = planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan();
    TableSchema schema = nullable(TypeMapping.toSchema(plan.getRowType()));
    if (!create.columnNames().isEmpty()) {
      if (create.columnNames().size() != schema.size()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "View '" + create.name() + "' names "
            + create.columnNames().size() + " columns but its query returns " + schema.size());
      }
      List<Column> renamed = new ArrayList<>();
      for (int i = 0; i < schema.size(); i++) {
        renamed.add(new Column(create.columnNames().get(i), schema.column(i).type()));
      }
      schema = new TableSchema(renamed);
    }
    catalog.register(new Catalog.Entry(
        new TableDefinition(create.name(), TableKind.VIEW, schema, Map.of(), span.text()), null), existing != null);
    return StatementResult.ok("View " + create.name() + " created");
  }

  private StatementResult drop(Drop drop) {
    Catalog.Entry entry = catalog.find(drop.name());
    TableKind wanted = kindOf(drop.kind());
    if (entry == null) {
      if (drop.ifExists()) {
        return StatementResult.ok(kindName(wanted) + " " + drop.name() + " does not exist");
      }
      List<String> sameKind = new ArrayList<>();
      for (Catalog.Entry e : catalog.entries()) {
        if (e.kind() == wanted) {
          sameKind.add(e.name());
        }
      }
      throw new SluiceException(ErrorCode.UNKNOWN_TABLE, kindName(wanted) + " '" + drop.name() + "' not found."
          + NameMatcher.hint(drop.name(), sameKind));
    }
    if (entry.kind() != wanted) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "'" + entry.name() + "' is a "
          + kindName(entry.kind()).toLowerCase(Locale.ROOT) + ": use DROP " + entry.kind().label());
    }
    catalog.remove(entry.name());
    return StatementResult.ok(kindName(wanted) + " " + entry.name() + " dropped");
  }

  private static TableKind kindOf(ObjectKind kind) {
    switch (kind) {
      case VIEW: return TableKind.VIEW;
      case SOURCE: return TableKind.SOURCE;
      case SINK: return TableKind.SINK;
      default: return TableKind.TABLE;
    }
  }

  private static String kindName(TableKind kind) {
    String label = kind.label();
    return label.charAt(0) + label.substring(1).toLowerCase(Locale.ROOT);
  }

  private StatementResult show(Show show) {
    switch (show.kind()) {
      case SETTINGS:
        return QueryControl.settings(session);
      case TABLES:
      case VIEWS:
      case SOURCES:
      case SINKS: {
        TableKind only = show.kind() == io.sluice.sqlparser.ShowKind.TABLES ? null
            : show.kind() == io.sluice.sqlparser.ShowKind.VIEWS ? TableKind.VIEW
            : show.kind() == io.sluice.sqlparser.ShowKind.SOURCES ? TableKind.SOURCE : TableKind.SINK;
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Entry e : catalog.entries()) {
          if (only == null || e.kind() == only) {
            String description = e.kind() == TableKind.VIEW ? e.definition().viewQuery()
                : e.table() == null ? "" : e.table().describe();
            rows.add(new Object[] {e.name(), e.kind().label(), description});
          }
        }
        return RowsBuilder.of(List.of("name", "kind", "description"), rows);
      }
      case FUNCTIONS: {
        List<Object[]> rows = new ArrayList<>();
        for (io.sluice.engine.functions.FunctionInfo f : Functions.all()) {
          rows.add(new Object[] {f.name(), f.kind().label(), String.join("; ", f.signatures()), f.description()});
        }
        return RowsBuilder.of(List.of("name", "kind", "signature", "description"), rows);
      }
      case PROGRESS: {
        List<Object[]> rows = new ArrayList<>();
        for (StreamingQuery q : session.database().queries().list()) {
          for (io.sluice.engine.stream.BatchProgress p : q.progress()) {
            long stateRows = 0;
            long stateBytes = 0;
            StringBuilder operators = new StringBuilder();
            for (io.sluice.engine.stream.BatchProgress.Operator o : p.operators()) {
              stateRows += o.stateRows();
              stateBytes += o.stateBytes();
              operators.append(operators.length() == 0 ? "" : "; ").append(o.name()).append(": ")
                  .append(o.stateRows()).append(" rows").append(o.choice() == null ? "" : ", " + o.choice());
            }
            rows.add(new Object[] {q.id(), p.batchId(), p.inputRows(), p.outputRows(),
                Math.round(p.inputRowsPerSecond()), Math.round(p.processedRowsPerSecond()),
                Math.round(p.durationMillis() * 100) / 100.0,
                p.watermark() == null ? null : io.sluice.catalog.data.Values.formatTimestamp(p.watermark()),
                p.lateRows(), stateRows, stateBytes, operators.toString(), p.malformedRowsDropped(),
                p.malformedRowsKept()});
          }
        }
        return RowsBuilder.of(List.of("query", "batch", "input_rows", "output_rows", "input_rows_per_second",
            "processed_rows_per_second", "duration_ms", "watermark", "late_rows", "state_rows", "state_bytes",
            "operators", "malformed_dropped", "malformed_kept"), java.util.Set.of("batch", "input_rows", "output_rows",
            "input_rows_per_second", "processed_rows_per_second", "late_rows", "state_rows", "state_bytes",
            "malformed_dropped", "malformed_kept"), rows);
      }
      case QUERIES:
      default: {
        List<Object[]> rows = new ArrayList<>();
        for (StreamingQuery q : session.database().queries().list()) {
          List<io.sluice.engine.stream.BatchProgress> progress = q.progress();
          long inputRows = 0;
          for (io.sluice.engine.stream.BatchProgress p : progress) {
            inputRows += p.inputRows();
          }
          String status = q.status().name().toLowerCase(Locale.ROOT)
              + (q.failure() != null ? ": " + q.failure().getMessage() : "");
          Long watermark = q.watermark();
          rows.add(new Object[] {q.id(), status, q.batches(), inputRows, q.sinkName(),
              q.mode().name().toLowerCase(Locale.ROOT), q.trigger().toString(),
              watermark == null ? null : io.sluice.catalog.data.Values.formatTimestamp(watermark), q.text()});
        }
        return RowsBuilder.of(List.of("id", "status", "batches", "input_rows", "sink", "mode", "trigger", "watermark",
            "query"), java.util.Set.of("batches", "input_rows"), rows);
      }
    }
  }

  private StatementResult describe(String name) {
    Catalog.Entry entry = catalog.get(name);
    List<Object[]> rows = new ArrayList<>();
    for (Column c : entry.definition().schema().columns()) {
      rows.add(new Object[] {c.name(), c.type().sql(), c.type().nullable() ? "YES" : "NO"});
    }
    return RowsBuilder.of(List.of("column", "type", "nullable"), rows);
  }

  // ---------------------------------------------------------------- DML

  /** An INSERT's target, the plan of rows to write shaped like the table, and its parameters. */
  record InsertPlan(Catalog.Entry target, RelNode plan, List<DataType> parameterTypes) {}

  InsertPlan insertPlan(Insert insert) {
    Catalog.Entry target = writableEntry(insert.target());
    SqlSpan span = insert.query();
    SqlNode query = typeValuesParameters(CalciteSql.parseQuery(span), target.definition().schema(), insert.columns());
    QueryPlanner.Analysis analysis = planner.analyze(query, span::toOuterPosition);
    return new InsertPlan(target, conform(analysis.plan(), target.definition().schema(), insert.columns()),
        TypeMapping.toDataTypes(analysis.parameterRowType()));
  }

  private Prepared prepareInsert(Insert insert) {
    Catalog.Entry target = catalog.get(insert.target());
    session.externalAccess().checkDefinition(target.definition());
    if (target.kind() == TableKind.SINK) {
      return fixed(() -> startStreamingQuery(insert, target));
    }
    if (target.kind() == TableKind.SOURCE) {
      return fixed(() -> appendToSource(insert, target));
    }
    InsertPlan plan = insertPlan(insert);
    return new Prepared() {
      @Override
      public List<DataType> parameterTypes() {
        return plan.parameterTypes;
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        RelNode bound = Parameters.bind(plan.plan, parameters, plan.parameterTypes, planner.rexBuilder());
        Written written = write(plan.target.name(), bound, (WritableTable) plan.target.table());
        long rows = written.rows();
        return StatementResult.updateCount(rows, rows + (rows == 1 ? " row" : " rows") + " inserted",
            written.warnings());
      }
    };
  }

  /**
   * In {@code INSERT INTO t VALUES (?, ...)} a parameter has no type of its own: it takes the
   * type of the column it goes into, written as a CAST around it.
   */
  private SqlNode typeValuesParameters(SqlNode query, TableSchema schema, List<String> columns) {
    if (query.getKind() != org.apache.calcite.sql.SqlKind.VALUES) {
      return query;
    }
    for (SqlNode row : ((SqlCall) query).getOperandList()) {
      if (!(row instanceof SqlCall)) {
        continue;
      }
      SqlCall call = (SqlCall) row;
      for (int i = 0; i < call.operandCount(); i++) {
        SqlNode operand = call.operand(i);
        if (!(operand instanceof org.apache.calcite.sql.SqlDynamicParam)) {
          continue;
        }
        int column = columns == null || columns.isEmpty() ? i
            : i < columns.size() ? schema.indexOf(columns.get(i)) : -1;
        if (column < 0 || column >= schema.size()) {
          continue; // arity and name errors are reported by the INSERT checks
        }
        RelDataType type = TypeMapping.toRelDataType(planner.typeFactory(), schema.column(column).type());
        call.setOperand(i, SqlStdOperatorTable.CAST.createCall(operand.getParserPosition(), operand,
            org.apache.calcite.sql.type.SqlTypeUtil.convertTypeToSpec(type)));
      }
    }
    return query;
  }

  // ---------------------------------------------------------------- streams

  private StatementResult createSource(CreateSource create) {
    refuseExisting(create.name(), create.ifNotExists());
    if (catalog.find(create.name()) != null) {
      return StatementResult.ok("Source " + create.name() + " already exists");
    }
    TableSchema schema = Types.schema(create.columns());
    TableDefinition.Watermark watermark = create.watermark() == null ? null : watermark(create, schema);
    String connector = create.options().get("connector");
    if (connector == null) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "A source needs a connector, e.g. WITH (connector = "
          + "'memory') or (connector = 'files', path = 'in/', format = 'csv')");
    }
    TableDefinition definition = new TableDefinition(create.name(), TableKind.SOURCE, schema, create.options(), null,
        watermark);
    session.externalAccess().checkDefinition(definition);
    io.sluice.catalog.stream.StreamSource source = ConnectorRegistry.get(connector).createSource(definition);
    definition = definition.withSchema(source.schema());
    ensureRejectsTable(create.name(), create.options());
    catalog.register(new Catalog.Entry(definition, new SourceTable(create.name(), source, watermark), source, null), false);
    return StatementResult.ok("Source " + create.name() + " created");
  }

  /**
   * Creates the in-memory table that option {@code 'rejects-table'} names, unless it exists with
   * the columns of a rejects table (several file tables may share one).
   */
  private void ensureRejectsTable(String owner, Map<String, String> options) {
    String name = options.get(QueryExecutor.REJECTS_TABLE_OPTION);
    if (name == null) {
      return;
    }
    Catalog.Entry existing = catalog.find(name);
    if (existing == null) {
      TableDefinition rejects = new TableDefinition(name, TableKind.TABLE,
          io.sluice.engine.exec.RejectCounts.SCHEMA, Map.of(), null);
      catalog.register(new Catalog.Entry(rejects, new MemoryTable(io.sluice.engine.exec.RejectCounts.SCHEMA)), false);
      return;
    }
    if (!(existing.table() instanceof MemoryTable)
        || !existing.table().schema().names().equals(io.sluice.engine.exec.RejectCounts.SCHEMA.names())) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'rejects-table' of '" + owner + "' names '"
          + existing.name() + "', which is not a rejects table: give a new name, and Sluice creates an in-memory"
          + " table with columns " + String.join(", ", io.sluice.engine.exec.RejectCounts.SCHEMA.names()) + ".");
    }
  }

  private void refuseExisting(String name, boolean ifNotExists) {
    Catalog.Entry existing = catalog.find(name);
    if (existing != null && !ifNotExists) {
      throw new SluiceException(ErrorCode.OBJECT_EXISTS, kindName(existing.kind()) + " '" + existing.name()
          + "' already exists. DROP it first.");
    }
  }

  /** The watermark clause: the event-time column, and a constant interval subtracted from it. */
  private static TableDefinition.Watermark watermark(CreateSource create, TableSchema schema) {
    io.sluice.sqlparser.WatermarkDefinition w = create.watermark();
    int column = schema.indexOf(w.column());
    if (column < 0) {
      throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Watermark column '" + w.column() + "' is not a column of '"
          + create.name() + "'." + NameMatcher.hint(w.column(), schema.names()));
    }
    if (schema.column(column).type().kind() != TypeKind.TIMESTAMP) {
      throw new SluiceException(ErrorCode.TYPE_MISMATCH, "Watermark column '" + w.column() + "' must be a TIMESTAMP,"
          + " not " + schema.column(column).type().sql());
    }
    SqlNode expression = CalciteSql.parseExpression(w.expression());
    long delay;
    if (expression instanceof SqlIdentifier && isColumn((SqlIdentifier) expression, w.column())) {
      delay = 0;
    } else if (expression.getKind() == org.apache.calcite.sql.SqlKind.MINUS
        && isColumn(((SqlCall) expression).operand(0), w.column())
        && ((SqlCall) expression).operand(1) instanceof org.apache.calcite.sql.SqlIntervalLiteral) {
      org.apache.calcite.sql.SqlIntervalLiteral interval =
          (org.apache.calcite.sql.SqlIntervalLiteral) ((SqlCall) expression).operand(1);
      delay = org.apache.calcite.sql.parser.SqlParserUtil.intervalToMillis(
          (org.apache.calcite.sql.SqlIntervalLiteral.IntervalValue) interval.getValue());
      if (delay < 0) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The watermark delay must not be negative");
      }
    } else {
      int[] at = w.expression().toOuterPosition(1, 1);
      throw new SluiceException(ErrorCode.UNSUPPORTED, "WATERMARK FOR " + w.column() + " AS takes '" + w.column()
          + "' or '" + w.column() + " - INTERVAL ...', not '" + w.expression().text() + "'", at[0], at[1], null);
    }
    return new TableDefinition.Watermark(schema.column(column).name(), delay);
  }

  private static boolean isColumn(SqlNode node, String column) {
    return node instanceof SqlIdentifier && ((SqlIdentifier) node).names.size() == 1
        && ((SqlIdentifier) node).names.get(0).equalsIgnoreCase(column);
  }

  private StatementResult createSink(CreateSink create) {
    refuseExisting(create.name(), create.ifNotExists());
    if (catalog.find(create.name()) != null) {
      return StatementResult.ok("Sink " + create.name() + " already exists");
    }
    TableSchema schema = Types.schema(create.columns());
    String connector = create.options().get("connector");
    if (connector == null) {
      throw new SluiceException(ErrorCode.INVALID_OPTION, "A sink needs a connector, e.g. WITH (connector = "
          + "'memory'), (connector = 'console') or (connector = 'files', path = 'out/', format = 'parquet')");
    }
    TableDefinition definition = new TableDefinition(create.name(), TableKind.SINK, schema, create.options(), null);
    session.externalAccess().checkDefinition(definition);
    io.sluice.catalog.stream.StreamSink sink = ConnectorRegistry.get(connector).createSink(definition);
    io.sluice.catalog.connector.Table table = sink instanceof MemorySink ? ((MemorySink) sink).table() : null;
    catalog.register(new Catalog.Entry(definition, table, null, sink), false);
    return StatementResult.ok("Sink " + create.name() + " created");
  }

  /** {@code INSERT INTO source ...} appends rows to a memory source, for step-by-step streams. */
  private StatementResult appendToSource(Insert insert, Catalog.Entry target) {
    if (!(target.source() instanceof MemorySource)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only memory sources take INSERT; '" + target.name()
          + "' reads " + target.source().describe());
    }
    MemorySource source = (MemorySource) target.source();
    QueryPlanner.Planned planned = sourceAppendPlan(insert, target);
    long[] rows = {0};
    executor.prepare(planned.physical()).run(batch -> {
      checkNotNull(target.name(), target.definition().schema(), batch);
      rows[0] += batch.rowCount();
      source.append(batch);
    });
    session.database().queries().wakeUp();
    return StatementResult.updateCount(rows[0], rows[0] + (rows[0] == 1 ? " row" : " rows") + " appended to "
        + target.name());
  }

  /** The planned rows of an {@code INSERT INTO source}, shaped like the source. */
  QueryPlanner.Planned sourceAppendPlan(Insert insert, Catalog.Entry target) {
    if (!(target.source() instanceof MemorySource)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only memory sources take INSERT; '" + target.name()
          + "' reads " + target.source().describe());
    }
    SqlSpan span = insert.query();
    SqlNode query = typeValuesParameters(CalciteSql.parseQuery(span), target.definition().schema(), insert.columns());
    RelNode plan = conform(planner.analyze(query, span::toOuterPosition).plan(), target.definition().schema(),
        insert.columns());
    return optimize(plan, disabledBatches());
  }

  QueryPlanner planner() {
    return planner;
  }

  QueryExecutor executor() {
    return executor;
  }

  Catalog catalog() {
    return catalog;
  }

  /** The plan of the rows an INSERT writes into a sink, conformed to the sink's columns if it declares them. */
  private RelNode sinkPlan(Insert insert, Catalog.Entry target) {
    SqlSpan span = insert.query();
    RelNode query = planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan();
    TableSchema declared = target.sink().schema();
    return declared == null || declared.size() == 0 ? query : conform(query, declared, insert.columns());
  }

  private StatementResult startStreamingQuery(Insert insert, Catalog.Entry target) {
    Launched launched = launchStreamingQuery(insert, target, null, null);
    StreamingQuery streamingQuery = launched.query();
    return StatementResult.ok("Query " + streamingQuery.id() + " started: "
        + streamingQuery.mode().name().toLowerCase(Locale.ROOT) + " mode into " + target.name() + ", trigger "
        + streamingQuery.trigger() + launched.checkpointNote());
  }

  /** A started query, and where its checkpoint is ("" without one): ", checkpoint ckpt/hot (...)". */
  private record Launched(StreamingQuery query, String checkpointNote) {}

  /**
   * Starts the continuous query of {@code sql}, an INSERT INTO a sink, from {@code state}: see
   * {@link Session#resumeQuery}.
   */
  StreamingQuery resumeStreamingQuery(String sql, io.sluice.engine.stream.QueryState state, String id) {
    Statement statement = StatementParser.parse(sql);
    Catalog.Entry target = statement instanceof Insert ? catalog.get(((Insert) statement).target()) : null;
    if (target == null || target.kind() != TableKind.SINK) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Only a continuous query, INSERT INTO a sink, resumes"
          + " from a saved state");
    }
    if (id != null) {
      StreamingQuery existing = session.database().queries().get(id);
      if (existing != null && existing.status() == StreamingQuery.Status.RUNNING) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + id + " is running: stop it before it"
            + " resumes from a saved state");
      }
    }
    return launchStreamingQuery((Insert) statement, target, state, id).query();
  }

  /**
   * A continuous query planned for its sink and not started: the query, what its checkpoint
   * records of its plan, its sources and the late-rows sink it writes to (or null).
   */
  record ContinuousQuery(StreamingQuery query, io.sluice.engine.checkpoint.PlanRecord planRecord,
      java.util.Map<String, SourceTable> sources, Catalog.Entry lateSink) {}

  /**
   * Plans the continuous query of {@code insert} with this session's options, as starting it
   * would, without starting it, registering it or touching its checkpoint. Its batches go to
   * {@code writeTo} (the target's sink, or a stand-in when the query is only checked or replayed)
   * and then to {@code listener}, if any.
   *
   * @param lateRows whether rows behind the watermark go to the {@code pipeline.late-rows-sink}
   */
  ContinuousQuery planContinuousQuery(Insert insert, Catalog.Entry target, String id, Trigger trigger,
      io.sluice.catalog.stream.StreamSink writeTo, BatchConsumer listener, boolean lateRows) {
    SqlSpan span = insert.query();
    RelNode plan = sinkPlan(insert, target);
    TableSchema outputSchema = TypeMapping.toSchema(plan.getRowType());
    QueryPlanner.Planned planned = optimize(plan, disabledBatches());
    if (!StreamInputs.readsStream(planned.physical())) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "INSERT INTO sink '" + target.name()
          + "' needs a query over a source; bounded data goes INSERT INTO a table");
    }
    io.sluice.catalog.stream.OutputMode mode = outputMode(planned.physical());
    target.sink().check(mode, outputSchema);
    requireChangelogSink(mode, target.sink(), target.name());
    BatchRanges ranges = new BatchRanges();
    String ttl = session.options().get("pipeline.state-ttl");
    if (ttl != null && !ttl.isBlank()) {
      ranges.setStateTtl(Options.stateTtlMillis(ttl));
    }
    Catalog.Entry lateSink = lateRows ? lateRowsSink() : null;
    if (lateSink != null) {
      ranges.keepLateRows();
    }
    java.util.Map<String, SourceTable> sources = new java.util.LinkedHashMap<>();
    collectSources(planned.physical(), sources);
    StreamPlan streamPlan = checkedStreamPlan(planned.physical(), mode);
    StreamChecker.requireWatermark(streamPlan);
    ExecutionPlan execution = executor.prepareStreaming(streamPlan, ranges);
    StreamingQuery query = new StreamingQuery(id, span.text(), target.name(), writeTo, sources, execution, ranges,
        mode, trigger, outputSchema, listener);
    query.describePlan(explainPhysical(planned.physical(), mode));
    io.sluice.engine.checkpoint.PlanRecord record = io.sluice.engine.checkpoint.QueryCheckpoints.planRecord(query,
        planned.physical().explain(), new ArrayList<>(sources.keySet()));
    return new ContinuousQuery(query, record, sources, lateSink);
  }

  /** The trigger the session's options set for continuous queries. */
  Trigger trigger() {
    return Trigger.parse(session.options().getOrDefault("pipeline.trigger", "continuous"));
  }

  /**
   * Plans and starts the continuous query of {@code insert}; with a {@code state}, it goes on from
   * there. It takes {@code id}, replacing a query of that id that has ended, or a new id when null.
   */
  private Launched launchStreamingQuery(Insert insert, Catalog.Entry target,
      io.sluice.engine.stream.QueryState state, String id) {
    io.sluice.catalog.stream.StreamSink sink = target.sink();
    ContinuousQuery planned = planContinuousQuery(insert, target,
        id != null ? id : session.database().queries().nextId(), trigger(), sink, null, true);
    StreamingQuery streamingQuery = planned.query();
    if (sink instanceof MemorySink && target.table() == null) {
      // a memory sink declared without columns takes the query's, and becomes queryable now
      TableSchema outputSchema = streamingQuery.outputSchema();
      catalog.register(new Catalog.Entry(target.definition().withSchema(outputSchema),
          ((MemorySink) sink).ensureTable(outputSchema), null, sink), true);
    }
    if (state != null) {
      streamingQuery.resumeFrom(state);
    }
    Catalog.Entry deadLetterSink = deadLetterSink();
    if (deadLetterSink != null) {
      session.externalAccess().checkDefinition(deadLetterSink.definition());
      if (deadLetterSink.sink() instanceof MemorySink && deadLetterSink.table() == null) {
        catalog.register(new Catalog.Entry(deadLetterSink.definition().withSchema(StreamingQuery.DEAD_LETTER_SCHEMA),
            ((MemorySink) deadLetterSink.sink()).ensureTable(StreamingQuery.DEAD_LETTER_SCHEMA), null,
            deadLetterSink.sink()), true);
      }
      streamingQuery.sendDeadLettersTo(deadLetterSink.sink());
    }
    String checkpoint = checkpointOption();
    String checkpointNote = "";
    if (checkpoint != null) {
      session.externalAccess().checkLocation("Option 'pipeline.checkpoint'", checkpoint);
      if (state != null) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "A query goes on from a saved state or from its"
            + " checkpoint, not both: RESET 'pipeline.checkpoint' to resume from the saved state");
      }
      io.sluice.engine.checkpoint.Checkpoint attached = io.sluice.engine.checkpoint.QueryCheckpoints.attach(
          streamingQuery, checkpointLocation(checkpoint, target.name()), planned.planRecord(),
          Options.checkpointRetain(session.options().get("pipeline.checkpoint-retain")));
      checkpointNote = ", checkpoint " + attached.location() + (attached.lastCommitted() < 0 ? ""
          : " (goes on after batch " + attached.lastCommitted() + ")");
    }
    Catalog.Entry lateSink = planned.lateSink();
    if (lateSink != null) {
      session.externalAccess().checkDefinition(lateSink.definition());
      TableSchema lateSchema = lateRowsSchema(lateSink, planned.sources());
      if (lateSink.sink() instanceof MemorySink && lateSink.table() == null) {
        catalog.register(new Catalog.Entry(lateSink.definition().withSchema(lateSchema),
            ((MemorySink) lateSink.sink()).ensureTable(lateSchema), null, lateSink.sink()), true);
      }
      streamingQuery.sendLateRowsTo(lateSink.sink(), lateSchema);
    }
    String progress = session.options().get("pipeline.progress");
    if (progress != null) {
      session.externalAccess().checkLocation("Option 'pipeline.progress'", progress);
      streamingQuery.writeProgressTo(java.nio.file.Path.of(progress));
    }
    session.database().queries().add(streamingQuery);
    streamingQuery.start();
    return new Launched(streamingQuery, checkpointNote);
  }

  /** The {@code pipeline.checkpoint} option, or null when it is not set. */
  String checkpointOption() {
    String checkpoint = session.options().get("pipeline.checkpoint");
    return checkpoint == null || checkpoint.isBlank() ? null : checkpoint;
  }

  /**
   * The checkpoint folder of the query into {@code sink}: a folder named after the sink inside the
   * {@code pipeline.checkpoint} location, so that the queries of one pipeline share the option.
   */
  static String checkpointLocation(String option, String sink) {
    String base = option.trim();
    return (base.endsWith("/") ? base : base + "/") + sink.toLowerCase(Locale.ROOT);
  }

  /**
   * A SELECT over sources: a continuous query whose output is the result's rows, as they come.
   * It ends when its trigger says so (once, available-now) or its sources finish, or when the
   * result is closed.
   */
  private StreamingRowCursor selectFromStream(io.sluice.optimizer.physical.PhysicalNode physical, TableSchema schema,
      String text) {
    // a result whose rows change as data arrives is shown as a changelog: an 'op' column first
    io.sluice.catalog.stream.OutputMode mode = OutputModes.forSelect(StreamTraitDerivation.derive(physical, null));
    boolean changelog = mode == io.sluice.catalog.stream.OutputMode.UPDATE;
    Trigger trigger = trigger();
    BatchRanges ranges = new BatchRanges();
    StreamPlan plan = checkedStreamPlan(physical, mode);
    ExecutionPlan execution = executor.prepareStreaming(plan, ranges);
    java.util.Map<String, SourceTable> sources = new java.util.LinkedHashMap<>();
    collectSources(physical, sources);
    StreamChecker.requireWatermark(plan);
    String id = session.database().queries().nextId();
    TableSchema resultSchema = schema;
    if (changelog) {
      List<Column> columns = new ArrayList<>();
      columns.add(new Column("op", DataType.of(TypeKind.VARCHAR)));
      columns.addAll(schema.columns());
      resultSchema = new TableSchema(columns);
    }
    TableSchema shown = resultSchema;
    java.util.concurrent.atomic.AtomicReference<StreamingQuery> running = new java.util.concurrent.atomic.AtomicReference<>();
    StreamingRowCursor cursor = StreamingRowCursor.start(shown, consumer -> {
      BatchConsumer target = changelog ? withOpColumn(consumer) : consumer;
      StreamingQuery query = new StreamingQuery(id, text, "(result)", new ResultSink(), sources, execution, ranges,
          mode, trigger, schema, target);
      running.set(query);
      // closing or cancelling the result stops the query, also while it waits for its next trigger
      Cancellation.current().onCancel(query::stop);
      query.runHere();
      if (query.failure() != null) {
        throw query.failure() instanceof RuntimeException ? (RuntimeException) query.failure()
            : new SluiceException(ErrorCode.INTERNAL_ERROR, query.failure().toString(), query.failure());
      }
    }, failure -> Session.userError(failure, "", null), trigger.stopsWhenCaughtUp());
    cursor.describedBy(running::get, changelog);
    cursor.warningsFrom(execution);
    return cursor;
  }

  /** Prepends each row's changelog kind (+I, -U, +U, -D) as a text column. */
  static BatchConsumer withOpColumn(BatchConsumer consumer) {
    io.sluice.catalog.data.BytesVector op = new io.sluice.catalog.data.BytesVector(Batch.DEFAULT_CAPACITY);
    byte[][] symbols = new byte[4][];
    for (byte kind = 0; kind < symbols.length; kind++) {
      symbols[kind] = io.sluice.catalog.stream.RowKind.symbol(kind).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
    return batch -> {
      op.reset();
      op.ensureCapacity(batch.size, 0);
      for (int row = 0; row < batch.size; row++) {
        byte[] symbol = symbols[batch.kinds == null ? io.sluice.catalog.stream.RowKind.INSERT : batch.kinds[row]];
        op.set(row, symbol, 0, symbol.length);
      }
      io.sluice.catalog.data.ColumnVector[] columns = new io.sluice.catalog.data.ColumnVector[batch.columns.length + 1];
      columns[0] = op;
      System.arraycopy(batch.columns, 0, columns, 1, batch.columns.length);
      Batch shown = new Batch(columns, batch.size);
      shown.selection = batch.selection;
      shown.selectedCount = batch.selectedCount;
      consumer.accept(shown);
    };
  }

  /** The sink of a streaming SELECT: rows go to the result cursor, nowhere else. */
  static final class ResultSink implements io.sluice.catalog.stream.StreamSink {
    @Override
    public TableSchema schema() {
      return null;
    }

    @Override
    public BatchWriter open(long batchId, io.sluice.catalog.stream.OutputMode mode, TableSchema schema) {
      return IGNORED_BATCH;
    }
  }

  private static void collectSources(io.sluice.optimizer.physical.PhysicalNode node,
      java.util.Map<String, SourceTable> sources) {
    if (node instanceof io.sluice.optimizer.physical.PhysicalScan
        && ((io.sluice.optimizer.physical.PhysicalScan) node).table() instanceof SourceTable) {
      SourceTable table = (SourceTable) ((io.sluice.optimizer.physical.PhysicalScan) node).table();
      sources.put(table.name(), table);
    }
    for (io.sluice.optimizer.physical.PhysicalNode input : node.inputs()) {
      collectSources(input, sources);
    }
  }

  /**
   * The output mode: the one the session asked for if the query can run in it, otherwise the
   * one the plan's traits imply ({@link OutputModes}).
   */
  private io.sluice.catalog.stream.OutputMode outputMode(io.sluice.optimizer.physical.PhysicalNode plan) {
    return OutputModes.choose(StreamTraitDerivation.derive(plan, null), session.options().get(OutputModes.OPTION));
  }

  /** The plan's streaming traits in the output mode it runs in, once the optimizer's checker has passed it. */
  static StreamPlan checkedStreamPlan(io.sluice.optimizer.physical.PhysicalNode physical,
      io.sluice.catalog.stream.OutputMode mode) {
    StreamPlan plan = StreamTraitDerivation.derive(physical, mode);
    StreamChecker.check(plan, io.sluice.engine.translate.AccumulatorRetraction.INSTANCE);
    return plan;
  }

  /** Update mode writes -U, +U and -D rows: the sink must take them. */
  private static void requireChangelogSink(io.sluice.catalog.stream.OutputMode mode,
      io.sluice.catalog.stream.StreamSink sink, String name) {
    if (mode == io.sluice.catalog.stream.OutputMode.UPDATE && !sink.takesChangelog()) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Sink '" + name + "' (" + sink.describe() + ") takes only"
          + " inserts, but in update mode the query writes a changelog (+I, -U, +U, -D). Write to a memory or"
          + " console sink, or make the query append-only (a windowed aggregation in append mode).");
    }
  }

  /** The sink named by {@code pipeline.late-rows-sink}, or null. */
  private Catalog.Entry lateRowsSink() {
    return sinkOption("pipeline.late-rows-sink");
  }

  /** The sink named by {@code pipeline.dead-letter-sink}, or null. */
  Catalog.Entry deadLetterSink() {
    return sinkOption("pipeline.dead-letter-sink");
  }

  private Catalog.Entry sinkOption(String option) {
    String name = session.options().get(option);
    if (name == null || name.isBlank()) {
      return null;
    }
    Catalog.Entry entry = catalog.get(name);
    if (entry.sink() == null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Option '" + option + "' names '" + entry.name()
          + "', which is not a sink. Create one: CREATE SINK " + entry.name() + " WITH (connector = 'memory')");
    }
    return entry;
  }

  /** Late rows are source rows: every source of the query must have the same columns. */
  private static TableSchema lateRowsSchema(Catalog.Entry sink, java.util.Map<String, SourceTable> sources) {
    TableSchema schema = null;
    for (SourceTable source : sources.values()) {
      TableSchema s = source.schema();
      if (schema != null && !schema.types().equals(s.types())) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Late rows of sources " + String.join(", ",
            sources.keySet()) + " have different columns: one late-rows sink cannot take them all.");
      }
      schema = s;
    }
    return schema;
  }

  private Catalog.Entry writableEntry(String name) {
    Catalog.Entry entry = catalog.get(name);
    if (entry.kind() == TableKind.VIEW) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "'" + entry.name() + "' is a view: it cannot be changed");
    }
    if (!(entry.table() instanceof WritableTable)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Table '" + entry.name() + "' is read-only");
    }
    return entry;
  }

  /**
   * The query's rows cast to the table's column types, in table order; columns the INSERT does
   * not list are NULL.
   */
  private RelNode conform(RelNode query, TableSchema schema, List<String> columns) {
    RelDataType tableType = TypeMapping.toRowType(planner.typeFactory(), schema);
    int[] source = new int[schema.size()];
    java.util.Arrays.fill(source, -1);
    List<RelDataTypeField> queryFields = query.getRowType().getFieldList();
    if (columns == null || columns.isEmpty()) {
      if (queryFields.size() != schema.size()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The table has " + schema.size()
            + " columns but the query returns " + queryFields.size() + "; list the columns to insert into");
      }
      for (int i = 0; i < source.length; i++) {
        source[i] = i;
      }
    } else {
      if (columns.size() != queryFields.size()) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "INSERT lists " + columns.size()
            + " columns but the query returns " + queryFields.size());
      }
      for (int j = 0; j < columns.size(); j++) {
        int index = schema.indexOf(columns.get(j));
        if (index < 0) {
          throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Column '" + columns.get(j) + "' not found."
              + NameMatcher.hint(columns.get(j), schema.names()));
        }
        if (source[index] >= 0) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Column '" + columns.get(j) + "' is listed twice");
        }
        source[index] = j;
      }
    }
    RexBuilder rex = planner.rexBuilder();
    List<RexNode> projects = new ArrayList<>();
    for (int i = 0; i < source.length; i++) {
      RelDataType targetType = tableType.getFieldList().get(i).getType();
      if (source[i] < 0) {
        if (!schema.column(i).type().nullable()) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR,
              "Column '" + schema.column(i).name() + "' is NOT NULL and needs a value");
        }
        projects.add(rex.makeNullLiteral(targetType));
        continue;
      }
      RelDataType sourceType = queryFields.get(source[i]).getType();
      if (!SqlTypeUtil.canAssignFrom(targetType, sourceType) && !SqlTypeUtil.canCastFrom(targetType, sourceType, true)) {
        throw new SluiceException(ErrorCode.TYPE_MISMATCH, "Cannot write " + sourceType.getFullTypeString()
            + " into column '" + schema.column(i).name() + "' of type " + schema.column(i).type().sql());
      }
      RexNode ref = rex.makeInputRef(query, source[i]);
      projects.add(sourceType.equals(targetType) ? ref
          : rex.makeCast(rex.getTypeFactory().createTypeWithNullability(targetType, sourceType.isNullable()), ref,
              true, false));
    }
    return RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(query.getCluster(), null)
        .push(query).project(projects, schema.names(), true).build();
  }

  /** Rows an INSERT or CREATE TABLE AS wrote, and the warnings of its scans. */
  private record Written(long rows, List<String> warnings) {}

  private Written write(String tableName, RelNode plan, WritableTable table) {
    QueryPlanner.Planned planned = optimize(plan, disabledBatches());
    ExecutionPlan execution = executor.prepare(planned.physical());
    TableSchema schema = table.schema();
    long[] rows = {0};
    try (WritableTable.Writer writer = table.openWriter()) {
      execution.run(new BatchConsumer() {
        @Override
        public void accept(Batch batch) {
          checkNotNull(tableName, schema, batch);
          rows[0] += batch.rowCount();
          writer.write(batch);
        }
      });
      writer.commit();
    }
    return new Written(rows[0], execution.warnings());
  }

  private static void checkNotNull(String tableName, TableSchema schema, Batch batch) {
    for (int c = 0; c < schema.size(); c++) {
      if (schema.column(c).type().nullable()) {
        continue;
      }
      ColumnVector v = batch.columns[c];
      if (!v.mayHaveNulls) {
        continue;
      }
      for (int k = 0; k < batch.rowCount(); k++) {
        if (v.nulls[batch.row(k)]) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "NULL value in column '"
              + schema.column(c).name() + "' of table '" + tableName + "', which is NOT NULL");
        }
      }
    }
  }

  private MemoryTable memoryTable(String name, String verb) {
    Catalog.Entry entry = writableEntry(name);
    if (!(entry.table() instanceof MemoryTable)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, verb + " works on in-memory tables; '" + entry.name()
          + "' is " + entry.table().describe() + ". Rewrite it with INSERT into a new table instead.");
    }
    return (MemoryTable) entry.table();
  }

  private StatementResult delete(Delete delete) {
    SqlSpan span = delete.statement();
    SqlDelete parsed = (SqlDelete) CalciteSql.parseStatement(span);
    Catalog.Entry entry = catalog.get(delete.table());
    MemoryTable table = memoryTable(delete.table(), "DELETE");
    long before = table.rowCount();
    SqlNode condition = parsed.getCondition();
    if (condition == null) {
      table.replace(List.of());
      return StatementResult.updateCount(before, before + " rows deleted");
    }
    SqlParserPos pos = SqlParserPos.ZERO;
    SqlNode keep = SqlStdOperatorTable.IS_NOT_TRUE.createCall(pos, condition);
    SqlSelect select = select(SqlNodeList.of(SqlIdentifier.star(pos)), from(parsed.getTargetTable(),
        parsed.getAlias()), keep);
    RelNode plan = planner.analyze(select, span::toOuterPosition).plan();
    List<Batch> kept = executor.collect(optimize(conform(plan, entry.definition().schema(), null),
        disabledBatches()).physical(), entry.definition().schema().types());
    table.replace(kept);
    long deleted = before - table.rowCount();
    return StatementResult.updateCount(deleted, deleted + (deleted == 1 ? " row" : " rows") + " deleted");
  }

  private StatementResult update(Update update) {
    SqlSpan span = update.statement();
    SqlUpdate parsed = (SqlUpdate) CalciteSql.parseStatement(span);
    Catalog.Entry entry = catalog.get(update.table());
    MemoryTable table = memoryTable(update.table(), "UPDATE");
    TableSchema schema = entry.definition().schema();
    SqlParserPos pos = SqlParserPos.ZERO;
    Map<Integer, SqlNode> assignments = new LinkedHashMap<>();
    for (int i = 0; i < parsed.getTargetColumnList().size(); i++) {
      SqlIdentifier column = (SqlIdentifier) parsed.getTargetColumnList().get(i);
      String name = column.names.get(column.names.size() - 1);
      int index = schema.indexOf(name);
      if (index < 0) {
        int[] at = span.toOuterPosition(column.getParserPosition().getLineNum(),
            column.getParserPosition().getColumnNum());
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Column '" + name + "' not found in table '"
            + entry.name() + "'." + NameMatcher.hint(name, schema.names()), at[0], at[1], null);
      }
      assignments.put(index, parsed.getSourceExpressionList().get(i));
    }
    SqlNode condition = parsed.getCondition();
    SqlNodeList selectList = new SqlNodeList(pos);
    for (int c = 0; c < schema.size(); c++) {
      SqlIdentifier column = new SqlIdentifier(schema.column(c).name(), pos);
      SqlNode value = assignments.get(c);
      SqlNode expression = value == null ? column
          : condition == null ? value
          : new SqlCase(pos, null, SqlNodeList.of(condition), SqlNodeList.of(value), column);
      selectList.add(SqlStdOperatorTable.AS.createCall(pos, expression, column));
    }
    SqlNode from = from(parsed.getTargetTable(), parsed.getAlias());
    long changed = table.rowCount();
    if (condition != null) {
      SqlNodeList count = SqlNodeList.of(SqlStdOperatorTable.COUNT.createCall(pos, SqlIdentifier.star(pos)));
      RelNode countPlan = planner.analyze(select(count, from, condition), span::toOuterPosition).plan();
      List<Batch> result = executor.collect(optimize(countPlan, disabledBatches()).physical(),
          List.of(DataType.of(TypeKind.BIGINT)));
      changed = new BufferedRowCursor(new TableSchema(List.of(new Column("c", DataType.of(TypeKind.BIGINT)))),
          result).next() ? (Long) result.get(0).columns[0].getBoxed(result.get(0).row(0)) : 0;
      from = from(parsed.getTargetTable(), parsed.getAlias());
    }
    RelNode plan = planner.analyze(select(selectList, from, null), span::toOuterPosition).plan();
    List<Batch> rows = executor.collect(optimize(conform(plan, schema, null), disabledBatches()).physical(),
        schema.types());
    table.replace(rows);
    return StatementResult.updateCount(changed, changed + (changed == 1 ? " row" : " rows") + " updated");
  }

  private static SqlNode from(SqlNode table, SqlIdentifier alias) {
    return alias == null ? table : SqlStdOperatorTable.AS.createCall(SqlParserPos.ZERO, table, alias);
  }

  private static SqlSelect select(SqlNodeList selectList, SqlNode from, SqlNode where) {
    return new SqlSelect(SqlParserPos.ZERO, null, selectList, from, where, null, null, null, null, null, null,
        null, null);
  }

  // ---------------------------------------------------------------- helpers

  /** A statement whose work happens at execution and takes no parameters. */
  private static Prepared fixed(java.util.function.Supplier<StatementResult> action) {
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

  static StatementResult lines(String column, String text) {
    List<Object[]> rows = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      rows.add(new Object[] {line});
    }
    if (!rows.isEmpty() && ((String) rows.get(rows.size() - 1)[0]).isEmpty()) {
      rows.remove(rows.size() - 1);
    }
    return RowsBuilder.of(List.of(column), rows);
  }
}
