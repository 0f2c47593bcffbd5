package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.spill.SpillReader;
import io.sluice.runtime.spill.SpillSpace;
import java.util.List;

/**
 * A bounded equi-join whose build side may outgrow memory: a {@link HashJoiner} while the build
 * side fits in {@link SpillSpace#memoryLimit()} bytes, a grace hash join once it does not.
 *
 * <p>When the build rows outgrow the limit, they (and the rest of the build input) are written to
 * {@link SpillPartitions#FANOUT} spill files by the hash of their keys, then the probe input is
 * split alike; {@link #finish} joins each pair of files with a joiner of its own, which splits
 * again with another hash seed if its build side is still too large. Rows with equal keys share a
 * partition, so every join kind (outer, SEMI, ANTI, residual conditions) gives the in-memory
 * result, in another order; rows with a NULL key land in some partition and never match, as in
 * memory. A partition whose build side stays too large after {@link #MAX_LEVEL} levels (one key
 * with very many rows) is joined in memory.
 */
public final class SpillingHashJoiner implements BuildProbeJoiner {
  /** Levels of partitioning at most. */
  static final int MAX_LEVEL = 3;

  private final JoinKind kind;
  private final List<DataType> leftTypes;
  private final List<DataType> rightTypes;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final HashJoiner.BuildSide buildSide;
  private final JoinCondition residual;
  private final SpillSpace space;
  private final int level;
  private HashJoiner joiner;
  private SpillPartitions buildFiles;
  private SpillPartitions probeFiles;

  public SpillingHashJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, HashJoiner.BuildSide buildSide, JoinCondition residual, SpillSpace space) {
    this(kind, leftTypes, rightTypes, leftKeys, rightKeys, buildSide, residual, space, 0);
  }

  private SpillingHashJoiner(JoinKind kind, List<DataType> leftTypes, List<DataType> rightTypes, int[] leftKeys,
      int[] rightKeys, HashJoiner.BuildSide buildSide, JoinCondition residual, SpillSpace space, int level) {
    this.kind = kind;
    this.leftTypes = List.copyOf(leftTypes);
    this.rightTypes = List.copyOf(rightTypes);
    this.leftKeys = leftKeys.clone();
    this.rightKeys = rightKeys.clone();
    this.buildSide = buildSide;
    this.residual = residual;
    this.space = space;
    this.level = level;
    joiner = new HashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys, buildSide, residual);
  }

  private boolean buildLeft() {
    return buildSide == HashJoiner.BuildSide.LEFT;
  }

  /** Whether rows went to disk. */
  public boolean spilled() {
    return buildFiles != null;
  }

  /** Adds the selected rows of a build-side batch. */
  public void build(Batch batch) {
    if (buildFiles != null) {
      buildFiles.add(batch);
      return;
    }
    joiner.build(batch);
    if (leftKeys.length > 0 && level < MAX_LEVEL && joiner.estimatedBytes() > space.memoryLimit()) {
      buildFiles = new SpillPartitions(space, "join-build", buildLeft() ? leftTypes : rightTypes,
          buildLeft() ? leftKeys : rightKeys, level);
      joiner.drainBuildRows(buildFiles::add);
      joiner = null;
    }
  }

  /** Ends the build phase. */
  public void finishBuild() {
    if (buildFiles == null) {
      joiner.finishBuild();
      return;
    }
    if (probeFiles == null) {
      buildFiles.finish();
      probeFiles = new SpillPartitions(space, "join-probe", buildLeft() ? rightTypes : leftTypes,
          buildLeft() ? rightKeys : leftKeys, level);
    }
  }

  /** Joins a probe-side batch, or once spilled, writes it to its partitions' files. */
  public void probe(Batch batch, BatchConsumer consumer) {
    if (probeFiles != null) {
      probeFiles.add(batch);
    } else {
      joiner.probe(batch, consumer);
    }
  }

  /** Emits what needs every probe row seen; once spilled, joins every pair of partition files. */
  public void finish(BatchConsumer consumer) {
    if (buildFiles == null) {
      joiner.finish(consumer);
      return;
    }
    finishBuild();
    try {
      probeFiles.finish();
      Batch buildBlock = Batch.allocate(buildLeft() ? leftTypes : rightTypes, Batch.DEFAULT_CAPACITY);
      Batch probeBlock = Batch.allocate(buildLeft() ? rightTypes : leftTypes, Batch.DEFAULT_CAPACITY);
      for (int p = 0; p < SpillPartitions.FANOUT; p++) {
        if (kind == JoinKind.INNER && (buildFiles.rows(p) == 0 || probeFiles.rows(p) == 0)) {
          continue;
        }
        try (SpillingHashJoiner part = new SpillingHashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys,
            buildSide, residual, space, level + 1)) {
          try (SpillReader reader = buildFiles.open(p)) {
            while (reader.next(buildBlock)) {
              part.build(buildBlock);
            }
          }
          part.finishBuild();
          try (SpillReader reader = probeFiles.open(p)) {
            while (reader.next(probeBlock)) {
              part.probe(probeBlock, consumer);
            }
          }
          part.finish(consumer);
        }
      }
    } finally {
      close();
    }
  }

  /** Deletes the spill files not read yet. */
  @Override
  public void close() {
    if (buildFiles != null) {
      buildFiles.close();
    }
    if (probeFiles != null) {
      probeFiles.close();
    }
  }
}
