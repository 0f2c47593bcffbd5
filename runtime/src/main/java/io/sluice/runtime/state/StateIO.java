package io.sluice.runtime.state;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Reads and writes operator state (primitive per-group arrays and columnar rows) for
 * snapshots. Each array is written with a type tag and its length, so a reader detects a
 * snapshot that does not match the operator it restores.
 */
public final class StateIO {
  private static final byte LONGS = 1;
  private static final byte DOUBLES = 2;
  private static final byte BOOLEANS = 3;
  private static final byte BYTES = 4;
  private static final byte INTS = 5;

  /** Values converted per bulk write or read: the format is DataOutput's, big-endian, element by element. */
  private static final int BULK = 1024;
  private static final java.lang.invoke.VarHandle LONG = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      long[].class, java.nio.ByteOrder.BIG_ENDIAN);
  private static final java.lang.invoke.VarHandle INT = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(
      int[].class, java.nio.ByteOrder.BIG_ENDIAN);

  private StateIO() {}

  /**
   * The bytes a long[], int[], double[], boolean[] or byte[][] takes as allocated: its elements
   * (for a byte[][], a reference each; the arrays they point to are not walked).
   */
  public static long arrayBytes(Object array) {
    if (array instanceof long[]) {
      return 8L * ((long[]) array).length;
    }
    if (array instanceof double[]) {
      return 8L * ((double[]) array).length;
    }
    if (array instanceof int[]) {
      return 4L * ((int[]) array).length;
    }
    if (array instanceof boolean[]) {
      return ((boolean[]) array).length;
    }
    return array instanceof Object[] ? 8L * ((Object[]) array).length : 0;
  }

  /** Writes the first {@code count} elements of a long[], int[], double[], boolean[] or byte[][]. */
  public static void writeArray(DataOutput out, Object array, int count) throws IOException {
    writeArrayHeader(out, array, count);
    writeElements(out, array, 0, count);
  }

  /**
   * Writes what {@link #writeArray} writes before the elements of an array of {@code array}'s
   * type holding {@code count} of them: a state written in pieces writes this, then {@link
   * #writeElements} for each piece in order, and the bytes are {@link #writeArray}'s.
   */
  public static void writeArrayHeader(DataOutput out, Object array, int count) throws IOException {
    out.writeByte(tag(array));
    out.writeInt(count);
  }

  /** Writes elements {@code [from, from + count)} of {@code array} as {@link #writeArray} writes an array of just them. */
  public static void writeArrayRange(DataOutput out, Object array, int from, int count) throws IOException {
    writeArrayHeader(out, array, count);
    writeElements(out, array, from, count);
  }

  /**
   * Writes {@code offsets[from .. from + count)} less {@code offsets[from]} as {@link #writeArray}
   * writes an int[] of them: the offsets of a range of variable-length values, from 0.
   */
  public static void writeOffsets(DataOutput out, int[] offsets, int from, int count) throws IOException {
    writeArrayHeader(out, offsets, count);
    int base = offsets[from];
    byte[] buffer = new byte[Math.min(count, BULK) * 4];
    for (int start = 0; start < count; start += BULK) {
      int n = Math.min(BULK, count - start);
      for (int i = 0; i < n; i++) {
        INT.set(buffer, i * 4, offsets[from + start + i] - base);
      }
      out.write(buffer, 0, n * 4);
    }
  }

  /** Zeros written by {@link #writeFalses}; never written to. */
  private static final byte[] ZEROS = new byte[BULK * 8];

  /**
   * Writes {@code count} false flags as {@link #writeArray} writes a boolean[] of them, without one:
   * the matched flags of a join input nothing reads, written per state copy.
   */
  public static void writeFalses(DataOutput out, int count) throws IOException {
    out.writeByte(BOOLEANS);
    out.writeInt(count);
    for (int left = count; left > 0; left -= ZEROS.length) {
      out.write(ZEROS, 0, Math.min(left, ZEROS.length));
    }
  }

  /** Writes elements {@code [from, from + count)} of {@code array} as {@link #writeArray} writes them. */
  public static void writeElements(DataOutput out, Object array, int from, int count) throws IOException {
    if (array instanceof long[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 8];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          LONG.set(buffer, i * 8, a[from + start + i]);
        }
        out.write(buffer, 0, n * 8);
      }
    } else if (array instanceof int[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 4];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          INT.set(buffer, i * 4, a[from + start + i]);
        }
        out.write(buffer, 0, n * 4);
      }
    } else if (array instanceof double[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 8];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          LONG.set(buffer, i * 8, Double.doubleToRawLongBits(a[from + start + i]));
        }
        out.write(buffer, 0, n * 8);
      }
    } else if (array instanceof boolean[] a) {
      byte[] buffer = new byte[Math.min(count, BULK * 8)];
      for (int start = 0; start < count; start += buffer.length) {
        int n = Math.min(buffer.length, count - start);
        for (int i = 0; i < n; i++) {
          buffer[i] = (byte) (a[from + start + i] ? 1 : 0);
        }
        out.write(buffer, 0, n);
      }
    } else if (array instanceof byte[][] a) {
      writeByteArrays(out, a, from, count);
    } else {
      throw new IllegalArgumentException("not a state array: " + array);
    }
  }

  /**
   * Writes each value as its length (-1 for null) and its bytes, gathered into one buffer so that
   * the output sees one call per {@code BULK * 8} bytes rather than two per value.
   */
  private static void writeByteArrays(DataOutput out, byte[][] a, int from, int count) throws IOException {
    byte[] buffer = new byte[BULK * 8];
    int used = 0;
    for (int i = from; i < from + count; i++) {
      byte[] value = a[i];
      int length = value == null ? 0 : value.length;
      if (used + 4 + length > buffer.length) {
        out.write(buffer, 0, used);
        used = 0;
        if (4 + length > buffer.length) {
          out.writeInt(length);
          out.write(value);
          continue;
        }
      }
      INT.set(buffer, used, value == null ? -1 : length);
      used += 4;
      if (value != null) {
        System.arraycopy(value, 0, buffer, used, length);
        used += length;
      }
    }
    out.write(buffer, 0, used);
  }

  private static byte tag(Object array) {
    if (array instanceof long[]) {
      return LONGS;
    }
    if (array instanceof int[]) {
      return INTS;
    }
    if (array instanceof double[]) {
      return DOUBLES;
    }
    if (array instanceof boolean[]) {
      return BOOLEANS;
    }
    if (array instanceof byte[][]) {
      return BYTES;
    }
    throw new IllegalArgumentException("not a state array: " + array);
  }

  /**
   * Reads what {@link #writeArrayHeader} wrote for an array of {@code array}'s type and returns the
   * element count; refuses (corrupt state) an array of another type. The elements follow, as
   * {@link #writeElements} wrote them: a restore may read them a piece at a time.
   */
  public static int readArrayHeader(DataInput in, Object array, String what) throws IOException {
    byte tag = in.readByte();
    if (tag != tag(array)) {
      throw corrupt(what + " of array type " + tag + " where " + tag(array) + " was expected");
    }
    int count = in.readInt();
    if (count < 0) {
      throw corrupt("a negative array length " + count);
    }
    return count;
  }

  /** Reads an array written by {@link #writeArray}; its length is at least {@code minLength}. */
  public static Object readArray(DataInput in, int minLength) throws IOException {
    byte tag = in.readByte();
    int count = in.readInt();
    if (count < 0) {
      throw corrupt("a negative array length " + count);
    }
    int length = Math.max(count, minLength);
    switch (tag) {
      case LONGS: {
        long[] a = new long[length];
        byte[] buffer = new byte[Math.min(count, BULK) * 8];
        for (int start = 0; start < count; start += BULK) {
          int n = Math.min(BULK, count - start);
          in.readFully(buffer, 0, n * 8);
          for (int i = 0; i < n; i++) {
            a[start + i] = (long) LONG.get(buffer, i * 8);
          }
        }
        return a;
      }
      case INTS: {
        int[] a = new int[length];
        byte[] buffer = new byte[Math.min(count, BULK) * 4];
        for (int start = 0; start < count; start += BULK) {
          int n = Math.min(BULK, count - start);
          in.readFully(buffer, 0, n * 4);
          for (int i = 0; i < n; i++) {
            a[start + i] = (int) INT.get(buffer, i * 4);
          }
        }
        return a;
      }
      case DOUBLES: {
        double[] a = new double[length];
        byte[] buffer = new byte[Math.min(count, BULK) * 8];
        for (int start = 0; start < count; start += BULK) {
          int n = Math.min(BULK, count - start);
          in.readFully(buffer, 0, n * 8);
          for (int i = 0; i < n; i++) {
            a[start + i] = Double.longBitsToDouble((long) LONG.get(buffer, i * 8));
          }
        }
        return a;
      }
      case BOOLEANS: {
        boolean[] a = new boolean[length];
        for (int i = 0; i < count; i++) {
          a[i] = in.readBoolean();
        }
        return a;
      }
      case BYTES: {
        byte[][] a = new byte[length][];
        for (int i = 0; i < count; i++) {
          int n = in.readInt();
          if (n >= 0) {
            a[i] = new byte[n];
            in.readFully(a[i]);
          }
        }
        return a;
      }
      default:
        throw corrupt("an unknown array tag " + tag);
    }
  }

  /**
   * Writes elements {@code ids[0 .. count)} of a long[], int[], double[], boolean[] or byte[][],
   * as {@link #writeArray} writes an array of just them (a state delta's changed slots).
   */
  public static void writeGathered(DataOutput out, Object array, int[] ids, int count) throws IOException {
    // gathered a block at a time straight into the bytes written: a delta of a million rows made a
    // gathered copy of each column first (8 MB per long column), which the collector then had to take
    writeArrayHeader(out, array, count);
    if (array instanceof long[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 8];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          LONG.set(buffer, i * 8, a[ids[start + i]]);
        }
        out.write(buffer, 0, n * 8);
      }
    } else if (array instanceof int[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 4];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          INT.set(buffer, i * 4, a[ids[start + i]]);
        }
        out.write(buffer, 0, n * 4);
      }
    } else if (array instanceof double[] a) {
      byte[] buffer = new byte[Math.min(count, BULK) * 8];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          LONG.set(buffer, i * 8, Double.doubleToRawLongBits(a[ids[start + i]]));
        }
        out.write(buffer, 0, n * 8);
      }
    } else if (array instanceof boolean[] a) {
      byte[] buffer = new byte[Math.min(count, BULK * 8)];
      for (int start = 0; start < count; start += buffer.length) {
        int n = Math.min(buffer.length, count - start);
        for (int i = 0; i < n; i++) {
          buffer[i] = (byte) (a[ids[start + i]] ? 1 : 0);
        }
        out.write(buffer, 0, n);
      }
    } else if (array instanceof byte[][] a) {
      byte[][] block = new byte[Math.min(count, BULK)][];
      for (int start = 0; start < count; start += BULK) {
        int n = Math.min(BULK, count - start);
        for (int i = 0; i < n; i++) {
          block[i] = a[ids[start + i]];
        }
        writeByteArrays(out, block, 0, n);
      }
    } else {
      throw new IllegalArgumentException("not a state array: " + array);
    }
  }

  /**
   * Reads an array written by {@link #writeGathered} with the same {@code count} and stores its
   * elements at {@code ids[0 .. count)} of {@code array}, which must be of the same type and
   * hold those positions.
   */
  public static void readScattered(DataInput in, Object array, int[] ids, int count) throws IOException {
    Object values = readArray(in, 0);
    if (values.getClass() != array.getClass() || java.lang.reflect.Array.getLength(values) != count) {
      throw corrupt("a delta of " + count + " values of " + array.getClass().getSimpleName() + " that holds "
          + java.lang.reflect.Array.getLength(values) + " of " + values.getClass().getSimpleName());
    }
    if (array instanceof long[] a) {
      long[] v = (long[]) values;
      for (int i = 0; i < count; i++) {
        a[ids[i]] = v[i];
      }
    } else if (array instanceof int[] a) {
      int[] v = (int[]) values;
      for (int i = 0; i < count; i++) {
        a[ids[i]] = v[i];
      }
    } else if (array instanceof double[] a) {
      double[] v = (double[]) values;
      for (int i = 0; i < count; i++) {
        a[ids[i]] = v[i];
      }
    } else if (array instanceof boolean[] a) {
      boolean[] v = (boolean[]) values;
      for (int i = 0; i < count; i++) {
        a[ids[i]] = v[i];
      }
    } else {
      byte[][] a = (byte[][]) array;
      byte[][] v = (byte[][]) values;
      for (int i = 0; i < count; i++) {
        a[ids[i]] = v[i];
      }
    }
  }

  /** Reads the next int and checks it is {@code expected} (a format version or a count). */
  public static void expect(DataInput in, int expected, String what) throws IOException {
    int actual = in.readInt();
    if (actual != expected) {
      throw corrupt(what + " " + actual + " where " + expected + " was expected");
    }
  }

  /**
   * Writes the header every operator snapshot starts with: the operator's snapshot format
   * version, then a description of its shape (what it is, its column types, keys and options).
   */
  public static void writeHeader(DataOutput out, int version, String shape) throws IOException {
    out.writeInt(version);
    out.writeUTF(shape);
  }

  /**
   * Reads a header written by {@link #writeHeader} and refuses a snapshot of another format
   * version or of an operator of another shape.
   */
  public static void readHeader(DataInput in, int version, String shape) throws IOException {
    expect(in, version, "a snapshot of format version");
    String actual = in.readUTF();
    if (!actual.equals(shape)) {
      throw corrupt("a snapshot of '" + actual + "' cannot be restored into '" + shape + "'");
    }
  }

  /** Reads an array written by {@link #writeArray} that must hold exactly {@code count} ints. */
  public static int[] readInts(DataInput in, int count, String what) throws IOException {
    Object a = readArray(in, 0);
    if (!(a instanceof int[]) || ((int[]) a).length != count) {
      throw corrupt(what + " that are not " + count + " ints");
    }
    return (int[]) a;
  }

  /** Reads an array written by {@link #writeArray} that must hold exactly {@code count} longs. */
  public static long[] readLongs(DataInput in, int count, String what) throws IOException {
    Object a = readArray(in, 0);
    if (!(a instanceof long[]) || ((long[]) a).length != count) {
      throw corrupt(what + " that are not " + count + " longs");
    }
    return (long[]) a;
  }

  /** Reads an array written by {@link #writeArray} that must hold exactly {@code count} booleans. */
  public static boolean[] readBooleans(DataInput in, int count, String what) throws IOException {
    Object a = readArray(in, 0);
    if (!(a instanceof boolean[]) || ((boolean[]) a).length != count) {
      throw corrupt(what + " that are not " + count + " booleans");
    }
    return (boolean[]) a;
  }

  /** Reads a count written as an int and checks it is in {@code [0, max]}. */
  public static int readCount(DataInput in, int max, String what) throws IOException {
    int n = in.readInt();
    if (n < 0 || n > max) {
      throw corrupt(what + " " + n + " out of [0, " + max + "]");
    }
    return n;
  }

  public static SluiceException corrupt(String what) {
    return new SluiceException(ErrorCode.INTERNAL_ERROR, "Operator state does not match its operator: " + what);
  }
}
