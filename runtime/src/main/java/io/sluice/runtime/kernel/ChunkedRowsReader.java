package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Reads rows written in {@link ColumnarRows#writeTo}'s format a chunk at a time, with the heap of
 * one chunk: the format writes one whole column after the other, so each column's null flags,
 * values and string bytes are first copied to parts of their own ({@link SpooledParts}), then read
 * back in step, {@link #CHUNK} rows at a time. What {@link ChunkedRowsWriter} is to a snapshot
 * taken from disk, this is to a restore onto disk: a state larger than the heap is never all in it.
 * Arrays that follow the rows in a snapshot (match counts, times) are spooled alike.
 */
final class ChunkedRowsReader {
  /** Rows read back at a time. */
  static final int CHUNK = 4096;

  private final List<DataType> types;
  private final SpooledParts parts;
  private final byte[] copy = new byte[1 << 15];
  private DataInputStream[] nulls;
  private DataInputStream[] values;
  private DataInputStream[] bytes;
  private int[] lastOffset;
  private final Batch scratch;
  private byte[] stringBytes = new byte[256];
  private int rows;
  private int read;
  private long peakBytes;

  ChunkedRowsReader(List<DataType> types, SpooledParts parts) {
    this.types = List.copyOf(types);
    this.parts = parts;
    this.scratch = Batch.allocate(types, CHUNK);
  }

  /** Copies rows in {@link ColumnarRows#writeTo}'s format from {@code in} to the parts; returns their count. */
  int spoolRows(DataInput in) throws IOException {
    StateIO.expect(in, types.size(), "a row store of columns");
    rows = in.readInt();
    int n = types.size();
    int[] nullParts = new int[n];
    int[] valueParts = new int[n];
    int[] byteParts = new int[n];
    for (int c = 0; c < n; c++) {
      PhysicalKind kind = types.get(c).physical();
      if (in.readByte() != kind.ordinal()) {
        throw StateIO.corrupt("column " + c + " of another kind where " + kind + " was expected");
      }
      nullParts[c] = spool(in, StateIO.readArrayHeader(in, new boolean[0], "null flags"), 1);
      switch (kind) {
        case LONG -> valueParts[c] = spool(in, StateIO.readArrayHeader(in, new long[0], "values"), 8);
        case DOUBLE -> valueParts[c] = spool(in, StateIO.readArrayHeader(in, new double[0], "values"), 8);
        case BOOLEAN -> valueParts[c] = spool(in, StateIO.readArrayHeader(in, new boolean[0], "values"), 1);
        default -> {
          valueParts[c] = spool(in, StateIO.readArrayHeader(in, new int[0], "string offsets"), 4);
          byteParts[c] = spool(in, in.readInt(), 1);
        }
      }
    }
    nulls = new DataInputStream[n];
    values = new DataInputStream[n];
    bytes = new DataInputStream[n];
    lastOffset = new int[n];
    for (int c = 0; c < n; c++) {
      nulls[c] = parts.read(nullParts[c]);
      values[c] = parts.read(valueParts[c]);
      if (!isFixed(types.get(c).physical())) {
        bytes[c] = parts.read(byteParts[c]);
        lastOffset[c] = values[c].readInt(); // offset of row 0
      }
    }
    read = 0;
    return rows;
  }

  private static boolean isFixed(PhysicalKind kind) {
    return kind == PhysicalKind.LONG || kind == PhysicalKind.DOUBLE || kind == PhysicalKind.BOOLEAN;
  }

  /**
   * Copies the elements of an array written with {@link StateIO#writeArray} (its header expected as
   * for {@code array}'s type) to a part of their own; read them back with {@link #reader}.
   */
  int spoolArray(DataInput in, Object array, int expectedCount, String what) throws IOException {
    int part = spoolArrayOfAtMost(in, array, expectedCount, what);
    if (spooledCount != expectedCount) {
      throw StateIO.corrupt(spooledCount + " " + what + " for " + expectedCount + " rows");
    }
    return part;
  }

  /** Elements in the array {@link #spoolArrayOfAtMost} spooled last. */
  private int spooledCount;

  /** As {@link #spoolArray}, for an array of at most {@code maxCount} elements; {@link #spooledCount()} says how many. */
  int spoolArrayOfAtMost(DataInput in, Object array, int maxCount, String what) throws IOException {
    int count = StateIO.readArrayHeader(in, array, what);
    if (count < 0 || count > maxCount) {
      throw StateIO.corrupt(count + " " + what + " for " + maxCount + " rows");
    }
    spooledCount = count;
    if (array instanceof byte[][]) {
      return spoolByteArrays(in, count, what);
    }
    int elementBytes = array instanceof long[] || array instanceof double[] ? 8 : array instanceof int[] ? 4 : 1;
    return spool(in, count, elementBytes);
  }

  int spooledCount() {
    return spooledCount;
  }

  /** Copies {@code count} values of a byte[][] (each its length, -1 for null, and its bytes) to a part. */
  private int spoolByteArrays(DataInput in, int count, String what) throws IOException {
    int part = parts.add();
    DataOutputStream out = parts.part(part);
    for (int i = 0; i < count; i++) {
      int length = in.readInt();
      if (length < -1) {
        throw StateIO.corrupt(what + " of " + length + " bytes");
      }
      out.writeInt(length);
      for (int remaining = length; remaining > 0; ) {
        int n = Math.min(copy.length, remaining);
        in.readFully(copy, 0, n);
        out.write(copy, 0, n);
        remaining -= n;
      }
    }
    return part;
  }

  /** Where the elements of part {@code part} ({@link #spoolArray}) are read, in order. */
  DataInputStream reader(int part) throws IOException {
    return parts.read(part);
  }

  private int spool(DataInput in, int count, int elementBytes) throws IOException {
    int part = parts.add();
    DataOutputStream out = parts.part(part);
    long remaining = (long) count * elementBytes;
    while (remaining > 0) {
      int n = (int) Math.min(copy.length, remaining);
      in.readFully(copy, 0, n);
      out.write(copy, 0, n);
      remaining -= n;
    }
    return part;
  }

  /** Fills {@code chunk} (cleared first) with the next rows, up to {@link #CHUNK}; returns how many (0 at the end). */
  int next(ColumnarRows chunk) throws IOException {
    chunk.clear();
    int n = Math.min(CHUNK, rows - read);
    if (n == 0) {
      return 0;
    }
    scratch.reset();
    for (int c = 0; c < types.size(); c++) {
      DataInputStream flags = nulls[c];
      DataInputStream in = values[c];
      switch (types.get(c).physical()) {
        case LONG -> {
          long[] v = ((LongVector) scratch.columns[c]).values;
          for (int r = 0; r < n; r++) {
            v[r] = in.readLong();
          }
        }
        case DOUBLE -> {
          double[] v = ((DoubleVector) scratch.columns[c]).values;
          for (int r = 0; r < n; r++) {
            v[r] = in.readDouble();
          }
        }
        case BOOLEAN -> {
          boolean[] v = ((BooleanVector) scratch.columns[c]).values;
          for (int r = 0; r < n; r++) {
            v[r] = in.readBoolean();
          }
        }
        default -> readStrings((BytesVector) scratch.columns[c], c, n);
      }
      for (int r = 0; r < n; r++) {
        if (flags.readBoolean()) {
          scratch.columns[c].setNull(r);
        }
      }
    }
    scratch.size = n;
    chunk.append(scratch);
    read += n;
    peakBytes = Math.max(peakBytes, chunk.estimatedBytes() + (long) stringBytes.length);
    return n;
  }

  private void readStrings(BytesVector into, int c, int n) throws IOException {
    DataInputStream offsets = values[c];
    for (int r = 0; r < n; r++) {
      int end = offsets.readInt();
      int length = end - lastOffset[c];
      if (length < 0) {
        throw StateIO.corrupt("string offsets that go back in column " + c);
      }
      if (stringBytes.length < length) {
        stringBytes = new byte[Math.max(length, 2 * stringBytes.length)];
      }
      bytes[c].readFully(stringBytes, 0, length);
      into.set(r, stringBytes, 0, length);
      lastOffset[c] = end;
    }
  }

  /** The most bytes a chunk read back took on the heap: what a restore through it holds of the state at a time. */
  long peakBytes() {
    return peakBytes;
  }
}
