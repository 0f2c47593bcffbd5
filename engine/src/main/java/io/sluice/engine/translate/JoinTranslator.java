package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.Table;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.KeyedJoin;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.SpillingHashJoiner;
import io.sluice.runtime.operator.BoundedJoinOperator;
import io.sluice.runtime.operator.IndexLookupJoinOperator;
import io.sluice.runtime.operator.Operator;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * Lowers the two join node kinds of bounded plans: a hash join (equal keys) or a nested loop. Over
 * a stream the planner chose a stream join node instead, with its own translator
 * ({@link IntervalJoinTranslator}, {@link RegularJoinTranslator}, {@link StreamTableJoinTranslator}).
 */
final class JoinTranslator {
  private JoinTranslator() {}

  /** A bounded join's inputs, running, and its condition over the pair row (null for none). */
  private record Sides(OperatorNode left, OperatorNode right, JoinCondition condition, List<DataType> leftTypes,
      List<DataType> rightTypes, JoinKind kind) {
    /** The operator's name: {@code kind} and the join type, {@code HashJoin inner}. */
    String name(String kind) {
      return kind + " " + kind().name().toLowerCase(Locale.ROOT);
    }

    /** Runs {@code operator} over the left side, then the right one. */
    OperatorNode run(Operator operator, PlanTranslator plan) {
      return OperatorNode.of(operator, plan.ranges(), left, right);
    }

    /** Runs {@code operator} over the right side, then the left one; shows them in the query's order. */
    OperatorNode runRightFirst(Operator operator, PlanTranslator plan) {
      return OperatorNode.of(operator, plan.ranges(), List.of(right, left), List.of(left, right));
    }
  }

  static OperatorNode translate(PhysicalHashJoin node, PlanTranslator plan) {
    if (node.indexLookup() != null) {
      return indexLookup(node, plan);
    }
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.residual(), plan);
    boolean buildLeft = node.buildSide() == PhysicalHashJoin.BuildSide.LEFT;
    HashJoiner.BuildSide buildSide = buildLeft ? HashJoiner.BuildSide.LEFT : HashJoiner.BuildSide.RIGHT;
    int[] leftKeys = node.leftKeys();
    int[] rightKeys = node.rightKeys();
    SpillSpace space = plan.spillSpace();
    space.addOperator();
    Operator operator = new BoundedJoinOperator(sides.name("HashJoin"), () -> new SpillingHashJoiner(sides.kind(),
        sides.leftTypes(), sides.rightTypes(), leftKeys, rightKeys, buildSide, sides.condition(), space));
    return buildLeft ? sides.run(operator, plan) : sides.runRightFirst(operator, plan);
  }

  /**
   * An index lookup join: only the probe side runs as an input; the build side, a scan, is read by
   * the probe side's keys through the table's index ({@link IndexLookupJoinOperator}).
   */
  private static OperatorNode indexLookup(PhysicalHashJoin node, PlanTranslator plan) {
    boolean buildLeft = node.buildSide() == PhysicalHashJoin.BuildSide.LEFT;
    PhysicalScan scan = (PhysicalScan) node.input(buildLeft ? 0 : 1);
    PhysicalHashJoin.IndexLookup lookup = node.indexLookup();
    int[] probeKeys = buildLeft ? node.rightKeys() : node.leftKeys();
    int[] tableKeys = buildLeft ? node.leftKeys() : node.rightKeys();
    int keyColumn = scan.columns()[tableKeys[lookup.key()]];
    int[] columns = scan.columns();
    Table table = scan.table();
    IndexLookupJoinOperator.IndexedRows rows = new IndexLookupJoinOperator.IndexedRows() {
      @Override
      public void lookUp(List<Object> keys, BatchConsumer consumer) {
        if (!table.lookUp(keyColumn, keys, columns, consumer)) {
          scan(consumer); // the index was dropped since the plan was made: every row, as a hash join reads them
        }
      }

      @Override
      public void scan(BatchConsumer consumer) {
        table.scan(new ScanRequest(columns, List.of()), consumer);
      }
    };
    OperatorNode probe = plan.build(node.input(buildLeft ? 1 : 0));
    JoinCondition condition = residual(node, plan);
    List<DataType> leftTypes = inputTypes(node, 0);
    List<DataType> rightTypes = inputTypes(node, 1);
    JoinKind kind = JoinKinds.of(node.joinType());
    int[] leftKeys = node.leftKeys();
    int[] rightKeys = node.rightKeys();
    HashJoiner.BuildSide buildSide = buildLeft ? HashJoiner.BuildSide.LEFT : HashJoiner.BuildSide.RIGHT;
    SpillSpace space = plan.spillSpace();
    space.addOperator();
    Operator operator = new IndexLookupJoinOperator("IndexLookupJoin " + kind.name().toLowerCase(Locale.ROOT),
        () -> new SpillingHashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys, buildSide, condition, space),
        rows, probeKeys[lookup.key()], buildLeft ? rightTypes : leftTypes, IndexLookupJoinOperator.LOOKUP_ROWS);
    return OperatorNode.of(operator, plan.ranges(), probe);
  }

  static OperatorNode translate(PhysicalNestedLoopJoin node, PlanTranslator plan) {
    Sides sides = sides(node, node.joinType(), node.pairRowType(), node.condition(), plan);
    return sides.runRightFirst(new BoundedJoinOperator(sides.name("NestedLoopJoin"), () -> HashJoiner.nestedLoop(
        sides.kind(), sides.leftTypes(), sides.rightTypes(), HashJoiner.BuildSide.RIGHT, sides.condition())), plan);
  }

  /** The compiled residual condition of a keyed join over its pair row, or null when it has none. */
  static JoinCondition residual(KeyedJoin node, PlanTranslator plan) {
    return node.residual() == null ? null : plan.condition(node.pairRowType(), node.residual());
  }

  /** The column types of input {@code side} (0 left, 1 right) of a join. */
  static List<DataType> inputTypes(PhysicalNode join, int side) {
    return TypeMapping.toDataTypes(join.input(side).rowType());
  }

  private static Sides sides(PhysicalNode join, JoinRelType type, RelDataType pairType, RexNode condition,
      PlanTranslator plan) {
    OperatorNode left = plan.build(join.input(0));
    OperatorNode right = plan.build(join.input(1));
    JoinCondition compiled = condition == null ? null : plan.condition(pairType, condition);
    return new Sides(left, right, compiled, inputTypes(join, 0), inputTypes(join, 1), JoinKinds.of(type));
  }
}
