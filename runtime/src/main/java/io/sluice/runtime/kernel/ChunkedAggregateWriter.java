package io.sluice.runtime.kernel;

import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the full snapshot of a GROUP BY whose groups are handed over in chunks, in group order,
 * with the heap of one chunk: byte for byte what {@link HashAggregator#writeTo} writes for an
 * aggregator holding every group, followed, in update mode, by what {@link ChangelogEmitter#writeTo}
 * writes when every group's last row emitted is its current result (between batches; over a
 * changelog a group left without rows has none, its {@code -D} sent), or, while changes are held back (a window's early firing), the rows an
 * emitter of each chunk holds. The disk state backend writes its snapshots so ({@link DiskGroups}):
 * a checkpoint is the same whichever backend wrote it, and the groups never all come into memory.
 */
final class ChunkedAggregateWriter implements AutoCloseable {
  private final SpooledParts parts;
  private final ChunkedRowsWriter keys;
  /** The part of the groups' row counts (over a changelog), or -1. */
  private final int rowCountPart;
  /** Per aggregate, the part of each of its per-group arrays. */
  private final int[][] arrayParts;
  private final Object[][] arrayTypes;
  /** Null unless in update mode. */
  private final ChunkedRowsWriter emitted;
  private final ColumnarRows emittedChunk;
  private int[] order = new int[0];
  private int groups;
  /** Groups without a row emitted (changes held back), ascending. */
  private int[] absent = new int[0];
  private int absentCount;

  /**
   * @param shape an aggregator of the shape written (its groups are not read)
   * @param changelog whether the snapshot holds the changelog emitter's rows (update mode)
   * @param folder where the parts are spooled while the snapshot is written
   */
  ChunkedAggregateWriter(HashAggregator shape, boolean changelog, Path folder) throws IOException {
    parts = new SpooledParts(folder);
    keys = new ChunkedRowsWriter(shape.groupKeyRows().types(), parts);
    rowCountPart = shape.rowCounts == null ? -1 : parts.add();
    int count = shape.aggregates().size();
    arrayParts = new int[count][];
    arrayTypes = new Object[count][];
    for (int a = 0; a < count; a++) {
      arrayTypes[a] = shape.accumulatorState(a);
      arrayParts[a] = new int[arrayTypes[a].length];
      for (int i = 0; i < arrayParts[a].length; i++) {
        arrayParts[a][i] = parts.add();
      }
    }
    emitted = changelog ? new ChunkedRowsWriter(shape.outputTypes(), parts) : null;
    emittedChunk = changelog ? new ColumnarRows(shape.outputTypes()) : null;
  }

  /** Appends every group of {@code chunk} (ids from 0), after the groups appended before. */
  void append(HashAggregator chunk) throws IOException {
    append(chunk, null);
  }

  /**
   * As above, the rows last emitted for its groups those of {@code emitted} (the chunk's group ids;
   * a group may have none), or, when null, their results.
   */
  void append(HashAggregator chunk, ChangelogEmitter emitted) throws IOException {
    int n = chunk.groupCount();
    keys.append(chunk.groupKeyRows());
    if (rowCountPart >= 0) {
      StateIO.writeElements(parts.part(rowCountPart), chunk.rowCounts, 0, n);
    }
    for (int a = 0; a < arrayParts.length; a++) {
      Object[] arrays = chunk.accumulatorState(a);
      for (int i = 0; i < arrays.length; i++) {
        StateIO.writeElements(parts.part(arrayParts[a][i]), arrays[i], 0, n);
      }
    }
    if (this.emitted != null && emitted != null) {
      emittedChunk.clear();
      for (int g = 0; g < n; g++) {
        int row = emitted.emittedRow(g);
        if (row >= 0) {
          emittedChunk.appendStoredRow(emitted.emittedRows(), row);
        } else {
          absent(groups + g);
        }
      }
      this.emitted.append(emittedChunk);
    } else if (this.emitted != null) {
      // the rows as the emitter keeps them: emitted group by group, nulls stored as zeros; over a
      // changelog only groups that hold rows have one
      order = Vectors.grow(order, n);
      int withRows = 0;
      for (int g = 0; g < n; g++) {
        if (chunk.hasRows(g)) {
          order[withRows++] = g;
        } else {
          absent(groups + g);
        }
      }
      emittedChunk.clear();
      chunk.emitGroups(order, withRows, batch -> {
        for (int row = 0; row < batch.size; row++) {
          emittedChunk.appendRow(batch, null, row);
        }
      });
      this.emitted.append(emittedChunk);
    }
    groups += n;
  }

  /** Records that group {@code g}, after those recorded, has no row emitted. */
  private void absent(int g) {
    if (absentCount == absent.length) {
      absent = java.util.Arrays.copyOf(absent, Math.max(16, 2 * absentCount));
    }
    absent[absentCount++] = g;
  }

  /** Groups appended so far. */
  int groups() {
    return groups;
  }

  /** Writes the snapshot of the groups appended. */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(HashAggregator.STATE_VERSION);
    out.writeInt(groups);
    keys.writeTo(out);
    if (rowCountPart >= 0) {
      StateIO.writeArrayHeader(out, new long[0], groups);
      parts.copyTo(rowCountPart, out);
    }
    for (int a = 0; a < arrayParts.length; a++) {
      out.writeInt(arrayParts[a].length);
      for (int i = 0; i < arrayParts[a].length; i++) {
        StateIO.writeArrayHeader(out, arrayTypes[a][i], groups);
        parts.copyTo(arrayParts[a][i], out);
      }
    }
    if (emitted != null) {
      // per group the number of its row among the rows emitted, as the emitter compacted writes
      // them: -1 for a group without one, up to the last group with one
      int length = groups;
      for (int i = absentCount - 1; i >= 0 && absent[i] == length - 1; i--) {
        length--;
      }
      StateIO.writeArrayHeader(out, order, length);
      int next = 0;
      int row = 0;
      for (int g = 0; g < length; g++) {
        boolean none = next < absentCount && absent[next] == g;
        next += none ? 1 : 0;
        out.writeInt(none ? -1 : row++);
      }
      emitted.writeTo(out);
      out.writeInt(groups - absentCount);
    }
  }

  /** Bytes spooled to disk on the way. */
  long bytesSpooled() {
    return parts.bytesSpooled();
  }

  @Override
  public void close() throws IOException {
    parts.close();
  }
}
