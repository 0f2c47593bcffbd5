package io.sluice.optimizer.stream;

import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamJoin;
import java.util.List;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;

/**
 * What stream joins need of a join node (hash, nested loop, or the stream join a rule made of one):
 * type, equi-keys (none for a nested loop) and the rest of the condition over the pair row (left
 * columns then right columns).
 */
public record JoinSpec(PhysicalNode node, JoinRelType type, int[] leftKeys, int[] rightKeys, RexNode residual,
    RelDataType pairType) {

  public static JoinSpec of(PhysicalNode join) {
    if (join instanceof PhysicalHashJoin) {
      PhysicalHashJoin hash = (PhysicalHashJoin) join;
      return new JoinSpec(join, hash.joinType(), hash.leftKeys(), hash.rightKeys(), hash.residual(),
          hash.pairRowType());
    }
    if (join instanceof PhysicalNestedLoopJoin) {
      PhysicalNestedLoopJoin loop = (PhysicalNestedLoopJoin) join;
      return new JoinSpec(join, loop.joinType(), new int[0], new int[0], loop.condition(), loop.pairRowType());
    }
    if (join instanceof StreamJoin) {
      StreamJoin stream = (StreamJoin) join;
      return new JoinSpec(join, stream.joinType(), stream.leftKeys(), stream.rightKeys(), stream.residual(),
          stream.pairRowType());
    }
    throw new IllegalArgumentException("not a join: " + join.name());
  }

  public PhysicalNode left() {
    return node.input(0);
  }

  public PhysicalNode right() {
    return node.input(1);
  }

  public int leftWidth() {
    return left().rowType().getFieldCount();
  }

  /** The top-level AND terms of the residual condition; empty when there is none. */
  public List<RexNode> residualConjuncts() {
    return residual == null ? List.of() : RelOptUtil.conjunctions(residual);
  }

  /** The name of pair column {@code column} as the user wrote it (its input's column name). */
  public String columnName(int column) {
    int width = leftWidth();
    return column < width ? left().rowType().getFieldNames().get(column)
        : right().rowType().getFieldNames().get(column - width);
  }

  /**
   * Pair column {@code column} for messages: {@code a.ts} when its input reads one table or
   * stream {@code a}, else the column name and the side.
   */
  public String qualifiedName(int column) {
    int width = leftWidth();
    boolean isLeft = column < width;
    PhysicalNode side = isLeft ? left() : right();
    String name = columnName(column);
    java.util.Set<String> tables = new java.util.LinkedHashSet<>();
    scannedTables(side, tables);
    return tables.size() == 1 ? tables.iterator().next() + "." + name
        : name + " (of the " + (isLeft ? "left" : "right") + " input)";
  }

  private static void scannedTables(PhysicalNode node, java.util.Set<String> tables) {
    if (node instanceof io.sluice.optimizer.physical.PhysicalScan) {
      tables.add(((io.sluice.optimizer.physical.PhysicalScan) node).tableName());
    }
    for (PhysicalNode input : node.inputs()) {
      scannedTables(input, tables);
    }
  }

  /** The join type as SQL writes it: INNER, LEFT, RIGHT, FULL, SEMI or ANTI. */
  public String typeName() {
    return type.name();
  }
}
