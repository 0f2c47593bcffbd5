package io.sluice.engine.stream;

import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Snapshot bytes held in fixed-size pages rather than one array. A snapshot of hundreds of
 * megabytes written into one growing array was copied at every doubling and once more to trim
 * it, and each copy was a humongous object for the garbage collector; in pages nothing is copied,
 * no object is larger than a page, and the pages of a checkpoint's copy go back to a {@link Pool}
 * once the checkpoint has written them, to hold the next batch's copy.
 */
public final class SnapshotPages implements SnapshotSource {
  /** Below half of G1's smallest region (1 MiB), so that a page is never a humongous object. */
  static final int PAGE = 256 << 10;

  private final byte[][] pages;
  private final long length;
  /** Where the pages go back to once the checkpoint is done with them, or null. */
  private final Pool pool;
  private boolean released;

  SnapshotPages(List<byte[]> pages, long length, Pool pool) {
    this.pages = pages.toArray(new byte[0][]);
    this.length = length;
    this.pool = pool;
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public synchronized InputStream open() {
    if (released) {
      throw new IllegalStateException("the pages of a snapshot were read after the checkpoint gave them back");
    }
    return new InputStream() {
      private long position;

      @Override
      public int read() {
        if (position >= length) {
          return -1;
        }
        int b = pages[(int) (position / PAGE)][(int) (position % PAGE)] & 0xFF;
        position++;
        return b;
      }

      @Override
      public int read(byte[] into, int offset, int count) {
        if (position >= length) {
          return -1;
        }
        int inPage = (int) (position % PAGE);
        int n = (int) Math.min(Math.min(count, PAGE - inPage), length - position);
        System.arraycopy(pages[(int) (position / PAGE)], inPage, into, offset, n);
        position += n;
        return n;
      }

      @Override
      public int available() {
        return (int) Math.min(Integer.MAX_VALUE, length - position);
      }

      /** Writes the pages as they are, with no copy through a buffer (a delta on its way to its file). */
      @Override
      public long transferTo(java.io.OutputStream out) throws java.io.IOException {
        long start = position;
        while (position < length) {
          int inPage = (int) (position % PAGE);
          int n = (int) Math.min(PAGE - inPage, length - position);
          out.write(pages[(int) (position / PAGE)], inPage, n);
          position += n;
        }
        return position - start;
      }
    };
  }

  /** All the bytes in one array (a state handed to a caller who keeps it). */
  byte[] toByteArray() {
    byte[] bytes = new byte[Math.toIntExact(length)];
    for (int p = 0; p < pages.length; p++) {
      long start = (long) p * PAGE;
      System.arraycopy(pages[p], 0, bytes, (int) start, (int) Math.min(PAGE, length - start));
    }
    return bytes;
  }

  /** Gives the pages back to their pool: nothing may read them afterwards. */
  @Override
  public synchronized void release() {
    if (!released && pool != null) {
      for (byte[] page : pages) {
        pool.give(page);
      }
    }
    released = true;
  }

  /**
   * Pages free for the next snapshot of one query: those of its last checkpoint's copy, which
   * the memory budget already counts (it keeps room for that copy). Taken from by the query's
   * thread; a snapshot a checkpoint writes in the background gives its pages back from the writer's.
   */
  static final class Pool {
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();

    synchronized byte[] take() {
      byte[] page = free.poll();
      return page != null ? page : new byte[PAGE];
    }

    synchronized void give(byte[] page) {
      free.push(page);
    }

    /** Bytes of the pages held free. */
    synchronized long freeBytes() {
      return (long) free.size() * PAGE;
    }

    /** Lets go of the free pages (the query's state shrank, or it ended). */
    synchronized void clear() {
      free.clear();
    }
  }
}
