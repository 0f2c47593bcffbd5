package io.sluice.optimizer.physical;

import io.sluice.catalog.connector.Table;
import java.util.List;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexNode;
import org.checkerframework.checker.nullness.qual.Nullable;

/**
 * A join of a stream with bounded data: each stream row is joined with the table side's latest
 * contents when it arrives and emitted then; the table side is read again when one of its tables
 * says it changed. A stream that is a changelog passes its rows' kinds on to their joined rows.
 * Chosen by {@code io.sluice.optimizer.stream.StreamTableJoinRule}.
 */
public final class StreamTableJoin extends StreamJoin {
  private final boolean streamLeft;
  private final boolean changelogStream;
  private final List<Table> tables;

  /**
   * @param streamLeft whether the stream is the left input
   * @param changelogStream whether the stream side is a changelog, whose rows' kinds the joined rows carry
   * @param tables the tables the bounded side reads, whose versions tell when to read it again
   */
  public StreamTableJoin(PhysicalNode left, PhysicalNode right, JoinRelType joinType, int[] leftKeys,
      int[] rightKeys, @Nullable RexNode residual, RelDataType pairRowType, RelDataType rowType, double rows,
      boolean streamLeft, boolean changelogStream, List<Table> tables) {
    super(left, right, joinType, leftKeys, rightKeys, residual, pairRowType, rowType, rows);
    this.streamLeft = streamLeft;
    this.changelogStream = changelogStream;
    this.tables = List.copyOf(tables);
  }

  public boolean streamLeft() {
    return streamLeft;
  }

  public boolean changelogStream() {
    return changelogStream;
  }

  public List<Table> tables() {
    return tables;
  }

  /** The input that streams. */
  public PhysicalNode streamInput() {
    return input(streamLeft ? 0 : 1);
  }

  /** The bounded input, read whole and again when its tables change. */
  public PhysicalNode tableInput() {
    return input(streamLeft ? 1 : 0);
  }

  @Override
  public String name() {
    return "StreamTableJoin";
  }

  @Override
  protected String decisions() {
    return "stream=" + (streamLeft ? "left" : "right") + (changelogStream ? " (changelog)" : "")
        + ", table read again when it changes";
  }

  @Override
  protected PhysicalNode copy(List<PhysicalNode> inputs) {
    return new StreamTableJoin(inputs.get(0), inputs.get(1), joinType(), leftKeys(), rightKeys(), residual(),
        pairRowType(), rowType(), rows(), streamLeft, changelogStream, tables);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
