package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.Database;
import io.sluice.engine.Functions;
import io.sluice.catalog.function.FunctionKind;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DatabaseMetaDataTest {
  private static final String NAME = "metadataTest";
  private Connection connection;
  private DatabaseMetaData metaData;

  @BeforeEach
  void fillCatalog() throws SQLException {
    Catalog catalog = Database.named(NAME).catalog();
    for (String name : catalog.names()) {
      catalog.remove(name);
    }
    register(catalog, "orders", TableKind.TABLE, List.of(
        new Column("id", DataType.of(TypeKind.BIGINT).withNullable(false)),
        new Column("amount", DataType.decimal(12, 2)),
        new Column("note", DataType.varchar(100)),
        new Column("placed_at", new DataType(TypeKind.TIMESTAMP, 3, 0, true))));
    register(catalog, "order_totals", TableKind.VIEW, List.of(new Column("total", DataType.of(TypeKind.DOUBLE))));
    register(catalog, "Bids", TableKind.SOURCE, List.of(new Column("price", DataType.of(TypeKind.INTEGER))));
    register(catalog, "hot", TableKind.SINK, List.of(new Column("n", DataType.of(TypeKind.BIGINT))));
    register(catalog, "orders2", TableKind.TABLE, List.of(new Column("x", DataType.of(TypeKind.BOOLEAN))));
    connection = DriverManager.getConnection("jdbc:sluice:mem:" + NAME);
    metaData = connection.getMetaData();
  }

  private static void register(Catalog catalog, String name, TableKind kind, List<Column> columns) {
    String view = kind == TableKind.VIEW ? "SELECT 1.0 AS total" : null;
    catalog.register(new Catalog.Entry(new TableDefinition(name, kind, new TableSchema(columns), Map.of(), view),
        null), false);
  }

  @AfterEach
  void close() throws SQLException {
    connection.close();
  }

  private static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> values = new ArrayList<>();
    while (rs.next()) {
      values.add(rs.getString(label));
    }
    rs.close();
    return values;
  }

  @Test
  void getTablesListsEveryKindSortedByTypeThenName() throws SQLException {
    ResultSet rs = metaData.getTables(null, null, "%", null);
    ResultSetMetaData md = rs.getMetaData();
    assertEquals(10, md.getColumnCount());
    assertEquals("TABLE_CAT", md.getColumnName(1));
    assertEquals("REF_GENERATION", md.getColumnName(10));
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      assertNull(rs.getString("TABLE_CAT"));
      assertNull(rs.getString("TABLE_SCHEM"));
      rows.add(rs.getString("TABLE_TYPE") + ":" + rs.getString("TABLE_NAME"));
    }
    assertEquals(List.of("SINK:hot", "SOURCE:Bids", "TABLE:orders", "TABLE:orders2", "VIEW:order_totals"), rows);
  }

  @Test
  void getTablesFiltersByPatternAndType() throws SQLException {
    assertEquals(List.of("orders", "orders2"), column(metaData.getTables(null, null, "orders%", new String[] {"TABLE"}),
        "TABLE_NAME"));
    assertEquals(List.of("orders2"), column(metaData.getTables(null, null, "orders_", null), "TABLE_NAME"));
    assertEquals(List.of("order_totals"), column(metaData.getTables(null, null, "order\\_%", null), "TABLE_NAME"));
    assertEquals(List.of("Bids"), column(metaData.getTables(null, null, "bids", null), "TABLE_NAME"),
        "names match without regard to case");
    assertEquals(List.of("Bids", "hot"), column(metaData.getTables(null, null, null,
        new String[] {"SOURCE", "SINK"}), "TABLE_NAME").stream().sorted().toList());
    assertEquals(List.of(), column(metaData.getTables("other", null, "%", null), "TABLE_NAME"),
        "there are no catalogs, so naming one finds nothing");
    assertEquals(List.of(), column(metaData.getTables(null, "public", "%", null), "TABLE_NAME"));
    assertEquals(5, column(metaData.getTables("", "%", "%", null), "TABLE_NAME").size());
  }

  @Test
  void getColumnsDescribesEveryColumn() throws SQLException {
    ResultSet rs = metaData.getColumns(null, null, "orders", null);
    assertEquals(24, rs.getMetaData().getColumnCount());
    assertEquals("IS_GENERATEDCOLUMN", rs.getMetaData().getColumnName(24));
    assertTrue(rs.next());
    assertEquals("orders", rs.getString("TABLE_NAME"));
    assertEquals("id", rs.getString("COLUMN_NAME"));
    assertEquals(Types.BIGINT, rs.getInt("DATA_TYPE"));
    assertEquals("BIGINT", rs.getString("TYPE_NAME"));
    assertEquals(19, rs.getInt("COLUMN_SIZE"));
    assertEquals(DatabaseMetaData.columnNoNulls, rs.getInt("NULLABLE"));
    assertEquals("NO", rs.getString("IS_NULLABLE"));
    assertEquals(1, rs.getInt("ORDINAL_POSITION"));
    assertEquals(10, rs.getInt("NUM_PREC_RADIX"));
    assertTrue(rs.next());
    assertEquals("amount", rs.getString("COLUMN_NAME"));
    assertEquals(Types.DECIMAL, rs.getInt("DATA_TYPE"));
    assertEquals(12, rs.getInt("COLUMN_SIZE"));
    assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
    assertEquals("YES", rs.getString("IS_NULLABLE"));
    assertEquals(DatabaseMetaData.columnNullable, rs.getInt("NULLABLE"));
    assertTrue(rs.next());
    assertEquals(Types.VARCHAR, rs.getInt("DATA_TYPE"));
    assertEquals(100, rs.getInt("COLUMN_SIZE"));
    assertEquals(100, rs.getInt("CHAR_OCTET_LENGTH"));
    rs.getInt("DECIMAL_DIGITS");
    assertTrue(rs.wasNull(), "DECIMAL_DIGITS does not apply to text");
    assertTrue(rs.next());
    assertEquals(Types.TIMESTAMP, rs.getInt("DATA_TYPE"));
    assertEquals(3, rs.getInt("DECIMAL_DIGITS"));
    assertEquals(4, rs.getInt("ORDINAL_POSITION"));
    assertFalse(rs.next());

    assertEquals(List.of("amount"), column(metaData.getColumns(null, null, "ORDERS", "am%"), "COLUMN_NAME"));
    assertEquals(8, column(metaData.getColumns(null, null, null, null), "COLUMN_NAME").size(),
        "null patterns select every column of every entry");
  }

  @Test
  void primaryKeysAndIndexesAreReported() throws SQLException {
    try (java.sql.Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE keyed (b INT, a VARCHAR, c INT, PRIMARY KEY (b, a))");
      statement.execute("CREATE UNIQUE INDEX keyed_c ON keyed (c)");
      statement.execute("CREATE INDEX keyed_ca ON keyed (c, a)");
      statement.execute("CREATE INDEX keyed_h ON keyed USING hash (a)");
    }
    ResultSet keys = metaData.getPrimaryKeys(null, null, "keyed");
    assertTrue(keys.next());
    assertEquals("a", keys.getString("COLUMN_NAME"), "ordered by column name");
    assertEquals(2, keys.getShort("KEY_SEQ"));
    assertEquals("keyed_pkey", keys.getString("PK_NAME"));
    assertTrue(keys.next());
    assertEquals("b", keys.getString("COLUMN_NAME"));
    assertEquals(1, keys.getShort("KEY_SEQ"));
    assertFalse(keys.next());

    assertEquals(List.of("c", "b", "a", "a", "c", "a"), column(metaData.getIndexInfo(null, null, "keyed", false,
        true), "COLUMN_NAME"), "unique first (keyed_c, keyed_pkey), then the hashed keyed_h, then keyed_ca");
    List<String> order = column(metaData.getIndexInfo(null, null, "keyed", false, true), "ASC_OR_DESC");
    order.replaceAll(String::valueOf);
    assertEquals(List.of("A", "A", "A", "null", "A", "A"), order, "a hash index has no order");
    assertEquals(List.of("3", "3", "3", "2", "3", "3"),
        column(metaData.getIndexInfo(null, null, "keyed", false, true), "TYPE"), "tableIndexHashed, tableIndexOther");
    assertEquals(List.of("keyed_c", "keyed_pkey", "keyed_pkey"),
        column(metaData.getIndexInfo(null, null, "keyed", true, true), "INDEX_NAME"));
    assertFalse(metaData.getPrimaryKeys(null, null, "orders").next(), "a table without a key");
  }

  @Test
  void emptyResultsHaveTheStandardColumns() throws SQLException {
    assertColumns(metaData.getSchemas(), "TABLE_SCHEM", "TABLE_CATALOG");
    assertColumns(metaData.getCatalogs(), "TABLE_CAT");
    assertColumns(metaData.getPrimaryKeys(null, null, "orders"), "TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "KEY_SEQ", "PK_NAME");
    assertColumns(metaData.getImportedKeys(null, null, "orders"), "PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME",
        "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME", "KEY_SEQ", "UPDATE_RULE",
        "DELETE_RULE", "FK_NAME", "PK_NAME", "DEFERRABILITY");
    assertEquals(14, metaData.getExportedKeys(null, null, "orders").getMetaData().getColumnCount());
    assertColumns(metaData.getIndexInfo(null, null, "orders", false, true), "TABLE_CAT", "TABLE_SCHEM",
        "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME",
        "ASC_OR_DESC", "CARDINALITY", "PAGES", "FILTER_CONDITION");
    assertEquals(9, metaData.getProcedures(null, null, "%").getMetaData().getColumnCount());
    assertColumns(metaData.getFunctions(null, null, "NO_SUCH_FUNCTION"), "FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME",
        "REMARKS", "FUNCTION_TYPE", "SPECIFIC_NAME");
  }

  private static void assertColumns(ResultSet rs, String... names) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    List<String> actual = new ArrayList<>();
    for (int i = 1; i <= md.getColumnCount(); i++) {
      actual.add(md.getColumnName(i));
    }
    assertEquals(List.of(names), actual);
    assertFalse(rs.next());
  }

  @Test
  void getFunctionsListsTheEngineRegistry() throws SQLException {
    assertEquals(Functions.names(), column(metaData.getFunctions(null, null, "%"), "FUNCTION_NAME"));
    assertEquals(Functions.names(), column(metaData.getFunctions(null, null, null), "FUNCTION_NAME"));
    assertEquals(List.of("LPAD", "RPAD"), column(metaData.getFunctions(null, null, "_pad"), "FUNCTION_NAME"));
    assertEquals(List.of(), column(metaData.getFunctions("other", null, "%"), "FUNCTION_NAME"));
    ResultSet rs = metaData.getFunctions(null, null, "UPPER");
    assertTrue(rs.next());
    assertNull(rs.getString("FUNCTION_CAT"));
    assertNull(rs.getString("FUNCTION_SCHEM"));
    assertEquals("UPPER", rs.getString("FUNCTION_NAME"));
    assertEquals("Converts a string to upper case. UPPER(string)", rs.getString("REMARKS"));
    assertEquals(DatabaseMetaData.functionNoTable, rs.getShort("FUNCTION_TYPE"));
    assertEquals("UPPER", rs.getString("SPECIFIC_NAME"));
    assertFalse(rs.next());
  }

  @Test
  void functionListsAreTheRegistryByCategory() throws SQLException {
    List<String> numeric = List.of(metaData.getNumericFunctions().split(","));
    List<String> string = List.of(metaData.getStringFunctions().split(","));
    List<String> timeDate = List.of(metaData.getTimeDateFunctions().split(","));
    List<String> system = List.of(metaData.getSystemFunctions().split(","));
    assertTrue(numeric.containsAll(List.of("ABS", "CEIL", "FLOOR", "MOD", "POWER", "ROUND", "SQRT")), numeric.toString());
    assertTrue(string.containsAll(List.of("CHAR_LENGTH", "CONCAT", "LOWER", "SUBSTRING", "TRIM", "UPPER")),
        string.toString());
    assertTrue(timeDate.containsAll(List.of("CURRENT_DATE", "EXTRACT", "TIMESTAMPADD", "TIMESTAMPDIFF", "YEAR")),
        timeDate.toString());
    assertEquals(List.of("CAST", "COALESCE", "GREATEST", "LEAST", "NULLIF"), system);
    for (List<String> names : List.of(numeric, string, timeDate, system)) {
      for (String name : names) {
        assertEquals(FunctionKind.SCALAR, Functions.lookup(name).orElseThrow().kind(), name);
      }
    }
    assertFalse(numeric.contains("SUM"), "aggregates are not scalar functions");
  }

  @Test
  void tableTypesAndTypeInfo() throws SQLException {
    assertEquals(List.of("SINK", "SOURCE", "TABLE", "VIEW"), column(metaData.getTableTypes(), "TABLE_TYPE"));
    ResultSet types = metaData.getTypeInfo();
    assertEquals(18, types.getMetaData().getColumnCount());
    List<String> names = new ArrayList<>();
    int previous = Integer.MIN_VALUE;
    while (types.next()) {
      assertTrue(types.getInt("DATA_TYPE") >= previous, "sorted by DATA_TYPE");
      previous = types.getInt("DATA_TYPE");
      names.add(types.getString("TYPE_NAME"));
      if (types.getString("TYPE_NAME").equals("DECIMAL")) {
        assertEquals(38, types.getInt("PRECISION"), "DECIMAL goes to precision 38");
        assertEquals("precision,scale", types.getString("CREATE_PARAMS"));
      }
    }
    assertTrue(names.containsAll(List.of("BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "DECIMAL", "REAL",
        "DOUBLE", "CHAR", "VARCHAR", "DATE", "TIME", "TIMESTAMP")), names.toString());
  }

  @Test
  void productAndFeatureAnswers() throws SQLException {
    assertEquals("Sluice", metaData.getDatabaseProductName());
    assertEquals("\"", metaData.getIdentifierQuoteString());
    assertEquals("jdbc:sluice:mem:" + NAME, metaData.getURL());
    assertFalse(metaData.supportsTransactions());
    assertTrue(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_NONE));
    assertFalse(metaData.supportsTransactionIsolationLevel(Connection.TRANSACTION_SERIALIZABLE));
    assertTrue(metaData.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertFalse(metaData.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
    assertFalse(metaData.supportsStoredProcedures());
    assertFalse(metaData.supportsSchemasInTableDefinitions());
    assertTrue(metaData.supportsBatchUpdates());
    assertEquals(4, metaData.getJDBCMajorVersion());
    assertEquals("\\", metaData.getSearchStringEscape());
  }
}
