package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog queries of PostgreSQL clients that Sluice answers, recognised by their shape and
 * answered from Sluice's own catalog (JDBC {@code DatabaseMetaData}), with the columns the client
 * reads: psql's {@code \dt} and {@code \d NAME} (as psql 15 writes them; {@link PsqlDescribe}), PgJDBC's
 * {@code getTables} and {@code getColumns}, DBeaver's navigator ({@link DbeaverQueries}) and Grafana's
 * query editor ({@link GrafanaQueries}). Sluice has no
 * {@code pg_catalog} tables to run them on; shapes are what the tools send, so a recognised shape
 * is the honest scope (a new client's query is refused as any unknown SQL is).
 */
final class CatalogQueries {
  private static final Pattern LIKE_LITERAL = Pattern.compile("c\\.relname LIKE '((?:[^']|'')*)'");
  private static final Pattern ATTNAME_LITERAL = Pattern.compile("attname LIKE '((?:[^']|'')*)'");
  private static final Pattern LIKE_PARAMETER = Pattern.compile("c\\.relname LIKE \\$(\\d+)");
  private static final Pattern PSQL_NAME = Pattern.compile("c\\.relname OPERATOR\\(pg_catalog\\.~\\) '\\^\\(([^)']*)\\)\\$'");

  /** Whether the text is one of the shapes: then it is not prepared by Sluice. */
  boolean recognises(String sql) {
    return isJdbcTables(sql) || isJdbcColumns(sql) || isPsqlTables(sql) || PsqlDescribe.recognises(sql)
        || DbeaverQueries.recognises(sql) || GrafanaQueries.recognises(sql);
  }

  /** The answer to a recognised catalog query, or null for any other statement. */
  Execution answer(String sql, List<String> parameters, Connection session, String database) throws SQLException {
    if (isJdbcTables(sql)) {
      return jdbcTables(namePattern(sql, parameters), session);
    }
    if (isJdbcColumns(sql)) {
      return jdbcColumns(namePattern(sql, parameters), attributePattern(sql), session);
    }
    if (isPsqlTables(sql)) {
      return psqlTables(sql, session);
    }
    if (PsqlDescribe.recognises(sql)) {
      return PsqlDescribe.answer(sql, session);
    }
    if (DbeaverQueries.recognises(sql)) {
      return DbeaverQueries.answer(sql, parameters, session, database);
    }
    return GrafanaQueries.answer(sql, session);
  }

  /** PgJDBC's getColumns: pg_attribute joined with pg_type, one row per column, typed by OID. */
  private static boolean isJdbcColumns(String sql) {
    return sql.contains("pg_catalog.pg_attribute a") && sql.contains("a.atttypid") && sql.contains("t.typbasetype")
        && sql.contains("c.relname");
  }

  private static String attributePattern(String sql) {
    Matcher m = ATTNAME_LITERAL.matcher(sql);
    return m.find() ? m.group(1).replace("''", "'") : "%";
  }

  private static Execution jdbcColumns(String tablePattern, String columnPattern, Connection session)
      throws SQLException {
    List<String> names = List.of("nspname", "relname", "attname", "atttypid", "attnotnull", "atttypmod", "attlen",
        "typtypmod", "attnum", "attidentity", "attgenerated", "adsrc", "description", "typbasetype", "typtype");
    List<PgType> types = List.of(PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.INT4, PgType.BOOL, PgType.INT4,
        PgType.INT2, PgType.INT4, PgType.INT4, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.INT4,
        PgType.TEXT);
    List<String[]> rows = new ArrayList<>();
    for (String[] table : tables(session, tablePattern)) {
      try (ResultSet r = session.getMetaData().getColumns(null, null, table[0], columnPattern)) {
        while (r.next()) {
          PgType type = PgType.ofJdbc(r.getInt("DATA_TYPE"));
          int modifier = PgType.typeModifier(type, r.getInt("COLUMN_SIZE"), r.getInt("DECIMAL_DIGITS"));
          boolean notNull = r.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls;
          rows.add(new String[] {"public", table[0], r.getString("COLUMN_NAME"), Integer.toString(type.oid),
              notNull ? "t" : "f", Integer.toString(modifier), Integer.toString(type.size), "-1",
              Integer.toString(r.getInt("ORDINAL_POSITION")), null, null, null, r.getString("REMARKS"), "0", "b"});
        }
      }
    }
    return Execution.rows(ResultRows.of(names, types, rows), "SELECT", null, null);
  }

  private static boolean isJdbcTables(String sql) {
    return sql.contains("AS \"TABLE_CAT\"") && sql.contains("AS \"TABLE_TYPE\"") && sql.contains("pg_catalog.pg_class");
  }

  /** psql's \dt, \dv, \d (list): "Schema", "Name", "Type", "Owner" over pg_class. */
  private static boolean isPsqlTables(String sql) {
    return sql.contains("pg_catalog.pg_class c") && sql.contains("as \"Name\"") && sql.contains("c.relkind IN")
        && sql.contains("as \"Owner\"");
  }

  private static String namePattern(String sql, List<String> parameters) {
    Matcher literal = LIKE_LITERAL.matcher(sql);
    if (literal.find()) {
      return literal.group(1).replace("''", "'");
    }
    Matcher parameter = LIKE_PARAMETER.matcher(sql);
    if (parameter.find()) {
      int index = Integer.parseInt(parameter.group(1)) - 1;
      return index < parameters.size() ? parameters.get(index) : "%";
    }
    return "%";
  }

  private static Execution jdbcTables(String pattern, Connection session) throws SQLException {
    List<String> names = List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS", "TYPE_CAT",
        "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
    List<String[]> rows = new ArrayList<>();
    for (String[] table : tables(session, pattern)) {
      rows.add(new String[] {"sluice", "public", table[0], table[1], null, "", "", "", "", ""});
    }
    return Execution.rows(ResultRows.of(names, Collections.nCopies(names.size(), PgType.TEXT), rows), "SELECT", null,
        null);
  }

  private static Execution psqlTables(String sql, Connection session) throws SQLException {
    boolean viewsOnly = sql.contains("c.relkind IN ('v',''") || sql.contains("c.relkind IN ('v','s','')");
    boolean tablesOnly = sql.contains("c.relkind IN ('r','p',''") || sql.contains("c.relkind IN ('r','p','s','')");
    Matcher name = PSQL_NAME.matcher(sql);
    String pattern = name.find() ? name.group(1).replace(".*", "%").replace('.', '_') : "%";
    List<String[]> rows = new ArrayList<>();
    String owner = session.getMetaData().getUserName();
    for (String[] table : tables(session, pattern)) {
      boolean view = table[1].equals("VIEW");
      if ((view && tablesOnly) || (!view && viewsOnly)) {
        continue;
      }
      rows.add(new String[] {"public", table[0], table[1].toLowerCase(Locale.ROOT), owner == null ? "" : owner});
    }
    List<String> names = List.of("Schema", "Name", "Type", "Owner");
    return Execution.rows(ResultRows.of(names, Collections.nCopies(4, PgType.TEXT), rows), "SELECT", null, null);
  }

  /** Name and type (TABLE, VIEW, SOURCE, SINK, ...) of each table matching a LIKE pattern, by name. */
  private static List<String[]> tables(Connection session, String pattern) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    DatabaseMetaData meta = session.getMetaData();
    try (ResultSet r = meta.getTables(null, null, pattern, null)) {
      while (r.next()) {
        tables.add(new String[] {r.getString("TABLE_NAME"), r.getString("TABLE_TYPE")});
      }
    }
    tables.sort((a, b) -> a[0].compareTo(b[0]));
    return tables;
  }
}
