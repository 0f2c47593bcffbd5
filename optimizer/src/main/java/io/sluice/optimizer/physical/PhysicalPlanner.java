package io.sluice.optimizer.physical;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.optimizer.analysis.TypeMapping;
import io.sluice.optimizer.schema.SluiceTableScan;
import io.sluice.optimizer.rules.PushFilterIntoScanRule;
import io.sluice.optimizer.rules.ScanPredicates;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Calc;
import org.apache.calcite.rel.core.Filter;
import org.apache.calcite.rel.core.Intersect;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.core.Minus;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Sort;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.core.Union;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.core.Window;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexLocalRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexProgram;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.NlsString;

/**
 * Maps an optimized logical plan onto Sluice's physical operators, choosing join strategy and
 * build side from the estimated row counts of each side.
 */
public final class PhysicalPlanner {

  public PhysicalNode plan(RelNode rel) {
    RelMetadataQuery mq = rel.getCluster().getMetadataQuery();
    return convert(rel, mq);
  }

  private PhysicalNode convert(RelNode rel, RelMetadataQuery mq) {
    if (rel instanceof Values) {
      // knows its rows exactly; asking Calcite's metadata for them would compile its row-count
      // handler, a good part of the start-up of a short command such as `SELECT 1`
      List<List<RexLiteral>> tuples = new ArrayList<>();
      for (List<RexLiteral> t : ((Values) rel).getTuples()) {
        tuples.add(t);
      }
      return new PhysicalValues(tuples, rel.getRowType());
    }
    double rows = rowCount(rel, mq);
    if (rel instanceof SluiceTableScan) {
      SluiceTableScan scan = (SluiceTableScan) rel;
      ScanPredicates pushed = ScanPredicates.of(scan);
      return new PhysicalScan(scan.catalogTable().entry().name(), scan.connectorTable(), scan.columns(),
          pushed.predicates(), pushed.withParameters(), rel.getRowType(), rows);
    }
    if (rel instanceof Calc) {
      Calc calc = (Calc) rel;
      RexProgram program = calc.getProgram();
      RexNode condition = program.getCondition() == null ? null : program.expandLocalRef(program.getCondition());
      List<RexNode> projects = new ArrayList<>();
      for (RexLocalRef ref : program.getProjectList()) {
        projects.add(program.expandLocalRef(ref));
      }
      return new PhysicalFilterProject(convert(calc.getInput(), mq), condition, projects, rel.getRowType(), rows);
    }
    if (rel instanceof Filter) {
      Filter filter = (Filter) rel;
      return new PhysicalFilterProject(convert(filter.getInput(), mq), filter.getCondition(),
          identity(filter.getInput().getRowType()), rel.getRowType(), rows);
    }
    if (rel instanceof Project) {
      Project project = (Project) rel;
      return new PhysicalFilterProject(convert(project.getInput(), mq), null, project.getProjects(),
          rel.getRowType(), rows);
    }
    if (rel instanceof Aggregate) {
      Aggregate aggregate = (Aggregate) rel;
      // GROUPING SETS, ROLLUP and CUBE expand to one hash aggregate per set under a UNION ALL
      return GroupingSetsExpansion.plan(aggregate, () -> convert(aggregate.getInput(), mq), mq, rows);
    }
    if (rel instanceof Join) {
      return join((Join) rel, mq, rows);
    }
    if (rel instanceof Sort) {
      Sort sort = (Sort) rel;
      long offset = sort.offset == null ? 0 : longValue(sort.offset, "OFFSET");
      long limit = sort.fetch == null ? -1 : longValue(sort.fetch, "LIMIT");
      PhysicalNode input = convert(sort.getInput(), mq);
      if (sort.getCollation().getFieldCollations().isEmpty()) {
        return new PhysicalLimit(input, offset, limit, rel.getRowType(), rows);
      }
      return new PhysicalSort(input, sort.getCollation(), offset, limit, rel.getRowType(), rows);
    }
    if (rel instanceof Window) {
      Window window = (Window) rel;
      PhysicalNode current = convert(window.getInput(), mq);
      int base = window.getInput().getRowType().getFieldCount();
      int produced = base;
      for (Window.Group group : window.groups) {
        produced += group.aggCalls.size();
        RelDataType rowType = prefix(window.getRowType(), produced, rel);
        current = new PhysicalWindow(current, group, window.constants, base, rowType, rows);
      }
      return current;
    }
    if (rel instanceof Union) {
      Union union = (Union) rel;
      List<PhysicalNode> inputs = new ArrayList<>();
      for (RelNode input : union.getInputs()) {
        inputs.add(convert(input, mq));
      }
      if (!union.all) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "UNION DISTINCT reached physical planning");
      }
      return new PhysicalUnion(inputs, rel.getRowType(), rows);
    }
    if (rel instanceof Intersect || rel instanceof Minus) {
      SetOp setOp = (SetOp) rel;
      PhysicalSetOperation.Kind kind = rel instanceof Intersect
          ? PhysicalSetOperation.Kind.INTERSECT : PhysicalSetOperation.Kind.EXCEPT;
      PhysicalNode current = convert(setOp.getInput(0), mq);
      for (int i = 1; i < setOp.getInputs().size(); i++) {
        current = new PhysicalSetOperation(current, convert(setOp.getInput(i), mq), kind, setOp.all,
            rel.getRowType(), rows);
      }
      return current;
    }
    if (rel instanceof TableFunctionScan) {
      TableFunctionScan scan = (TableFunctionScan) rel;
      PhysicalNode input = scan.getInputs().size() == 1 ? convert(scan.getInput(0), mq) : null;
      return WindowFunctionPlanner.plan(scan, input, rows);
    }
    throw new SluiceException(ErrorCode.UNSUPPORTED,
        "This query needs an operator Sluice does not have yet: " + rel.getRelTypeName()
            + (rel.getRelTypeName().contains("Correlate")
                ? " (a correlated subquery that could not be turned into a join)" : ""));
  }

  private PhysicalNode join(Join join, RelMetadataQuery mq, double rows) {
    PhysicalNode deferred = scalarSubqueryJoin(join, mq, rows);
    if (deferred != null) {
      return deferred;
    }
    PhysicalNode left = convert(join.getLeft(), mq);
    PhysicalNode right = convert(join.getRight(), mq);
    return join(join, left, right, join.getRowType(), rows);
  }

  /**
   * A join with a decorrelated scalar subquery (an aggregate of SINGLE_VALUE calls on the right)
   * whose values are not join keys: the aggregate keeps any value plus a row count, and the
   * "more than one row" check runs on the joined rows only. Null when the join is not of that
   * form.
   */
  private PhysicalNode scalarSubqueryJoin(Join join, RelMetadataQuery mq, double rows) {
    if (!(join.getRight() instanceof Aggregate)
        || join.getJoinType() != JoinRelType.LEFT && join.getJoinType() != JoinRelType.INNER) {
      return null;
    }
    Aggregate aggregate = (Aggregate) join.getRight();
    if (aggregate.getGroupType() != Aggregate.Group.SIMPLE) {
      return null;
    }
    int leftCount = join.getLeft().getRowType().getFieldCount();
    int groupCount = aggregate.getGroupCount();
    org.apache.calcite.util.ImmutableBitSet used = RelOptUtil.InputFinder.bits(join.getCondition());
    List<AggregateCall> calls = new ArrayList<>();
    boolean any = false;
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      AggregateCall call = aggregate.getAggCallList().get(i);
      if (call.getAggregation().getKind() == SqlKind.SINGLE_VALUE) {
        if (used.get(leftCount + groupCount + i)) {
          return null; // the value decides the join: keep the eager check
        }
        any = true;
        calls.add(AggregateCall.create(org.apache.calcite.sql.fun.SqlStdOperatorTable.ANY_VALUE, false, false,
            false, List.of(), call.getArgList(), -1, null, org.apache.calcite.rel.RelCollations.EMPTY,
            call.getType(), call.getName()));
      } else if (call.getAggregation().getKind() == SqlKind.LITERAL_AGG) {
        return null;
      } else {
        calls.add(call);
      }
    }
    if (!any) {
      return null;
    }
    org.apache.calcite.rel.type.RelDataTypeFactory types = join.getCluster().getTypeFactory();
    RelDataType countType = types.createSqlType(org.apache.calcite.sql.type.SqlTypeName.BIGINT);
    calls.add(AggregateCall.create(org.apache.calcite.sql.fun.SqlStdOperatorTable.COUNT, false, false, false,
        List.of(), List.of(), -1, null, org.apache.calcite.rel.RelCollations.EMPTY, countType, "$rows"));
    RelDataType aggregateType = types.builder().addAll(aggregate.getRowType().getFieldList())
        .add("$rows", countType).uniquify().build();
    PhysicalNode counted = new PhysicalHashAggregate(convert(aggregate.getInput(), mq),
        aggregate.getGroupSet().toArray(), calls, aggregateType, rowCount(aggregate, mq));
    RelDataType joinedType = types.builder().addAll(join.getRowType().getFieldList())
        .add("$rows", types.createTypeWithNullability(countType, join.getJoinType() == JoinRelType.LEFT))
        .uniquify().build();
    PhysicalNode joined = join(join, convert(join.getLeft(), mq), counted, joinedType, rows);
    return new PhysicalAssertSingleValue(joined, join.getRowType(), rows);
  }

  private PhysicalNode join(Join join, PhysicalNode left, PhysicalNode right, RelDataType outputType,
      double rows) {
    // IS NOT DISTINCT FROM stays in the residual: hash keys never match NULLs
    JoinInfo info = JoinInfo.createWithStrictEquality(join.getLeft(), join.getRight(), join.getCondition());
    List<Integer> leftKeys = new ArrayList<>();
    List<Integer> rightKeys = new ArrayList<>();
    List<RexNode> residual = new ArrayList<>(info.nonEquiConditions);
    List<RelDataType> leftTypes = RelOptUtil.getFieldTypeList(join.getLeft().getRowType());
    List<RelDataType> rightTypes = RelOptUtil.getFieldTypeList(join.getRight().getRowType());
    int leftCount = leftTypes.size();
    for (int i = 0; i < info.leftKeys.size(); i++) {
      int l = info.leftKeys.get(i);
      int r = info.rightKeys.get(i);
      if (hashCompatible(TypeMapping.toDataType(leftTypes.get(l)), TypeMapping.toDataType(rightTypes.get(r)))) {
        leftKeys.add(l);
        rightKeys.add(r);
      } else {
        residual.add(join.getCluster().getRexBuilder().makeCall(
            org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
            new RexInputRef(l, leftTypes.get(l)), new RexInputRef(leftCount + r, rightTypes.get(r))));
      }
    }
    RexNode residualCondition = residual.isEmpty() ? null
        : RexUtil.composeConjunction(join.getCluster().getRexBuilder(), residual);
    JoinRelType type = join.getJoinType();
    RelDataType pairType = join.getCluster().getTypeFactory().builder()
        .addAll(left.rowType().getFieldList())
        .addAll(right.rowType().getFieldList())
        .uniquify().build();
    if (leftKeys.isEmpty()) {
      return new PhysicalNestedLoopJoin(left, right, type, residualCondition, pairType, outputType, rows);
    }
    PhysicalHashJoin lookup = indexLookupJoin(left, right, type, leftKeys, rightKeys, residualCondition, pairType,
        outputType, rows);
    if (lookup != null) {
      return lookup;
    }
    // the smaller side builds: the hash table is the memory and the random access. A SEMI or ANTI
    // join too: built on its left, it marks the left rows the right ones match and emits them at
    // the end (TPC-H q21's EXISTS over all 6 M line items probes the few thousand of one nation)
    PhysicalHashJoin.BuildSide build =
        left.rows() < right.rows() ? PhysicalHashJoin.BuildSide.LEFT : PhysicalHashJoin.BuildSide.RIGHT;
    return new PhysicalHashJoin(left, right, type, toArray(leftKeys), toArray(rightKeys), residualCondition, build,
        pairType, outputType, rows);
  }

  /**
   * A hash join whose build side, a scan of a table with an index on one of the keys, is read by
   * the keys of a probe side expected to be small ({@link IndexLookupJoinPlanner}), or null.
   */
  private static PhysicalHashJoin indexLookupJoin(PhysicalNode left, PhysicalNode right, JoinRelType type,
      List<Integer> leftKeys, List<Integer> rightKeys, RexNode residual, RelDataType pairType, RelDataType outputType,
      double rows) {
    int[] l = toArray(leftKeys);
    int[] r = toArray(rightKeys);
    if (type == JoinRelType.INNER || type == JoinRelType.LEFT) {
      PhysicalHashJoin.IndexLookup lookup = IndexLookupJoinPlanner.lookup(left, l, right, r);
      if (lookup != null) {
        return new PhysicalHashJoin(left, right, type, l, r, residual, PhysicalHashJoin.BuildSide.RIGHT, lookup,
            pairType, outputType, rows);
      }
    }
    if (type == JoinRelType.INNER || type == JoinRelType.RIGHT) {
      PhysicalHashJoin.IndexLookup lookup = IndexLookupJoinPlanner.lookup(right, r, left, l);
      if (lookup != null) {
        return new PhysicalHashJoin(left, right, type, l, r, residual, PhysicalHashJoin.BuildSide.LEFT, lookup,
            pairType, outputType, rows);
      }
    }
    return null;
  }

  /** Keys hash together only when their internal forms agree. */
  private static boolean hashCompatible(DataType a, DataType b) {
    if (a.physical() != b.physical()) {
      return false;
    }
    if (a.kind() == TypeKind.DECIMAL || b.kind() == TypeKind.DECIMAL) {
      return a.kind() == b.kind() && a.scale() == b.scale();
    }
    return true;
  }

  private static int[] toArray(List<Integer> list) {
    int[] a = new int[list.size()];
    for (int i = 0; i < a.length; i++) {
      a[i] = list.get(i);
    }
    return a;
  }

  private static List<RexNode> identity(RelDataType rowType) {
    List<RexNode> refs = new ArrayList<>();
    for (int i = 0; i < rowType.getFieldCount(); i++) {
      refs.add(new RexInputRef(i, rowType.getFieldList().get(i).getType()));
    }
    return refs;
  }

  private static RelDataType prefix(RelDataType rowType, int count, RelNode rel) {
    org.apache.calcite.rel.type.RelDataTypeFactory.Builder builder = rel.getCluster().getTypeFactory().builder();
    for (int i = 0; i < count; i++) {
      builder.add(rowType.getFieldList().get(i));
    }
    return builder.build();
  }

  private static double rowCount(RelNode rel, RelMetadataQuery mq) {
    Double rows = mq.getRowCount(rel);
    return rows == null ? Double.NaN : rows;
  }

  private static long longValue(RexNode node, String what) {
    if (node instanceof RexLiteral) {
      Long value = ((RexLiteral) node).getValueAs(Long.class);
      if (value != null && value >= 0) {
        return value;
      }
    }
    throw new SluiceException(ErrorCode.INVALID_ARGUMENT, what + " must be a non-negative integer constant, not " + node);
  }

}
