package io.sluice.codegen;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.generated.QueryContext;
import io.sluice.optimizer.SluiceTypeSystem;
import io.sluice.optimizer.analysis.TypeMapping;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.util.List;
import java.util.Objects;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.codehaus.commons.compiler.CompileException;

/**
 * Compiles a filter condition and projections (Calcite RexNodes over one input row type) into a
 * {@link FilterProject} class with Janino. Literal values never enter the source text: they are
 * passed to the generated constructor, so queries that differ only in literals share one class
 * through the {@link CodeCache}.
 *
 * <p>Thread-safe; one compiler (and cache) may serve all queries of an engine.
 */
public final class FilterProjectCompiler {
  /** Default number of compiled classes kept. */
  public static final int DEFAULT_CACHE_SIZE = 256;

  /**
   * What makes the NULLs and casts the generators need. Shared: a type factory and its builder are
   * stateless apart from Calcite's interned types, and making one per compilation cost more than
   * binding a prepared statement's values.
   */
  private static final RexBuilder REX_BUILDER = new RexBuilder(new JavaTypeFactoryImpl(SluiceTypeSystem.INSTANCE));

  private final CodeCache cache;

  public FilterProjectCompiler() {
    this(new CodeCache(DEFAULT_CACHE_SIZE));
  }

  public FilterProjectCompiler(CodeCache cache) {
    this.cache = Objects.requireNonNull(cache, "cache");
  }

  public CodeCache cache() {
    return cache;
  }

  /**
   * A compiled filter-project: its source, its constants, and a factory of instances. When its
   * expressions hold {@code ?} parameters, their values are constants too, which {@link #bind}
   * fills in for each run: the class is compiled once, whatever the values.
   */
  public static final class Compiled {
    private final String source;
    private final Object[] constants;
    private final Constructor<?> constructor;
    private final QueryContext context;
    /** The parameters read from the constants, and the index of each there. */
    private final RexDynamicParam[] parameters;
    private final int[] slots;
    /** When composed of pieces (see {@link ComposedFilterProject}): the condition's, or null for none. */
    private final Compiled filter;
    /** When composed: the input columns the filter reads, in the order its piece reads them. */
    private final int[] filterColumns;
    /** When composed: each output column's piece, null where the column is the input's {@code columns[i][0]}. */
    private final Compiled[] pieces;
    /** When composed: per output column, the input columns its piece reads (or the one it is). */
    private final int[][] columns;

    Compiled(String source, Object[] constants, Constructor<?> constructor, QueryContext context,
        RexDynamicParam[] parameters, int[] slots) {
      this.source = source;
      this.constants = constants;
      this.constructor = constructor;
      this.context = context;
      this.parameters = parameters;
      this.slots = slots;
      this.filter = null;
      this.filterColumns = null;
      this.pieces = null;
      this.columns = null;
    }

    /** A program composed of a filter piece (nullable) and one piece or input column per output column. */
    Compiled(Compiled filter, int[] filterColumns, Compiled[] pieces, int[][] columns, QueryContext context) {
      StringBuilder text = new StringBuilder();
      List<Object> values = new java.util.ArrayList<>();
      for (Compiled piece : allPieces(filter, pieces)) {
        text.append(piece.source);
        values.addAll(java.util.Arrays.asList(piece.constants));
      }
      this.source = text.toString();
      this.constants = values.toArray();
      this.constructor = null;
      this.context = context;
      this.parameters = NO_PARAMETERS;
      this.slots = NO_SLOTS;
      this.filter = filter;
      this.filterColumns = filterColumns;
      this.pieces = pieces;
      this.columns = columns;
    }

    private static List<Compiled> allPieces(Compiled filter, Compiled[] pieces) {
      List<Compiled> all = new java.util.ArrayList<>();
      if (filter != null) {
        all.add(filter);
      }
      for (Compiled piece : pieces) {
        if (piece != null) {
          all.add(piece);
        }
      }
      return all;
    }

    /** The generated Java source; it contains no literal from the query. */
    public String source() {
      return source;
    }

    /** The literal values, in the order the generated constructor reads them. */
    public Object[] constants() {
      return constants.clone();
    }

    /** Whether the expressions read {@code ?} parameters, whose values {@link #bind} gives before an instance is made. */
    public boolean hasParameters() {
      if (pieces != null) {
        return allPieces(filter, pieces).stream().anyMatch(Compiled::hasParameters);
      }
      return parameters.length > 0;
    }

    /**
     * This program with the values {@code values} puts in place of its parameters (each a literal,
     * as for a query with the values written in), and CURRENT_TIMESTAMP and friends from
     * {@code queryContext}. Null when a value cannot be such a constant (a NULL, or a cast that is
     * more than a string's type): then the expressions with the values bound are compiled instead.
     */
    public Compiled bind(RexShuttle values, QueryContext queryContext) {
      if (pieces != null) {
        Compiled boundFilter = filter == null ? null : filter.bind(values, queryContext);
        Compiled[] boundPieces = new Compiled[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
          boundPieces[i] = pieces[i] == null ? null : pieces[i].bind(values, queryContext);
          if (pieces[i] != null && boundPieces[i] == null) {
            return null;
          }
        }
        return filter != null && boundFilter == null ? null
            : new Compiled(boundFilter, filterColumns, boundPieces, columns, queryContext);
      }
      Object[] bound = constants.clone();
      for (int i = 0; i < parameters.length; i++) {
        Object constant = parameterConstant(parameters[i].accept(values), SourceGenerator.typeOf(parameters[i].getType()));
        if (constant == null) {
          return null;
        }
        bound[slots[i]] = constant;
      }
      return new Compiled(source, bound, constructor, queryContext, NO_PARAMETERS, NO_SLOTS);
    }

    /** A new instance using the query context given at compile time. Cheap: no compilation. */
    public FilterProject newInstance() {
      return newInstance(context);
    }

    /** A new instance whose CURRENT_TIMESTAMP and friends come from {@code queryContext}. */
    public FilterProject newInstance(QueryContext queryContext) {
      if (hasParameters()) {
        throw new IllegalStateException("The values of the parameters are not bound");
      }
      if (pieces != null) {
        FilterProject[] instances = new FilterProject[pieces.length];
        for (int i = 0; i < pieces.length; i++) {
          instances[i] = pieces[i] == null ? null : pieces[i].newInstance(queryContext);
        }
        return new ComposedFilterProject(filter == null ? null : filter.newInstance(queryContext), filterColumns,
            instances, columns);
      }
      try {
        return (FilterProject) constructor.newInstance(constants, queryContext);
      } catch (InvocationTargetException e) {
        if (e.getCause() instanceof RuntimeException) {
          throw (RuntimeException) e.getCause();
        }
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Cannot instantiate generated code", e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Cannot instantiate generated code", e);
      }
    }
  }

  private static final RexDynamicParam[] NO_PARAMETERS = new RexDynamicParam[0];
  private static final int[] NO_SLOTS = new int[0];

  /**
   * The constant of a parameter of type {@code type} whose value is {@code bound}, or null when it
   * is NULL or not a literal. A value is bound as a cast of a literal when the parameter's type is
   * nullable or a VARCHAR (a string literal is a CHAR): the literal is the value when the cast only
   * changes that.
   */
  private static Object parameterConstant(RexNode bound, DataType type) {
    RexNode value = bound;
    if (value.getKind() == SqlKind.CAST && ((RexCall) value).getOperands().get(0) instanceof RexLiteral) {
      RexLiteral operand = (RexLiteral) ((RexCall) value).getOperands().get(0);
      RelDataType target = value.getType();
      boolean sameType = SqlTypeUtil.equalSansNullability(target, operand.getType());
      boolean string = SqlTypeUtil.inCharFamily(operand.getType()) && type.kind() == TypeKind.VARCHAR
          && !operand.isNull() && (target.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED
              || operand.getValueAs(String.class).length() <= target.getPrecision());
      if (!sameType && !string) {
        return null;
      }
      value = operand;
    }
    if (!(value instanceof RexLiteral) || ((RexLiteral) value).isNull()) {
      return null;
    }
    return LiteralGenerator.constantOf((RexLiteral) value, type);
  }

  /** Compiles with a query context taken now. */
  public Compiled compile(RelDataType inputRowType, RexNode condition, List<RexNode> projects,
      RelDataType outputRowType) {
    return compile(inputRowType, condition, projects, outputRowType, QueryContext.now());
  }

  /**
   * Compiles {@code condition} (nullable: no filter) and {@code projects}, both over
   * {@code inputRowType}, producing rows of {@code outputRowType}.
   *
   * @throws SluiceException UNSUPPORTED for an expression or type not supported yet
   */
  public Compiled compile(RelDataType inputRowType, RexNode condition, List<RexNode> projects,
      RelDataType outputRowType, QueryContext context) {
    return compile(inputRowType, condition, projects, outputRowType, context, false);
  }

  /**
   * Compiles as {@link #compile(RelDataType, RexNode, List, RelDataType, QueryContext)}; with
   * {@code smallInput} (the planner expects few rows) each expression's loop is written once, not
   * also a second time for inputs without NULLs, and each expression is a class of its own
   * ({@link ComposedFilterProject}), so that another query with the same expression in another
   * SELECT list compiles nothing for it: less to compile, the same results.
   */
  public Compiled compile(RelDataType inputRowType, RexNode condition, List<RexNode> projects,
      RelDataType outputRowType, QueryContext context, boolean smallInput) {
    if (projects.size() != outputRowType.getFieldCount()) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Projection count " + projects.size()
          + " does not match the output row type " + outputRowType.getFullTypeString());
    }
    List<DataType> inputTypes = TypeMapping.toDataTypes(inputRowType);
    List<DataType> outputTypes = new java.util.ArrayList<>();
    for (org.apache.calcite.rel.type.RelDataTypeField f : outputRowType.getFieldList()) {
      outputTypes.add(SourceGenerator.typeOf(f.getType()));
    }
    NullArguments nulls = new NullArguments(REX_BUILDER);
    List<RexNode> folded = new java.util.ArrayList<>(projects.size());
    for (RexNode project : projects) {
      folded.add(project.accept(nulls));
    }
    RexNode filter = condition == null ? null : condition.accept(nulls);
    if (smallInput && computed(folded) <= MAX_PIECES) {
      return composed(inputTypes, filter, folded, outputTypes, context);
    }
    return whole(inputTypes, filter, folded, outputTypes, context, true);
  }

  /**
   * Most computed columns a small input's program compiles as classes of their own: each class
   * costs Janino a fixed start, so a SELECT list of thousands of expressions compiles faster as one
   * class of many methods.
   */
  static final int MAX_PIECES = 64;

  private static int computed(List<RexNode> projects) {
    int count = 0;
    for (RexNode project : projects) {
      if (!(project instanceof org.apache.calcite.rex.RexInputRef)) {
        count++;
      }
    }
    return count;
  }

  /**
   * One class per expression, each found in the cache by its own source: the SELECT lists of small
   * queries differ more often than their expressions do. Each piece reads only the columns its
   * expression uses, renumbered from 0, so that {@code a + b * 2} is one class over whichever
   * columns of whichever input hold a and b.
   */
  private Compiled composed(List<DataType> inputTypes, RexNode condition, List<RexNode> projects,
      List<DataType> outputTypes, QueryContext context) {
    Compiled filter = null;
    int[] filterColumns = null;
    if (condition != null && !condition.isAlwaysTrue()) {
      filterColumns = org.apache.calcite.plan.RelOptUtil.InputFinder.bits(condition).toArray();
      filter = whole(typesOf(inputTypes, filterColumns), renumbered(condition, filterColumns), List.of(), List.of(),
          context, false);
    }
    Compiled[] pieces = new Compiled[projects.size()];
    int[][] columns = new int[projects.size()][];
    for (int i = 0; i < projects.size(); i++) {
      RexNode project = projects.get(i);
      if (project instanceof org.apache.calcite.rex.RexInputRef) {
        columns[i] = new int[] {((org.apache.calcite.rex.RexInputRef) project).getIndex()};
      } else {
        columns[i] = org.apache.calcite.plan.RelOptUtil.InputFinder.bits(project).toArray();
        pieces[i] = whole(typesOf(inputTypes, columns[i]), null, List.of(renumbered(project, columns[i])),
            List.of(outputTypes.get(i)), context, false);
      }
    }
    return new Compiled(filter, filterColumns, pieces, columns, context);
  }

  private static List<DataType> typesOf(List<DataType> inputTypes, int[] columns) {
    List<DataType> types = new java.util.ArrayList<>(columns.length);
    for (int column : columns) {
      types.add(inputTypes.get(column));
    }
    return types;
  }

  /** {@code expression} reading column {@code columns[k]} as column k. */
  private static RexNode renumbered(RexNode expression, int[] columns) {
    return expression.accept(new RexShuttle() {
      @Override
      public RexNode visitInputRef(org.apache.calcite.rex.RexInputRef ref) {
        return new org.apache.calcite.rex.RexInputRef(java.util.Arrays.binarySearch(columns, ref.getIndex()),
            ref.getType());
      }
    });
  }

  /** One class for the condition and all projections; {@code noNullVariants}: loops for inputs without NULLs too. */
  private Compiled whole(List<DataType> inputTypes, RexNode condition, List<RexNode> projects,
      List<DataType> outputTypes, QueryContext context, boolean noNullVariants) {
    SourceGenerator generator = new SourceGenerator(REX_BUILDER, inputTypes, noNullVariants);
    String source = generator.generate(condition, projects, outputTypes);
    Class<?> type = cache.get(source, FilterProjectCompiler::janino);
    try {
      Constructor<?> constructor = type.getConstructor(Object[].class, QueryContext.class);
      return new Compiled(source, generator.constants().toArray(), constructor, context,
          generator.parameters().toArray(NO_PARAMETERS), generator.parameterSlots());
    } catch (NoSuchMethodException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Generated class has no constructor", e);
    }
  }

  /**
   * Replaces a call that is NULL whenever an argument is NULL, and has a NULL literal argument
   * ({@code UPPER(NULL)}), by a NULL of the call's type: the answer is known, and a NULL literal
   * has no value to pass to the functions generated code calls.
   */
  private static final class NullArguments extends org.apache.calcite.rex.RexShuttle {
    private final RexBuilder rexBuilder;

    NullArguments(RexBuilder rexBuilder) {
      this.rexBuilder = rexBuilder;
    }

    @Override
    public RexNode visitCall(org.apache.calcite.rex.RexCall call) {
      RexNode visited = super.visitCall(call);
      if (!(visited instanceof org.apache.calcite.rex.RexCall)) {
        return visited;
      }
      org.apache.calcite.rex.RexCall c = (org.apache.calcite.rex.RexCall) visited;
      if (!isStrict(c)) {
        return c;
      }
      for (RexNode operand : c.getOperands()) {
        if (operand.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL
            || operand instanceof org.apache.calcite.rex.RexLiteral && ((org.apache.calcite.rex.RexLiteral) operand).isNull()) {
          return rexBuilder.makeNullLiteral(c.getType());
        }
      }
      return c;
    }
  }

  /** Kinds whose result is not simply NULL when an argument is NULL. */
  private static final java.util.Set<org.apache.calcite.sql.SqlKind> NULL_AWARE = java.util.EnumSet.of(
      org.apache.calcite.sql.SqlKind.CASE, org.apache.calcite.sql.SqlKind.COALESCE,
      org.apache.calcite.sql.SqlKind.NULLIF, org.apache.calcite.sql.SqlKind.IS_NULL,
      org.apache.calcite.sql.SqlKind.IS_NOT_NULL, org.apache.calcite.sql.SqlKind.IS_TRUE,
      org.apache.calcite.sql.SqlKind.IS_FALSE, org.apache.calcite.sql.SqlKind.IS_NOT_TRUE,
      org.apache.calcite.sql.SqlKind.IS_NOT_FALSE, org.apache.calcite.sql.SqlKind.IS_DISTINCT_FROM,
      org.apache.calcite.sql.SqlKind.IS_NOT_DISTINCT_FROM, org.apache.calcite.sql.SqlKind.AND,
      org.apache.calcite.sql.SqlKind.OR, org.apache.calcite.sql.SqlKind.SEARCH,
      org.apache.calcite.sql.SqlKind.GREATEST, org.apache.calcite.sql.SqlKind.LEAST);

  private static boolean isStrict(org.apache.calcite.rex.RexCall call) {
    if (NULL_AWARE.contains(call.getKind())) {
      return false;
    }
    String name = call.getOperator().getName();
    // CONCAT(...) the function skips NULLs in some dialects, CONCAT_WS skips them; leave them to the generator
    return !name.equalsIgnoreCase("CONCAT") && !name.equalsIgnoreCase("CONCAT_WS");
  }

  /** Whether Janino failed because the class would pass a class file's size limits. */
  private static boolean beyondJvmLimits(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      String message = String.valueOf(t.getMessage());
      if (message.contains("past JVM limit") || message.contains("too large")) {
        return true;
      }
    }
    return false;
  }

  /** Compiles the generated classes; shared, so what Janino learns of the runtime's classes is kept. */
  private static final JaninoCompiler JANINO = new JaninoCompiler(FilterProjectCompiler.class.getClassLoader());

  private static Class<?> janino(String source) {
    try {
      return JANINO.compile(source, SourceGenerator.CLASS_NAME);
    } catch (CompileException | ClassNotFoundException | org.codehaus.commons.compiler.InternalCompilerException e) {
      if (beyondJvmLimits(e)) {
        // a class file's constant pool and a method's code are bounded by the JVM (64 K entries / bytes)
        throw new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, "The statement's expressions are too large to"
            + " compile into one class (the JVM's limit of 65,535 constants or bytes of code per method); split"
            + " long IN lists or expression lists in the SELECT list, or move an IN list to the WHERE clause", e);
      }
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Generated code does not compile: " + e.getMessage(), e);
    }
  }
}
