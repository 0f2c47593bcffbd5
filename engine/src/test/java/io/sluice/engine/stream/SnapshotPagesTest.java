package io.sluice.engine.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link SnapshotBuffer} and {@link SnapshotPages}: a snapshot written in pages reads back whole, and pages are reused. */
class SnapshotPagesTest {
  /** Writes {@code length} random bytes, in single bytes and runs of random lengths, to {@code out}. */
  private static byte[] fill(SnapshotBuffer out, int length, long seed) throws IOException {
    Random random = new Random(seed);
    byte[] expected = new byte[length];
    random.nextBytes(expected);
    for (int at = 0; at < length; ) {
      if (random.nextInt(4) == 0) {
        out.write(expected[at++]);
      } else {
        int n = Math.min(length - at, random.nextInt(3 * SnapshotPages.PAGE / 2));
        out.write(expected, at, n);
        at += n;
      }
    }
    out.close();
    return expected;
  }

  private static byte[] read(SnapshotSource source) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (InputStream in = source.open()) {
      in.transferTo(bytes);
    }
    return bytes.toByteArray();
  }

  @Test
  void bytesAcrossManyPagesReadBackWhole() throws IOException {
    SnapshotPages.Pool pool = new SnapshotPages.Pool();
    for (int length : new int[] {0, 1, SnapshotPages.PAGE - 1, SnapshotPages.PAGE, 5 * SnapshotPages.PAGE + 17}) {
      SnapshotBuffer buffer = new SnapshotBuffer(pool);
      byte[] expected = fill(buffer, length, length);
      SnapshotPages pages = buffer.pages();
      assertEquals(length, pages.length());
      assertArrayEquals(expected, read(pages), "length " + length);
      assertArrayEquals(expected, pages.toByteArray(), "length " + length);
      pages.release();
    }
  }

  @Test
  void releasedPagesHoldTheNextSnapshotAndCannotBeReadAgain() throws IOException {
    SnapshotPages.Pool pool = new SnapshotPages.Pool();
    SnapshotBuffer first = new SnapshotBuffer(pool);
    fill(first, 3 * SnapshotPages.PAGE, 1);
    SnapshotPages lent = first.pages();
    lent.release();
    assertEquals(3L * SnapshotPages.PAGE, pool.freeBytes());
    assertThrows(IllegalStateException.class, lent::open);

    SnapshotBuffer second = new SnapshotBuffer(pool);
    byte[] expected = fill(second, 2 * SnapshotPages.PAGE, 2);
    assertEquals(1L * SnapshotPages.PAGE, pool.freeBytes(), "two of the three free pages were taken again");
    assertArrayEquals(expected, read(second.pages()));
  }

  @Test
  void aSnapshotPastItsLimitGoesOnInAFile(@TempDir Path folder) throws IOException {
    SnapshotPages.Pool pool = new SnapshotPages.Pool();
    SnapshotBuffer buffer = new SnapshotBuffer(pool, folder, 2 * SnapshotPages.PAGE);
    byte[] expected = fill(buffer, 4 * SnapshotPages.PAGE + 3, 3);
    SnapshotFile file = buffer.file();
    assertTrue(file != null && Files.exists(file.path()), "spilled to a file");
    assertEquals(expected.length, file.length());
    assertArrayEquals(expected, read(file));
    assertTrue(pool.freeBytes() > 0, "the pages written before the spill went back to the pool");
  }
}
