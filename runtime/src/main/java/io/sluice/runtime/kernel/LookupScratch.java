package io.sluice.runtime.kernel;

/**
 * The per-lookup arrays of a {@link KeyTable} (each looked-up row's id and hash): sized for the
 * largest lookup so far, not for a whole batch, and shareable between tables that are never
 * looked up while another's result is still in use (the windows of one operator, each added in
 * turn), so that many small tables hold one set of scratch rather than one each.
 */
public final class LookupScratch {
  private static final int MIN_ROWS = 16;

  int[] ids = new int[0];
  int[] hashes = new int[0];

  /** Room for {@code rows} rows. */
  void ensure(int rows) {
    if (ids.length < rows) {
      int size = sizeFor(rows);
      ids = new int[size];
      hashes = new int[size];
    }
  }

  /** Bytes a lookup of {@code rows} rows would allocate (0 when there is room). */
  long growthBytes(int rows) {
    return ids.length >= rows ? 0 : 8L * sizeFor(rows);
  }

  /** Bytes held. */
  public long bytes() {
    return 4L * ((long) ids.length + hashes.length);
  }

  void release() {
    ids = new int[0];
    hashes = new int[0];
  }

  private static int sizeFor(int rows) {
    return Math.max(MIN_ROWS, rows <= 1 ? 1 : Integer.highestOneBit(rows - 1) << 1);
  }
}
