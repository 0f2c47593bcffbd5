package io.sluice.optimizer.physical;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Plans an Aggregate as hash aggregates over its grouping sets. A plain GROUP BY is one set; GROUPING
 * SETS, ROLLUP and CUBE become a UNION ALL with one branch per set, each a hash aggregate over that
 * set's keys with a projection on top that lays the row out as the Aggregate's: the keys of the whole
 * group set (NULL where the set lacks the key), then the aggregates. The input is planned once per
 * branch, so it runs once per grouping set; the plan stays a tree.
 *
 * <p>What the hash table does not compute is computed by that projection as constants of the
 * branch: LITERAL_AGG (which decorrelation adds as "a row matched" markers), and GROUPING,
 * GROUPING_ID and GROUP_ID, which depend only on the grouping set.
 */
final class GroupingSetsExpansion {
  private GroupingSetsExpansion() {}

  /**
   * The physical form of {@code aggregate}; {@code input} plans its input afresh on every call.
   * {@code rows} is the estimate for a plain aggregate; grouping sets add up the estimates of
   * their branches.
   */
  static PhysicalNode plan(Aggregate aggregate, Supplier<PhysicalNode> input, RelMetadataQuery mq, double rows) {
    if (aggregate.getGroupType() == Aggregate.Group.SIMPLE) {
      return branch(aggregate, aggregate.getGroupSet(), input.get(), rows);
    }
    List<PhysicalNode> branches = new ArrayList<>();
    double total = 0;
    for (ImmutableBitSet set : aggregate.getGroupSets()) {
      double branchRows = branchRows(aggregate, set, mq);
      total += branchRows;
      branches.add(branch(aggregate, set, input.get(), branchRows));
    }
    return new PhysicalUnion(branches, aggregate.getRowType(), total);
  }

  /** One grouping set: a hash aggregate, and a projection to the Aggregate's row when needed. */
  private static PhysicalNode branch(Aggregate aggregate, ImmutableBitSet set, PhysicalNode input, double rows) {
    RelDataTypeFactory typeFactory = aggregate.getCluster().getTypeFactory();
    RexBuilder rexBuilder = aggregate.getCluster().getRexBuilder();
    List<RelDataTypeField> fields = aggregate.getRowType().getFieldList();
    List<RelDataTypeField> inputFields = aggregate.getInput().getRowType().getFieldList();
    List<Integer> fullKeys = aggregate.getGroupSet().asList();
    int groupCount = fullKeys.size();

    RelDataTypeFactory.Builder hashType = typeFactory.builder();
    for (int i = 0; i < groupCount; i++) {
      if (set.get(fullKeys.get(i))) {
        hashType.add(fields.get(i).getName(), inputFields.get(fullKeys.get(i)).getType());
      }
    }
    List<AggregateCall> computed = new ArrayList<>();
    boolean needsProjection = !set.equals(aggregate.getGroupSet());
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      AggregateCall call = aggregate.getAggCallList().get(i);
      if (isConstantPerSet(call.getAggregation().getKind())) {
        needsProjection = true;
      } else {
        computed.add(call);
        hashType.add(fields.get(groupCount + i).getName(), call.getType());
      }
    }
    if (!needsProjection) {
      return new PhysicalHashAggregate(input, set.toArray(), computed, aggregate.getRowType(), rows);
    }
    RelDataType hashRowType = hashType.uniquify().build();
    PhysicalNode hash = new PhysicalHashAggregate(input, set.toArray(), computed, hashRowType, rows);

    List<RexNode> projects = new ArrayList<>();
    int next = 0;
    for (int i = 0; i < groupCount; i++) {
      if (set.get(fullKeys.get(i))) {
        projects.add(new RexInputRef(next, hashRowType.getFieldList().get(next).getType()));
        next++;
      } else {
        projects.add(rexBuilder.makeNullLiteral(fields.get(i).getType()));
      }
    }
    for (int i = 0; i < aggregate.getAggCallList().size(); i++) {
      AggregateCall call = aggregate.getAggCallList().get(i);
      RelDataType type = fields.get(groupCount + i).getType();
      switch (call.getAggregation().getKind()) {
        case LITERAL_AGG:
          projects.add(call.rexList.get(0));
          break;
        case GROUPING:
        case GROUPING_ID:
          projects.add(rexBuilder.makeExactLiteral(BigDecimal.valueOf(groupingBits(call.getArgList(), set)), type));
          break;
        case GROUP_ID:
          // Calcite keeps grouping sets distinct (duplicates become a union above), so every set is the first
          projects.add(rexBuilder.makeExactLiteral(BigDecimal.ZERO, type));
          break;
        default:
          projects.add(new RexInputRef(next, hashRowType.getFieldList().get(next).getType()));
          next++;
      }
    }
    return new PhysicalFilterProject(hash, null, projects, aggregate.getRowType(), rows);
  }

  private static boolean isConstantPerSet(SqlKind kind) {
    return kind == SqlKind.LITERAL_AGG || kind == SqlKind.GROUPING || kind == SqlKind.GROUPING_ID
        || kind == SqlKind.GROUP_ID;
  }

  /**
   * GROUPING(a, b, ...): one bit per argument, the first the most significant, set when the
   * argument is not a key of this grouping set (its NULL is a rolled-up total, not data).
   */
  static long groupingBits(List<Integer> arguments, ImmutableBitSet set) {
    long bits = 0;
    for (int argument : arguments) {
      bits = (bits << 1) | (set.get(argument) ? 0 : 1);
    }
    return bits;
  }

  /** Distinct values of the set's keys in the input; one row for the empty set. */
  private static double branchRows(Aggregate aggregate, ImmutableBitSet set, RelMetadataQuery mq) {
    if (set.isEmpty()) {
      return 1;
    }
    Double inputRows = mq.getRowCount(aggregate.getInput());
    Double distinct = mq.getDistinctRowCount(aggregate.getInput(), set, null);
    if (distinct == null || distinct.isNaN()) {
      // Calcite's own guess for an aggregate whose keys it knows nothing about
      distinct = inputRows == null ? null : inputRows / 10;
    }
    if (distinct == null || distinct.isNaN()) {
      return Double.NaN;
    }
    return Math.max(1, inputRows == null ? distinct : Math.min(distinct, inputRows));
  }
}
