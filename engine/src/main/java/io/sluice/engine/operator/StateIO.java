package io.sluice.engine.operator;

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

  private StateIO() {}

  /** Writes the first {@code count} elements of a long[], int[], double[], boolean[] or byte[][]. */
  public static void writeArray(DataOutput out, Object array, int count) throws IOException {
    if (array instanceof long[]) {
      long[] a = (long[]) array;
      out.writeByte(LONGS);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeLong(a[i]);
      }
    } else if (array instanceof int[]) {
      int[] a = (int[]) array;
      out.writeByte(INTS);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeInt(a[i]);
      }
    } else if (array instanceof double[]) {
      double[] a = (double[]) array;
      out.writeByte(DOUBLES);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeDouble(a[i]);
      }
    } else if (array instanceof boolean[]) {
      boolean[] a = (boolean[]) array;
      out.writeByte(BOOLEANS);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        out.writeBoolean(a[i]);
      }
    } else if (array instanceof byte[][]) {
      byte[][] a = (byte[][]) array;
      out.writeByte(BYTES);
      out.writeInt(count);
      for (int i = 0; i < count; i++) {
        if (a[i] == null) {
          out.writeInt(-1);
        } else {
          out.writeInt(a[i].length);
          out.write(a[i]);
        }
      }
    } else {
      throw new IllegalArgumentException("not a state array: " + array);
    }
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
        for (int i = 0; i < count; i++) {
          a[i] = in.readLong();
        }
        return a;
      }
      case INTS: {
        int[] a = new int[length];
        for (int i = 0; i < count; i++) {
          a[i] = in.readInt();
        }
        return a;
      }
      case DOUBLES: {
        double[] a = new double[length];
        for (int i = 0; i < count; i++) {
          a[i] = in.readDouble();
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

  /** Reads the next int and checks it is {@code expected} (a format version or a count). */
  public static void expect(DataInput in, int expected, String what) throws IOException {
    int actual = in.readInt();
    if (actual != expected) {
      throw corrupt(what + " " + actual + " where " + expected + " was expected");
    }
  }

  static SluiceException corrupt(String what) {
    return new SluiceException(ErrorCode.INTERNAL_ERROR, "Operator state does not match its operator: " + what);
  }
}
