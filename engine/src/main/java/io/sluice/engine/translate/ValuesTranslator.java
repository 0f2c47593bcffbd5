package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalValues;
import io.sluice.runtime.kernel.Vectors;
import io.sluice.runtime.operator.ValuesOperator;
import java.util.List;
import org.apache.calcite.rex.RexLiteral;

/** Lowers a VALUES list: its literals are written into one batch once, here. */
final class ValuesTranslator {
  private ValuesTranslator() {}

  static OperatorNode translate(PhysicalValues node, PlanTranslator plan) {
    List<DataType> types = TypeMapping.toDataTypes(node.rowType());
    List<List<RexLiteral>> tuples = node.tuples();
    Batch batch = Batch.allocate(types, Math.max(1, tuples.size()));
    for (int r = 0; r < tuples.size(); r++) {
      for (int c = 0; c < types.size(); c++) {
        Vectors.writeInternal(batch.columns[c], r, Literals.toInternal(tuples.get(r).get(c), types.get(c)));
      }
    }
    batch.size = tuples.size();
    return OperatorNode.of(new ValuesOperator(batch), plan.ranges());
  }
}
