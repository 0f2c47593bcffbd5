package io.sluice.optimizer.rules;

import io.sluice.optimizer.schema.SluiceTableScan;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;

/**
 * Folds a projection of plain columns into the scan below it, so the scan reads only those
 * columns, in that order. Projections that compute anything stay where they are.
 */
public final class PruneScanColumnsRule extends RelOptRule {
  public static final PruneScanColumnsRule INSTANCE = new PruneScanColumnsRule();

  @SuppressWarnings("deprecation")
  private PruneScanColumnsRule() {
    super(operand(Project.class, operand(SluiceTableScan.class, none())), "PruneScanColumnsRule");
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    Project project = call.rel(0);
    SluiceTableScan scan = call.rel(1);
    List<RexNode> projects = project.getProjects();
    int[] positions = new int[projects.size()];
    for (int i = 0; i < positions.length; i++) {
      if (!(projects.get(i) instanceof RexInputRef)) {
        return;
      }
      positions[i] = ((RexInputRef) projects.get(i)).getIndex();
    }
    RelNode narrowed = scan.narrow(positions);
    if (!narrowed.getRowType().getFieldNames().equals(project.getRowType().getFieldNames())) {
      // keep the projection's names (aliases) by projecting the narrowed scan one-to-one
      narrowed = call.builder().push(narrowed).rename(project.getRowType().getFieldNames()).build();
    }
    call.transformTo(narrowed);
  }
}
