package io.sluice.catalog.data;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Variable-length values (CHAR, VARCHAR) as UTF-8 bytes in one buffer with offsets.
 *
 * <p>Row {@code i} occupies {@code data[offsets[i] .. offsets[i + 1])}. Rows must be written
 * in ascending order; rows skipped over (say, rows a filter rejected) become empty values.
 */
public final class BytesVector extends ColumnVector {
  public byte[] data;
  public int[] offsets;
  /** Rows whose offsets are final: rows {@code [0, written)}. */
  private int written;

  public BytesVector(int capacity) {
    super(capacity);
    offsets = new int[capacity + 1];
    data = new byte[Math.max(16, capacity * 8)];
  }

  @Override
  protected void growValues(int newCapacity, int used) {
    offsets = Arrays.copyOf(offsets, newCapacity + 1);
  }

  @Override
  public void reset() {
    super.reset();
    written = 0;
  }

  public int start(int row) {
    return offsets[row];
  }

  public int length(int row) {
    return offsets[row + 1] - offsets[row];
  }

  /** Number of rows written so far. */
  public int written() {
    return written;
  }

  private int beginRow(int row, int length) {
    if (row < written) {
      throw new IllegalStateException("BytesVector rows must be written in order: row " + row
          + " after row " + (written - 1));
    }
    int end = offsets[written];
    while (written < row) {
      offsets[++written] = end;
    }
    if (end + length > data.length) {
      data = Arrays.copyOf(data, Math.max(end + length, data.length * 2));
    }
    return end;
  }

  public void set(int row, byte[] source, int offset, int length) {
    int start = beginRow(row, length);
    System.arraycopy(source, offset, data, start, length);
    offsets[row + 1] = start + length;
    written = row + 1;
    nulls[row] = false;
  }

  public void set(int row, byte[] value) {
    set(row, value, 0, value.length);
  }

  public void setString(int row, String value) {
    set(row, value.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Forgets the rows from {@code row} on, so that they can be written again: for a reader that
   * wrote some columns of a row before the row was dropped (a malformed record).
   */
  public void rewindTo(int row) {
    if (row < written) {
      written = row;
    }
  }

  /** Marks the row null; it occupies no bytes. */
  public void setNullAt(int row) {
    int start = beginRow(row, 0);
    offsets[row + 1] = start;
    written = row + 1;
    setNull(row);
  }

  /**
   * Reserves {@code length} bytes for {@code row} and returns where they start in {@link #data};
   * the caller fills them. Used by generated code that builds strings in place.
   */
  public int reserve(int row, int length) {
    int start = beginRow(row, length);
    offsets[row + 1] = start + length;
    written = row + 1;
    nulls[row] = false;
    return start;
  }

  /**
   * Reserves {@code totalLength} bytes for rows {@code [row, row + count)} at once and returns
   * where they start in {@link #data}; the rows read as not NULL. The caller fills the bytes and
   * sets {@code offsets[row + 1 .. row + count]} ascending, the last to the start plus
   * {@code totalLength}, marking NULL rows with {@link #setNull} (their value empty). For
   * decoders that know a run of values at once: one capacity check instead of one per row.
   */
  public int reserveRows(int row, int count, int totalLength) {
    int start = beginRow(row, totalLength);
    offsets[row + count] = start + totalLength;
    written = row + count;
    if (mayHaveNulls) {
      Arrays.fill(nulls, row, row + count, false);
    }
    return start;
  }

  public String getString(int row) {
    return new String(data, offsets[row], length(row), StandardCharsets.UTF_8);
  }

  public byte[] getBytes(int row) {
    return Arrays.copyOfRange(data, offsets[row], offsets[row + 1]);
  }

  @Override
  public void copyFrom(ColumnVector source, int from, int to) {
    BytesVector s = (BytesVector) source;
    if (s.isNull(from)) {
      setNullAt(to);
    } else {
      set(to, s.data, s.offsets[from], s.length(from));
    }
  }

  @Override
  public Object getBoxed(int row) {
    return isNull(row) ? null : getBytes(row);
  }
}
