package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.spill.SpillReader;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.runtime.spill.SpillWriter;
import java.nio.file.Path;
import java.util.List;

/**
 * Rows split by the hash of their key columns into {@link #FANOUT} spill files, so that rows with
 * equal keys land in the same file: the partitions of a grace hash aggregation or join. Each
 * level of partitioning hashes with its own seed, so the rows of one partition spread again over
 * the partitions of the next level.
 */
final class SpillPartitions implements AutoCloseable {
  /** Files per level of partitioning. */
  static final int FANOUT = 16;
  private static final int FANOUT_BITS = 4;

  private final List<DataType> types;
  private final int[] keys;
  private final PhysicalKind[] keyKinds;
  private final int seed;
  private final SpillWriter[] writers = new SpillWriter[FANOUT];
  private final Path[] files = new Path[FANOUT];
  private final long[] rows = new long[FANOUT];
  private int[] hashes = new int[0];
  private int[] byPartition = new int[0];
  private final int[] starts = new int[FANOUT + 1];
  private final int[] next = new int[FANOUT];

  /**
   * @param kind what the files hold, in their names
   * @param level the depth of partitioning, from 0: chooses the hash seed
   */
  SpillPartitions(SpillSpace space, String kind, List<DataType> types, int[] keys, int level) {
    this.types = List.copyOf(types);
    this.keys = keys.clone();
    keyKinds = new PhysicalKind[keys.length];
    for (int i = 0; i < keys.length; i++) {
      keyKinds[i] = types.get(keys[i]).physical();
    }
    seed = 0x9E3779B9 * (level + 1);
    try {
      for (int p = 0; p < FANOUT; p++) {
        writers[p] = new SpillWriter(space, kind + "-" + level + "-" + p, types);
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  /** Writes the selected rows of {@code batch}, each to the file of its keys' partition. */
  void add(Batch batch) {
    int n = batch.rowCount();
    if (n == 0) {
      return;
    }
    hashes = Vectors.grow(hashes, n);
    byPartition = Vectors.grow(byPartition, n);
    KeyTable.hashKeys(batch, keys, keyKinds, n, hashes);
    java.util.Arrays.fill(starts, 0);
    for (int k = 0; k < n; k++) {
      int p = partition(hashes[k]);
      hashes[k] = p;
      starts[p + 1]++;
    }
    for (int p = 0; p < FANOUT; p++) {
      starts[p + 1] += starts[p];
      next[p] = starts[p];
    }
    for (int k = 0; k < n; k++) {
      byPartition[next[hashes[k]]++] = batch.row(k);
    }
    for (int p = 0; p < FANOUT; p++) {
      int count = starts[p + 1] - starts[p];
      if (count > 0) {
        writers[p].write(batch, byPartition, starts[p], count);
        rows[p] += count;
      }
    }
  }

  private int partition(int hash) {
    int h = hash ^ seed;
    h ^= h >>> 16;
    h *= 0x85EBCA6B;
    h ^= h >>> 13;
    h *= 0xC2B2AE35;
    h ^= h >>> 16;
    return h >>> (32 - FANOUT_BITS);
  }

  /** Ends every file: from now on {@link #open} reads them. */
  void finish() {
    for (int p = 0; p < FANOUT; p++) {
      files[p] = writers[p].finish();
    }
  }

  /** Rows written to partition {@code p}. */
  long rows(int p) {
    return rows[p];
  }

  /** A reader of partition {@code p} after {@link #finish}; closing it deletes the file. */
  SpillReader open(int p) {
    return new SpillReader(files[p], types);
  }

  /** Deletes the files not read yet. */
  @Override
  public void close() {
    for (int p = 0; p < FANOUT; p++) {
      if (writers[p] != null) {
        writers[p].close();
        if (files[p] != null) {
          try {
            java.nio.file.Files.deleteIfExists(files[p]);
          } catch (java.io.IOException e) {
            // the space deletes its folder when the query ends
          }
        }
      }
    }
  }
}
