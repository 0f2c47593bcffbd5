package io.sluice.runtime.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The bulk writes of {@link StateIO} are a checkpoint format: their bytes must stay those of
 * DataOutput's element-by-element writes, which checked-in checkpoints were written with.
 */
class StateIOTest {
  @Test
  void falsesAreWrittenAsAnArrayOfThemWouldBe() throws IOException {
    for (int count : new int[] {0, 1, 8191, 8192, 8193, 20_000}) {
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      StateIO.writeArray(new DataOutputStream(expected), new boolean[count], count);
      ByteArrayOutputStream written = new ByteArrayOutputStream();
      StateIO.writeFalses(new DataOutputStream(written), count);
      assertArrayEquals(expected.toByteArray(), written.toByteArray(), count + " flags");
    }
  }

  @Test
  void booleansAreWrittenAsDataOutputWritesThem() throws IOException {
    boolean[] values = new boolean[20_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = i % 3 == 0;
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream one = new DataOutputStream(expected);
    one.writeByte(3);
    one.writeInt(values.length - 5);
    for (int i = 5; i < values.length; i++) {
      one.writeBoolean(values[i]);
    }
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    DataOutputStream bulk = new DataOutputStream(actual);
    StateIO.writeArrayHeader(bulk, values, values.length - 5);
    StateIO.writeElements(bulk, values, 5, values.length - 5);
    assertArrayEquals(expected.toByteArray(), actual.toByteArray());
  }

  @Test
  void byteArraysAreWrittenAsDataOutputWritesThemAndReadBack() throws IOException {
    byte[][] values = new byte[3_000][];
    for (int i = 0; i < values.length; i++) {
      // nulls, empty values, small ones and some larger than the bulk buffer
      int length = i % 7 == 0 ? -1 : i % 500 == 1 ? 9_000 + i : i % 13;
      if (length >= 0) {
        values[i] = new byte[length];
        for (int b = 0; b < length; b++) {
          values[i][b] = (byte) (i + b);
        }
      }
    }
    ByteArrayOutputStream expected = new ByteArrayOutputStream();
    DataOutputStream one = new DataOutputStream(expected);
    one.writeByte(4);
    one.writeInt(values.length);
    for (byte[] value : values) {
      one.writeInt(value == null ? -1 : value.length);
      if (value != null) {
        one.write(value);
      }
    }
    ByteArrayOutputStream actual = new ByteArrayOutputStream();
    StateIO.writeArray(new DataOutputStream(actual), values, values.length);
    assertArrayEquals(expected.toByteArray(), actual.toByteArray());
    byte[][] read = (byte[][]) StateIO.readArray(new DataInputStream(new ByteArrayInputStream(actual.toByteArray())),
        values.length);
    for (int i = 0; i < values.length; i++) {
      assertArrayEquals(values[i], read[i], "value " + i);
    }
  }

  /**
   * A delta writes the slots it changed with {@link StateIO#writeGathered}, a block at a time: its
   * bytes are those of {@link StateIO#writeArray} over an array of just those slots, for every
   * element type and for counts that end inside a block, on one, and past several.
   */
  @Test
  void gatheredSlotsAreWrittenAsAnArrayOfThemWouldBe() throws IOException {
    int size = 5_000;
    long[] longs = new long[size];
    int[] ints = new int[size];
    double[] doubles = new double[size];
    boolean[] booleans = new boolean[size];
    byte[][] bytes = new byte[size][];
    for (int i = 0; i < size; i++) {
      longs[i] = i * 0x1_0000_0001L - 7;
      ints[i] = -i * 31;
      doubles[i] = i / 3.0;
      booleans[i] = i % 5 == 1;
      bytes[i] = i % 11 == 0 ? null : new byte[i % 17];
    }
    for (int count : new int[] {0, 1, 1023, 1024, 1025, 4_321}) {
      int[] ids = new int[count];
      for (int k = 0; k < count; k++) {
        ids[k] = (k * 7919) % size; // out of order, some twice
      }
      for (Object array : new Object[] {longs, ints, doubles, booleans, bytes}) {
        Object gathered = java.lang.reflect.Array.newInstance(array.getClass().getComponentType(), count);
        for (int k = 0; k < count; k++) {
          java.lang.reflect.Array.set(gathered, k, java.lang.reflect.Array.get(array, ids[k]));
        }
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        StateIO.writeArray(new DataOutputStream(expected), gathered, count);
        ByteArrayOutputStream actual = new ByteArrayOutputStream();
        StateIO.writeGathered(new DataOutputStream(actual), array, ids, count);
        assertArrayEquals(expected.toByteArray(), actual.toByteArray(),
            array.getClass().getSimpleName() + " gathered " + count);
      }
    }
  }
}
