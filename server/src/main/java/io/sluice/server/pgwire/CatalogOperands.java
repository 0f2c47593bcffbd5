package io.sluice.server.pgwire;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The value a catalog query compares a column with ({@code c.relnamespace=$1}, {@code datname='x'},
 * {@code c.oid=16384}): a bound parameter, a string literal or a number, as tools write them.
 */
final class CatalogOperands {
  private CatalogOperands() {}

  /**
   * The value compared with the column {@code left} (a regular expression, matched as a whole word)
   * by {@code =}, or null when the query has no such comparison.
   */
  static String value(String sql, String left, List<String> parameters) {
    Matcher m = Pattern.compile("(?<![\\w.$])" + left + "\\s*=\\s*(?:\\$(\\d+)|'((?:[^']|'')*)'|(\\d+))")
        .matcher(sql);
    if (!m.find()) {
      return null;
    }
    if (m.group(1) != null) {
      int index = Integer.parseInt(m.group(1)) - 1;
      return index < parameters.size() ? parameters.get(index) : null;
    }
    return m.group(2) != null ? m.group(2).replace("''", "'") : m.group(3);
  }

  static boolean isNumber(String text) {
    return text.matches("\\d{1,18}");
  }
}
