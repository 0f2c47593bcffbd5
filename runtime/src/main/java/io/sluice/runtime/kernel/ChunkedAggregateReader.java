package io.sluice.runtime.kernel;

import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.IOException;

/**
 * Reads the full snapshot of a GROUP BY (what {@link HashAggregator#writeTo},
 * then in update mode {@link ChangelogEmitter#writeTo}, write, and {@link ChunkedAggregateWriter} too) a chunk of groups at a time, with the heap of one chunk: the format
 * writes the key columns, then each aggregate array whole, so each is first copied to a part of
 * its own ({@link SpooledParts}) and then read back in step. The disk state backend restores so
 * ({@link DiskGroups#readSnapshot}): a state larger than the heap is never all in it.
 *
 * <p>The changelog emitter's rows are read past, not kept: between batches every group's last row
 * emitted is its current result (over a changelog none for a group without rows), which the
 * groups themselves give again. Unless changes are held
 * back (a window's early firing): then each group's row emitted, if it has one, is read with it.
 */
final class ChunkedAggregateReader {
  private final HashAggregator shape;
  private final ChunkedRowsReader keys;
  /** The groups' row counts (over a changelog), or null. */
  private DataInputStream rowCounts;
  private int rowCountPart;
  /** Null unless the snapshot holds the changelog emitter's rows (update mode). */
  private final ChunkedRowsReader emitted;
  private final ColumnarRows chunk;
  /** The chunk's keys as a batch, for the aggregator's key table. */
  private final io.sluice.catalog.data.Batch chunkKeys;
  /** Per aggregate, a reader of each of its per-group arrays. */
  private final DataInputStream[][] arrays;
  private final int[][] arrayParts;
  private int groups;
  private int read;
  /** Whether the rows emitted are read with their groups (changes held back); else read past. */
  private final boolean keepsEmitted;
  /** Per group below {@link #emittedGroups}: the number of its row emitted, or -1 (when kept). */
  private DataInputStream emittedAt;
  private int emittedGroups;
  /** Rows emitted read from {@link #emitted} and not yet given to their groups, from {@link #nextEmitted}. */
  private ColumnarRows emittedRows;
  private int nextEmitted;
  private int emittedRead;
  private long peakBytes;

  /**
   * @param shape an aggregator of the shape read (its groups are not touched)
   * @param changelog whether the snapshot holds the changelog emitter's rows (update mode)
   */
  ChunkedAggregateReader(HashAggregator shape, boolean changelog, SpooledParts parts) {
    this(shape, changelog, false, parts);
  }

  /** @param keepsEmitted whether the rows emitted are read with their groups ({@link #next(HashAggregator, ChangelogEmitter)}) */
  ChunkedAggregateReader(HashAggregator shape, boolean changelog, boolean keepsEmitted, SpooledParts parts) {
    this.keepsEmitted = changelog && keepsEmitted;
    this.shape = shape;
    this.keys = new ChunkedRowsReader(shape.groupKeyRows().types(), parts);
    this.emitted = changelog ? new ChunkedRowsReader(shape.outputTypes(), parts) : null;
    this.chunk = new ColumnarRows(shape.groupKeyRows().types());
    this.chunkKeys = io.sluice.catalog.data.Batch.allocate(shape.groupKeyRows().types(), ChunkedRowsReader.CHUNK);
    this.arrays = new DataInputStream[shape.aggregates().size()][];
    this.arrayParts = new int[arrays.length][];
  }

  /**
   * Whether the groups of {@code aggregator} can be read so: its slots hold its groups ({@link HashAggregator#slotsHoldGroups}), and
   * every aggregate's per-group arrays of fixed-width values or of byte strings (a MIN or MAX of text).
   */
  static boolean reads(HashAggregator aggregator) {
    if (!aggregator.slotsHoldGroups()) {
      return false;
    }
    for (int a = 0; a < aggregator.aggregates().size(); a++) {
      for (Object array : aggregator.accumulatorState(a)) {
        if (!(array instanceof long[] || array instanceof double[] || array instanceof int[]
            || array instanceof boolean[] || array instanceof byte[][])) {
          return false;
        }
      }
    }
    return true;
  }

  /** Copies the snapshot from {@code in} to the parts; returns its number of groups. */
  int spool(DataInput in) throws IOException {
    StateIO.expect(in, HashAggregator.STATE_VERSION, "aggregate state version");
    groups = in.readInt();
    if (groups < 0) {
      throw StateIO.corrupt(groups + " groups");
    }
    int keyRows = keys.spoolRows(in);
    if (keyRows != groups) {
      throw StateIO.corrupt(keyRows + " group keys for " + groups + " groups");
    }
    if (shape.rowCounts != null) {
      rowCountPart = keys.spoolArray(in, new long[0], groups, "group row counts");
    }
    for (int a = 0; a < arrays.length; a++) {
      Object[] types = shape.accumulatorState(a);
      StateIO.expect(in, types.length, "an aggregate state of arrays");
      arrayParts[a] = new int[types.length];
      for (int i = 0; i < types.length; i++) {
        arrayParts[a][i] = keys.spoolArray(in, types[i], groups, "aggregate values");
      }
    }
    if (keepsEmitted) {
      // per group up to the last with one the number of its row emitted, then the rows
      int part = keys.spoolArrayOfAtMost(in, new int[0], groups, "emitted row positions");
      emittedGroups = keys.spooledCount();
      int rows = emitted.spoolRows(in);
      int live = in.readInt();
      if (rows != live || rows > emittedGroups) {
        throw StateIO.corrupt(rows + " emitted rows (" + live + " live) for " + emittedGroups + " groups");
      }
      emittedAt = keys.reader(part);
      emittedRows = new ColumnarRows(shape.outputTypes());
      nextEmitted = 0;
      emittedRead = 0;
    } else if (emitted != null) {
      // the emitter's rows: one per group (over a changelog, per group with rows), its result (read past)
      keys.spoolArrayOfAtMost(in, new int[0], groups, "emitted row positions");
      int rows = emitted.spoolRows(in);
      int live = in.readInt();
      if (rows != live || (shape.rowCounts == null ? rows != groups : rows > groups)) {
        throw StateIO.corrupt(rows + " emitted rows (" + live + " live) for " + groups + " groups");
      }
    }
    rowCounts = shape.rowCounts == null ? null : keys.reader(rowCountPart);
    for (int a = 0; a < arrays.length; a++) {
      arrays[a] = new DataInputStream[arrayParts[a].length];
      for (int i = 0; i < arrayParts[a].length; i++) {
        arrays[a][i] = keys.reader(arrayParts[a][i]);
      }
    }
    read = 0;
    return groups;
  }

  /**
   * Adds the next groups, up to {@link ChunkedRowsReader#CHUNK}, to {@code into} after those it
   * holds, with their aggregate values; returns how many (0 at the end).
   */
  int next(HashAggregator into) throws IOException {
    int n = keys.next(chunk);
    if (n == 0) {
      return 0;
    }
    int first = into.groupCount();
    chunkKeys.reset();
    chunk.gatherRange(0, n, chunkKeys, 0);
    chunkKeys.size = n;
    int[] ids = into.assignKeyGroups(chunkKeys);
    if (ids[0] != first || into.groupCount() != first + n) {
      throw StateIO.corrupt("a group key repeated in the snapshot, near group " + (read + 1));
    }
    if (rowCounts != null) {
      readValues(rowCounts, into.rowCounts, first, n);
      into.countGroupsWithRows(first, first + n);
    }
    for (int a = 0; a < arrays.length; a++) {
      Object[] state = into.accumulatorState(a);
      for (int i = 0; i < state.length; i++) {
        readValues(arrays[a][i], state[i], first, n);
      }
    }
    read += n;
    peakBytes = Math.max(peakBytes, keys.peakBytes() + into.estimatedBytes());
    return n;
  }

  /**
   * As {@link #next(HashAggregator)}, and gives each group read its row emitted, if it has one, in
   * {@code emitter} (numbered as in {@code into}). Only when the rows emitted are kept.
   */
  int next(HashAggregator into, ChangelogEmitter emitter) throws IOException {
    int first = into.groupCount();
    int n = next(into);
    for (int g = first; g < first + n; g++) {
      int group = read - n + g - first;
      int at = group < emittedGroups ? emittedAt.readInt() : -1;
      if (at < 0) {
        continue;
      }
      if (at != emittedRead) {
        throw StateIO.corrupt("row emitted " + at + " for group " + group + " where " + emittedRead + " was next");
      }
      if (nextEmitted == emittedRows.size()) {
        nextEmitted = 0;
        if (emitted.next(emittedRows) == 0) {
          throw StateIO.corrupt("fewer emitted rows than groups that have one");
        }
      }
      emitter.setEmitted(g, emittedRows, nextEmitted++);
      emittedRead++;
    }
    return n;
  }

  private static void readValues(DataInputStream in, Object array, int from, int n) throws IOException {
    if (array instanceof long[] values) {
      for (int g = from; g < from + n; g++) {
        values[g] = in.readLong();
      }
    } else if (array instanceof double[] values) {
      for (int g = from; g < from + n; g++) {
        values[g] = in.readDouble();
      }
    } else if (array instanceof int[] values) {
      for (int g = from; g < from + n; g++) {
        values[g] = in.readInt();
      }
    } else if (array instanceof byte[][] values) {
      for (int g = from; g < from + n; g++) {
        int length = in.readInt();
        values[g] = length < 0 ? null : new byte[length];
        if (length > 0) {
          in.readFully(values[g]);
        }
      }
    } else {
      boolean[] values = (boolean[]) array;
      for (int g = from; g < from + n; g++) {
        values[g] = in.readBoolean();
      }
    }
  }

  /** The most heap bytes a chunk took while read (its rows and the aggregator it went into). */
  long peakBytes() {
    return peakBytes;
  }
}
