package io.sluice.engine.checkpoint;

import java.util.SplittableRandom;

/**
 * Cuts bytes into chunks at places chosen by their content (a gear rolling hash, as in FastCDC),
 * so that an insertion or a change in one place moves the cut points only near it: two snapshots
 * of an operator that differ in a few places share every other chunk. Chunks are 256 KiB to 2 MiB,
 * about 320 KiB on average: each is a file flushed to disk on its own, and at 80 KiB on average
 * (16 to 512 KiB, the cut of checkpoints written before) a 100 MB snapshot cost some 1,300 flushes
 * of ten milliseconds or more; deltas now carry what a batch changed, so a snapshot's chunks need
 * not be as fine. Which cuts a checkpoint was written with does not matter to a reader.
 *
 * <p>The hash is rolled over every byte past a chunk's minimum, so the minimum sets the cost: with
 * 64 KiB and a cut every 256 KiB past it, 80 % of a snapshot's bytes were hashed, and that was
 * two thirds of the checkpoint writer's CPU in a profile of Nexmark q4 with a checkpoint every
 * batch; with 192 KiB and a cut every 128 KiB, 40 %, and still over half of it. A 256 KiB minimum
 * with a cut every 64 KiB past it keeps the average and hashes 20 %; a change still costs the
 * chunk it falls in and the next one or two, until a cut falls in the same place again.
 */
final class ContentChunker {
  static final int MIN = 256 << 10;
  static final int MAX = 2 << 20;
  /** 16 bits: a cut on average every 64 KiB past the minimum. */
  private static final long MASK = (1L << 16) - 1;
  private static final long[] GEAR = new long[256];

  static {
    SplittableRandom random = new SplittableRandom(0x5EED_C4A1L);
    for (int i = 0; i < GEAR.length; i++) {
      GEAR[i] = random.nextLong();
    }
  }

  private ContentChunker() {}

  /** The end of the chunk that starts at {@code start} (exclusive), at most {@code end}. */
  static int nextCut(byte[] data, int start, int end) {
    int limit = Math.min(end, start + MAX);
    if (limit - start <= MIN) {
      return limit;
    }
    long hash = 0;
    for (int i = start + MIN; i < limit; i++) {
      hash = (hash << 1) + GEAR[data[i] & 0xFF];
      // the high bits of the hash have seen the last 64 bytes
      if ((hash >>> 40 & MASK) == 0) {
        return i + 1;
      }
    }
    return limit;
  }

  /**
   * The bytes a snapshot is cut from: the whole array, or a window onto a stream that always
   * holds {@link #MAX} bytes from the next chunk's start (or all that remain), so that the cuts
   * are those the whole array would give and a snapshot in a file is cut with 1 MiB of heap.
   */
  static final class Window {
    /** The bytes a window onto a stream holds. */
    static final int WINDOW = 2 * MAX;

    private final java.io.InputStream in;
    private byte[] bytes;
    private int start;
    private int end;

    /** A window onto all of {@code bytes}. */
    Window(byte[] bytes) {
      this.in = null;
      this.bytes = bytes;
      this.end = bytes.length;
    }

    /**
     * A window onto {@code in}, read as the chunks are cut, through {@code buffer}: {@link #WINDOW}
     * bytes, or at least all that {@code in} holds.
     */
    Window(java.io.InputStream in, byte[] buffer) {
      this.in = in;
      this.bytes = buffer;
    }

    /** Whether bytes remain to cut; reads on when fewer than {@link #MAX} are held. */
    boolean more() throws java.io.IOException {
      if (in != null && end - start < MAX) {
        System.arraycopy(bytes, start, bytes, 0, end - start);
        end -= start;
        start = 0;
        for (int n = 0; n >= 0 && end < bytes.length; n = in.read(bytes, end, bytes.length - end)) {
          end += n;
        }
      }
      return start < end;
    }

    byte[] bytes() {
      return bytes;
    }

    int start() {
      return start;
    }

    /** The end of the next chunk. */
    int nextCut() {
      return ContentChunker.nextCut(bytes, start, end);
    }

    /** The next chunk ends at {@code cut}. */
    void consume(int cut) {
      start = cut;
    }
  }
}
