package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metadata queries of Grafana's PostgreSQL data source (its query editor's schema, table and
 * column pickers and its version check: {@code public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts}),
 * recognised by their shape and answered from {@link PgCatalog}: the schema is {@code public}, the
 * tables are Sluice's, column types are named as {@code information_schema.columns.data_type} names
 * them, and there is no TimescaleDB. Grafana's health check ({@code Ping}) and its panels' own SQL
 * need nothing of this: they run as any query does.
 */
final class GrafanaQueries {
  private static final Pattern TABLES_IN_SCHEMA = Pattern.compile(
      "quote_ident\\(table_schema\\)\\s*=\\s*'((?:[^']|'')*)'");
  private static final Pattern TABLE_PARAMETER = Pattern.compile("parse_ident\\('((?:[^']|'')*)'\\)");

  private GrafanaQueries() {}

  static boolean recognises(String sql) {
    return isVersion(sql) || isTimescale(sql) || isSchemas(sql) || isTables(sql) || isColumns(sql);
  }

  /** The answer, or null when the statement is none of Grafana's. */
  static Execution answer(String sql, Connection session) throws SQLException {
    if (isVersion(sql)) {
      return PgCatalog.rows(List.of("version"), List.of(PgType.INT4),
          List.<String[]>of(new String[] {Integer.toString(PgServerVersion.number() / 100)}));
    }
    if (isTimescale(sql)) {
      return PgCatalog.textRows(List.of("extversion"), List.of());
    }
    if (isSchemas(sql)) {
      return PgCatalog.textRows(List.of("name"), List.<String[]>of(new String[] {"public"}));
    }
    if (isTables(sql)) {
      return tables(sql, session);
    }
    if (isColumns(sql)) {
      return columns(sql, session);
    }
    return null;
  }

  /** {@code getVersion()}: {@code SELECT current_setting('server_version_num')::int/100 as version}. */
  private static boolean isVersion(String sql) {
    return sql.contains("current_setting('server_version_num')") && sql.toLowerCase(java.util.Locale.ROOT)
        .contains("as version");
  }

  /** {@code getTimescaleDBVersion()}: {@code SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'}. */
  private static boolean isTimescale(String sql) {
    return sql.contains("FROM pg_extension") && sql.contains("extname = 'timescaledb'");
  }

  /** {@code showSchemas()}: {@code SELECT schema_name AS "name" FROM information_schema.schemata ...}. */
  private static boolean isSchemas(String sql) {
    return sql.contains("FROM information_schema.schemata") && sql.contains("schema_name AS \"name\"");
  }

  /** {@code showTables(schema?)}: {@code quote_ident(table_name) AS "table" FROM information_schema.tables ...}. */
  private static boolean isTables(String sql) {
    return sql.contains("FROM information_schema.tables") && sql.contains("AS \"table\"");
  }

  /** {@code getSchema(table)}: {@code SELECT quote_ident(column_name) AS "column", data_type AS "type" FROM information_schema.columns ...}. */
  private static boolean isColumns(String sql) {
    return sql.contains("FROM information_schema.columns") && sql.contains("AS \"column\"")
        && sql.contains("data_type AS \"type\"");
  }

  private static Execution tables(String sql, Connection session) throws SQLException {
    Matcher schema = TABLES_IN_SCHEMA.matcher(sql);
    boolean inPublic = !schema.find() || schema.group(1).replace("''", "'").equals("public");
    List<String[]> rows = new ArrayList<>();
    if (inPublic) {
      for (PgCatalog.Table t : PgCatalog.tables(session, "%")) {
        rows.add(new String[] {quoteIdent(t.name())});
      }
    }
    return PgCatalog.textRows(List.of("table"), rows);
  }

  private static Execution columns(String sql, Connection session) throws SQLException {
    Matcher m = TABLE_PARAMETER.matcher(sql);
    List<String[]> rows = new ArrayList<>();
    if (m.find()) {
      List<String> parts = parseIdent(m.group(1).replace("''", "'"));
      boolean inPublic = parts.size() == 1 || (parts.size() == 2 && parts.get(0).equals("public"));
      PgCatalog.Table table = inPublic ? PgCatalog.table(session, parts.get(parts.size() - 1)) : null;
      if (table != null) {
        for (PgCatalog.Column c : PgCatalog.columns(session, table)) {
          rows.add(new String[] {quoteIdent(c.name()), c.dataType()});
        }
      }
    }
    return PgCatalog.textRows(List.of("column", "type"), rows);
  }

  /** PostgreSQL's {@code quote_ident}: a name that is not lower-case letters, digits and _ is double-quoted. */
  static String quoteIdent(String name) {
    return name.matches("[a-z_][a-z0-9_$]*") ? name : "\"" + name.replace("\"", "\"\"") + "\"";
  }

  /** PostgreSQL's {@code parse_ident}: dot-separated names, unquoted ones folded to lower case. */
  static List<String> parseIdent(String text) {
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
          part.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          part.append(c);
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == '.') {
        parts.add(part.toString());
        part.setLength(0);
      } else {
        part.append(Character.toLowerCase(c));
      }
    }
    parts.add(part.toString());
    return parts;
  }
}
