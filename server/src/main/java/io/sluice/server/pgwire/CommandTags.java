package io.sluice.server.pgwire;

import java.util.Locale;

/** The command tag PostgreSQL clients expect in CommandComplete, from the statement's first words. */
final class CommandTags {
  private CommandTags() {}

  /** The tag of a statement that changed {@code count} rows (or none, -1). */
  static String of(String sql, long count) {
    String[] words = words(sql);
    String first = words.length > 0 ? words[0] : "";
    switch (first) {
      case "INSERT": return "INSERT 0 " + Math.max(count, 0);
      case "UPDATE":
      case "DELETE":
      case "MERGE": return first + " " + Math.max(count, 0);
      case "CREATE":
      case "DROP":
      case "ALTER": {
        String second = words.length > 1 ? words[1] : "";
        if (second.equals("OR") && words.length > 3) {
          second = words[3]; // CREATE OR REPLACE VIEW
        }
        return second.isEmpty() ? first : first + " " + second;
      }
      default: return first.isEmpty() ? "OK" : first;
    }
  }

  /** The first word, upper case: the verb of a row result's tag ("SELECT" for queries). */
  static String verb(String sql) {
    String[] words = words(sql);
    String first = words.length > 0 ? words[0] : "";
    return first.equals("SHOW") || first.equals("EXPLAIN") || first.equals("DESCRIBE") ? first : "SELECT";
  }

  private static String[] words(String sql) {
    String text = stripComments(sql).strip();
    if (text.isEmpty()) {
      return new String[0];
    }
    return text.toUpperCase(Locale.ROOT).split("[\\s(;]+", 5);
  }

  private static String stripComments(String sql) {
    String s = sql.strip();
    while (true) {
      if (s.startsWith("--")) {
        int end = s.indexOf('\n');
        s = end < 0 ? "" : s.substring(end + 1).strip();
      } else if (s.startsWith("/*")) {
        int end = s.indexOf("*/");
        s = end < 0 ? "" : s.substring(end + 2).strip();
      } else {
        return s;
      }
    }
  }
}
