package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.runtime.state.SpooledParts;
import io.sluice.runtime.state.StateIO;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * Writes rows handed over in chunks in {@link ColumnarRows#writeTo}'s format, byte for byte, with
 * the heap of one chunk: each column's null flags, values and (for strings) bytes are spooled to
 * parts of their own ({@link SpooledParts}), string offsets counted on across chunks, and
 * {@link #writeTo} writes the header and copies the parts in the format's order.
 */
final class ChunkedRowsWriter {
  private final PhysicalKind[] kinds;
  private final SpooledParts parts;
  private final int[] nullParts;
  private final int[] valueParts;
  /** Per string column: the part of its bytes, and the bytes written so far (the next offset). */
  private final int[] byteParts;
  private final int[] byteCounts;
  private int rows;

  ChunkedRowsWriter(List<DataType> types, SpooledParts parts) throws IOException {
    this.parts = parts;
    kinds = new PhysicalKind[types.size()];
    nullParts = new int[kinds.length];
    valueParts = new int[kinds.length];
    byteParts = new int[kinds.length];
    byteCounts = new int[kinds.length];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = types.get(c).physical();
      nullParts[c] = parts.add();
      valueParts[c] = parts.add();
      byteParts[c] = isBytes(kinds[c]) ? parts.add() : -1;
    }
  }

  private static boolean isBytes(PhysicalKind kind) {
    return kind != PhysicalKind.LONG && kind != PhysicalKind.DOUBLE && kind != PhysicalKind.BOOLEAN;
  }

  /** Appends every row of {@code chunk} after the rows appended before. */
  void append(ColumnarRows chunk) throws IOException {
    int n = chunk.size();
    for (int c = 0; c < kinds.length; c++) {
      StateIO.writeElements(parts.part(nullParts[c]), chunk.nulls(c), 0, n);
      DataOutputStream values = parts.part(valueParts[c]);
      switch (kinds[c]) {
        case LONG -> StateIO.writeElements(values, chunk.longs(c), 0, n);
        case DOUBLE -> StateIO.writeElements(values, chunk.doubles(c), 0, n);
        case BOOLEAN -> StateIO.writeElements(values, chunk.booleans(c), 0, n);
        default -> {
          int[] offsets = chunk.offsets(c);
          int first = offsets[0];
          for (int r = 0; r < n; r++) {
            values.writeInt(byteCounts[c] + offsets[r] - first);
          }
          int length = offsets[n] - first;
          if (byteCounts[c] + (long) length > Integer.MAX_VALUE) {
            throw new IOException("a string column of more than 2 GiB in one snapshot");
          }
          parts.part(byteParts[c]).write(chunk.bytes(c), first, length);
          byteCounts[c] += length;
        }
      }
    }
    rows += n;
  }

  /** Writes the rows appended, as {@link ColumnarRows#writeTo} writes rows that hold them. */
  void writeTo(DataOutput out) throws IOException {
    out.writeInt(kinds.length);
    out.writeInt(rows);
    for (int c = 0; c < kinds.length; c++) {
      out.writeByte(kinds[c].ordinal());
      StateIO.writeArrayHeader(out, new boolean[0], rows);
      parts.copyTo(nullParts[c], out);
      switch (kinds[c]) {
        case LONG -> StateIO.writeArrayHeader(out, new long[0], rows);
        case DOUBLE -> StateIO.writeArrayHeader(out, new double[0], rows);
        case BOOLEAN -> StateIO.writeArrayHeader(out, new boolean[0], rows);
        default -> StateIO.writeArrayHeader(out, new int[0], rows + 1);
      }
      parts.copyTo(valueParts[c], out);
      if (byteParts[c] >= 0) {
        out.writeInt(byteCounts[c]); // the last offset
        out.writeInt(byteCounts[c]); // the bytes' length
        parts.copyTo(byteParts[c], out);
      }
    }
  }
}
