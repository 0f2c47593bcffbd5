package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
 * DBeaver's index and constraint lists, replayed verbatim over PostgreSQL's JDBC driver (DBeaver's
 * own) against {@code sluice serve}: the statements of {@code PostgreSchema.IndexCache} and
 * {@code PostgreSchema.ConstraintCache} ({@code prepareObjectsStatement}, for one table and for the
 * schema) and {@code PostgreIndex.getObjectDefinitionText}, in
 * {@code plugins/org.jkiss.dbeaver.ext.postgresql/src/org/jkiss/dbeaver/ext/postgresql/model/}
 * of dbeaver/dbeaver. A table's PRIMARY KEY is a constraint 'p' with its index ({@code <table>_pkey},
 * as Sluice and PostgreSQL name it); CREATE [UNIQUE] INDEX makes an index only, as in PostgreSQL.
 */
class DbeaverIndexesTest {
  private static final String INDEXES = "SELECT i.*,i.indkey as keys,c.relname,c.relnamespace,c.relam,tc.relname as"
      + " tabrelname,dsc.description,pg_catalog.pg_get_expr(i.indexprs, i.indrelid, true) as expr\n"
      + "FROM pg_catalog.pg_index i\nINNER JOIN pg_catalog.pg_class c ON c.oid=i.indexrelid\n"
      + "INNER JOIN pg_catalog.pg_class tc ON tc.oid=i.indrelid\n"
      + "LEFT OUTER JOIN pg_catalog.pg_description dsc ON i.indexrelid=dsc.objoid\nWHERE ";
  private static final String CONSTRAINTS = "SELECT c.oid,c.*,t.relname as tabrelname,rt.relnamespace as refnamespace\n"
      + "FROM pg_catalog.pg_constraint c\nINNER JOIN pg_catalog.pg_class t ON t.oid=c.conrelid\n"
      + "LEFT OUTER JOIN pg_catalog.pg_class rt ON rt.oid=c.confrelid\nWHERE ";
  /** pg_class OIDs in name order from 16384: plain, then wallets. */
  private static final long PLAIN = 16384;
  private static final long WALLETS = 16385;
  private static final long PUBLIC = 2200;
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE plain (n BIGINT)");
      s.execute("CREATE TABLE wallets (owner VARCHAR, region VARCHAR, id BIGINT, PRIMARY KEY (id, region))");
      s.execute("CREATE INDEX wallets_by_owner ON wallets (owner, region)");
      s.execute("CREATE UNIQUE INDEX wallets_one_owner ON wallets (owner)");
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  private static List<String> prepared(Connection c, String sql, Object parameter, String... columns)
      throws SQLException {
    List<String> rows = new ArrayList<>();
    try (PreparedStatement p = c.prepareStatement(sql)) {
      p.setObject(1, parameter);
      try (ResultSet r = p.executeQuery()) {
        while (r.next()) {
          StringBuilder row = new StringBuilder();
          for (String column : columns) {
            row.append(row.length() == 0 ? "" : "|").append(r.getString(column));
          }
          rows.add(row.toString());
        }
      }
    }
    return rows;
  }

  @Test
  void indexesOfATableAndOfTheSchema() throws SQLException {
    try (Connection c = server.pgjdbc()) {
      List<String> byTable = prepared(c, INDEXES + " i.indrelid=? ORDER BY c.relname", WALLETS, "tabrelname",
          "relname", "indisunique", "indisprimary", "keys", "indnatts", "relam");
      // keys are 1-based column numbers: owner 1, region 2, id 3
      assertEquals(List.of("wallets|wallets_by_owner|f|f|1 2|2|403", "wallets|wallets_one_owner|t|f|1|1|403",
          "wallets|wallets_pkey|t|t|3 2|2|403"), byTable);
      assertEquals(byTable, prepared(c, INDEXES + " c.relnamespace=? ORDER BY c.relname", PUBLIC, "tabrelname",
          "relname", "indisunique", "indisprimary", "keys", "indnatts", "relam"), "only wallets has indexes");
      assertEquals(List.of(), prepared(c, INDEXES + " i.indrelid=? ORDER BY c.relname", PLAIN, "relname"));
    }
  }

  @Test
  void thePrimaryKeyIsTheOnlyConstraint() throws SQLException {
    try (Connection c = server.pgjdbc(); PreparedStatement p = c.prepareStatement(CONSTRAINTS
        + "c.conrelid=?\nORDER BY c.oid")) {
      p.setLong(1, WALLETS);
      try (ResultSet r = p.executeQuery()) {
        assertTrue(r.next(), "the primary key");
        assertEquals("wallets_pkey", r.getString("conname"));
        assertEquals("p", r.getString("contype"));
        assertEquals("wallets", r.getString("tabrelname"));
        // ConstraintCache.fetchObjectRow reads the key columns with getArray, as 1-based attnums
        Object[] keys = (Object[]) r.getArray("conkey").getArray();
        assertEquals(List.of((short) 3, (short) 2), List.of(keys));
        long index = r.getLong("conindid");
        assertEquals(List.of("wallets_pkey"), prepared(c, INDEXES + " i.indrelid=? ORDER BY c.relname", WALLETS,
            "indexrelid", "relname").stream().filter(row -> row.startsWith(index + "|")).map(row -> row.split("\\|")[1])
            .toList(), "conindid names the key's index");
        assertFalse(r.next(), "CREATE [UNIQUE] INDEX makes no constraint");
      }
      assertEquals(List.of("wallets|wallets_pkey|p"), prepared(c, CONSTRAINTS + "t.relnamespace=?\nORDER BY c.oid",
          PUBLIC, "tabrelname", "conname", "contype"));
      assertEquals(List.of(), prepared(c, CONSTRAINTS + "c.conrelid=?\nORDER BY c.oid", PLAIN, "conname"));
    }
  }

  @Test
  void anIndexsDefinition() throws SQLException {
    try (Connection c = server.pgjdbc()) {
      for (String row : prepared(c, INDEXES + " i.indrelid=? ORDER BY c.relname", WALLETS, "indexrelid", "relname")) {
        String[] parts = row.split("\\|");
        String expected = parts[1].equals("wallets_by_owner")
            ? "CREATE INDEX wallets_by_owner ON public.wallets USING btree (owner, region)"
            : parts[1].equals("wallets_pkey") ? "CREATE UNIQUE INDEX wallets_pkey ON public.wallets USING btree (id, region)"
            : "CREATE UNIQUE INDEX wallets_one_owner ON public.wallets USING btree (owner)";
        assertEquals(List.of(expected), prepared(c, "SELECT pg_catalog.pg_get_indexdef(?)", Long.parseLong(parts[0]),
            "pg_get_indexdef"));
      }
    }
  }
}
