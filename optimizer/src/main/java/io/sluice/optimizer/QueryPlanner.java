package io.sluice.optimizer;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.optimizer.functions.ArgumentException;
import io.sluice.optimizer.functions.SessionPartitions;
import io.sluice.optimizer.functions.WindowTime;
import io.sluice.optimizer.metadata.CompiledMetadataHandlers;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalPlanner;
import io.sluice.optimizer.schema.CatalogSchema;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.SqlSpan;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.config.NullCollation;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.util.SqlOperatorTables;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.sql2rel.SqlRexConvertletTable;
import org.apache.calcite.sql2rel.StandardConvertletTable;

/**
 * The planning pipeline, assembled by hand: validation against the catalog, conversion to a
 * logical plan, the rule batches of {@link LogicalOptimizer}, and physical planning.
 */
public final class QueryPlanner {
  private final Catalog catalog;
  private final JavaTypeFactoryImpl typeFactory = new SluiceTypeFactory();
  private final RelOptCluster cluster;
  private final LogicalOptimizer optimizer = new LogicalOptimizer();
  private java.util.function.Predicate<Catalog.Entry> statisticsReadable = entry -> true;
  /** Plans optimized so far: what caches of plans save, counted for tests. */
  private long optimizations;

  public QueryPlanner(Catalog catalog) {
    this.catalog = catalog;
    HepPlanner planner = new HepPlanner(HepProgram.builder().build());
    this.cluster = RelOptCluster.create(planner, new SluiceRexBuilder(typeFactory));
    // Calcite's default metadata query reads its handlers from a thread-local that only the
    // thread which made the cluster has set; a session may plan on any thread (connection pools
    // hand connections between threads), so the handlers are bound to the cluster instead.
    cluster.setMetadataProvider(io.sluice.optimizer.metadata.SluiceMetadata.PROVIDER);
    CompiledMetadataHandlers handlers = new CompiledMetadataHandlers(cluster.getMetadataProvider());
    cluster.setMetadataQuerySupplier(() -> new RelMetadataQuery(handlers));
  }

  /**
   * Which tables' statistics planning may read (their files' footers, sizes, first lines); the
   * others plan as tables of unknown size. All by default.
   */
  public void setStatisticsReadable(java.util.function.Predicate<Catalog.Entry> readable) {
    this.statisticsReadable = readable;
  }

  /**
   * Sets how constant expressions are evaluated during constant folding. Without one, the
   * simplification batch only simplifies booleans.
   */
  public void setExecutor(org.apache.calcite.rex.RexExecutor executor) {
    cluster.getPlanner().setExecutor(executor);
  }

  /** Names of the functions and operators the validator knows, upper case. */
  public static java.util.SortedSet<String> operatorNames() {
    return SluiceOperatorTable.operatorNames();
  }

  public JavaTypeFactoryImpl typeFactory() {
    return typeFactory;
  }

  public RexBuilder rexBuilder() {
    return cluster.getRexBuilder();
  }

  public RelOptCluster cluster() {
    return cluster;
  }

  public LogicalOptimizer optimizer() {
    return optimizer;
  }

  /** A validated query and its logical plan. */
  public record Analysis(SqlNode validated, RelRoot root, RelDataType parameterRowType) {
    /** The plan with the query's output names applied. */
    public RelNode plan() {
      return root.project();
    }
  }

  /**
   * Validates {@code query} and converts it to a logical plan. Both steps, and the views they
   * expand, see one snapshot of the catalog: another session may create or drop names meanwhile.
   */
  public Analysis analyze(SqlNode query, PositionMap positions) {
    CalciteCatalogReader reader = newCatalogReader();
    SqlValidator validator = newValidator(reader);
    SqlNode validated;
    try {
      SessionPartitions.rewrite(query);
      LongInLists.rewrite(query);
      validated = validator.validate(query);
    } catch (CalciteContextException e) {
      throw validationError(e, positions, query);
    }
    RelDataType parameterRowType = validator.getParameterRowType(validated);
    RelRoot root;
    try {
      root = newConverter(validator, reader, !LongInLists.in(validated)).convertQuery(validated, false, true);
      root = root.withRel(WindowTime.expand(root.rel));
    } catch (CalciteContextException e) {
      throw validationError(e, positions, query);
    }
    return new Analysis(validated, root, parameterRowType);
  }

  /** Calcite's convertlets, and those of {@link InValueSet} and {@link InTupleSet}. */
  private static final SqlRexConvertletTable CONVERTLETS = call -> call.getOperator() == InValueSet.INSTANCE
      ? InValueSet::convert : call.getOperator() == InTupleSet.INSTANCE ? InTupleSet::convert
      : StandardConvertletTable.INSTANCE.get(call);

  private SqlToRelConverter newConverter(SqlValidator validator, CalciteCatalogReader reader) {
    return newConverter(validator, reader, true);
  }

  /** A converter; {@code simplify} false leaves expressions as written (see {@link LongInLists}). */
  private SqlToRelConverter newConverter(SqlValidator validator, CalciteCatalogReader reader, boolean simplify) {
    RelOptTable.ViewExpander views = (rowType, queryString, schemaPath, viewPath) ->
        expandView(queryString, viewPath, reader);
    return new SqlToRelConverter(views, validator, reader, cluster, CONVERTLETS,
        SqlToRelConverter.config().withTrimUnusedFields(false).withExpand(false)
            .withInSubQueryThreshold(Integer.MAX_VALUE)
            .addRelBuilderConfigTransform(c -> c.withSimplify(simplify)));
  }

  /** Runs the logical optimizer and physical planning. */
  public Planned optimize(RelNode logical, Set<String> disabledBatches) {
    optimizations++;
    OptimizerTrace trace = new OptimizerTrace();
    RelNode optimized = keepNames(optimizer.optimize(normalizeValues(logical), disabledBatches, trace),
        logical.getRowType().getFieldNames());
    PhysicalNode physical = new PhysicalPlanner().plan(optimized);
    return new Planned(logical, optimized, physical, trace);
  }

  /**
   * Rewrites approximate literals in VALUES to hold a Double. SqlToRelConverter leaves some as
   * BigDecimal (a decimal literal cast to DOUBLE), and Calcite's predicate metadata fails when
   * one column mixes the two.
   */
  private RelNode normalizeValues(RelNode plan) {
    RexBuilder rexBuilder = cluster.getRexBuilder();
    return plan.accept(new org.apache.calcite.rel.RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other);
        if (!(visited instanceof org.apache.calcite.rel.logical.LogicalValues)) {
          return visited;
        }
        org.apache.calcite.rel.logical.LogicalValues values = (org.apache.calcite.rel.logical.LogicalValues) visited;
        com.google.common.collect.ImmutableList.Builder<com.google.common.collect.ImmutableList<
            org.apache.calcite.rex.RexLiteral>> tuples = com.google.common.collect.ImmutableList.builder();
        boolean changed = false;
        for (List<org.apache.calcite.rex.RexLiteral> tuple : values.getTuples()) {
          com.google.common.collect.ImmutableList.Builder<org.apache.calcite.rex.RexLiteral> row =
              com.google.common.collect.ImmutableList.builder();
          for (int c = 0; c < tuple.size(); c++) {
            org.apache.calcite.rex.RexLiteral literal = tuple.get(c);
            RelDataType columnType = values.getRowType().getFieldList().get(c).getType();
            org.apache.calcite.rex.RexLiteral normalized = normalize(rexBuilder, literal, columnType);
            changed |= normalized != literal;
            row.add(normalized);
          }
          tuples.add(row.build());
        }
        return changed ? org.apache.calcite.rel.logical.LogicalValues.create(values.getCluster(), values.getRowType(),
            tuples.build()) : values;
      }
    });
  }

  /**
   * The plan with the query's output names: pruning drops projections that only rename, so the
   * names come back as a rename merged into the top program.
   */
  private static RelNode keepNames(RelNode plan, List<String> names) {
    if (plan.getRowType().getFieldNames().equals(names)) {
      return plan;
    }
    RelNode renamed = org.apache.calcite.tools.RelBuilder.proto(org.apache.calcite.plan.Contexts.empty())
        .create(plan.getCluster(), null).push(plan).rename(names).build();
    HepPlanner merge = new HepPlanner(new org.apache.calcite.plan.hep.HepProgramBuilder()
        .addRuleInstance(CalciteRules.PROJECT_TO_CALC.rule())
        .addRuleInstance(CalciteRules.CALC_MERGE.rule()).build());
    merge.setRoot(renamed);
    return merge.findBestExp();
  }

  /** A numeric literal of another type than its VALUES column, remade with the column's type. */
  private static org.apache.calcite.rex.RexLiteral normalize(RexBuilder rexBuilder,
      org.apache.calcite.rex.RexLiteral literal, RelDataType columnType) {
    if (literal.isNull() || literal.getType().getSqlTypeName() == columnType.getSqlTypeName()
        && literal.getValue() instanceof Double == org.apache.calcite.sql.type.SqlTypeUtil.isApproximateNumeric(columnType)) {
      return literal;
    }
    if (org.apache.calcite.sql.type.SqlTypeUtil.isApproximateNumeric(columnType)
        && org.apache.calcite.sql.type.SqlTypeUtil.isNumeric(literal.getType())) {
      return rexBuilder.makeApproxLiteral(literal.getValueAs(Double.class), columnType);
    }
    return literal;
  }

  /** How many plans this planner has optimized, so a test can see a plan cache save the work. */
  public long optimizations() {
    return optimizations;
  }

  /** The stages of one query's plan, for execution and EXPLAIN. */
  public record Planned(RelNode analyzed, RelNode optimized, PhysicalNode physical, OptimizerTrace trace) {}

  private RelRoot expandView(String queryString, List<String> viewPath, CalciteCatalogReader reader) {
    String viewName = viewPath.isEmpty() ? "?" : viewPath.get(viewPath.size() - 1);
    try {
      SqlNode parsed = CalciteSql.parseQuery(new SqlSpan(queryString, 1, 1, 0));
      SessionPartitions.rewrite(parsed);
      LongInLists.rewrite(parsed);
      SqlValidator validator = newValidator(reader);
      SqlNode validated = validator.validate(parsed);
      RelRoot root = newConverter(validator, reader).convertQuery(validated, true, false);
      return root.withRel(WindowTime.expand(root.rel));
    } catch (CalciteContextException | SqlParseError e) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR,
          "View '" + viewName + "' no longer works: " + e.getMessage()
              + ". Recreate it with CREATE OR REPLACE VIEW.");
    }
  }

  private CalciteCatalogReader newCatalogReader() {
    CalciteSchema root = CalciteSchema.createRootSchema(false, false, "", CatalogSchema.snapshot(catalog, statisticsReadable));
    Properties properties = new Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    return new IndexedFieldsCatalogReader(root, typeFactory, new CalciteConnectionConfigImpl(properties));
  }

  /** Calcite's catalog reader (default schema the root), looking fields up by {@link FieldIndexNameMatcher}. */
  private static final class IndexedFieldsCatalogReader extends CalciteCatalogReader {
    IndexedFieldsCatalogReader(CalciteSchema root, JavaTypeFactoryImpl typeFactory,
        CalciteConnectionConfigImpl config) {
      super(root, new FieldIndexNameMatcher(), List.of(List.of(), List.of()), typeFactory, config);
    }
  }

  private SqlValidator newValidator(CalciteCatalogReader reader) {
    return new SluiceValidator(SqlOperatorTables.chain(SluiceOperatorTable.instance(), reader), reader, typeFactory,
        SqlValidator.Config.DEFAULT
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierExpansion(true)
            .withDefaultNullCollation(NullCollation.HIGH)
            .withTypeCoercionEnabled(true)
            .withTypeCoercionFactory(SluiceTypeCoercion::new));
  }

  private static final Pattern OBJECT_NOT_FOUND = Pattern.compile("Object '([^']*)' not found.*");
  private static final Pattern COLUMN_NOT_FOUND = Pattern.compile("Column '([^']*)' not found in any table");
  private static final Pattern COLUMN_NOT_IN_TABLE =
      Pattern.compile("Column '([^']*)' not found in table '([^']*)'");
  private static final Pattern NO_FUNCTION =
      Pattern.compile("No match found for function signature ([^(]*)\\((.*)\\)");

  /** Calcite's validation error as ours: the code, a clearer message with a hint, the position. */
  private SluiceException validationError(CalciteContextException e, PositionMap positions, SqlNode query) {
    String message = e.getCause() != null ? e.getCause().getMessage() : e.getMessage();
    ErrorCode code = ErrorCode.VALIDATION_ERROR;
    Matcher m;
    if (e.getCause() instanceof ArgumentException) {
      code = ((ArgumentException) e.getCause()).code();
    } else if ((m = OBJECT_NOT_FOUND.matcher(message)).matches()) {
      code = ErrorCode.UNKNOWN_TABLE;
      message = "Table '" + m.group(1) + "' not found." + NameMatcher.hint(m.group(1), catalog.names());
    } else if ((m = COLUMN_NOT_FOUND.matcher(message)).matches()) {
      code = ErrorCode.UNKNOWN_COLUMN;
      List<String> candidates = allColumnNames();
      candidates.addAll(namesIn(query));
      candidates.remove(m.group(1));
      message = "Column '" + m.group(1) + "' not found." + NameMatcher.hint(m.group(1), candidates);
    } else if ((m = COLUMN_NOT_IN_TABLE.matcher(message)).matches()) {
      code = ErrorCode.UNKNOWN_COLUMN;
      Catalog.Entry entry = catalog.find(m.group(2));
      List<String> candidates = entry == null ? allColumnNames() : entry.definition().schema().names();
      message = "Column '" + m.group(1) + "' not found in table '" + m.group(2) + "'."
          + NameMatcher.hint(m.group(1), candidates);
    } else if (message.startsWith("Numeric literal")) {
      code = ErrorCode.NUMERIC_OVERFLOW;
    } else if (message.startsWith("Cannot apply '") || message.contains("Cannot infer return type")
        || message.startsWith("Type mismatch")) {
      code = ErrorCode.TYPE_MISMATCH;
    } else if ((m = NO_FUNCTION.matcher(message)).matches()) {
      code = ErrorCode.UNKNOWN_FUNCTION;
      String name = m.group(1);
      Set<String> known = new TreeSet<>();
      for (SqlOperator op : SluiceOperatorTable.instance().getOperatorList()) {
        known.add(op.getName());
      }
      boolean exists = known.contains(name.toUpperCase(java.util.Locale.ROOT));
      message = exists
          ? "Function " + name + " cannot take arguments (" + m.group(2).replace("<", "").replace(">", "") + ")"
          : "Function '" + name + "' not found." + NameMatcher.hint(name, known);
    }
    int line = e.getPosLine();
    int column = e.getPosColumn();
    if (line > 0) {
      int[] mapped = positions.map(line, column);
      return new SluiceException(code, message, mapped[0], mapped[1], null);
    }
    return new SluiceException(code, message);
  }

  /** Simple names written in the query (aliases, column lists), as hint candidates. */
  private static List<String> namesIn(SqlNode query) {
    List<String> names = new ArrayList<>();
    query.accept(new org.apache.calcite.sql.util.SqlShuttle() {
      @Override
      public SqlNode visit(org.apache.calcite.sql.SqlIdentifier id) {
        if (!id.isStar()) {
          names.add(id.names.get(id.names.size() - 1));
        }
        return id;
      }
    });
    return names;
  }

  private List<String> allColumnNames() {
    List<String> names = new ArrayList<>();
    for (Catalog.Entry e : catalog.entries()) {
      TableSchema schema = e.definition().schema();
      names.addAll(schema.names());
    }
    return names;
  }
}
