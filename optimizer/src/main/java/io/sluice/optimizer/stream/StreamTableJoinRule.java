package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.Table;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.StreamTableJoin;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a join of a stream with bounded data into a {@link StreamTableJoin}: it decides which input
 * streams, whether that stream is a changelog, and which tables' versions tell when to read the
 * bounded side again.
 */
final class StreamTableJoinRule {
  private StreamTableJoinRule() {}

  /** The stream–table join {@code join} (a hash or nested-loop join) runs as, or null when it runs as another. */
  static StreamTableJoin convert(PhysicalNode join, JoinSides sides) {
    if (sides.leftStreams() == sides.rightStreams()) {
      return null;
    }
    JoinSpec spec = JoinSpec.of(join);
    boolean streamLeft = sides.leftStreams();
    List<Table> tables = new ArrayList<>();
    collectTables(streamLeft ? spec.right() : spec.left(), tables);
    return new StreamTableJoin(spec.left(), spec.right(), spec.type(), spec.leftKeys(), spec.rightKeys(),
        spec.residual(), spec.pairType(), join.rowType(), join.rows(), streamLeft,
        streamLeft ? sides.leftChangelog() : sides.rightChangelog(), tables);
  }

  private static void collectTables(PhysicalNode node, List<Table> tables) {
    if (node instanceof PhysicalScan) {
      tables.add(((PhysicalScan) node).table());
    }
    for (PhysicalNode input : node.inputs()) {
      collectTables(input, tables);
    }
  }
}
