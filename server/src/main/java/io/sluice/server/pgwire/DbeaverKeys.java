package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * The index and constraint lists of DBeaver's navigator ({@code PostgreSchema.IndexCache} and
 * {@code PostgreSchema.ConstraintCache} in {@code plugins/org.jkiss.dbeaver.ext.postgresql}: a
 * join of {@code pg_index} with {@code pg_class}, and of {@code pg_constraint} with
 * {@code pg_class}, for one table or a whole schema), and the index DDL it shows
 * ({@code pg_get_indexdef}), answered from {@link PgIndexes} with the columns DBeaver reads.
 */
final class DbeaverKeys {
  /** {@code pg_am} OID of btree, the access method every index is shown with. */
  private static final String BTREE = "403";

  private DbeaverKeys() {}

  static boolean recognises(String sql) {
    return isIndexes(sql) || isConstraints(sql) || isIndexDefinition(sql);
  }

  /** The answer, or null when the statement is none of these. */
  static Execution answer(String sql, List<String> parameters, Connection session) throws SQLException {
    if (isIndexes(sql)) {
      return indexes(sql, parameters, session);
    }
    if (isConstraints(sql)) {
      return constraints(sql, parameters, session);
    }
    if (isIndexDefinition(sql)) {
      String oid = parameters.isEmpty() ? null : parameters.get(0);
      PgIndexes.Index index = oid != null && CatalogOperands.isNumber(oid)
          ? PgIndexes.index(session, Long.parseLong(oid)) : null;
      return PgCatalog.textRows(List.of("pg_get_indexdef"),
          List.<String[]>of(new String[] {index == null ? null : index.definition()}));
    }
    return null;
  }

  /** {@code SELECT i.*,i.indkey as keys,c.relname,... FROM pg_catalog.pg_index i ... WHERE i.indrelid=? | c.relnamespace=?}. */
  private static boolean isIndexes(String sql) {
    return sql.contains("FROM pg_catalog.pg_index i") && sql.contains("i.indkey as keys");
  }

  /** {@code SELECT c.oid,c.*,t.relname as tabrelname,... FROM pg_catalog.pg_constraint c ... WHERE c.conrelid=? | t.relnamespace=?}. */
  private static boolean isConstraints(String sql) {
    return sql.contains("FROM pg_catalog.pg_constraint c") && sql.contains("t.relname as tabrelname");
  }

  /** {@code PostgreIndex.getObjectDefinitionText}: {@code SELECT pg_catalog.pg_get_indexdef(?)}. */
  private static boolean isIndexDefinition(String sql) {
    return sql.matches("(?is)\\s*SELECT\\s+pg_catalog\\.pg_get_indexdef\\(\\s*\\$1\\s*\\)\\s*;?\\s*");
  }

  /** The tables the query asks about: one by OID ({@code table}), or every table of schema public ({@code schema}). */
  private static List<PgCatalog.Table> tables(String sql, List<String> parameters, Connection session, String table,
      String schema) throws SQLException {
    String oid = CatalogOperands.value(sql, table, parameters);
    if (oid != null) {
      PgCatalog.Table t = CatalogOperands.isNumber(oid) ? PgCatalog.table(session, Long.parseLong(oid)) : null;
      return t == null ? List.of() : List.of(t);
    }
    return Long.toString(PgCatalog.PUBLIC_OID).equals(CatalogOperands.value(sql, schema, parameters))
        ? PgCatalog.tables(session, "%") : List.of();
  }

  private static Execution indexes(String sql, List<String> parameters, Connection session) throws SQLException {
    List<PgIndexes.Index> indexes = new ArrayList<>(PgIndexes.of(session,
        tables(sql, parameters, session, "i\\.indrelid", "c\\.relnamespace")));
    indexes.sort(Comparator.comparing(PgIndexes.Index::name));
    List<String[]> rows = new ArrayList<>();
    for (PgIndexes.Index index : indexes) {
      String columns = Integer.toString(index.keys().size());
      String zeros = String.join(" ", Collections.nCopies(index.keys().size(), "0"));
      rows.add(new String[] {Long.toString(index.oid()), Long.toString(index.table().oid()), columns, columns,
          bool(index.unique()), "f", bool(index.primaryKey()), "f", "t", "f", "t", "f", "t", "t", "f",
          index.keyVector(), zeros, zeros, zeros, null, null, index.keyVector(), index.name(),
          Long.toString(PgCatalog.PUBLIC_OID), BTREE, index.table().name(), null, null});
    }
    return PgCatalog.rows(List.of("indexrelid", "indrelid", "indnatts", "indnkeyatts", "indisunique",
        "indnullsnotdistinct", "indisprimary", "indisexclusion", "indimmediate", "indisclustered", "indisvalid",
        "indcheckxmin", "indisready", "indislive", "indisreplident", "indkey", "indcollation", "indclass", "indoption",
        "indexprs", "indpred", "keys", "relname", "relnamespace", "relam", "tabrelname", "description", "expr"),
        List.of(PgType.INT8, PgType.INT8, PgType.INT2, PgType.INT2, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL,
            PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.TEXT,
            PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.INT8,
            PgType.INT8, PgType.TEXT, PgType.TEXT, PgType.TEXT), rows);
  }

  private static Execution constraints(String sql, List<String> parameters, Connection session) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    for (PgIndexes.Index index : PgIndexes.of(session,
        tables(sql, parameters, session, "c\\.conrelid", "t\\.relnamespace"))) {
      if (!index.primaryKey()) {
        continue; // a CREATE UNIQUE INDEX is no constraint, in PostgreSQL either
      }
      String oid = Long.toString(index.constraintOid());
      rows.add(new String[] {oid, oid, index.name(), Long.toString(PgCatalog.PUBLIC_OID), "p", "f", "f", "t",
          Long.toString(index.table().oid()), "0", Long.toString(index.oid()), "0", "0", " ", " ", " ", "t", "0", "t",
          index.keyArray(), null, null, null, null, null, null, null, index.table().name(), null});
    }
    return PgCatalog.rows(List.of("oid", "oid", "conname", "connamespace", "contype", "condeferrable", "condeferred",
        "convalidated", "conrelid", "contypid", "conindid", "conparentid", "confrelid", "confupdtype", "confdeltype",
        "confmatchtype", "conislocal", "coninhcount", "connoinherit", "conkey", "confkey", "conpfeqop", "conppeqop",
        "conffeqop", "conexclop", "conbin", "consrc", "tabrelname", "refnamespace"),
        List.of(PgType.INT8, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.TEXT, PgType.BOOL, PgType.BOOL, PgType.BOOL,
            PgType.INT8, PgType.INT8, PgType.INT8, PgType.INT8, PgType.INT8, PgType.TEXT, PgType.TEXT, PgType.TEXT,
            PgType.BOOL, PgType.INT4, PgType.BOOL, PgType.INT2_ARRAY, PgType.INT2_ARRAY, PgType.TEXT, PgType.TEXT,
            PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.INT8), rows);
  }

  private static String bool(boolean value) {
    return value ? "t" : "f";
  }
}
