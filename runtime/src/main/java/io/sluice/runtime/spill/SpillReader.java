package io.sluice.runtime.spill;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
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
 * Reads a file a {@link SpillWriter} wrote, block by block, into a batch the caller reuses.
 * {@link #close} deletes the file: a spill file is read once.
 */
public final class SpillReader implements AutoCloseable {
  private final Path file;
  private final PhysicalKind[] kinds;
  private final FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(SpillWriter.BUFFER_BYTES);
  private boolean ended;

  /** Opens {@code file}, written for rows of {@code types}. */
  public SpillReader(Path file, List<DataType> types) {
    this.file = file;
    kinds = new PhysicalKind[types.size()];
    for (int c = 0; c < kinds.length; c++) {
      kinds[c] = types.get(c).physical();
    }
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      throw SpillSpace.failure("read spill file", file, e);
    }
    try {
      buffer.flip();
      require(9);
      if (buffer.getInt() != SpillWriter.MAGIC || buffer.get() != SpillWriter.VERSION
          || buffer.getInt() != kinds.length) {
        throw damaged("its header does not match");
      }
    } catch (IOException | RuntimeException e) {
      close();
      throw e instanceof IOException ? SpillSpace.failure("read spill file", file, (IOException) e)
          : (RuntimeException) e;
    }
  }

  /**
   * Replaces the rows of {@code block} (of the file's column types) with the next block of the
   * file; false at the end of the file.
   */
  public boolean next(Batch block) {
    block.reset();
    if (ended) {
      return false;
    }
    try {
      require(4);
      int count = buffer.getInt();
      if (count == 0) {
        ended = true;
        return false;
      }
      if (count < 0) {
        throw damaged("a block of " + count + " rows");
      }
      block.ensureCapacity(count);
      for (int c = 0; c < kinds.length; c++) {
        readColumn(block.columns[c], kinds[c], count);
      }
      block.size = count;
      return true;
    } catch (IOException e) {
      throw SpillSpace.failure("read spill file", file, e);
    }
  }

  private void readColumn(ColumnVector vector, PhysicalKind kind, int count) throws IOException {
    require(1);
    boolean anyNull = buffer.get() != 0;
    boolean[] nulls = vector.nulls;
    if (anyNull) {
      vector.mayHaveNulls = true;
      for (int i = 0; i < count; i += 8) {
        require(1);
        int bits = buffer.get();
        for (int b = 0; b < 8 && i + b < count; b++) {
          nulls[i + b] = (bits & (1 << b)) != 0;
        }
      }
    }
    switch (kind) {
      case LONG: {
        long[] values = ((LongVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(8);
          values[i] = buffer.getLong();
        }
        break;
      }
      case DOUBLE: {
        double[] values = ((DoubleVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(8);
          values[i] = Double.longBitsToDouble(buffer.getLong());
        }
        break;
      }
      case BOOLEAN: {
        boolean[] values = ((BooleanVector) vector).values;
        for (int i = 0; i < count; i++) {
          require(1);
          values[i] = buffer.get() != 0;
        }
        break;
      }
      default:
        readStrings((BytesVector) vector, count, anyNull);
    }
  }

  private void readStrings(BytesVector strings, int count, boolean anyNull) throws IOException {
    int[] lengths = lengths(count);
    long total = 0;
    for (int i = 0; i < count; i++) {
      total += lengths[i];
    }
    if (total > Integer.MAX_VALUE - 16) {
      throw damaged("a block of " + total + " string bytes");
    }
    if (anyNull) {
      // reserveRows clears the null flags just read: keep them aside
      nullScratch = nullScratch.length >= count ? nullScratch : new boolean[count];
      System.arraycopy(strings.nulls, 0, nullScratch, 0, count);
    }
    int start = strings.reserveRows(0, count, (int) total);
    int[] offsets = strings.offsets;
    int position = start;
    for (int i = 0; i < count; i++) {
      offsets[i] = position;
      position += lengths[i];
    }
    offsets[count] = position;
    if (anyNull) {
      for (int i = 0; i < count; i++) {
        if (nullScratch[i]) {
          strings.setNull(i);
        }
      }
    }
    readBytes(strings.data, start, (int) total);
  }

  private boolean[] nullScratch = new boolean[0];
  private int[] lengthScratch = new int[0];

  private int[] lengths(int count) throws IOException {
    if (lengthScratch.length < count) {
      lengthScratch = new int[Math.max(count, Batch.DEFAULT_CAPACITY)];
    }
    for (int i = 0; i < count; i++) {
      require(4);
      int length = buffer.getInt();
      if (length < 0) {
        throw damaged("a string of " + length + " bytes");
      }
      lengthScratch[i] = length;
    }
    return lengthScratch;
  }

  private void readBytes(byte[] target, int offset, int length) throws IOException {
    while (length > 0) {
      if (!buffer.hasRemaining()) {
        require(1);
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(target, offset, n);
      offset += n;
      length -= n;
    }
  }

  /** Makes {@code bytesNeeded} bytes readable from the buffer. */
  private void require(int bytesNeeded) throws IOException {
    if (buffer.remaining() >= bytesNeeded) {
      return;
    }
    buffer.compact();
    while (buffer.position() < bytesNeeded) {
      if (channel.read(buffer) < 0) {
        buffer.flip();
        throw damaged("it ends in the middle of a block");
      }
    }
    buffer.flip();
  }

  private SluiceException damaged(String what) {
    return new SluiceException(ErrorCode.IO_ERROR, "Spill file " + file + " is damaged: " + what);
  }

  /** Closes and deletes the file. */
  @Override
  public void close() {
    try {
      channel.close();
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // the space deletes its folder when the query ends
    }
  }
}
