package io.sluice.runtime.kernel;

import io.sluice.runtime.state.StateIO;

/**
 * The snapshot and delta format of a {@link TopN}: its partitions' keys, sizes, emitted counts and
 * held rows as {@link TopN#writeTo} and {@link TopN#writeDelta} write them and {@link
 * TopN#readFrom} and {@link TopN#applyDelta} read them back, checked before they replace the
 * state. Kept apart from the Top-N so that the format is read in one place, beside the code that
 * ranks rows.
 */
final class TopNSnapshot {
  private TopNSnapshot() {}

  /** Writes the state as {@link TopN#writeTo} describes. */
  static void writeTo(TopN topN, java.io.DataOutput out) throws java.io.IOException {
    if (topN.changes.pending()) {
      throw new IllegalStateException("a snapshot is taken between batches");
    }
    if (topN.disk != null && topN.disk.spilled()) {
      topN.disk.writeTo(out);
      return;
    }
    if (topN.partitionTable != null) {
      topN.partitionTable.writeTo(out);
    }
    out.writeInt(topN.partitionCount);
    writePartitions(topN, out, null, topN.partitionCount);
    TimeHeap canonical = new TimeHeap();
    for (int p = 0; topN.timeColumn >= 0 && p < topN.partitionCount; p++) {
      if (topN.sizes[p] > 0) {
        canonical.push(topN.time(topN.lists[p][0]), p);
      }
    }
    canonical.writeTo(out);
    if (topN.expiry != null) {
      topN.expiry.writeTo(out);
    }
  }

  /** Writes the sizes, emitted counts and held rows of partitions {@code ids[0 .. count)}, or of the first
   * {@code count}. */
  private static void writePartitions(TopN topN, java.io.DataOutput out, int[] ids, int count)
      throws java.io.IOException {
    if (ids == null) {
      StateIO.writeArray(out, topN.sizes, count);
      StateIO.writeArray(out, topN.emittedCounts, count);
    } else {
      StateIO.writeGathered(out, topN.sizes, ids, count);
      StateIO.writeGathered(out, topN.emittedCounts, ids, count);
    }
    ColumnarRows held = new ColumnarRows(topN.inputTypes);
    for (int i = 0; i < count; i++) {
      int p = ids == null ? i : ids[i];
      for (int r = 0; r < topN.sizes[p]; r++) {
        held.appendStoredRow(topN.rows, topN.lists[p][r]);
      }
    }
    held.writeTo(out);
  }

  /** Replaces the state with one read as {@link TopN#readFrom} describes. */
  static void readFrom(TopN topN, java.io.DataInput in) throws java.io.IOException {
    if (topN.disk != null) {
      topN.disk.readFrom(in, topN.disk.cacheBytes()); // a chunk at a time, into the store when larger than the cache's share
      return;
    }
    if (topN.partitionTable != null) {
      topN.partitionTable.readFrom(in);
    }
    int count = StateIO.readCount(in, topN.partitionTable == null ? 1 : topN.partitionTable.size(),
        "a partition count");
    if (topN.partitionTable != null && count != topN.partitionTable.size()) {
      throw StateIO.corrupt(count + " partitions for " + topN.partitionTable.size() + " keys");
    }
    int[] newSizes = StateIO.readInts(in, count, "partition sizes");
    int[] newEmitted = StateIO.readInts(in, count, "emitted counts");
    ColumnarRows held = new ColumnarRows(topN.inputTypes);
    held.readFrom(in);
    checkPartitions(topN, newSizes, newEmitted, held);
    int heapCount = StateIO.readCount(in, Integer.MAX_VALUE, "a heap size");
    StateIO.readLongs(in, heapCount, "heap times");
    int[] heapIds = StateIO.readInts(in, heapCount, "heap partitions");
    if (topN.timeColumn < 0 && heapCount != 0) {
      throw StateIO.corrupt("a release heap in a changelog Top-N");
    }
    for (int i = 0; i < heapCount; i++) {
      if (heapIds[i] < 0 || heapIds[i] >= count) {
        throw StateIO.corrupt("a heap entry for partition " + heapIds[i] + " of " + count);
      }
    }
    if (topN.expiry != null) {
      topN.expiry.readFrom(in);
    }
    topN.partitionCount = 0;
    topN.lists = new int[Math.max(topN.INITIAL_PARTITIONS, count)][];
    topN.sizes = new int[topN.lists.length];
    topN.emittedCounts = new int[topN.lists.length];
    topN.changes.reset();
    topN.ensurePartitions(count);
    topN.rows = new ColumnarRows(topN.inputTypes);
    topN.comparator = new RowComparator(topN.rows, topN.order);
    topN.changes.forgetRows();
    int[] all = new int[count];
    for (int p = 0; p < count; p++) {
      all[p] = p;
    }
    install(topN, all, newSizes, newEmitted, held);
    if (topN.disk != null) {
      topN.disk.restored();
    }
  }

  /** Refuses sizes and emitted counts that do not fit N, or that do not add up to the rows read. */
  private static void checkPartitions(TopN topN, int[] newSizes, int[] newEmitted, ColumnarRows held) {
    long total = 0;
    for (int p = 0; p < newSizes.length; p++) {
      if (newSizes[p] < 0 || newEmitted[p] < 0 || newSizes[p] + newEmitted[p] > topN.limit) {
        throw StateIO.corrupt("partition " + p + " holding " + newSizes[p] + " rows after " + newEmitted[p]
            + " emitted, for the first " + topN.limit);
      }
      total += newSizes[p];
    }
    if (total != held.size()) {
      throw StateIO.corrupt(held.size() + " rows for partitions that hold " + total);
    }
  }

  /**
   * Sets partitions {@code ids} (below the partition count) to the sizes, emitted counts and rows
   * read, appending the rows to the store; then recounts the rows held and rebuilds the heap.
   */
  private static void install(TopN topN, int[] ids, int[] newSizes, int[] newEmitted, ColumnarRows held) {
    int next = 0;
    for (int i = 0; i < ids.length; i++) {
      int p = ids[i];
      topN.sizes[p] = newSizes[i];
      topN.emittedCounts[p] = newEmitted[i];
      topN.lists[p] = newSizes[i] > 0 ? new int[newSizes[i]] : null;
      for (int r = 0; r < newSizes[i]; r++) {
        topN.lists[p][r] = topN.rows.size();
        topN.rows.appendStoredRow(held, next++);
      }
    }
    topN.liveRows = 0;
    topN.heldPartitions = 0;
    for (int p = 0; p < topN.partitionCount; p++) {
      topN.liveRows += topN.sizes[p];
      topN.heldPartitions += topN.sizes[p] > 0 ? 1 : 0;
    }
    topN.rebuildHeap();
    topN.compactIfSparse();
  }

  /** Writes the changes as {@link TopN#writeDelta} describes. */
  static void writeDelta(TopN topN, java.io.DataOutput out) throws java.io.IOException {
    if (topN.changes.pending()) {
      throw new IllegalStateException("a delta is taken between batches");
    }
    if (topN.disk != null && topN.disk.spilled()) {
      topN.disk.writeDelta(out);
      return;
    }
    topN.deltaChanges.writeTo(out, topN.partitionCount);
    if (topN.partitionTable != null) {
      topN.deltaChanges.writeAddedKeys(out, topN.partitionTable);
    }
    int[] ids = topN.deltaChanges.touchedIds();
    StateIO.writeArray(out, ids, ids.length);
    writePartitions(topN, out, ids, ids.length);
    if (topN.expiry != null) {
      topN.expiry.writeDelta(out, ids);
    }
  }

  /** Applies a delta as {@link TopN#applyDelta} describes. */
  static void applyDelta(TopN topN, java.io.DataInput in) throws java.io.IOException {
    if (topN.disk != null && topN.disk.spilled()) {
      topN.disk.applyStoredDelta(in); // into the store, the heap holding the delta
      return;
    }
    KeyChanges.Delta delta = KeyChanges.read(in, topN.partitionCount);
    int[] kept = delta.kept();
    if (kept.length < topN.partitionCount) {
      if (topN.expiry != null) {
        topN.expiry.retain(kept, kept.length);
      }
      topN.retainPartitions(kept, kept.length);
    }
    int count = topN.partitionCount + delta.added();
    if (topN.partitionTable != null) {
      KeyChanges.readAddedKeys(in, topN.partitionTable, delta);
    } else if (count > 1) {
      throw StateIO.corrupt(count + " partitions of a Top-N without partition keys");
    }
    topN.ensurePartitions(count);
    int[] ids = KeyChanges.readIds(in, count, "changed partitions");
    int[] newSizes = StateIO.readInts(in, ids.length, "partition sizes");
    int[] newEmitted = StateIO.readInts(in, ids.length, "emitted counts");
    ColumnarRows held = new ColumnarRows(topN.inputTypes);
    held.readFrom(in);
    checkPartitions(topN, newSizes, newEmitted, held);
    if (topN.expiry != null) {
      topN.expiry.applyDelta(in, ids);
    }
    install(topN, ids, newSizes, newEmitted, held);
    if (topN.disk != null) {
      topN.disk.restored();
    }
  }
}
