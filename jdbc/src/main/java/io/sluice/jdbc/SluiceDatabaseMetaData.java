package io.sluice.jdbc;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.registry.Catalog;
import io.sluice.engine.Functions;
import io.sluice.catalog.function.FunctionCategory;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.catalog.function.FunctionKind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a generic SQL tool needs to know about a Sluice database: the catalog's tables, views,
 * sources and sinks with their columns, the supported types, and honest answers about
 * features. Sluice has neither catalogs nor schemas, so TABLE_CAT and TABLE_SCHEM are null;
 * it has no keys, indexes, procedures or privileges, so those results are empty.
 */
public final class SluiceDatabaseMetaData implements SluiceDatabaseFeatures {
  private final SluiceConnection connection;

  SluiceDatabaseMetaData(SluiceConnection connection) {
    this.connection = connection;
  }

  private ResultSet result(ListCursor.SchemaBuilder columns, List<Object[]> rows) throws SQLException {
    connection.checkOpen();
    return new SluiceResultSet(new ListCursor(columns.build(), rows), null, 0);
  }

  private ResultSet empty(ListCursor.SchemaBuilder columns) throws SQLException {
    return result(columns, List.of());
  }

  private static ListCursor.SchemaBuilder columns() {
    return new ListCursor.SchemaBuilder();
  }

  // ---------------------------------------------------------------- catalog contents

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern, String[] types)
      throws SQLException {
    ListCursor.SchemaBuilder columns = columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE",
        "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION");
    Set<String> wanted = null;
    if (types != null) {
      wanted = new HashSet<>();
      for (String type : types) {
        wanted.add(type == null ? null : type.toUpperCase(Locale.ROOT));
      }
    }
    List<Object[]> rows = new ArrayList<>();
    if (inOurCatalogAndSchema(catalog, schemaPattern)) {
      Pattern name = likePattern(tableNamePattern);
      for (Catalog.Entry entry : sortedEntries()) {
        String type = entry.kind().label();
        if ((wanted == null || wanted.contains(type)) && name.matcher(entry.name()).matches()) {
          rows.add(new Object[] {null, null, entry.name(), type, remarks(entry), null, null, null, null, null});
        }
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[3]).thenComparing(r -> (String) r[2]));
    return result(columns, rows);
  }

  private static String remarks(Catalog.Entry entry) {
    String connector = entry.definition().connector();
    if (entry.kind() == TableKind.VIEW) {
      return entry.definition().viewQuery();
    }
    return connector == null ? null : "connector '" + connector + "'";
  }

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    ListCursor.SchemaBuilder columns = columns()
        .text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME").integer("DATA_TYPE").text("TYPE_NAME")
        .integer("COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE")
        .text("REMARKS", "COLUMN_DEF").integer("SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
            "ORDINAL_POSITION")
        .text("IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE").smallint("SOURCE_DATA_TYPE")
        .text("IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
    List<Object[]> rows = new ArrayList<>();
    if (inOurCatalogAndSchema(catalog, schemaPattern)) {
      Pattern tableName = likePattern(tableNamePattern);
      Pattern columnName = likePattern(columnNamePattern);
      for (Catalog.Entry entry : sortedEntries()) {
        if (!tableName.matcher(entry.name()).matches() || entry.definition().schema() == null) {
          continue;
        }
        TableSchema schema = entry.definition().schema();
        for (int i = 0; i < schema.size(); i++) {
          Column c = schema.column(i);
          if (!columnName.matcher(c.name()).matches()) {
            continue;
          }
          DataType t = c.type();
          int radix = JdbcTypes.radix(t.kind());
          rows.add(new Object[] {
              null, null, entry.name(), c.name(), JdbcTypes.sqlType(t), JdbcTypes.typeName(t),
              JdbcTypes.precision(t), null, decimalDigits(t), radix == 0 ? null : radix,
              t.nullable() ? columnNullable : columnNoNulls, null, null, null, null,
              t.kind().isString() ? JdbcTypes.precision(t) : null, i + 1, t.nullable() ? "YES" : "NO",
              null, null, null, null, "NO", "NO"});
        }
      }
    }
    return result(columns, rows);
  }

  /** DECIMAL_DIGITS: the scale, or fractional seconds; null where it does not apply. */
  private static Integer decimalDigits(DataType type) {
    switch (type.kind()) {
      case TINYINT: case SMALLINT: case INTEGER: case BIGINT: case DECIMAL: case TIME: case TIMESTAMP:
        return JdbcTypes.scale(type);
      default:
        return null;
    }
  }

  private List<Catalog.Entry> sortedEntries() {
    List<Catalog.Entry> entries = connection.database().catalog().entries();
    entries.sort(Comparator.comparing(e -> e.name().toLowerCase(Locale.ROOT)));
    return entries;
  }

  /** Everything lives outside any catalog or schema: only "no filter" or "" and patterns matching "" select it. */
  private static boolean inOurCatalogAndSchema(String catalog, String schemaPattern) {
    return (catalog == null || catalog.isEmpty())
        && (schemaPattern == null || likePattern(schemaPattern).matcher("").matches());
  }

  /** A JDBC search pattern (% any text, _ one character, \ escapes) as a case-insensitive regex. */
  static Pattern likePattern(String pattern) {
    if (pattern == null) {
      return Pattern.compile(".*", Pattern.DOTALL);
    }
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        regex.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        regex.append(".*");
      } else if (c == '_') {
        regex.append('.');
      } else {
        regex.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return getSchemas(null, null);
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    return empty(columns().text("TABLE_SCHEM", "TABLE_CATALOG"));
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    return empty(columns().text("TABLE_CAT"));
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (TableKind kind : TableKind.values()) {
      rows.add(new Object[] {kind.label()});
    }
    rows.sort(Comparator.comparing(r -> (String) r[0]));
    return result(columns().text("TABLE_TYPE"), rows);
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    ListCursor.SchemaBuilder columns = columns().text("TYPE_NAME").integer("DATA_TYPE", "PRECISION")
        .text("LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS").smallint("NULLABLE").bool("CASE_SENSITIVE")
        .smallint("SEARCHABLE").bool("UNSIGNED_ATTRIBUTE", "FIXED_PREC_SCALE", "AUTO_INCREMENT")
        .text("LOCAL_TYPE_NAME").smallint("MINIMUM_SCALE", "MAXIMUM_SCALE")
        .integer("SQL_DATA_TYPE", "SQL_DATETIME_SUB", "NUM_PREC_RADIX");
    List<Object[]> rows = new ArrayList<>();
    for (TypeKind kind : JdbcTypes.declarableKinds()) {
      DataType widest = widest(kind);
      String prefix = null;
      String createParams = null;
      short maxScale = 0;
      switch (kind) {
        case CHAR: case VARCHAR: prefix = "'"; createParams = "length"; break;
        case DECIMAL: createParams = "precision,scale"; maxScale = DataType.MAX_DECIMAL_PRECISION; break;
        case DATE: prefix = "DATE '"; break;
        case TIME: prefix = "TIME '"; createParams = "precision"; maxScale = 3; break;
        case TIMESTAMP: prefix = "TIMESTAMP '"; createParams = "precision"; maxScale = 3; break;
        case INTERVAL_YEAR_MONTH: case INTERVAL_DAY_TIME: prefix = "INTERVAL '"; break;
        default: break;
      }
      int radix = JdbcTypes.radix(kind);
      rows.add(new Object[] {
          kind.sqlName(), JdbcTypes.sqlType(kind), JdbcTypes.precision(widest), prefix,
          prefix == null ? null : "'", createParams, (short) typeNullable, kind.isString(),
          (short) typeSearchable, !kind.isNumeric() ? null : Boolean.FALSE, false, false, kind.sqlName(),
          (short) 0, maxScale, null, null, radix == 0 ? null : radix});
    }
    rows.sort(Comparator.comparing(r -> (Integer) r[1]));
    return result(columns, rows);
  }

  /** The type with its largest parameters, for getTypeInfo's PRECISION. */
  private static DataType widest(TypeKind kind) {
    switch (kind) {
      case DECIMAL: return DataType.decimal(DataType.MAX_DECIMAL_PRECISION, 0);
      case TIME:
      case TIMESTAMP: return new DataType(kind, 3, 0, true);
      default: return DataType.of(kind);
    }
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (IndexDefinition index : indexesOf(catalog, schema, table)) {
      if (index.primaryKey()) {
        for (int i = 0; i < index.columns().size(); i++) {
          rows.add(new Object[] {null, null, index.table(), index.columns().get(i), (short) (i + 1), index.name()});
        }
      }
    }
    rows.sort(Comparator.comparing(r -> (String) r[3]));
    return result(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME").smallint("KEY_SEQ")
        .text("PK_NAME"), rows);
  }

  /** The indexes of the named table (a name, not a pattern, in getPrimaryKeys and getIndexInfo), its key included. */
  private List<IndexDefinition> indexesOf(String catalog, String schema, String table) {
    if (table == null || !inOurCatalogAndSchema(catalog, schema)) {
      return List.of();
    }
    return connection.database().catalog().indexesOf(table); // names match without regard to case, as elsewhere
  }

  private static ListCursor.SchemaBuilder foreignKeyColumns() {
    return columns().text("PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME", "PKCOLUMN_NAME", "FKTABLE_CAT",
        "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME").smallint("KEY_SEQ", "UPDATE_RULE", "DELETE_RULE")
        .text("FK_NAME", "PK_NAME").smallint("DEFERRABILITY");
  }

  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(foreignKeyColumns());
  }

  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    return empty(foreignKeyColumns());
  }

  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
      String foreignCatalog, String foreignSchema, String foreignTable) throws SQLException {
    return empty(foreignKeyColumns());
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique, boolean approximate)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (IndexDefinition index : indexesOf(catalog, schema, table)) {
      if (unique && !index.unique()) {
        continue;
      }
      boolean hash = "hash".equals(index.method());
      for (int i = 0; i < index.columns().size(); i++) {
        // an ordered (btree) index sorts its columns ascending; a hash index has no order
        rows.add(new Object[] {null, null, index.table(), !index.unique(), null, index.name(),
            (short) (hash ? tableIndexHashed : tableIndexOther), (short) (i + 1), index.columns().get(i),
            hash ? null : "A", null, null, null});
      }
    }
    // JDBC's order: NON_UNIQUE, TYPE, INDEX_NAME, ORDINAL_POSITION (the rows are built in name order)
    rows.sort(Comparator.comparing((Object[] r) -> (Boolean) r[3]).thenComparing(r -> (Short) r[6]));
    return result(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME").bool("NON_UNIQUE")
        .text("INDEX_QUALIFIER", "INDEX_NAME").smallint("TYPE", "ORDINAL_POSITION")
        .text("COLUMN_NAME", "ASC_OR_DESC").bigint("CARDINALITY", "PAGES").text("FILTER_CONDITION"), rows);
  }

  @Override
  public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
      throws SQLException {
    return empty(columns().text("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2",
        "RESERVED3", "REMARKS").smallint("PROCEDURE_TYPE").text("SPECIFIC_NAME"));
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schemaPattern, String procedureNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(columns().text("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME")
        .smallint("COLUMN_TYPE").integer("DATA_TYPE").text("TYPE_NAME").integer("PRECISION", "LENGTH")
        .smallint("SCALE", "RADIX", "NULLABLE").text("REMARKS", "COLUMN_DEF")
        .integer("SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH", "ORDINAL_POSITION")
        .text("IS_NULLABLE", "SPECIFIC_NAME"));
  }

  /**
   * The engine's function registry: scalar, aggregate and window functions, none returning a
   * table. REMARKS is the description followed by the forms users write; SPECIFIC_NAME is the name.
   */
  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
      throws SQLException {
    ListCursor.SchemaBuilder columns = columns().text("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS")
        .smallint("FUNCTION_TYPE").text("SPECIFIC_NAME");
    List<Object[]> rows = new ArrayList<>();
    if (inOurCatalogAndSchema(catalog, schemaPattern)) {
      Pattern name = likePattern(functionNamePattern);
      for (FunctionInfo function : Functions.all()) { // in name order, as JDBC asks
        if (name.matcher(function.name()).matches()) {
          String remarks = function.description() + " " + String.join("; ", function.signatures());
          rows.add(new Object[] {null, null, function.name(), remarks, (short) functionNoTable, function.name()});
        }
      }
    }
    return result(columns, rows);
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schemaPattern, String functionNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(columns().text("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME")
        .smallint("COLUMN_TYPE").integer("DATA_TYPE").text("TYPE_NAME").integer("PRECISION", "LENGTH")
        .smallint("SCALE", "RADIX", "NULLABLE").text("REMARKS").integer("CHAR_OCTET_LENGTH", "ORDINAL_POSITION")
        .text("IS_NULLABLE", "SPECIFIC_NAME"));
  }

  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table, String columnNamePattern)
      throws SQLException {
    return empty(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE",
        "PRIVILEGE", "IS_GRANTABLE"));
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    return empty(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE",
        "IS_GRANTABLE"));
  }

  private static ListCursor.SchemaBuilder rowIdentifierColumns() {
    return columns().smallint("SCOPE").text("COLUMN_NAME").integer("DATA_TYPE").text("TYPE_NAME")
        .integer("COLUMN_SIZE", "BUFFER_LENGTH").smallint("DECIMAL_DIGITS", "PSEUDO_COLUMN");
  }

  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope, boolean nullable)
      throws SQLException {
    return empty(rowIdentifierColumns());
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    return empty(rowIdentifierColumns());
  }

  @Override
  public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
      throws SQLException {
    return empty(columns().text("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME").integer("DATA_TYPE")
        .text("REMARKS").smallint("BASE_TYPE"));
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern) throws SQLException {
    return empty(columns().text("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM",
        "SUPERTYPE_NAME"));
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    return empty(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME"));
  }

  @Override
  public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
      String attributeNamePattern) throws SQLException {
    return empty(columns().text("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME").integer("DATA_TYPE")
        .text("ATTR_TYPE_NAME").integer("ATTR_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE")
        .text("REMARKS", "ATTR_DEF").integer("SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
            "ORDINAL_POSITION")
        .text("IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE").smallint("SOURCE_DATA_TYPE"));
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    return empty(columns().text("NAME").integer("MAX_LEN").text("DEFAULT_VALUE", "DESCRIPTION"));
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
      String columnNamePattern) throws SQLException {
    return empty(columns().text("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME").integer("DATA_TYPE",
        "COLUMN_SIZE", "DECIMAL_DIGITS", "NUM_PREC_RADIX").text("COLUMN_USAGE", "REMARKS")
        .integer("CHAR_OCTET_LENGTH").text("IS_NULLABLE"));
  }

  // ---------------------------------------------------------------- product and connection

  @Override
  public String getDatabaseProductName() {
    return "Sluice";
  }

  @Override
  public String getDatabaseProductVersion() {
    return SluiceDriver.version();
  }

  @Override
  public int getDatabaseMajorVersion() {
    return SluiceDriver.MAJOR_VERSION;
  }

  @Override
  public int getDatabaseMinorVersion() {
    return SluiceDriver.MINOR_VERSION;
  }

  @Override
  public String getDriverName() {
    return "Sluice JDBC Driver";
  }

  @Override
  public String getDriverVersion() {
    return SluiceDriver.version();
  }

  @Override
  public int getDriverMajorVersion() {
    return SluiceDriver.MAJOR_VERSION;
  }

  @Override
  public int getDriverMinorVersion() {
    return SluiceDriver.MINOR_VERSION;
  }

  @Override
  public int getJDBCMajorVersion() {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() {
    return 2;
  }

  @Override
  public String getURL() {
    return connection.url();
  }

  @Override
  public String getUserName() {
    return connection.user();
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public boolean isReadOnly() {
    return false;
  }

  // ---------------------------------------------------------------- SQL dialect

  @Override
  public String getIdentifierQuoteString() {
    return "\"";
  }

  /** Words Sluice reserves beyond SQL:2003. */
  @Override
  public String getSQLKeywords() {
    return "DESCRIPTOR,EXPLAIN,HOP,SINK,SOURCE,STREAM,TUMBLE,WATERMARK";
  }

  /** Scalar functions of the numeric category in the engine's function registry. */
  @Override
  public String getNumericFunctions() {
    return functionNames(FunctionCategory.NUMERIC);
  }

  /** Scalar functions of the string category in the engine's function registry. */
  @Override
  public String getStringFunctions() {
    return functionNames(FunctionCategory.STRING);
  }

  /** Conditional and conversion functions (COALESCE, NULLIF, CAST, ...), JDBC's "system" functions. */
  @Override
  public String getSystemFunctions() {
    return functionNames(FunctionCategory.CONDITIONAL, FunctionCategory.CONVERSION);
  }

  /** Scalar functions of the date and time category in the engine's function registry. */
  @Override
  public String getTimeDateFunctions() {
    return functionNames(FunctionCategory.DATETIME);
  }

  private static String functionNames(FunctionCategory... categories) {
    List<String> names = new ArrayList<>();
    for (FunctionInfo function : Functions.all()) {
      if (function.kind() == FunctionKind.SCALAR && List.of(categories).contains(function.category())) {
        names.add(function.name());
      }
    }
    return String.join(",", names);
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("SluiceDatabaseMetaData does not wrap " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
