package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The queries psql's {@code \d NAME} sends (psql 15 against a 14 server): the table's OID, its
 * kind and flags, its columns, then lists Sluice has nothing for (policies, extended statistics,
 * publications, parent and child tables), answered empty. A table's OID is made up here: 16384
 * plus its place among the tables by name, stable while no table is created or dropped between
 * psql's queries.
 */
final class PsqlDescribe {
  private static final int FIRST_OID = PgCatalog.FIRST_TABLE_OID;
  private static final Pattern NAME = Pattern.compile("c\\.relname OPERATOR\\(pg_catalog\\.~\\) '\\^\\(([^)']*)\\)\\$'");
  private static final Pattern OID = Pattern.compile("(?:c\\.oid|a\\.attrelid) = '(\\d+)'");
  private static final String[] EMPTY_LISTS = {"FROM pg_catalog.pg_policy", "FROM pg_catalog.pg_statistic_ext",
      "FROM pg_catalog.pg_publication", "pg_catalog.pg_inherits i"};

  private PsqlDescribe() {}

  static boolean recognises(String sql) {
    return isLookup(sql) || isTableInfo(sql) || isColumns(sql) || isEmptyList(sql);
  }

  static Execution answer(String sql, Connection session) throws SQLException {
    if (isLookup(sql)) {
      return lookup(sql, session);
    }
    if (isTableInfo(sql)) {
      return tableInfo(table(sql, session));
    }
    if (isColumns(sql)) {
      return columns(table(sql, session), session);
    }
    if (isEmptyList(sql)) {
      return text(List.of("?column?"), List.of());
    }
    return null;
  }

  private static boolean isLookup(String sql) {
    return sql.startsWith("SELECT c.oid,") && sql.contains("c.relname OPERATOR(pg_catalog.~)")
        && !sql.contains("as \"Name\"");
  }

  private static boolean isTableInfo(String sql) {
    return sql.startsWith("SELECT c.relchecks, c.relkind, c.relhasindex") && sql.contains("WHERE c.oid = '");
  }

  private static boolean isColumns(String sql) {
    return sql.startsWith("SELECT a.attname") && sql.contains("pg_catalog.format_type(a.atttypid, a.atttypmod)")
        && sql.contains("WHERE a.attrelid = '");
  }

  private static boolean isEmptyList(String sql) {
    for (String from : EMPTY_LISTS) {
      if (sql.contains(from)) {
        return true;
      }
    }
    return false;
  }

  /** Tables by name, as psql's OIDs number them. */
  private static List<String[]> tables(Connection session) throws SQLException {
    List<String[]> tables = new ArrayList<>();
    for (PgCatalog.Table t : PgCatalog.tables(session, "%")) {
      tables.add(new String[] {t.name(), t.sluiceType()});
    }
    return tables;
  }

  private static Execution lookup(String sql, Connection session) throws SQLException {
    Matcher m = NAME.matcher(sql);
    Pattern wanted = Pattern.compile(m.find() ? m.group(1) : ".*", Pattern.CASE_INSENSITIVE);
    List<String[]> rows = new ArrayList<>();
    List<String[]> tables = tables(session);
    for (int i = 0; i < tables.size(); i++) {
      if (wanted.matcher(tables.get(i)[0]).matches()) {
        rows.add(new String[] {Integer.toString(FIRST_OID + i), "public", tables.get(i)[0]});
      }
    }
    return text(List.of("oid", "nspname", "relname"), rows);
  }

  /** The table whose made-up OID the query names, or null. */
  private static String[] table(String sql, Connection session) throws SQLException {
    Matcher m = OID.matcher(sql);
    if (!m.find()) {
      return null;
    }
    int index = Integer.parseInt(m.group(1)) - FIRST_OID;
    List<String[]> tables = tables(session);
    return index >= 0 && index < tables.size() ? tables.get(index) : null;
  }

  private static Execution tableInfo(String[] table) {
    List<String[]> rows = new ArrayList<>();
    if (table != null) {
      boolean view = table[1].equals("VIEW");
      rows.add(new String[] {"0", view ? "v" : "r", "f", "f", "f", "f", "f", "f", "f", "", "0", "", "p", "d",
          view ? null : "heap"});
    }
    return text(List.of("relchecks", "relkind", "relhasindex", "relhasrules", "relhastriggers", "relrowsecurity",
        "relforcerowsecurity", "relhasoids", "relispartition", "reloptions", "reltablespace", "reloftype",
        "relpersistence", "relreplident", "amname"), rows);
  }

  private static Execution columns(String[] table, Connection session) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    if (table != null) {
      try (ResultSet r = session.getMetaData().getColumns(null, null, table[0], "%")) {
        while (r.next()) {
          boolean notNull = r.getInt("NULLABLE") == java.sql.DatabaseMetaData.columnNoNulls;
          rows.add(new String[] {r.getString("COLUMN_NAME"),
              typeName(r.getInt("DATA_TYPE"), r.getInt("COLUMN_SIZE"), r.getInt("DECIMAL_DIGITS")), null,
              notNull ? "t" : "f", null, "", ""});
        }
      }
    }
    return text(List.of("attname", "format_type", "pg_get_expr", "attnotnull", "attcollation", "attidentity",
        "attgenerated"), rows);
  }

  /** The type as PostgreSQL's {@code format_type} writes it. */
  static String typeName(int sqlType, int size, int digits) {
    switch (sqlType) {
      case Types.BOOLEAN: return "boolean";
      case Types.TINYINT:
      case Types.SMALLINT: return "smallint";
      case Types.INTEGER: return "integer";
      case Types.BIGINT: return "bigint";
      case Types.REAL: return "real";
      case Types.DOUBLE: return "double precision";
      case Types.DECIMAL: return "numeric(" + size + "," + digits + ")";
      case Types.CHAR: return "character(" + size + ")";
      case Types.VARCHAR: return size > 0 && size < Integer.MAX_VALUE ? "character varying(" + size + ")"
          : "character varying";
      case Types.DATE: return "date";
      case Types.TIME: return "time(" + digits + ") without time zone";
      case Types.TIMESTAMP: return "timestamp(" + digits + ") without time zone";
      default: return "text";
    }
  }

  private static Execution text(List<String> names, List<String[]> rows) {
    return Execution.rows(ResultRows.of(names, Collections.nCopies(names.size(), PgType.TEXT), rows), "SELECT",
        null, null);
  }
}
