package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import org.apache.parquet.io.ParquetDecodingException;
import org.junit.jupiter.api.Test;
import org.xerial.snappy.Snappy;

/**
 * {@link SnappyDecoder} against blocks made by snappy-java (the encoder parquet-mr writes
 * with): literals short and long (1- to 4-byte lengths), copies with all three offset sizes,
 * overlapping copies (offsets below 8 and below the length), elements at the very ends of the
 * arrays; and corrupt blocks, which must fail with a clear message, never read out of bounds.
 */
class SnappyDecoderTest {
  private static byte[] roundTrip(byte[] data) throws IOException {
    byte[] block = Snappy.compress(data);
    byte[] padded = new byte[block.length + 10]; // the block inside a larger array, as in a page buffer
    System.arraycopy(block, 0, padded, 3, block.length);
    assertEquals(data.length, SnappyDecoder.decodedLength(padded, 3, 3 + block.length));
    byte[] out = new byte[data.length];
    SnappyDecoder.decode(padded, 3, 3 + block.length, out, data.length);
    assertArrayEquals(data, out);
    return block;
  }

  @Test
  void decodesWhatSnappyJavaEncodes() throws IOException {
    Random random = new Random(7);
    roundTrip(new byte[0]);
    roundTrip(new byte[] {42});
    byte[] randomBytes = new byte[200_000]; // incompressible: long literals
    random.nextBytes(randomBytes);
    roundTrip(randomBytes);
    byte[] runs = new byte[100_003]; // runs of one byte: copies with offset 1, longer than the offset
    for (int i = 0; i < runs.length; i++) {
      runs[i] = (byte) (i / 1000);
    }
    roundTrip(runs);
    ByteBuffer longs = ByteBuffer.allocate(8 * 50_000).order(ByteOrder.LITTLE_ENDIAN); // like a PLAIN int64 page
    for (int i = 0; i < 50_000; i++) {
      longs.putLong(random.nextInt(10_000_000));
    }
    roundTrip(longs.array());
    byte[] periods = new byte[300_000]; // repeats 3, 5, 70 and 70,000 bytes back: all copy kinds
    for (int i = 0; i < periods.length; i++) {
      int period = i < 50_000 ? 3 : i < 100_000 ? 5 : i < 150_000 ? 70 : 70_000;
      periods[i] = i < period ? (byte) random.nextInt() : periods[i - period];
    }
    roundTrip(periods);
    for (int length = 1; length < 80; length++) { // every short length, so elements end at the array's end
      byte[] small = Arrays.copyOf(periods, length);
      roundTrip(small);
    }
  }

  @Test
  void corruptBlocksFailClearly() throws IOException {
    byte[] data = new byte[5_000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i % 17);
    }
    byte[] block = Snappy.compress(data);
    byte[] out = new byte[data.length];
    ParquetDecodingException cut = assertThrows(ParquetDecodingException.class,
        () -> SnappyDecoder.decode(block, 0, block.length - 3, out, data.length));
    assertTrue(cut.getMessage().startsWith("Corrupt SNAPPY data"), cut.getMessage());
    // a copy from before the start of the output: tag 01 (offset 1 byte) right after the header
    byte[] badOffset = {10, 0b0000_0001, 5};
    assertThrows(ParquetDecodingException.class, () -> SnappyDecoder.decode(badOffset, 0, 3, new byte[10], 10));
    // a literal longer than the stated length
    byte[] longLiteral = {2, (byte) (5 << 2), 1, 2, 3, 4, 5, 6};
    assertThrows(ParquetDecodingException.class, () -> SnappyDecoder.decode(longLiteral, 0, 8, new byte[8], 2));
    // fewer bytes than stated
    byte[] short1 = {4, 0, 9};
    assertThrows(ParquetDecodingException.class, () -> SnappyDecoder.decode(short1, 0, 3, new byte[4], 4));
    byte[] noHeader = {(byte) 0x80, (byte) 0x80};
    assertThrows(ParquetDecodingException.class, () -> SnappyDecoder.decodedLength(noHeader, 0, 2));
    // random damage anywhere: an exception or (rarely) other bytes, never an index out of bounds
    Random random = new Random(3);
    for (int trial = 0; trial < 2_000; trial++) {
      byte[] damaged = block.clone();
      damaged[1 + random.nextInt(damaged.length - 1)] ^= (byte) (1 + random.nextInt(255));
      try {
        SnappyDecoder.decode(damaged, 0, damaged.length, out, data.length);
      } catch (ParquetDecodingException expected) {
        // reported as corrupt
      }
    }
  }
}
