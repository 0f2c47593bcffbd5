package io.sluice.catalog;

import java.util.Collection;
import java.util.Locale;

/** Finds the known name nearest to a misspelt one, for "did you mean" hints. */
public final class NameMatcher {
  private NameMatcher() {}

  /** The candidate closest to {@code name} by edit distance, or null if none is close. */
  public static String nearest(String name, Collection<String> candidates) {
    String lower = name.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String candidate : candidates) {
      int d = distance(lower, candidate.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        bestDistance = d;
        best = candidate;
      }
    }
    int allowed = Math.max(1, Math.min(3, lower.length() / 3));
    return bestDistance <= allowed ? best : null;
  }

  /** A sentence to append to an error message, or the empty string. */
  public static String hint(String name, Collection<String> candidates) {
    String nearest = nearest(name, candidates);
    return nearest == null ? "" : " Did you mean '" + nearest + "'?";
  }

  static int distance(String a, String b) {
    int[] previous = new int[b.length() + 1];
    int[] current = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
      }
      int[] t = previous;
      previous = current;
      current = t;
    }
    return previous[b.length()];
  }
}
