package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Random;
import org.apache.parquet.bytes.HeapByteBufferAllocator;
import org.apache.parquet.column.values.rle.RunLengthBitPackingHybridEncoder;
import org.junit.jupiter.api.Test;

/**
 * {@link RleBitPackedDecoder} against parquet-column's encoder for every bit width, with runs
 * of both kinds, reads of odd sizes that end inside packed groups, and groups at the very end
 * of the array (where the word-at-a-time unpacking must not be used).
 */
class RleBitPackedDecoderTest {
  private static byte[] encode(int[] values, int width) throws IOException {
    try (RunLengthBitPackingHybridEncoder encoder =
        new RunLengthBitPackingHybridEncoder(width, 64, 1 << 20, new HeapByteBufferAllocator())) {
      for (int v : values) {
        encoder.writeInt(v);
      }
      return encoder.toBytes().toByteArray();
    }
  }

  private static int[] values(int width, int count, Random random) {
    int[] values = new int[count];
    long bound = 1L << width;
    for (int i = 0; i < count; i++) {
      if ((i / 50) % 3 == 0) {
        values[i] = values[Math.max(0, i - 1)]; // stretches that become repeated runs
      } else {
        values[i] = width == 0 ? 0 : (int) (random.nextLong() & (bound - 1));
      }
    }
    return values;
  }

  @Test
  void decodesEveryBitWidthInReadsOfAnySize() throws IOException {
    Random random = new Random(11);
    for (int width = 0; width <= 32; width++) {
      int[] expected = values(width, 1_001, random);
      byte[] bytes = encode(expected, width);
      for (int chunk : new int[] {1, 7, 8, 13, 1_001}) {
        RleBitPackedDecoder decoder = new RleBitPackedDecoder();
        decoder.init(bytes, 0, bytes.length, width);
        int[] actual = new int[expected.length];
        for (int at = 0; at < expected.length; at += chunk) {
          decoder.read(actual, at, Math.min(chunk, expected.length - at));
        }
        assertArrayEquals(expected, actual, "width " + width + ", reads of " + chunk);
      }
      // the same bytes at the end of a larger array, and with slack after them
      byte[] shifted = new byte[bytes.length + 5];
      System.arraycopy(bytes, 0, shifted, 5, bytes.length);
      RleBitPackedDecoder decoder = new RleBitPackedDecoder();
      decoder.init(shifted, 5, shifted.length, width);
      int[] actual = new int[expected.length];
      decoder.read(actual, 0, expected.length);
      assertArrayEquals(expected, actual, "width " + width + " at an array's end");
    }
  }

  @Test
  void skipsOnlyWithinOneRepeatedRun() throws IOException {
    int[] values = new int[300];
    java.util.Arrays.fill(values, 0, 200, 1); // a repeated run of 200 ones
    for (int i = 200; i < 300; i++) {
      values[i] = i % 2; // then packed groups
    }
    byte[] bytes = encode(values, 1);
    RleBitPackedDecoder decoder = new RleBitPackedDecoder();
    decoder.init(bytes, 0, bytes.length, 1);
    assertFalse(decoder.skipRepeated(10, 0), "a run of another value");
    assertTrue(decoder.skipRepeated(150, 1));
    assertFalse(decoder.skipRepeated(60, 1), "past the run's end");
    int[] rest = new int[150];
    decoder.read(rest, 0, 150);
    for (int i = 0; i < 150; i++) {
      assertEquals(values[150 + i], rest[i], "value " + (150 + i));
    }
    assertFalse(decoder.skipRepeated(1, 1), "at the end of the data");
  }
}
