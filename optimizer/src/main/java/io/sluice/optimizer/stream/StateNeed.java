package io.sluice.optimizer.stream;

/**
 * The state a node needs between micro-batches, and whether something bounds it: the watermark
 * (windows, sessions, joins bounded by event time, rows held until final), or nothing (the groups of
 * an aggregation without a window, the keys a Top-N has seen), when only a time-to-live can.
 *
 * @param kind what is kept
 * @param bounded whether the watermark or the input's size bounds it
 * @param releasedBy in words, what lets it go (for EXPLAIN)
 */
public record StateNeed(Kind kind, boolean bounded, String releasedBy) {
  /** What is kept. */
  public enum Kind { GROUPS, WINDOWS, RANKS, SESSIONS, JOIN_ROWS, TABLE_ROWS }

  /** For EXPLAIN: {@code state=windows until the watermark passes window_end}. */
  public String explain() {
    return "state=" + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + " " + releasedBy;
  }
}
