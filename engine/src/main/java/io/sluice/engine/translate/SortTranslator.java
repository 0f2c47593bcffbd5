package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.operator.SortOperator;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalSort;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;

/**
 * Lowers an ORDER BY (with its OFFSET and LIMIT): of a bounded input, or over a stream of a
 * complete-mode result (StreamChecker refuses any other), where each batch's whole result is sorted.
 */
final class SortTranslator {
  private SortTranslator() {}

  static OperatorNode translate(PhysicalSort node, PlanTranslator plan) {
    OperatorNode input = plan.build(node.input(0));
    return OperatorNode.of(new SortOperator(node.name(), TypeMapping.toDataTypes(node.rowType()), sortKeys(node),
        node.offset(), node.limit(), plan.spillSpace()), plan.ranges(), input);
  }

  /** The sort keys of the node's collation, with SQL's default null order where it names none. */
  private static List<SortKey> sortKeys(PhysicalSort node) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : node.collation().getFieldCollations()) {
      boolean descending = c.getDirection().isDescending();
      RelFieldCollation.NullDirection nulls = c.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
          ? c.getDirection().defaultNullDirection() : c.nullDirection;
      keys.add(new SortKey(c.getFieldIndex(), descending, nulls == RelFieldCollation.NullDirection.FIRST));
    }
    return keys;
  }
}
