package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.runtime.operator.HashAggregateOperator;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.AggregateCall;

/**
 * Lowers an aggregation of a bounded input to a hash aggregation. Over a stream a rule has made the
 * node a stateful kind of its own ({@link GroupAggregateTranslator}, {@link WindowAggregateTranslator},
 * {@link DistinctTranslator}); all run the aggregates of {@link #aggregateSpec}.
 */
final class HashAggregateTranslator {
  private HashAggregateTranslator() {}

  static OperatorNode translate(PhysicalHashAggregate node, PlanTranslator plan) {
    if (plan.streaming(node)) {
      throw new IllegalStateException("no streaming rule chose the operator of " + node.name() + "(" + node.details()
          + ")");
    }
    List<DataType> inputTypes = inputTypes(node);
    OperatorNode input = plan.build(node.input(0));
    List<AggregateSpec> specs = aggregateSpecs(node, inputTypes);
    OperatorNode twoPhase = TwoPhaseAggregation.over(input, inputTypes, node.groupKeys(), specs, plan);
    if (twoPhase != null) {
      return twoPhase;
    }
    return OperatorNode.of(new HashAggregateOperator("HashAggregate", inputTypes, node.groupKeys(), specs,
        plan.spillSpace()), plan.ranges(), input);
  }

  /** The types of the columns an aggregation reads. */
  static List<DataType> inputTypes(PhysicalHashAggregate node) {
    return TypeMapping.toDataTypes(node.input(0).rowType());
  }

  /** What each aggregate of {@code node} computes, over input columns of {@code inputTypes}. */
  static List<AggregateSpec> aggregateSpecs(PhysicalHashAggregate node, List<DataType> inputTypes) {
    List<AggregateSpec> specs = new ArrayList<>();
    for (AggregateCall call : node.aggregates()) {
      specs.add(aggregateSpec(call, inputTypes));
    }
    return specs;
  }

  /** @throws SluiceException UNSUPPORTED for an aggregate function no accumulator computes */
  static AggregateSpec aggregateSpec(AggregateCall call, List<DataType> inputTypes) {
    DataType resultType = TypeMapping.toDataType(call.getType());
    List<Integer> args = call.getArgList();
    AggregateKind kind;
    switch (call.getAggregation().getKind()) {
      case COUNT:
        if (args.size() > 1) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "COUNT with several arguments is not supported yet");
        }
        kind = args.isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
        break;
      case SUM: kind = AggregateKind.SUM; break;
      case SUM0: kind = AggregateKind.SUM0; break;
      case AVG: kind = AggregateKind.AVG; break;
      case MIN:
        kind = resultType.kind() == TypeKind.BOOLEAN ? AggregateKind.BOOL_AND : AggregateKind.MIN;
        break;
      case MAX:
        kind = resultType.kind() == TypeKind.BOOLEAN ? AggregateKind.BOOL_OR : AggregateKind.MAX;
        break;
      case ANY_VALUE: kind = AggregateKind.ANY_VALUE; break;
      case SINGLE_VALUE: kind = AggregateKind.SINGLE_VALUE; break;
      default: {
        String name = call.getAggregation().getName();
        if (name.equalsIgnoreCase("BOOL_AND") || name.equalsIgnoreCase("EVERY")) {
          kind = AggregateKind.BOOL_AND;
        } else if (name.equalsIgnoreCase("BOOL_OR") || name.equalsIgnoreCase("SOME")) {
          kind = AggregateKind.BOOL_OR;
        } else {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "Aggregate function " + name + " is not supported yet");
        }
      }
    }
    return new AggregateSpec(kind, args.isEmpty() ? -1 : args.get(0), call.isDistinct(), call.filterArg,
        resultType);
  }}
