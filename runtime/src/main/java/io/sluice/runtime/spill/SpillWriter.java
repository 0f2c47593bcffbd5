package io.sluice.runtime.spill;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind.PhysicalKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BooleanVector;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.DoubleVector;
import io.sluice.catalog.data.LongVector;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Writes rows to one spill file of a {@link SpillSpace}, in Sluice's spill format, for a {@link
 * SpillReader} of the same column types to read back in the order written.
 *
 * <p>The format: a header (magic {@code SLSP}, version 1, column count), then blocks, one per
 * {@link #write} call, each its row count followed column by column by a null flag, a null bitmap
 * when the flag is set, and the values (longs and doubles as 8 bytes, booleans as 1 byte, strings
 * as their lengths then their bytes), then a row count of 0 ending the file. Columns stay
 * columnar, so writing and reading are loops over primitive arrays with no object per row. The
 * file lives only as long as the query, so the format carries no checksum.
 */
public final class SpillWriter implements AutoCloseable {
  static final int MAGIC = 0x534C5350;
  static final byte VERSION = 1;
  static final int BUFFER_BYTES = 1 << 16;

  private final SpillSpace space;
  private final Path file;
  private final PhysicalKind[] kinds;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
  private long rows;
  private long bytes;
  private boolean finished;

  /** Opens a new file in {@code space} for rows of {@code types}; {@code kind} names what it holds. */
  public SpillWriter(SpillSpace space, String kind, List<DataType> types) {
    this.space = space;
    this.file = space.newFile(kind);
    kinds = new PhysicalKind[types.size()];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = types.get(c).physical();
    }
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw SpillSpace.failure("create spill file", file, e);
    }
    buffer.putInt(MAGIC).put(VERSION).putInt(kinds.length);
  }

  /** The file written. */
  public Path file() {
    return file;
  }

  /** Rows written so far. */
  public long rows() {
    return rows;
  }

  /** Writes the selected rows of {@code batch}. */
  public void write(Batch batch) {
    write(batch, batch.selection, 0, batch.rowCount());
  }

  /**
   * Writes physical rows {@code rows[from .. from + count)} of {@code batch} as one block
   * ({@code from .. from + count} themselves when {@code rows} is null).
   */
  public void write(Batch batch, int[] rows, int from, int count) {
    if (finished) {
      throw new IllegalStateException("write after finish");
    }
    if (count == 0) {
      return;
    }
    try {
      require(4);
      buffer.putInt(count);
      for (int c = 0; c < kinds.length; c++) {
        writeColumn(batch.columns[c], kinds[c], rows, from, count);
      }
    } catch (IOException e) {
      throw SpillSpace.failure("write spill file", file, e);
    }
    this.rows += count;
  }

  private void writeColumn(ColumnVector vector, PhysicalKind kind, int[] rows, int from, int count)
      throws IOException {
    boolean[] nulls = vector.mayHaveNulls ? vector.nulls : null;
    boolean anyNull = false;
    if (nulls != null) {
      for (int i = 0; i < count && !anyNull; i++) {
        anyNull = nulls[row(rows, from, i)];
      }
    }
    require(1);
    buffer.put((byte) (anyNull ? 1 : 0));
    if (anyNull) {
      for (int i = 0; i < count; i += 8) {
        int bits = 0;
        for (int b = 0; b < 8 && i + b < count; b++) {
          if (nulls[row(rows, from, i + b)]) {
            bits |= 1 << b;
          }
        }
        require(1);
        buffer.put((byte) bits);
      }
    }
    switch (kind) {
      case LONG: {
        long[] values = ((LongVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(8);
          buffer.putLong(values[row(rows, from, i)]);
        }
        break;
      }
      case DOUBLE: {
        double[] values = ((DoubleVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(8);
          buffer.putLong(Double.doubleToRawLongBits(values[row(rows, from, i)]));
        }
        break;
      }
      case BOOLEAN: {
        boolean[] values = ((BooleanVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(1);
          buffer.put((byte) (values[row(rows, from, i)] ? 1 : 0));
        }
        break;
      }
      default: {
        BytesVector strings = (BytesVector) vector;
        int[] offsets = strings.offsets;
        for (int i = 0; i < count; i++) {
          int r = row(rows, from, i);
          require(4);
          buffer.putInt(nulls != null && nulls[r] ? 0 : offsets[r + 1] - offsets[r]);
        }
        for (int i = 0; i < count; i++) {
          int r = row(rows, from, i);
          if (nulls == null || !nulls[r]) {
            putBytes(strings.data, offsets[r], offsets[r + 1] - offsets[r]);
          }
        }
      }
    }
  }

  private static int row(int[] rows, int from, int i) {
    return rows == null ? from + i : rows[from + i];
  }

  private void putBytes(byte[] data, int offset, int length) throws IOException {
    if (length <= buffer.remaining()) {
      buffer.put(data, offset, length);
      return;
    }
    flush();
    if (length <= buffer.capacity()) {
      buffer.put(data, offset, length);
      return;
    }
    writeFully(ByteBuffer.wrap(data, offset, length));
  }

  private void require(int bytesNeeded) throws IOException {
    if (buffer.remaining() < bytesNeeded) {
      flush();
    }
  }

  private void flush() throws IOException {
    buffer.flip();
    writeFully(buffer);
    buffer.clear();
  }

  private void writeFully(ByteBuffer source) throws IOException {
    int length = source.remaining();
    while (source.hasRemaining()) {
      channel.write(source);
    }
    bytes += length;
    space.written(length);
  }

  /** Ends the file and closes it; a {@link SpillReader} may read it from now on. */
  public Path finish() {
    if (finished) {
      return file;
    }
    try {
      require(4);
      buffer.putInt(0);
      flush();
      channel.close();
    } catch (IOException e) {
      close();
      throw SpillSpace.failure("write spill file", file, e);
    }
    finished = true;
    return file;
  }

  /** Bytes written to the file so far. */
  public long bytes() {
    return bytes;
  }

  /** Closes the file; one not {@link #finish finished} is deleted. */
  @Override
  public void close() {
    if (finished) {
      return;
    }
    finished = true;
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the space deletes its folder when the query ends
    }
  }
}
