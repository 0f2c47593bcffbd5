package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * The columns of the database table a {@code jdbc} sink writes, matched to the columns of the
 * rows the query produces: by name (case-insensitive), each Sluice type with the SQL types that
 * hold its values without loss. A column the table lacks, or a type that does not fit, is refused
 * before any row is written, naming the column and both types.
 */
final class TargetTable {
  /** One column of the target table as the database describes it. */
  record Column(String name, int sqlType, String typeName) {}

  /** The query's columns in the table: their names as the database spells them, and their SQL types. */
  record Mapping(List<String> names, int[] sqlTypes, List<DataType> types, int[] keyIndexes) {}

  private final String table;
  private final List<Column> columns;

  private TargetTable(String table, List<Column> columns) {
    this.table = table;
    this.columns = columns;
  }

  /** Reads the columns of {@code table} from the statement's result description, without reading a row. */
  static TargetTable read(Connection connection, String table, String where) {
    List<Column> columns = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery("SELECT * FROM " + table + " WHERE 1 = 0")) {
      ResultSetMetaData meta = rows.getMetaData();
      for (int c = 1; c <= meta.getColumnCount(); c++) {
        columns.add(new Column(meta.getColumnName(c), meta.getColumnType(c), meta.getColumnTypeName(c)));
      }
    } catch (SQLException e) {
      String state = e.getSQLState() == null ? "" : e.getSQLState();
      boolean missing = state.equals("42P01") || state.equals("42S02") || state.equals("42Y07")
          || state.equals("42X05");
      throw new SluiceException(missing ? ErrorCode.UNKNOWN_TABLE : ErrorCode.IO_ERROR, "Cannot read the columns of"
          + " table '" + table + "' in " + where + ": " + e.getMessage()
          + (missing ? " (create the table first: the jdbc sink does not create it)" : ""), e);
    }
    return new TargetTable(table, columns);
  }

  /** Matches the query's columns ({@code output}) to the table's, with {@code key} among them. */
  Mapping map(TableSchema output, List<String> key, String sinkName) {
    List<String> names = new ArrayList<>();
    int[] sqlTypes = new int[output.size()];
    for (int c = 0; c < output.size(); c++) {
      io.sluice.catalog.Column column = output.column(c);
      Column target = find(column.name());
      if (target == null) {
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Sink '" + sinkName + "' writes column '" + column.name()
            + "', but table '" + table + "' has no such column (its columns: " + columnList() + ").");
      }
      if (!fits(column.type(), target.sqlType())) {
        throw new SluiceException(ErrorCode.TYPE_MISMATCH, "Column '" + target.name() + "' of table '" + table
            + "' is " + target.typeName() + " (" + jdbcTypeName(target.sqlType()) + "), but sink '" + sinkName
            + "' writes " + column.type().sql() + " into it. Change the column's type or cast the value in the"
            + " query.");
      }
      names.add(target.name());
      sqlTypes[c] = target.sqlType();
    }
    int[] keyIndexes = new int[key.size()];
    for (int k = 0; k < key.size(); k++) {
      keyIndexes[k] = indexOf(output, key.get(k));
      if (keyIndexes[k] < 0) {
        throw new SluiceException(ErrorCode.UNKNOWN_COLUMN, "Option 'key' of sink '" + sinkName + "' names column '"
            + key.get(k) + "', which the query does not write (it writes: " + String.join(", ", output.names())
            + ").");
      }
    }
    return new Mapping(List.copyOf(names), sqlTypes, output.types(), keyIndexes);
  }

  private Column find(String name) {
    for (Column column : columns) {
      if (column.name().equalsIgnoreCase(name)) {
        return column;
      }
    }
    return null;
  }

  private String columnList() {
    List<String> names = new ArrayList<>();
    for (Column column : columns) {
      names.add(column.name() + " " + column.typeName());
    }
    return String.join(", ", names);
  }

  private static int indexOf(TableSchema schema, String name) {
    for (int c = 0; c < schema.size(); c++) {
      if (schema.column(c).name().equalsIgnoreCase(name)) {
        return c;
      }
    }
    return -1;
  }

  /** Whether a column of {@code sqlType} holds every value of {@code type}. */
  static boolean fits(DataType type, int sqlType) {
    TypeKind kind = type.kind();
    switch (kind) {
      case NULL:
        return true;
      case BOOLEAN:
        return sqlType == Types.BOOLEAN || sqlType == Types.BIT;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
        return integerWidth(sqlType) >= integerWidth(kind) || isDecimal(sqlType);
      case DECIMAL:
        return isDecimal(sqlType);
      case REAL:
        return sqlType == Types.REAL || sqlType == Types.FLOAT || sqlType == Types.DOUBLE;
      case DOUBLE:
        return sqlType == Types.DOUBLE || sqlType == Types.FLOAT;
      case CHAR:
      case VARCHAR:
        return sqlType == Types.VARCHAR || sqlType == Types.CHAR || sqlType == Types.LONGVARCHAR
            || sqlType == Types.NVARCHAR || sqlType == Types.NCHAR || sqlType == Types.LONGNVARCHAR
            || sqlType == Types.CLOB || sqlType == Types.NCLOB;
      case DATE:
        return sqlType == Types.DATE;
      case TIME:
        return sqlType == Types.TIME;
      case TIMESTAMP:
        return sqlType == Types.TIMESTAMP;
      default:
        return false; // intervals: no portable SQL type holds them
    }
  }

  private static boolean isDecimal(int sqlType) {
    return sqlType == Types.NUMERIC || sqlType == Types.DECIMAL;
  }

  private static int integerWidth(int sqlType) {
    switch (sqlType) {
      case Types.TINYINT: return 1;
      case Types.SMALLINT: return 2;
      case Types.INTEGER: return 4;
      case Types.BIGINT: return 8;
      default: return 0;
    }
  }

  private static int integerWidth(TypeKind kind) {
    switch (kind) {
      case TINYINT: return 1;
      case SMALLINT: return 2;
      case INTEGER: return 4;
      default: return 8;
    }
  }

  /** The name of a {@link Types} constant, such as {@code BIGINT}. */
  static String jdbcTypeName(int sqlType) {
    try {
      return java.sql.JDBCType.valueOf(sqlType).getName();
    } catch (IllegalArgumentException e) {
      return "type " + sqlType;
    }
  }
}
