package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Sluice's catalog as PostgreSQL's system catalogs would show it, read from the session's JDBC
 * metadata at the moment of a query: every table, view, source and sink in schema {@code public}
 * (OID {@value #PUBLIC_OID}), numbered {@value #FIRST_TABLE_OID} and up in name order (stable while
 * no table is created or dropped between a tool's queries), with its columns and their PostgreSQL
 * types. The answers to tools' catalog queries are made from it.
 */
final class PgCatalog {
  static final long PG_CATALOG_OID = 11;
  static final long PUBLIC_OID = 2200;
  static final int FIRST_TABLE_OID = 16384;
  /** The one database's OID, as {@code pg_database.oid}. */
  static final long DATABASE_OID = 16383;

  /** A table as {@code pg_class} shows it. */
  record Table(long oid, String name, String sluiceType) {
    /** {@code relkind}: 'v' for a view, 'r' for everything else (tables, sources, sinks). */
    String relkind() {
      return sluiceType.equals("VIEW") ? "v" : "r";
    }
  }

  /** A column as {@code pg_attribute} shows it. */
  record Column(String name, int number, PgType type, int typeModifier, boolean notNull, String formattedType,
      String dataType, String remarks) {}

  private PgCatalog() {}

  /** Every table whose name matches the LIKE pattern, in OID order. */
  static List<Table> tables(Connection session, String pattern) throws SQLException {
    List<String[]> all = new ArrayList<>();
    try (ResultSet r = session.getMetaData().getTables(null, null, "%", null)) {
      while (r.next()) {
        all.add(new String[] {r.getString("TABLE_NAME"), r.getString("TABLE_TYPE")});
      }
    }
    all.sort((a, b) -> a[0].compareTo(b[0]));
    List<Table> tables = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      if (pattern.equals("%") || likeMatches(pattern, all.get(i)[0])) {
        tables.add(new Table(FIRST_TABLE_OID + i, all.get(i)[0], all.get(i)[1]));
      }
    }
    return tables;
  }

  /** The table with this OID, or null. */
  static Table table(Connection session, long oid) throws SQLException {
    for (Table t : tables(session, "%")) {
      if (t.oid() == oid) {
        return t;
      }
    }
    return null;
  }

  /** The table with this name (as written, or case-insensitively when no table has it exactly), or null. */
  static Table table(Connection session, String name) throws SQLException {
    Table folded = null;
    for (Table t : tables(session, "%")) {
      if (t.name().equals(name)) {
        return t;
      }
      if (t.name().equalsIgnoreCase(name)) {
        folded = t;
      }
    }
    return folded;
  }

  static List<Column> columns(Connection session, Table table) throws SQLException {
    List<Column> columns = new ArrayList<>();
    try (ResultSet r = session.getMetaData().getColumns(null, null, table.name(), "%")) {
      while (r.next()) {
        int sqlType = r.getInt("DATA_TYPE");
        int size = r.getInt("COLUMN_SIZE");
        int digits = r.getInt("DECIMAL_DIGITS");
        PgType type = PgType.ofJdbc(sqlType);
        String formatted = PsqlDescribe.typeName(sqlType, size, digits);
        int parenthesis = formatted.indexOf('(');
        String dataType = parenthesis < 0 ? formatted
            : (formatted.substring(0, parenthesis) + formatted.substring(formatted.indexOf(')') + 1)).strip();
        columns.add(new Column(r.getString("COLUMN_NAME"), r.getInt("ORDINAL_POSITION"), type,
            PgType.typeModifier(type, size, digits), r.getInt("NULLABLE") == DatabaseMetaData.columnNoNulls, formatted,
            dataType, r.getString("REMARKS")));
      }
    }
    return columns;
  }

  /** SQL LIKE with {@code %} and {@code _}, case-sensitive as in PostgreSQL. */
  static boolean likeMatches(String pattern, String name) {
    StringBuilder regex = new StringBuilder();
    for (char c : pattern.toCharArray()) {
      if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return name.matches(regex.toString());
  }

  /** An answer of rows the server made, every column typed as given. */
  static Execution rows(List<String> names, List<PgType> types, List<String[]> rows) {
    return Execution.rows(ResultRows.of(names, types, rows), "SELECT", null, null);
  }

  /** An answer whose columns are all text. */
  static Execution textRows(List<String> names, List<String[]> rows) {
    return rows(names, Collections.nCopies(names.size(), PgType.TEXT), rows);
  }
}
