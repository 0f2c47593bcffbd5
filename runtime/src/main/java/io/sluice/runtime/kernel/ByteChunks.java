package io.sluice.runtime.kernel;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * The bytes of one variable-length column of {@link ColumnarRows}: values laid end to end at
 * logical positions {@code [0, used)}, stored in chunks so that growing never copies what is
 * stored. A value never straddles two chunks; chunk {@code k} holds logical positions
 * {@code [starts[k], starts[k + 1])} from its index 0.
 *
 * <p>One contiguous array that doubles copied each byte about once more and touched twice the
 * memory it needed: an interval join holding a batch of Nexmark bids with their text spent 41 %
 * of its thread in {@code Arrays.copyOf} growing that array. A store starts with one small chunk
 * that doubles up to {@link #CHUNK} bytes (small stores stay small), then adds chunks.
 *
 * <p>Callers that read the bytes as one array ({@link #array()}) turn the column contiguous: its
 * chunks are merged once and from then on it grows by doubling, as before, so that the array
 * they hold stays the column's.
 */
final class ByteChunks {
  /**
   * Bytes of a full chunk: 4 MB less an array header, so that with G1's regions of 1, 2 or 4 MB
   * a chunk fills whole regions (a larger array is allocated in regions of its own, never copied
   * by a collection).
   */
  static final int CHUNK = (4 << 20) - 16;
  private static final int INITIAL = 64;

  private byte[][] chunks = new byte[4][];
  /** {@code starts[k]}: logical position of chunk k's index 0; {@code starts[count]} is {@link #used}. */
  private int[] starts = new int[5];
  /** Chunks holding bytes or open for them: {@code [0, count)}; later ones are kept for reuse. */
  private int count = 1;
  private int used;
  private boolean contiguous;

  /** Bytes of a full chunk: {@link #CHUNK}, smaller in tests. */
  private final int chunkBytes;

  ByteChunks() {
    this(CHUNK);
  }

  ByteChunks(int chunkBytes) {
    this.chunkBytes = chunkBytes;
    chunks[0] = new byte[Math.min(INITIAL, chunkBytes)];
  }

  /** Logical bytes stored. */
  int used() {
    return used;
  }

  /** Keeps the first {@code logical} bytes (a position at which a value starts or ends). */
  void truncate(int logical) {
    while (count > 1 && starts[count - 1] > logical) {
      count--;
    }
    used = logical;
    starts[count] = used;
  }

  /**
   * Makes room for {@code length} bytes of one value after the stored ones and returns its logical
   * position; the caller writes it with {@link #chunkAt} and {@link #indexOf} (or {@link #put}).
   */
  int reserve(int length) {
    byte[] last = chunks[count - 1];
    int offset = used - starts[count - 1];
    if (offset + length <= last.length) {
      return advance(length);
    }
    if (contiguous || last.length < chunkBytes && count == 1) {
      long needed = (long) offset + length;
      long grown = contiguous ? 2L * last.length : Math.min(chunkBytes, 2L * last.length);
      long size = Math.max(needed, grown);
      if (size > Integer.MAX_VALUE - 16) {
        throw new IllegalStateException("a column's values exceed 2 GB");
      }
      chunks[count - 1] = Arrays.copyOf(last, (int) size);
      return advance(length);
    }
    if ((long) used + length > Integer.MAX_VALUE - 16) {
      throw new IllegalStateException("a column's values exceed 2 GB");
    }
    // the value starts a new chunk: the rest of the last one stays unused
    if (count == chunks.length) {
      chunks = Arrays.copyOf(chunks, count * 2);
      starts = Arrays.copyOf(starts, count * 2 + 1);
    }
    if (chunks[count] == null || chunks[count].length < length) {
      chunks[count] = new byte[Math.max(chunkBytes, length)];
    }
    starts[count] = used;
    count++;
    return advance(length);
  }

  private int advance(int length) {
    int at = used;
    used += length;
    starts[count] = used;
    return at;
  }

  /** Appends {@code source[from, from + length)} as one value; returns its logical position. */
  int append(byte[] source, int from, int length) {
    int at = reserve(length);
    if (length > 0) {
      int k = count - 1;
      System.arraycopy(source, from, chunks[k], at - starts[k], length);
    }
    return at;
  }

  /** The chunk that holds logical position {@code logical} of a value (its first byte). */
  int chunkOf(int logical) {
    if (count == 1 || logical >= starts[count - 1]) {
      return count - 1;
    }
    int low = 0;
    int high = count - 1;
    while (low < high) { // the last chunk whose start is at or before the position
      int middle = (low + high + 1) >>> 1;
      if (starts[middle] <= logical) {
        low = middle;
      } else {
        high = middle - 1;
      }
    }
    return low;
  }

  byte[] chunkAt(int chunk) {
    return chunks[chunk];
  }

  /** Index in chunk {@code chunk} of logical position {@code logical}. */
  int indexOf(int chunk, int logical) {
    return logical - starts[chunk];
  }

  /** Copies the value at {@code [logical, logical + length)} into {@code target} at {@code at}. */
  void copyTo(int logical, int length, byte[] target, int at) {
    if (length > 0) {
      int k = chunkOf(logical);
      System.arraycopy(chunks[k], logical - starts[k], target, at, length);
    }
  }

  /** Whether the value at {@code [logical, logical + length)} equals {@code other[from, from + length)}. */
  boolean equals(int logical, int length, byte[] other, int from) {
    int k = chunkOf(logical);
    int at = logical - starts[k];
    return Arrays.equals(chunks[k], at, at + length, other, from, from + length);
  }

  /**
   * Keeps the values {@code [valueStart[i], valueStart[i] + length[i])} given in ascending order,
   * moved down in place; returns their new logical positions in {@code valueStart}. A value moves
   * to a chunk no later than its own and, within its own chunk, no further on, so it never writes
   * over a value still to be moved.
   */
  void retain(int[] valueStart, int[] length, int n) {
    int[] oldStarts = starts.clone();
    int oldCount = count;
    int write = 0; // chunk written to
    int writeAt = 0; // index in it
    int logical = 0;
    int readChunk = 0;
    for (int i = 0; i < n; i++) {
      int from = valueStart[i];
      int size = length[i];
      while (readChunk < oldCount - 1 && oldStarts[readChunk + 1] <= from) {
        readChunk++; // (a value never straddles chunks: one at a chunk's logical end starts the next)
      }
      while (writeAt + size > chunks[write].length) { // ends at the value's own chunk at the latest
        starts[write + 1] = logical;
        write++;
        writeAt = 0;
      }
      if (size > 0) {
        System.arraycopy(chunks[readChunk], from - oldStarts[readChunk], chunks[write], writeAt, size);
      }
      valueStart[i] = logical;
      writeAt += size;
      logical += size;
    }
    count = write + 1;
    used = logical;
    starts[count] = used;
  }

  /**
   * The bytes as one array, logical position = index: merges the chunks once and keeps the column
   * contiguous from then on (callers index the array they get).
   */
  byte[] array() {
    if (count > 1) {
      byte[] merged = new byte[Math.max(INITIAL, used + (used >> 1))];
      for (int k = 0; k < count; k++) {
        System.arraycopy(chunks[k], 0, merged, starts[k], starts[k + 1] - starts[k]);
      }
      Arrays.fill(chunks, null);
      chunks[0] = merged;
      count = 1;
      starts[0] = 0;
      starts[1] = used;
    }
    contiguous = true;
    return chunks[0];
  }

  /** Writes the logical bytes {@code [from, to)}. */
  void write(DataOutput out, int from, int to) throws IOException {
    int k = chunkOf(from);
    while (from < to) {
      int end = Math.min(to, starts[k + 1]);
      if (end > from) {
        out.write(chunks[k], from - starts[k], end - from);
      }
      from = Math.max(from, end);
      k++;
    }
  }

  /** Replaces the bytes with {@code length} bytes read from {@code in}, in one chunk. */
  void read(DataInput in, int length) throws IOException {
    Arrays.fill(chunks, null);
    chunks[0] = new byte[Math.max(INITIAL, length)];
    in.readFully(chunks[0], 0, length);
    count = 1;
    used = length;
    starts[0] = 0;
    starts[1] = used;
  }

  /** Bytes allocated, kept chunks included. */
  long allocated() {
    long total = 0;
    for (byte[] chunk : chunks) {
      total += chunk == null ? 0 : chunk.length;
    }
    return total;
  }

  /** Bytes that storing {@code more} bytes would allocate. */
  long growth(long more) {
    byte[] last = chunks[count - 1];
    long free = last.length - (used - starts[count - 1]);
    if (more <= free) {
      return 0;
    }
    if (contiguous || count == 1 && last.length < chunkBytes) {
      long size = Math.max((long) (used - starts[count - 1]) + more,
          contiguous ? 2L * last.length : Math.min(chunkBytes, 2L * last.length));
      if (size <= chunkBytes || contiguous) {
        return size;
      }
    }
    long missing = more - free;
    return (missing + chunkBytes - 1) / chunkBytes * chunkBytes;
  }
}
