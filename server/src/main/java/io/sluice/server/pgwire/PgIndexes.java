package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sluice's indexes and keys as PostgreSQL's {@code pg_index}, {@code pg_class} (relkind
 * {@code 'i'}) and {@code pg_constraint} would show them, read from the session's JDBC metadata
 * ({@code getIndexInfo}, {@code getPrimaryKeys}: a table's PRIMARY KEY and its CREATE [UNIQUE]
 * INDEXes). As in PostgreSQL a primary key is a constraint (contype {@code 'p'}) with an index of
 * the same name; a unique index made by CREATE UNIQUE INDEX is an index only. Sluice has no UNIQUE
 * table constraints, so no {@code 'u'} rows come. OIDs are numbered from the table's, so they are
 * stable while no table is created or dropped between a tool's queries, as the tables' are.
 */
final class PgIndexes {
  /** Index {@code k} (in name order) of the table numbered {@code t} from the first table has OID base + 1000 t + k. */
  static final long FIRST_INDEX_OID = 1_000_000;
  static final long FIRST_CONSTRAINT_OID = 2_000_000;

  /**
   * An index of a table: its OID, name, the {@code attnum}s of its columns in index order, and
   * whether it is unique or the table's primary key (then its constraint has {@link #constraintOid}).
   */
  record Index(long oid, PgCatalog.Table table, String name, List<String> columns, List<Integer> keys, boolean unique,
      boolean primaryKey) {
    long constraintOid() {
      return oid - FIRST_INDEX_OID + FIRST_CONSTRAINT_OID;
    }

    /** {@code indkey} as PostgreSQL prints an int2vector: the numbers separated by spaces. */
    String keyVector() {
      StringBuilder text = new StringBuilder();
      keys.forEach(k -> text.append(text.length() == 0 ? "" : " ").append(k));
      return text.toString();
    }

    /** {@code conkey} as PostgreSQL prints an int2 array. */
    String keyArray() {
      return "{" + keyVector().replace(' ', ',') + "}";
    }

    /** What {@code pg_get_indexdef} gives: the statement that makes the index. */
    String definition() {
      return "CREATE " + (unique ? "UNIQUE " : "") + "INDEX " + name + " ON public." + table.name() + " USING btree ("
          + String.join(", ", columns) + ")";
    }
  }

  private PgIndexes() {}

  /** The indexes of {@code tables}, table by table, each table's in name order. */
  static List<Index> of(Connection session, List<PgCatalog.Table> tables) throws SQLException {
    List<Index> all = new ArrayList<>();
    for (PgCatalog.Table table : tables) {
      all.addAll(of(session, table));
    }
    return all;
  }

  static List<Index> of(Connection session, PgCatalog.Table table) throws SQLException {
    Map<String, Integer> attnums = new java.util.HashMap<>();
    for (PgCatalog.Column column : PgCatalog.columns(session, table)) {
      attnums.put(column.name().toLowerCase(Locale.ROOT), column.number());
    }
    String primaryKey = null;
    try (ResultSet keys = session.getMetaData().getPrimaryKeys(null, null, table.name())) {
      while (keys.next()) {
        primaryKey = keys.getString("PK_NAME");
      }
    }
    Map<String, List<String>> columns = new java.util.TreeMap<>();
    Map<String, Boolean> unique = new LinkedHashMap<>();
    try (ResultSet info = session.getMetaData().getIndexInfo(null, null, table.name(), false, false)) {
      while (info.next()) {
        String name = info.getString("INDEX_NAME");
        List<String> indexColumns = columns.computeIfAbsent(name, n -> new ArrayList<>());
        int position = info.getShort("ORDINAL_POSITION");
        while (indexColumns.size() < position) {
          indexColumns.add(null);
        }
        indexColumns.set(position - 1, info.getString("COLUMN_NAME"));
        unique.put(name, !info.getBoolean("NON_UNIQUE"));
      }
    }
    List<Index> indexes = new ArrayList<>();
    long base = FIRST_INDEX_OID + 1000 * (table.oid() - PgCatalog.FIRST_TABLE_OID);
    int k = 0;
    for (Map.Entry<String, List<String>> e : columns.entrySet()) {
      List<Integer> keys = new ArrayList<>();
      for (String column : e.getValue()) {
        keys.add(column == null ? 0 : attnums.getOrDefault(column.toLowerCase(Locale.ROOT), 0));
      }
      indexes.add(new Index(base + k++, table, e.getKey(), e.getValue(), keys, unique.get(e.getKey()),
          e.getKey().equals(primaryKey)));
    }
    return indexes;
  }

  /** The index with this OID, or null. */
  static Index index(Connection session, long oid) throws SQLException {
    for (Index index : of(session, PgCatalog.tables(session, "%"))) {
      if (index.oid() == oid) {
        return index;
      }
    }
    return null;
  }
}
