package io.sluice.engine.translate;

import io.sluice.engine.exec.OperatorNode;
import io.sluice.optimizer.physical.StreamDeduplicate;

/**
 * Lowers a {@link StreamDeduplicate} to the Top-1 operator the node's decisions call for (held until
 * final, a changelog, first arrivals released by the watermark, or per window): the Top-N operator
 * and its state format, so that checkpoints of deduplications restore as they always have.
 */
final class DeduplicateTranslator {
  private DeduplicateTranslator() {}

  static OperatorNode translate(StreamDeduplicate node, PlanTranslator plan) {
    return RankTranslator.ranking(node, plan.build(node.input(0)), plan);
  }
}
