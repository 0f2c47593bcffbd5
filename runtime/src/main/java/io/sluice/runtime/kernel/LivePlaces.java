package io.sluice.runtime.kernel;

import java.util.Arrays;

/**
 * The places in the arrival order of one regular-join input's live rows, a bit each, when its
 * rows are kept partly on disk ({@link DiskJoinRows}): what lets a delta name rows by rank while
 * most of them are in the store. A snapshot writes an input's rows in place order, so a row's rank
 * in the snapshot taken at a checkpoint is the number of rows live then at a smaller place. {@link
 * #mark} keeps a copy of the bits with a count per word before it; from then the places of rows
 * removed are the bits of the copy cleared since, the rows added are the places from the mark's
 * end on, and the rows whose match count changed are recorded by place. A delta then costs what
 * changed (plus a pass over the bits, a 64th of a byte per row that ever arrived), never a walk of
 * the store.
 */
final class LivePlaces {
  private long[] live = new long[16];
  /** The bits at the last {@link #mark}; null before one. */
  private long[] base;
  /** Per word of {@link #base}: the live places before it. */
  private int[] rankBefore;
  /** The first place given after the mark. */
  private long baseEnd;
  private int baseLive;
  /** Places below {@link #baseEnd} whose match count changed since the mark, with repeats. */
  private long[] changed = new long[16];
  private int changedCount;

  /** Place {@code place} holds a live row. */
  void add(long place) {
    int word = (int) (place >>> 6);
    if (word >= live.length) {
      live = Arrays.copyOf(live, Math.max(word + 1, live.length + (live.length >> 1)));
    }
    live[word] |= 1L << place;
  }

  /** The row at place {@code place} was removed. */
  void remove(long place) {
    live[(int) (place >>> 6)] &= ~(1L << place);
  }

  /** The match count of the row at place {@code place} is about to change. */
  void changed(long place) {
    if (base != null && place < baseEnd) {
      if (changedCount == changed.length) {
        changed = Arrays.copyOf(changed, 2 * changedCount);
      }
      changed[changedCount++] = place;
    }
  }

  /** Forgets every place (a restore replaces the rows), and the mark. */
  void clear() {
    live = new long[16];
    base = null;
    rankBefore = null;
    changedCount = 0;
  }

  /** Makes the live places the base of the next delta; {@code end} is the next place to be given. */
  void mark(long end) {
    int words = (int) ((end + 63) >>> 6);
    base = Arrays.copyOf(live, words);
    rankBefore = new int[words];
    int rank = 0;
    for (int w = 0; w < words; w++) {
      rankBefore[w] = rank;
      rank += Long.bitCount(base[w]);
    }
    baseLive = rank;
    baseEnd = end;
    changedCount = 0;
  }

  boolean recording() {
    return base != null;
  }

  /** Rows live at the mark. */
  int baseLive() {
    return baseLive;
  }

  /** The first place given after the mark: rows from it on were added since. */
  long baseEnd() {
    return baseEnd;
  }

  /** The rank at the mark of the row at place {@code place}, which was live then. */
  int rank(long place) {
    int word = (int) (place >>> 6);
    return rankBefore[word] + Long.bitCount(base[word] & ((1L << place) - 1));
  }

  /** The ranks at the mark of the rows removed since, ascending. */
  int[] removedRanks() {
    int[] ranks = new int[16];
    int n = 0;
    for (int w = 0; w < base.length; w++) {
      long gone = base[w] & ~(w < live.length ? live[w] : 0);
      while (gone != 0) {
        if (n == ranks.length) {
          ranks = Arrays.copyOf(ranks, 2 * n);
        }
        ranks[n++] = rank(((long) w << 6) + Long.numberOfTrailingZeros(gone));
        gone &= gone - 1;
      }
    }
    return Arrays.copyOf(ranks, n);
  }

  /** The places of the rows live at the mark and now whose match count changed since, ascending, each once. */
  long[] changedPlaces() {
    long[] places = Arrays.copyOf(changed, changedCount);
    Arrays.sort(places);
    int n = 0;
    for (int i = 0; i < places.length; i++) {
      long place = places[i];
      if ((n == 0 || places[n - 1] != place) && isLive(place) && (base[(int) (place >>> 6)] & 1L << place) != 0) {
        places[n++] = place;
      }
    }
    return Arrays.copyOf(places, n);
  }

  private boolean isLive(long place) {
    int word = (int) (place >>> 6);
    return word < live.length && (live[word] & 1L << place) != 0;
  }

  long bytes() {
    return 8L * live.length + (base == null ? 0 : 12L * base.length) + 8L * changed.length;
  }
}
