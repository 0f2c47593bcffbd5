package io.sluice.jdbc;

import io.sluice.catalog.DataType;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.util.List;

/** Types of a prepared statement's parameters, as the engine inferred them. */
public final class SluiceParameterMetaData implements ParameterMetaData {
  private final List<DataType> types;

  SluiceParameterMetaData(List<DataType> types) {
    this.types = List.copyOf(types);
  }

  private DataType type(int param) throws SQLException {
    if (param < 1 || param > types.size()) {
      throw new SQLException("Parameter index " + param + " is out of range: the statement has " + types.size()
          + " parameter" + (types.size() == 1 ? "" : "s"), "07009");
    }
    return types.get(param - 1);
  }

  @Override
  public int getParameterCount() {
    return types.size();
  }

  @Override
  public int isNullable(int param) throws SQLException {
    return type(param).nullable() ? parameterNullable : parameterNoNulls;
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    return JdbcTypes.isSigned(type(param).kind());
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    return JdbcTypes.precision(type(param));
  }

  @Override
  public int getScale(int param) throws SQLException {
    return JdbcTypes.scale(type(param));
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    return JdbcTypes.sqlType(type(param));
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    return JdbcTypes.typeName(type(param));
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    return JdbcTypes.className(type(param).kind());
  }

  @Override
  public int getParameterMode(int param) throws SQLException {
    type(param);
    return parameterModeIn;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("SluiceParameterMetaData does not wrap " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
