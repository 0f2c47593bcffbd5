package io.sluice.optimizer.functions;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.calcite.avatica.util.TimeUnit;
import org.apache.calcite.rel.RelHomogeneousShuttle;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalTableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;
import org.apache.calcite.rex.RexSubQuery;
import org.apache.calcite.sql.SqlIntervalQualifier;
import org.apache.calcite.sql.SqlWindowTableFunction;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.type.SqlReturnTypeInference;

/**
 * The {@code window_time} column of the window table functions (TUMBLE, HOP, CUMULATE, SESSION),
 * as Flink's window TVFs give it: the window's end minus one millisecond, the last instant inside
 * the window. It is an event time: grouped by, a window aggregation emits it, and a window table
 * function downstream may window by it again (cascaded windows).
 *
 * <p>The validator sees it as a third column after {@code window_start} and {@code window_end}
 * ({@link #rowType}); the logical plan computes it as {@code window_end - INTERVAL '0.001' SECOND}
 * in a projection over the window function ({@link #expand}), so operators and the streaming
 * analysis see only the two bounds, and projection pruning drops it when the query does not read it.
 */
public final class WindowTime {
  /** The column's name. */
  public static final String COLUMN = "window_time";

  private static final Set<String> WINDOW_FUNCTIONS = Set.of("TUMBLE", "HOP", "CUMULATE", "SESSION");

  private WindowTime() {}

  /** The row type of {@code base} (input columns, window_start, window_end) with window_time after them. */
  public static SqlReturnTypeInference rowType(SqlReturnTypeInference base) {
    return binding -> {
      RelDataType bounds = base.inferReturnType(binding);
      if (bounds == null) {
        return null;
      }
      RelDataTypeFactory.Builder builder = binding.getTypeFactory().builder().addAll(bounds.getFieldList());
      RelDataTypeField end = bounds.getFieldList().get(bounds.getFieldCount() - 1);
      return builder.add(COLUMN, end.getType()).build();
    };
  }

  /**
   * {@code plan} with every window function's window_time computed by a projection over it, in
   * subqueries too (an IN or EXISTS over a window function: a window semi or anti join).
   */
  public static RelNode expand(RelNode plan) {
    return plan.accept(new RelHomogeneousShuttle() {
      @Override
      public RelNode visit(RelNode other) {
        RelNode visited = super.visit(other).accept(new RexShuttle() {
          @Override
          public RexNode visitSubQuery(RexSubQuery subQuery) {
            RexNode operands = super.visitSubQuery(subQuery);
            RexSubQuery visitedQuery = (RexSubQuery) operands;
            RelNode rel = expand(visitedQuery.rel);
            return rel == visitedQuery.rel ? visitedQuery : visitedQuery.clone(rel);
          }
        });
        return visited instanceof TableFunctionScan && hasWindowTime((TableFunctionScan) visited)
            ? expand((TableFunctionScan) visited) : visited;
      }
    });
  }

  private static boolean hasWindowTime(TableFunctionScan scan) {
    if (!(scan.getCall() instanceof RexCall)
        || !(((RexCall) scan.getCall()).getOperator() instanceof SqlWindowTableFunction)
        || !WINDOW_FUNCTIONS.contains(((RexCall) scan.getCall()).getOperator().getName())) {
      return false;
    }
    List<String> names = scan.getRowType().getFieldNames();
    return names.size() >= 3 && names.get(names.size() - 1).equals(COLUMN);
  }

  private static RelNode expand(TableFunctionScan scan) {
    RexBuilder rex = scan.getCluster().getRexBuilder();
    RelDataType withTime = scan.getRowType();
    List<RelDataTypeField> fields = withTime.getFieldList();
    RelDataType bounds = rex.getTypeFactory().createStructType(fields.subList(0, fields.size() - 1));
    RexCall call = (RexCall) scan.getCall();
    RexNode boundsCall = rex.makeCall(bounds, call.getOperator(), call.getOperands());
    RelNode window = LogicalTableFunctionScan.create(scan.getCluster(), scan.getInputs(), boundsCall,
        scan.getElementType(), bounds, scan.getColumnMappings());
    List<RexNode> projects = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < bounds.getFieldCount(); i++) {
      projects.add(rex.makeInputRef(window, i));
      names.add(bounds.getFieldNames().get(i));
    }
    RexNode end = rex.makeInputRef(window, bounds.getFieldCount() - 1);
    RexNode oneMilli = rex.makeIntervalLiteral(BigDecimal.ONE,
        new SqlIntervalQualifier(TimeUnit.SECOND, 3, null, -1, SqlParserPos.ZERO));
    projects.add(rex.makeCall(fields.get(fields.size() - 1).getType(), SqlStdOperatorTable.MINUS, List.of(end, oneMilli)));
    names.add(COLUMN);
    return LogicalProject.create(window, List.of(), projects, names, java.util.Set.of());
  }
}
