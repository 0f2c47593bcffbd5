package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.translate.CompiledRexExecutor;
import io.sluice.engine.translate.QueryExecutor;
import io.sluice.optimizer.QueryPlanner;
import io.sluice.optimizer.TypeMapping;
import io.sluice.runtime.parallel.Parallelism;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.sqlparser.CalciteSql;
import io.sluice.sqlparser.SqlSpan;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.tools.RelBuilder;

/**
 * What the handlers share to turn statement text into plans: the session's planner and
 * executor, analysis of a query span, optimization with the session's options (after checking
 * that the session may reach every table the plan reads), and shaping rows like a table's.
 */
final class Planning {
  private final SessionContext session;
  private final QueryPlanner planner;
  private final QueryExecutor executor;

  Planning(SessionContext session) {
    this.session = session;
    this.planner = new QueryPlanner(session.catalog());
    planner.setExecutor(new CompiledRexExecutor(session.codeCache()));
    planner.setStatisticsReadable(entry -> session.externalAccess().mayReach(entry.definition()));
    this.executor = new QueryExecutor(session.codeCache(), session.catalog(), this::spillSpace,
        () -> Parallelism.of(session.options().get(Parallelism.OPTION)));
  }

  /**
   * A spill space with the session's {@code pipeline.state.memory} and {@code execution.spill-path}
   * as they are when a plan is built.
   */
  private SpillSpace spillSpace() {
    String path = session.options().get(SpillSpace.PATH_OPTION);
    if (path != null) {
      session.externalAccess().checkLocation("Option '" + SpillSpace.PATH_OPTION + "'", path);
    }
    return new SpillSpace(Paths.get(path != null ? path : System.getProperty("java.io.tmpdir")),
        Options.operatorMemory(session.options().get(SpillSpace.MEMORY_OPTION)));
  }

  QueryPlanner planner() {
    return planner;
  }

  QueryExecutor executor() {
    return executor;
  }

  /** The analysed plan of a query written in {@code span}, errors placed in the statement's text. */
  RelNode analyze(SqlSpan span) {
    return planner.analyze(CalciteSql.parseQuery(span), span::toOuterPosition).plan();
  }

  Set<String> disabledBatches() {
    return Options.disabledBatches(session.options());
  }

  /** The optimizer's plan with the session's options: see {@link #optimize(RelNode, Set)}. */
  QueryPlanner.Planned optimize(RelNode plan) {
    return optimize(plan, disabledBatches());
  }

  /**
   * The optimizer's plan, once every table the plan reads is one this session may reach: a files
   * table that another session of the database made may lie outside this one's allowed folders.
   */
  QueryPlanner.Planned optimize(RelNode plan, Set<String> disabledBatches) {
    if (!session.externalAccess().enabled()) {
      for (org.apache.calcite.plan.RelOptTable table : RelOptUtil.findAllTables(plan)) {
        List<String> name = table.getQualifiedName();
        Catalog.Entry entry = session.catalog().find(name.get(name.size() - 1));
        if (entry != null) {
          session.externalAccess().checkDefinition(entry.definition());
        }
      }
    }
    return planner.optimize(plan, disabledBatches);
  }

  /**
   * In {@code INSERT INTO t VALUES (?, ...)} a parameter has no type of its own: it takes the
   * type of the column it goes into, written as a CAST around it.
   */
  SqlNode typeValuesParameters(SqlNode query, TableSchema schema, List<String> columns) {
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
            SqlTypeUtil.convertTypeToSpec(type)));
      }
    }
    return query;
  }

  /**
   * The query's rows cast to the table's column types, in table order; columns the INSERT does
   * not list are NULL.
   */
  RelNode conform(RelNode query, TableSchema schema, List<String> columns) {
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

  /** The schema with every column nullable: what a view or CREATE TABLE AS takes from its query. */
  static TableSchema nullable(TableSchema schema) {
    List<Column> columns = new ArrayList<>();
    for (Column c : schema.columns()) {
      columns.add(new Column(c.name(), c.type().withNullable(true)));
    }
    return new TableSchema(columns);
  }
}
