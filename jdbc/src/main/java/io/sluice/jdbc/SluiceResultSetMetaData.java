package io.sluice.jdbc;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;

/** Column descriptions of a {@link SluiceResultSet}, derived from the result's schema. */
public final class SluiceResultSetMetaData implements ResultSetMetaData {
  private final TableSchema schema;

  SluiceResultSetMetaData(TableSchema schema) {
    this.schema = schema;
  }

  private DataType type(int column) throws SQLException {
    return columnAt(column).type();
  }

  private Column columnAt(int column) throws SQLException {
    if (column < 1 || column > schema.size()) {
      throw new SQLException("Column index " + column + " is out of range: the result has " + schema.size()
          + " column" + (schema.size() == 1 ? "" : "s"), "07009");
    }
    return schema.column(column - 1);
  }

  @Override
  public int getColumnCount() {
    return schema.size();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    columnAt(column);
    return false;
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return type(column).kind().isString();
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    columnAt(column);
    return true;
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    columnAt(column);
    return false;
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return type(column).nullable() ? columnNullable : columnNoNulls;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return JdbcTypes.isSigned(type(column).kind());
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    return JdbcTypes.displaySize(type(column));
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return columnAt(column).name();
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    return columnAt(column).name();
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    columnAt(column);
    return "";
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    return JdbcTypes.precision(type(column));
  }

  @Override
  public int getScale(int column) throws SQLException {
    return JdbcTypes.scale(type(column));
  }

  @Override
  public String getTableName(int column) throws SQLException {
    columnAt(column);
    return ""; // results do not record which table a column came from
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    columnAt(column);
    return "";
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return JdbcTypes.sqlType(type(column));
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return JdbcTypes.typeName(type(column));
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    columnAt(column);
    return true;
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    columnAt(column);
    return false;
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    columnAt(column);
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    return JdbcTypes.className(type(column).kind());
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("SluiceResultSetMetaData does not wrap " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
