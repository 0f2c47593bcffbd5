package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The catalog queries DBeaver sends on connecting and for its navigator's schemas, types, tables and
 * columns, replayed verbatim over PostgreSQL's JDBC driver (DBeaver's own) against {@code sluice
 * serve}, checking the rows DBeaver reads. Each statement names the file of DBeaver it comes from;
 * DbeaverIndexesTest has its index and constraint lists, GrafanaStatementsTest Grafana's statements.
 */
class ToolCatalogQueriesTest {
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders (id BIGINT NOT NULL, customer VARCHAR, amount DECIMAL(10,2), placed TIMESTAMP)");
      s.execute("CREATE VIEW big_orders AS SELECT id, amount FROM orders WHERE amount > 100");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** Each row's values of the named columns, joined by '|'. */
  private static List<String> rows(ResultSet r, String... columns) throws SQLException {
    List<String> rows = new ArrayList<>();
    while (r.next()) {
      StringBuilder row = new StringBuilder();
      for (String column : columns) {
        row.append(row.length() == 0 ? "" : "|").append(r.getString(column));
      }
      rows.add(row.toString());
    }
    r.close();
    return rows;
  }

  private static List<String> query(Connection c, String sql, String... columns) throws SQLException {
    try (Statement s = c.createStatement()) {
      return rows(s.executeQuery(sql), columns);
    }
  }

  private static List<String> prepared(Connection c, String sql, Object parameter, String... columns)
      throws SQLException {
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setObject(1, parameter);
      return rows(p.executeQuery(), columns);
    }
  }

  // DBeaver, plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/...

  /** PostgreExecutionContext.refreshDefaults, PostgreDataSource.initialize and its database list. */
  @Test
  void dbeaverConnects() throws SQLException {
    try (Connection c = server.pgjdbc()) {
      assertEquals(List.of("public|ada"), query(c, "SELECT current_schema(),session_user", "current_schema",
          "session_user"));
      assertEquals(List.of("public"), query(c, "SHOW search_path", "search_path"));
      assertTrue(query(c, "SELECT version()", "version").get(0).startsWith("PostgreSQL 14.0 (Sluice "));
      // PostgreDataSource.prepareReadDatabaseListStatement
      assertEquals(List.of("16383|sluice|t|f"), query(c, "SELECT db.oid,db.* FROM pg_catalog.pg_database db"
          + " WHERE 1 = 1 AND datallowconn AND NOT datistemplate \nORDER BY db.datname", "oid", "datname",
          "datallowconn", "datistemplate"));
      // PostgreDatabase.readDatabaseInfo
      assertEquals(List.of("sluice|6"), prepared(c, "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=?",
          "sluice", "datname", "encoding"));
      assertEquals(List.of(), prepared(c, "SELECT db.oid,db.* FROM pg_catalog.pg_database db WHERE datname=?",
          "elsewhere", "datname"));
      // PostgreDataSource's settings look-up, as DBeaver 25.1 sends it on connect
      assertEquals(List.of("on"), query(c, "SELECT * FROM pg_catalog.pg_settings where name='standard_conforming_strings'",
          "setting"));
      // PostgreDataSource's keyword list (the words it adds to its own): none
      assertEquals(1, query(c, "SELECT string_agg(word, ',' ) from pg_catalog.pg_get_keywords() where word <> ALL"
          + " ('{a,abs,absolute}'::text[])", "string_agg").size());
      // PostgreDataTypeCache's probes for columns of the server's version
      assertEquals(List.of(), query(c, "SELECT * FROM pg_catalog.pg_enum WHERE 1<>1 LIMIT 1"));
      assertEquals(List.of(), query(c, "SELECT reltype FROM pg_catalog.pg_class WHERE 1<>1 LIMIT 1"));
    }
  }

  /** PostgreDatabase.SchemaCache and PostgreDataTypeCache. */
  @Test
  void dbeaverListsSchemasAndTypes() throws SQLException {
    try (Connection c = server.pgjdbc()) {
      assertEquals(List.of("11|pg_catalog", "2200|public"), query(c, "SELECT n.oid,n.*,d.description FROM"
          + " pg_catalog.pg_namespace n\nLEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=n.oid AND d.objsubid=0"
          + " AND d.classoid='pg_namespace'::regclass\n ORDER BY nspname", "oid", "nspname"));
      List<String> types = query(c, "SELECT t.oid,t.*,c.relkind,format_type(nullif(t.typbasetype, 0), t.typtypmod) as"
          + " base_type_name, d.description FROM pg_catalog.pg_type t LEFT OUTER JOIN pg_catalog.pg_type et ON"
          + " et.oid=t.typelem LEFT OUTER JOIN pg_catalog.pg_class c ON c.oid=t.typrelid LEFT OUTER JOIN"
          + " pg_catalog.pg_description d ON t.oid=d.objoid WHERE t.typname IS NOT NULL AND (c.relkind IS NULL OR"
          + " c.relkind = 'c') AND (et.typcategory IS NULL OR et.typcategory <> 'C')", "oid", "typname", "typcategory");
      assertTrue(types.containsAll(List.of("20|int8|N", "1043|varchar|S", "1700|numeric|N", "1114|timestamp|D",
          "16|bool|B")), types.toString());
    }
  }

  /** PostgreSchema.TableCache: prepareLookupStatement (tables) and prepareChildrenStatement (columns). */
  @Test
  void dbeaverListsTablesAndColumns() throws SQLException {
    String tables = "SELECT c.oid,c.*,d.description,pg_catalog.pg_get_expr(c.relpartbound, c.oid) as partition_expr, "
        + " pg_catalog.pg_get_partkeydef(c.oid) as partition_key \nFROM pg_catalog.pg_class c\n"
        + "LEFT OUTER JOIN pg_catalog.pg_description d ON d.objoid=c.oid AND d.objsubid=0 AND"
        + " d.classoid='pg_class'::regclass\nWHERE c.relnamespace=? AND c.relkind not in ('i','I','c')";
    String columns = "SELECT c.relname,a.*,pg_catalog.pg_get_expr(ad.adbin, ad.adrelid, true) as"
        + " def_value,dsc.description,dep.objid\nFROM pg_catalog.pg_attribute a\nINNER JOIN pg_catalog.pg_class c ON"
        + " (a.attrelid=c.oid)\nLEFT OUTER JOIN pg_catalog.pg_attrdef ad ON (a.attrelid=ad.adrelid AND a.attnum ="
        + " ad.adnum)\nLEFT OUTER JOIN pg_catalog.pg_description dsc ON (c.oid=dsc.objoid AND a.attnum ="
        + " dsc.objsubid)\nLEFT OUTER JOIN pg_depend dep on dep.refobjid = a.attrelid AND dep.deptype = 'i' and"
        + " dep.refobjsubid = a.attnum and dep.classid = dep.refclassid\nWHERE NOT a.attisdropped AND c.relkind not in"
        + " ('i','I','c')";
    try (Connection c = server.pgjdbc()) {
      List<String> listed = prepared(c, tables, 2200L, "oid", "relname", "relkind", "relnamespace", "relnatts");
      assertEquals(List.of("16384|big_orders|v|2200|2", "16385|orders|r|2200|4"), listed);
      assertEquals(List.of(), prepared(c, tables, 11L, "relname"));
      try (PreparedStatement one = c.prepareStatement(tables + " AND relname=?")) {
        one.setLong(1, 2200L);
        one.setString(2, "orders");
        assertEquals(List.of("orders"), rows(one.executeQuery(), "relname"));
      }
      int amountModifier = ((10 << 16) | 2) + 4;
      assertEquals(List.of("orders|id|20|1|t|-1", "orders|customer|1043|2|f|-1",
          "orders|amount|1700|3|f|" + amountModifier, "orders|placed|1114|4|f|-1"),
          prepared(c, columns + " AND c.oid=?\nORDER BY a.attnum", 16385L, "relname", "attname", "atttypid", "attnum",
              "attnotnull", "atttypmod"));
      assertEquals(6, prepared(c, columns + " AND c.relnamespace=?\nORDER BY a.attnum", 2200L, "attname").size());
    }
  }
}
