package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.spill.SpillReader;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;

/**
 * A bounded GROUP BY that holds at most about {@link SpillSpace#memoryLimit()} bytes of groups and
 * moves the rest of its input to disk (hybrid hash aggregation, grace style).
 *
 * <p>Rows go to a {@link HashAggregator} until its groups outgrow the limit. From then on a row
 * whose group is held is still aggregated in memory, and a row of any other group is written to
 * one of {@link SpillPartitions#FANOUT} spill files chosen by the hash of its group keys. Every
 * row of a group thus ends up in one place, so {@link #emit} writes the groups held, then
 * aggregates each file alone with a new aggregator of its own, which partitions again (with
 * another hash seed) if that file's groups are still too many. The results are those of the
 * in-memory aggregator, DISTINCT aggregates included; only the order of the groups differs.
 * Without group keys (one group) nothing is spilled, nor below {@link #MAX_LEVEL} levels.
 *
 * <p>{@link #mergingPartials Merging partials} (the final phase of a two-phase aggregation), its
 * input is rows of {@link HashAggregator#emitPartials}: group keys first, then each aggregate's
 * partial result. They are merged into the groups held, or spilled by the hash of their keys and
 * merged from their file, so a group's state is the same as if the rows had been added here.
 */
public final class SpillingHashAggregator implements AutoCloseable {
  /** Levels of partitioning at most: 16^4 partitions, beyond which one more split could not help. */
  static final int MAX_LEVEL = 4;

  private final List<DataType> inputTypes;
  private final int[] groupKeys;
  private final List<AggregateSpec> aggregates;
  private final SpillSpace space;
  private final int level;
  /** Whether the input is partial results ({@link #mergingPartials}) rather than rows. */
  private final boolean partials;
  private HashAggregator memory;
  private SpillPartitions partitions;
  private int[] held = new int[0];
  private int[] spilled = new int[0];
  private Batch view;

  public SpillingHashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      SpillSpace space) {
    this(inputTypes, groupKeys, aggregates, space, 0, false);
  }

  private SpillingHashAggregator(List<DataType> inputTypes, int[] groupKeys, List<AggregateSpec> aggregates,
      SpillSpace space, int level, boolean partials) {
    this.inputTypes = List.copyOf(inputTypes);
    this.groupKeys = groupKeys.clone();
    this.aggregates = List.copyOf(aggregates);
    this.space = space;
    this.level = level;
    this.partials = partials;
    memory = new HashAggregator(inputTypes, groupKeys, aggregates);
  }

  /**
   * An aggregation of {@code aggregates} over rows of {@code inputTypes} grouped by {@code
   * groupKeys} whose input is the partial results of aggregators of the same ({@link
   * HashAggregator#emitPartials}); the aggregates must {@link PartialResults#mergeable merge exactly}.
   */
  public static SpillingHashAggregator mergingPartials(List<DataType> inputTypes, int[] groupKeys,
      List<AggregateSpec> aggregates, SpillSpace space) {
    if (!PartialResults.mergeable(inputTypes, aggregates)) {
      throw new IllegalArgumentException("aggregates that do not merge exactly: " + aggregates);
    }
    return new SpillingHashAggregator(inputTypes, groupKeys, aggregates, space, 0, true);
  }

  /** Group key types, then aggregate result types. */
  public List<DataType> outputTypes() {
    return memory.outputTypes();
  }

  /** Whether rows went to disk. */
  public boolean spilled() {
    return partitions != null;
  }

  /** Adds the selected rows of {@code batch} (merges them, when they are partial results). */
  public void add(Batch batch) {
    if (partitions == null) {
      addHeld(batch);
      if (groupKeys.length > 0 && level < MAX_LEVEL && memory.estimatedBytes() > space.memoryLimit()) {
        partitions = partials
            ? new SpillPartitions(space, "aggregate", memory.partialTypes(), keyPositions(), level)
            : new SpillPartitions(space, "aggregate", inputTypes, groupKeys, level);
      }
      return;
    }
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    int[] ids = partials ? memory.findGroupsOfPartials(batch) : memory.findGroups(batch);
    held = Vectors.grow(held, n);
    spilled = Vectors.grow(spilled, n);
    int heldCount = 0;
    int spilledCount = 0;
    for (int k = 0; k < n; k++) {
      if (ids[k] >= 0) {
        held[heldCount++] = batch.row(k);
      } else {
        spilled[spilledCount++] = batch.row(k);
      }
    }
    if (view == null || view.columns != batch.columns) {
      view = new Batch(batch.columns, batch.size);
    }
    view.size = batch.size;
    view.kinds = batch.kinds;
    if (spilledCount > 0) {
      view.selection = spilled;
      view.selectedCount = spilledCount;
      partitions.add(view);
    }
    if (heldCount > 0) {
      view.selection = held;
      view.selectedCount = heldCount;
      addHeld(view);
    }
  }

  private void addHeld(Batch batch) {
    if (partials) {
      memory.mergePartials(batch);
    } else {
      memory.add(batch);
    }
  }

  /** Where the group keys are in a row of partial results: its first columns. */
  private int[] keyPositions() {
    int[] positions = new int[groupKeys.length];
    for (int k = 0; k < positions.length; k++) {
      positions[k] = k;
    }
    return positions;
  }

  /** Pushes one row per group: the groups held in memory, then those of each spill file in turn. */
  public void emit(BatchConsumer consumer) {
    List<DataType> spilledTypes = partials ? memory.partialTypes() : inputTypes;
    memory.emit(consumer);
    memory = null;
    if (partitions == null) {
      return;
    }
    try (SpillPartitions files = partitions) {
      files.finish();
      Batch block = Batch.allocate(spilledTypes, Batch.DEFAULT_CAPACITY);
      for (int p = 0; p < SpillPartitions.FANOUT; p++) {
        if (files.rows(p) == 0) {
          continue;
        }
        SpillingHashAggregator part = new SpillingHashAggregator(inputTypes, groupKeys, aggregates, space, level + 1,
            partials);
        try (SpillReader reader = files.open(p)) {
          while (reader.next(block)) {
            part.add(block);
          }
        }
        part.emit(consumer);
      }
    } finally {
      partitions = null;
    }
  }

  /** Deletes the spill files not read yet. */
  @Override
  public void close() {
    if (partitions != null) {
      partitions.close();
      partitions = null;
    }
  }
}
