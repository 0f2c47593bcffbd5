package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.WindowAssigner;
import java.util.ArrayList;
import java.util.List;

/**
 * The first phase of a window aggregation read by workers (Flink's local-global aggregation): a
 * worker gives each row of its split its windows ({@link WindowAssigner}, as the operator over the
 * scan would) and aggregates them per window and key into partial results ({@link
 * PartialAggregation}), with one more partial, each group's row count, so that the final phase
 * ({@code WindowAggregateOperator.mergingPartials}) counts the rows of a group whose window has
 * closed as one thread would count them. Groups come out in the order the split's rows first met
 * them, window by window, so that merging the splits in split order gives each window's table the
 * groups in the order one thread would have given them.
 */
public final class WindowPartialAggregation implements SplitStage {
  private final WindowAssigner assigner;
  private final PartialAggregation partial;
  /** The consumer of the batch in hand; a field, so that no object is made per batch. */
  private BatchConsumer out;
  private final BatchConsumer toPartial = this::acceptWindowed;

  private WindowPartialAggregation(WindowAssigner assigner, PartialAggregation partial) {
    this.assigner = assigner;
    this.partial = partial;
  }

  /**
   * Assigns windows with {@code assigner} (one instance per stage) and aggregates {@code specs}
   * over its output rows of {@code windowedTypes} grouped by {@code groupKeys} (the window's
   * columns among them), which must merge exactly.
   */
  public static WindowPartialAggregation of(WindowAssigner assigner, List<DataType> windowedTypes, int[] groupKeys,
      List<AggregateSpec> specs) {
    return new WindowPartialAggregation(assigner,
        PartialAggregation.ofPartialResults(windowedTypes, groupKeys, withRowCount(specs)));
  }

  /** The columns it passes on: the group keys, each aggregate's partial result, then the group's row count. */
  public static List<DataType> partialResultTypes(List<DataType> windowedTypes, int[] groupKeys,
      List<AggregateSpec> specs) {
    return PartialAggregation.partialResultTypes(windowedTypes, groupKeys, withRowCount(specs));
  }

  private static List<AggregateSpec> withRowCount(List<AggregateSpec> specs) {
    List<AggregateSpec> all = new ArrayList<>(specs);
    all.add(AggregateSpec.of(AggregateKind.COUNT_STAR, -1, DataType.of(TypeKind.BIGINT)));
    return all;
  }

  @Override
  public void accept(Batch batch, BatchConsumer out) {
    if (batch.rowCount() == 0) {
      return;
    }
    this.out = out;
    assigner.process(batch, toPartial);
  }

  private void acceptWindowed(Batch windowed) {
    partial.accept(windowed, out);
  }

  @Override
  public void finish(BatchConsumer out) {
    partial.finish(out);
  }

  @Override
  public long heldBytes() {
    return partial.heldBytes();
  }
}
