package io.sluice.server.pgwire;

import java.util.Locale;
import java.util.Map;

/**
 * PostgreSQL's cast of a string literal, {@code '2024-01-02T03:04:05'::timestamp}, which clients
 * write into statements themselves (psycopg quotes dates and times so), rewritten as the standard
 * {@code CAST('...' AS TIMESTAMP)} that Sluice's SQL takes. Only a literal followed by {@code ::}
 * and a type name is rewritten; text in strings, quoted identifiers and comments is left alone.
 */
final class LiteralCasts {
  /** PostgreSQL type names whose Sluice name differs. */
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("timestamptz", "TIMESTAMP"), Map.entry("timestamp", "TIMESTAMP"), Map.entry("date", "DATE"),
      Map.entry("time", "TIME"), Map.entry("timetz", "TIME"), Map.entry("interval", "INTERVAL"),
      Map.entry("numeric", "DECIMAL"), Map.entry("int2", "SMALLINT"), Map.entry("int4", "INTEGER"),
      Map.entry("int8", "BIGINT"), Map.entry("float4", "REAL"), Map.entry("float8", "DOUBLE"),
      Map.entry("text", "VARCHAR"), Map.entry("varchar", "VARCHAR"), Map.entry("bool", "BOOLEAN"),
      Map.entry("boolean", "BOOLEAN"));

  private LiteralCasts() {}

  static String rewrite(String sql) {
    if (sql.indexOf("::") < 0) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length() + 16);
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (c == '\'') {
        int end = Placeholders.closing(sql, i, '\'');
        int nameStart = end + 2;
        if (end + 1 < n && sql.startsWith("::", end) && nameStart <= n) {
          int nameEnd = nameStart;
          while (nameEnd < n && (Character.isLetterOrDigit(sql.charAt(nameEnd)) || sql.charAt(nameEnd) == '_')) {
            nameEnd++;
          }
          String type = TYPES.get(sql.substring(nameStart, nameEnd).toLowerCase(Locale.ROOT));
          if (type != null) {
            out.append("CAST(").append(sql, i, end).append(" AS ").append(type).append(')');
            i = nameEnd;
            continue;
          }
        }
        out.append(sql, i, end);
        i = end;
      } else if (c == '"') {
        int end = Placeholders.closing(sql, i, '"');
        out.append(sql, i, end);
        i = end;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int end = sql.indexOf('\n', i);
        end = end < 0 ? n : end;
        out.append(sql, i, end);
        i = end;
      } else {
        out.append(c);
        i++;
      }
    }
    return out.toString();
  }
}
