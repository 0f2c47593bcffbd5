package io.sluice.optimizer.stream;

import java.util.Arrays;
import java.util.List;

/**
 * How the rows a node emits evolve, in the spirit of Flink's changelog modes: insert-only (each
 * row final when emitted), retract (rows taken back by {@code -U}/{@code -D} and replaced), or
 * upsert keyed by some output columns (each change replaces the row of its key).
 *
 * @param kind which of the three
 * @param upsertKey the output columns that identify a row of an upsert changelog; empty otherwise
 */
public record ChangelogMode(Kind kind, int[] upsertKey) {
  /** The three kinds of output. */
  public enum Kind { INSERT_ONLY, RETRACT, UPSERT }

  public static final ChangelogMode INSERT_ONLY = new ChangelogMode(Kind.INSERT_ONLY, new int[0]);
  public static final ChangelogMode RETRACT = new ChangelogMode(Kind.RETRACT, new int[0]);

  public ChangelogMode {
    upsertKey = upsertKey.clone();
  }

  /** A changelog whose every change replaces the row with the same values in {@code key}. */
  public static ChangelogMode upsert(int[] key) {
    return new ChangelogMode(Kind.UPSERT, key);
  }

  @Override
  public int[] upsertKey() {
    return upsertKey.clone();
  }

  public boolean insertOnly() {
    return kind == Kind.INSERT_ONLY;
  }

  /** For EXPLAIN: {@code append}, {@code changelog}, or {@code changelog, upsert key=[a, b]}. */
  public String explain(List<String> fieldNames) {
    switch (kind) {
      case INSERT_ONLY:
        return "append";
      case UPSERT: {
        StringBuilder sb = new StringBuilder("changelog, upsert key=[");
        for (int i = 0; i < upsertKey.length; i++) {
          sb.append(i > 0 ? ", " : "").append(fieldNames.get(upsertKey[i]));
        }
        return sb.append(']').toString();
      }
      default:
        return "changelog";
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChangelogMode && ((ChangelogMode) other).kind == kind
        && Arrays.equals(((ChangelogMode) other).upsertKey, upsertKey);
  }

  @Override
  public int hashCode() {
    return kind.hashCode() * 31 + Arrays.hashCode(upsertKey);
  }

  @Override
  public String toString() {
    return kind + (kind == Kind.UPSERT ? Arrays.toString(upsertKey) : "");
  }
}
