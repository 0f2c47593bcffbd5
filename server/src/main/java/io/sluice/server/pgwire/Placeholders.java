package io.sluice.server.pgwire;

import java.util.ArrayList;
import java.util.List;

/**
 * PostgreSQL's numbered parameters ({@code $1}, {@code $2}, ...) turned into JDBC's {@code ?}
 * markers, outside strings, quoted identifiers and comments. A number may come more than once and
 * in any order; {@link #order()} says which PostgreSQL parameter each {@code ?} takes.
 */
record Placeholders(String sql, int[] order, int count) {

  static Placeholders rewrite(String text) {
    StringBuilder out = new StringBuilder(text.length());
    List<Integer> order = new ArrayList<>();
    int highest = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int end = closing(text, i, c);
        out.append(text, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int end = text.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(text, i, end);
        i = end;
      } else if (c == '/' && i + 1 < n && text.charAt(i + 1) == '*') {
        int end = text.indexOf("*/", i + 2);
        end = end < 0 ? n : end + 2;
        out.append(text, i, end);
        i = end;
      } else if (c == '$' && i + 1 < n && Character.isDigit(text.charAt(i + 1))
          && (i == 0 || !Character.isLetterOrDigit(text.charAt(i - 1)))) {
        int end = i + 1;
        while (end < n && Character.isDigit(text.charAt(end))) {
          end++;
        }
        int number = Integer.parseInt(text.substring(i + 1, Math.min(end, i + 10)));
        order.add(number);
        highest = Math.max(highest, number);
        out.append('?');
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return new Placeholders(out.toString(), order.stream().mapToInt(Integer::intValue).toArray(), highest);
  }

  /** The index just after the quote that closes the one at {@code start} (a doubled quote stays inside). */
  static int closing(String text, int start, char quote) {
    int i = start + 1;
    while (i < text.length()) {
      if (text.charAt(i) == quote) {
        if (i + 1 < text.length() && text.charAt(i + 1) == quote) {
          i += 2;
          continue;
        }
        return i + 1;
      }
      i++;
    }
    return text.length();
  }
}
