package io.sluice.optimizer.physical;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * An equi-join of bounded inputs through a hash table built on one side and probed with the
 * other. Output is the left columns then the right (left only for semi and anti joins), whichever
 * side builds.
 *
 * <p>With an {@link IndexLookup}, the build side is a scan of a table with an index on one of the
 * keys, and the probe side is small: the join reads only the table's rows whose keys the probe
 * side holds, through the index (EXPLAIN: {@code IndexLookupJoin}).
 */
public final class PhysicalHashJoin extends KeyedJoin {
  /** Which input the hash table is built from. */
  public enum BuildSide { LEFT, RIGHT }

  /**
   * How the build side, a {@link PhysicalScan}, is read by the probe side's keys: key pair
   * {@code key} (an index into the key arrays) through the index {@code index}.
   */
  public record IndexLookup(int key, String index) {}

  private final BuildSide buildSide;
  private final @Nullable IndexLookup lookup;

  public PhysicalHashJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, BuildSide buildSide, RelDataType pairRowType, RelDataType rowType, double rows) {
    this(left, right, joinType, leftKeys, rightKeys, residual, buildSide, null, pairRowType, rowType, rows);
  }

  public PhysicalHashJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, BuildSide buildSide, @Nullable IndexLookup lookup,
      RelDataType pairRowType, RelDataType rowType, double rows) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
    this.buildSide = buildSide;
    this.lookup = lookup;
  }

  /** How the build side is looked up by the probe side's keys, or null when it is read whole. */
  public @Nullable IndexLookup indexLookup() {
    return lookup;
  }

  public BuildSide buildSide() {
    return buildSide;
  }

  @Override
  public double selfCost() {
    PhysicalNode build = buildSide == BuildSide.LEFT ? input(0) : input(1);
    PhysicalNode probe = buildSide == BuildSide.LEFT ? input(1) : input(0);
    // building costs more per row than probing (hashing plus storing); a lookup builds only the
    // rows of the probe side's keys, about as many as it gives
    return (lookup != null ? Math.min(build.rows(), rows()) : build.rows()) * 2.0 + probe.rows() + rows();
  }

  @Override
  public String name() {
    return lookup != null ? "IndexLookupJoin" : "HashJoin";
  }

  @Override
  public String details() {
    String build = ", build=" + buildSide.name().toLowerCase(Locale.ROOT);
    if (lookup != null) {
      PhysicalNode table = buildSide == BuildSide.LEFT ? input(0) : input(1);
      int column = (buildSide == BuildSide.LEFT ? leftKeys() : rightKeys())[lookup.key()];
      build += " looked up by index=" + lookup.index() + " (" + table.rowType().getFieldNames().get(column) + ")";
    }
    return typeKeysAndResidual(build).toString();
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new PhysicalHashJoin(inputs.get(0), inputs.get(1), joinType(), leftKeys(), rightKeys(), residual(),
        buildSide, lookup, pairRowType(), rowType(), rows());
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public String toString() {
    return name() + Arrays.toString(leftKeys());
  }
}
