package io.sluice.server.pgwire;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The catalog queries DBeaver's PostgreSQL driver sends on connect and to fill its navigator
 * (database, schemas, tables, columns, data types), recognised by the shape DBeaver writes them in
 * ({@code plugins/org.jkiss.dbeaver.ext.postgresql}: {@code PostgreDataSource},
 * {@code PostgreDatabase.SchemaCache}, {@code PostgreSchema.TableCache}, {@code
 * PostgreDataTypeCache}) and answered from {@link PgCatalog} with the columns DBeaver reads; its
 * index and constraint lists by {@link DbeaverKeys}. What Sluice has none of (other queries of
 * pg_index and pg_constraint, table sizes, enums, extensions) is answered with no rows, so the
 * navigator shows the tables without them.
 */
final class DbeaverQueries {
  private static final Pattern PROBE = Pattern.compile(
      "(?is)\\s*SELECT\\s+(\\S+)\\s+FROM\\s+pg_catalog\\.pg_\\w+\\s+WHERE\\s+1\\s*<>\\s*1(?:\\s+LIMIT\\s+1)?\\s*;?\\s*");
  private static final String[] EMPTY_LISTS = {"FROM pg_catalog.pg_index i", "FROM pg_catalog.pg_constraint c",
      "pg_catalog.pg_total_relation_size(c.oid)", "FROM pg_catalog.pg_inherits", "FROM pg_catalog.pg_trigger",
      "FROM pg_catalog.pg_extension"};

  private DbeaverQueries() {}

  static boolean recognises(String sql) {
    return DbeaverKeys.recognises(sql) || isNamespaces(sql) || isDatabase(sql) || isTables(sql) || isColumns(sql)
        || isTypes(sql)
        || isKeywords(sql) || isTypcategoryCheck(sql) || PROBE.matcher(sql).matches() || isEmptyList(sql);
  }

  /** The answer, or null when the statement is none of DBeaver's. */
  static Execution answer(String sql, List<String> parameters, Connection session, String database)
      throws SQLException {
    if (DbeaverKeys.recognises(sql)) {
      return DbeaverKeys.answer(sql, parameters, session);
    }
    if (isNamespaces(sql)) {
      return namespaces();
    }
    if (isDatabase(sql)) {
      return database(sql, parameters, database);
    }
    if (isTables(sql)) {
      return tables(sql, parameters, session);
    }
    if (isColumns(sql)) {
      return columns(sql, parameters, session);
    }
    if (isTypes(sql)) {
      return types();
    }
    if (isKeywords(sql)) {
      return PgCatalog.textRows(List.of("string_agg"), List.<String[]>of(new String[] {null}));
    }
    if (isTypcategoryCheck(sql)) {
      return PgCatalog.rows(List.of("?column?"), List.of(PgType.INT4), List.<String[]>of(new String[] {"1"}));
    }
    Matcher probe = PROBE.matcher(sql);
    if (probe.matches()) {
      return PgCatalog.textRows(List.of(probe.group(1).equals("*") ? "?column?" : probe.group(1)), List.of());
    }
    if (isEmptyList(sql)) {
      return PgCatalog.textRows(List.of("oid"), List.of());
    }
    return null;
  }

  /** {@code PostgreDatabase.SchemaCache}: {@code SELECT n.oid,n.*,d.description FROM pg_catalog.pg_namespace n ...}. */
  private static boolean isNamespaces(String sql) {
    return sql.contains("SELECT n.oid,n.*") && sql.contains("FROM pg_catalog.pg_namespace n");
  }

  private static Execution namespaces() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {Long.toString(PgCatalog.PG_CATALOG_OID), Long.toString(PgCatalog.PG_CATALOG_OID),
        "pg_catalog", "10", null, "system catalog schema"});
    rows.add(new String[] {Long.toString(PgCatalog.PUBLIC_OID), Long.toString(PgCatalog.PUBLIC_OID), "public", "10",
        null, "Sluice's tables, views, sources and sinks"});
    return PgCatalog.rows(List.of("oid", "oid", "nspname", "nspowner", "nspacl", "description"),
        List.of(PgType.INT8, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.TEXT, PgType.TEXT), rows);
  }

  /** {@code PostgreDataSource} and {@code PostgreDatabase.readDatabaseInfo}: {@code SELECT db.oid,db.* FROM pg_catalog.pg_database db ...}. */
  private static boolean isDatabase(String sql) {
    return sql.contains("SELECT db.oid,db.*") && sql.contains("FROM pg_catalog.pg_database db");
  }

  private static Execution database(String sql, List<String> parameters, String database) {
    String wanted = CatalogOperands.value(sql, "(?:db\\.)?datname", parameters);
    List<String[]> rows = new ArrayList<>();
    if (wanted == null || wanted.equals(database)) {
      String oid = Long.toString(PgCatalog.DATABASE_OID);
      rows.add(new String[] {oid, oid, database, "10", "6", "c", "f", "t", "-1", "1663", "C", "C", null});
    }
    return PgCatalog.rows(List.of("oid", "oid", "datname", "datdba", "encoding", "datlocprovider", "datistemplate",
        "datallowconn", "datconnlimit", "dattablespace", "datcollate", "datctype", "datacl"),
        List.of(PgType.INT8, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.INT4, PgType.TEXT, PgType.BOOL, PgType.BOOL,
            PgType.INT4, PgType.INT8, PgType.TEXT, PgType.TEXT, PgType.TEXT), rows);
  }

  /** {@code PostgreSchema.TableCache.prepareLookupStatement}: {@code SELECT c.oid,c.*,d.description ... WHERE c.relnamespace=? ...}. */
  private static boolean isTables(String sql) {
    return sql.contains("SELECT c.oid,c.*") && sql.contains("FROM pg_catalog.pg_class c")
        && sql.contains("c.relnamespace=") && !sql.contains("OPERATOR(pg_catalog.~)");
  }

  private static Execution tables(String sql, List<String> parameters, Connection session) throws SQLException {
    String namespace = CatalogOperands.value(sql, "c\\.relnamespace", parameters);
    String name = CatalogOperands.value(sql, "relname", parameters);
    List<String[]> rows = new ArrayList<>();
    if (Long.toString(PgCatalog.PUBLIC_OID).equals(namespace)) {
      for (PgCatalog.Table t : PgCatalog.tables(session, "%")) {
        if (name != null && !name.equals(t.name())) {
          continue;
        }
        String oid = Long.toString(t.oid());
        String columns = Integer.toString(PgCatalog.columns(session, t).size());
        rows.add(new String[] {oid, oid, t.name(), Long.toString(PgCatalog.PUBLIC_OID), "0", "0", "10", "0", "0", "0",
            "0", "-1", "0", "f", "f", "p", t.relkind(), columns, "0", "f", "f", "f", "t", "d", "f", null, null,
            "Sluice " + t.sluiceType().toLowerCase(java.util.Locale.ROOT), null, null});
      }
    }
    return PgCatalog.rows(List.of("oid", "oid", "relname", "relnamespace", "reltype", "reloftype", "relowner",
        "relam", "reltablespace", "relpages", "reltuples", "relallvisible", "reltoastrelid", "relhasindex",
        "relisshared", "relpersistence", "relkind", "relnatts", "relchecks", "relhasrules", "relhastriggers",
        "relhassubclass", "relispopulated", "relreplident", "relispartition", "relacl", "reloptions", "description",
        "partition_expr", "partition_key"),
        List.of(PgType.INT8, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.INT8, PgType.INT8, PgType.INT8,
            PgType.INT8, PgType.INT8, PgType.INT4, PgType.FLOAT4, PgType.INT4, PgType.INT8, PgType.BOOL, PgType.BOOL,
            PgType.TEXT, PgType.TEXT, PgType.INT2, PgType.INT2, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.BOOL,
            PgType.TEXT, PgType.BOOL, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.TEXT), rows);
  }

  /** {@code PostgreSchema.TableCache.prepareChildrenStatement}: {@code SELECT c.relname,a.*,... FROM pg_catalog.pg_attribute a ...}. */
  private static boolean isColumns(String sql) {
    return sql.contains("SELECT c.relname,a.*") && sql.contains("FROM pg_catalog.pg_attribute a");
  }

  private static Execution columns(String sql, List<String> parameters, Connection session) throws SQLException {
    List<PgCatalog.Table> tables = new ArrayList<>();
    String tableOid = CatalogOperands.value(sql, "c\\.oid", parameters);
    if (tableOid != null) {
      PgCatalog.Table t = CatalogOperands.isNumber(tableOid) ? PgCatalog.table(session, Long.parseLong(tableOid))
          : null;
      if (t != null) {
        tables.add(t);
      }
    } else if (Long.toString(PgCatalog.PUBLIC_OID).equals(CatalogOperands.value(sql, "c\\.relnamespace", parameters))) {
      tables.addAll(PgCatalog.tables(session, "%"));
    }
    List<String[]> rows = new ArrayList<>();
    for (PgCatalog.Table t : tables) {
      for (PgCatalog.Column c : PgCatalog.columns(session, t)) {
        rows.add(new String[] {t.name(), Long.toString(t.oid()), c.name(), Integer.toString(c.type().oid), "-1",
            Integer.toString(c.type().size), Integer.toString(c.number()), "0", Integer.toString(c.typeModifier()),
            c.type().size > 0 ? "t" : "f", c.notNull() ? "t" : "f", "f", "", "", "f", "t", "0", "0", null, null,
            c.remarks(), null});
      }
    }
    return PgCatalog.rows(List.of("relname", "attrelid", "attname", "atttypid", "attstattarget", "attlen", "attnum",
        "attndims", "atttypmod", "attbyval", "attnotnull", "atthasdef", "attidentity", "attgenerated", "attisdropped",
        "attislocal", "attinhcount", "attcollation", "attacl", "def_value", "description", "objid"),
        List.of(PgType.TEXT, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.INT4, PgType.INT2, PgType.INT2, PgType.INT4,
            PgType.INT4, PgType.BOOL, PgType.BOOL, PgType.BOOL, PgType.TEXT, PgType.TEXT, PgType.BOOL, PgType.BOOL,
            PgType.INT4, PgType.INT8, PgType.TEXT, PgType.TEXT, PgType.TEXT, PgType.INT8), rows);
  }

  /** {@code PostgreDataTypeCache}: {@code SELECT t.oid,t.*,c.relkind,... FROM pg_catalog.pg_type t ...}. */
  private static boolean isTypes(String sql) {
    return sql.contains("SELECT t.oid,t.*") && sql.contains("FROM pg_catalog.pg_type t");
  }

  private static Execution types() {
    List<String[]> rows = new ArrayList<>();
    for (PgType type : PgType.values()) {
      if (type == PgType.UNKNOWN || type == PgType.INT2_ARRAY) {
        continue; // no column has these types: only the server's own answers use _int2
      }
      String oid = Integer.toString(type.oid);
      rows.add(new String[] {oid, oid, type.typeName, Long.toString(PgCatalog.PG_CATALOG_OID), "10",
          Integer.toString(type.size), type.size > 0 ? "t" : "f", "b", category(type), "f", "t", ",", "0", "0", "0",
          type.typeName + "in", type.typeName + "out", "f", "0", "-1", "0", null, null, null, null});
    }
    return PgCatalog.rows(List.of("oid", "oid", "typname", "typnamespace", "typowner", "typlen", "typbyval",
        "typtype", "typcategory", "typispreferred", "typisdefined", "typdelim", "typrelid", "typelem", "typarray",
        "typinput", "typoutput", "typnotnull", "typbasetype", "typtypmod", "typndims", "typdefault", "relkind",
        "base_type_name", "description"),
        List.of(PgType.INT8, PgType.INT8, PgType.TEXT, PgType.INT8, PgType.INT8, PgType.INT2, PgType.BOOL, PgType.TEXT,
            PgType.TEXT, PgType.BOOL, PgType.BOOL, PgType.TEXT, PgType.INT8, PgType.INT8, PgType.INT8, PgType.TEXT,
            PgType.TEXT, PgType.BOOL, PgType.INT8, PgType.INT4, PgType.INT4, PgType.TEXT, PgType.TEXT, PgType.TEXT,
            PgType.TEXT), rows);
  }

  /** {@code typcategory}: B boolean, N numeric, S string, D date/time, T timespan, U other. */
  private static String category(PgType type) {
    switch (type) {
      case BOOL: return "B";
      case INT2: case INT4: case INT8: case FLOAT4: case FLOAT8: case NUMERIC: return "N";
      case TEXT: case VARCHAR: case BPCHAR: return "S";
      case DATE: case TIME: case TIMESTAMP: return "D";
      case INTERVAL: return "T";
      default: return "U";
    }
  }

  /** {@code PostgreDataSource}'s keyword list: {@code SELECT string_agg(word, ',') from pg_catalog.pg_get_keywords() ...}. */
  private static boolean isKeywords(String sql) {
    return sql.contains("pg_catalog.pg_get_keywords()");
  }

  /** {@code PostgreDataTypeCache}'s check that pg_type has typcategory. */
  private static boolean isTypcategoryCheck(String sql) {
    return sql.contains("p.relname = 'pg_type'") && sql.contains("s.attname = 'typcategory'");
  }

  private static boolean isEmptyList(String sql) {
    for (String from : EMPTY_LISTS) {
      if (sql.contains(from)) {
        return true;
      }
    }
    return false;
  }

}
