package io.sluice.optimizer.rules;

import io.sluice.optimizer.schema.SluiceTableScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptRuleCall;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepRelVertex;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.Project;
import org.apache.calcite.rel.core.TableFunctionScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Lets the scan under a window table function (TUMBLE, HOP, CUMULATE, SESSION) read only the
 * columns the query uses. A window function passes every input column through, so projection
 * pruning stops at it and the scan reads them all; this rule looks at what the aggregation or
 * projection above the window function uses, narrows the scan below to those columns and the
 * columns its DESCRIPTORs name (the time column, and a session's keys), and feeds the window
 * function constants (NULL, or zero for a NOT NULL column) in the place of the others. The window
 * function's row type, and so every operator above it, stays as it was. For SESSION over a stream
 * this also keeps the unused columns out of the rows its open sessions hold.
 */
public final class PruneWindowInputColumnsRule extends RelOptRule {
  public static final PruneWindowInputColumnsRule AGGREGATE = new PruneWindowInputColumnsRule(Aggregate.class,
      "PruneWindowInputColumnsRule(Aggregate)");
  public static final PruneWindowInputColumnsRule PROJECT = new PruneWindowInputColumnsRule(Project.class,
      "PruneWindowInputColumnsRule(Project)");

  @SuppressWarnings("deprecation")
  private PruneWindowInputColumnsRule(Class<? extends RelNode> parent, String description) {
    super(operand(parent, operand(TableFunctionScan.class, any())), description);
  }

  @Override
  public void onMatch(RelOptRuleCall call) {
    RelNode parent = call.rel(0);
    TableFunctionScan window = call.rel(1);
    if (window.getInputs().size() != 1 || !isWindowFunction(window)) {
      return;
    }
    RelNode input = unwrap(window.getInput(0));
    SluiceTableScan scan;
    int[] scanColumnOf; // per window input column: the scan column it is, or -1
    if (input instanceof SluiceTableScan) {
      scan = (SluiceTableScan) input;
      scanColumnOf = identity(input.getRowType().getFieldCount());
    } else if (input instanceof Project && unwrap(((Project) input).getInput()) instanceof SluiceTableScan) {
      scan = (SluiceTableScan) unwrap(((Project) input).getInput());
      List<RexNode> projects = ((Project) input).getProjects();
      scanColumnOf = new int[projects.size()];
      for (int i = 0; i < projects.size(); i++) {
        if (!(projects.get(i) instanceof RexInputRef)) {
          return; // computed columns, or constants this rule already put there
        }
        scanColumnOf[i] = ((RexInputRef) projects.get(i)).getIndex();
      }
    } else {
      return;
    }
    int inputWidth = scanColumnOf.length;
    ImmutableBitSet used = usedFields(parent);
    ImmutableBitSet.Builder needed = ImmutableBitSet.builder();
    for (int i : used) {
      if (i < inputWidth) {
        needed.set(i);
      }
    }
    needed.addAll(descriptorColumns(window));
    ImmutableBitSet keep = needed.build();
    if (keep.cardinality() == inputWidth) {
      return;
    }
    // the narrowed scan reads the kept columns' scan columns, each once
    List<Integer> scanColumns = new ArrayList<>();
    for (int i : keep) {
      if (!scanColumns.contains(scanColumnOf[i])) {
        scanColumns.add(scanColumnOf[i]);
      }
    }
    if (scanColumns.size() >= scan.getRowType().getFieldCount()) {
      return;
    }
    RelNode narrowed = scan.narrow(scanColumns.stream().mapToInt(Integer::intValue).toArray());
    RexBuilder rex = window.getCluster().getRexBuilder();
    List<RexNode> projects = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (int i = 0; i < inputWidth; i++) {
      RelDataTypeField field = input.getRowType().getFieldList().get(i);
      RelDataType type = field.getType();
      if (keep.get(i)) {
        projects.add(rex.makeInputRef(narrowed, scanColumns.indexOf(scanColumnOf[i])));
      } else {
        projects.add(type.isNullable() ? rex.makeNullLiteral(type) : rex.makeZeroLiteral(type));
      }
      names.add(field.getName());
    }
    RelNode newInput = call.builder().push(narrowed).project(projects, names, true).build();
    if (!RelOptUtil.areRowTypesEqual(newInput.getRowType(), input.getRowType(), false)) {
      return;
    }
    RelNode newWindow = window.copy(window.getTraitSet(), List.of(newInput), window.getCall(),
        window.getElementType(), window.getRowType(), window.getColumnMappings());
    call.transformTo(parent.copy(parent.getTraitSet(), List.of(newWindow)));
  }

  /** The node itself, not the planner vertex that holds it. */
  private static RelNode unwrap(RelNode node) {
    return node instanceof HepRelVertex ? ((HepRelVertex) node).getCurrentRel() : node;
  }

  private static boolean isWindowFunction(TableFunctionScan scan) {
    if (!(scan.getCall() instanceof RexCall)) {
      return false;
    }
    String name = ((RexCall) scan.getCall()).getOperator().getName();
    return name.equals("TUMBLE") || name.equals("HOP") || name.equals("CUMULATE") || name.equals("SESSION");
  }

  /** The input columns named by the call's DESCRIPTOR arguments (the time column, a session's keys). */
  private static ImmutableBitSet descriptorColumns(TableFunctionScan window) {
    ImmutableBitSet.Builder columns = ImmutableBitSet.builder();
    for (RexNode operand : ((RexCall) window.getCall()).getOperands()) {
      columns.addAll(RelOptUtil.InputFinder.bits(operand));
    }
    return columns.build();
  }

  private static ImmutableBitSet usedFields(RelNode parent) {
    if (parent instanceof Aggregate) {
      Aggregate aggregate = (Aggregate) parent;
      ImmutableBitSet.Builder used = ImmutableBitSet.builder().addAll(aggregate.getGroupSet());
      for (AggregateCall call : aggregate.getAggCallList()) {
        used.addAll(call.getArgList());
        if (call.filterArg >= 0) {
          used.set(call.filterArg);
        }
      }
      return used.build();
    }
    return RelOptUtil.InputFinder.bits(((Project) parent).getProjects(), null);
  }

  private static int[] identity(int n) {
    int[] a = new int[n];
    for (int i = 0; i < n; i++) {
      a[i] = i;
    }
    return a;
  }
}
