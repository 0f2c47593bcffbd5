package io.sluice.jdbc;

import io.sluice.engine.Prepared;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;

/**
 * A statement parsed and analysed once by the engine ({@link Prepared}), run with the values
 * bound to its {@code ?} markers.
 */
public final class SluicePreparedStatement extends SluiceStatement implements PreparedStatement {
  private final String sql;
  private final Prepared prepared;
  private final Parameters parameters;
  private final List<List<Object>> batch = new ArrayList<>();

  SluicePreparedStatement(SluiceConnection connection, String sql) throws SQLException {
    super(connection);
    this.sql = sql;
    try {
      this.prepared = connection.session().prepare(sql);
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    this.parameters = new Parameters(prepared.parameterTypes());
  }

  /** The SQL text this statement was prepared from. */
  public String sql() {
    return sql;
  }

  @Override
  public boolean execute() throws SQLException {
    checkOpen();
    List<Object> values = parameters.values();
    return run(() -> prepared.execute(values));
  }

  @Override
  public ResultSet executeQuery() throws SQLException {
    execute();
    return requireRows("executeQuery");
  }

  @Override
  public int executeUpdate() throws SQLException {
    return toInt(executeLargeUpdate());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    execute();
    return requireCount("executeUpdate");
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    batch.add(parameters.values());
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<List<Object>> rows = new ArrayList<>(batch);
    batch.clear();
    long[] counts = new long[rows.size()];
    for (int i = 0; i < rows.size(); i++) {
      List<Object> values = rows.get(i);
      counts[i] = batchStep(i, counts, () -> run(() -> prepared.execute(values)));
    }
    return counts;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    parameters.clear();
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return new SluiceParameterMetaData(parameters.types());
  }

  /**
   * The columns of the rows the statement returns, as the engine planned them when it was prepared;
   * null for a statement without rows (or one the engine describes only once it runs), as JDBC allows.
   */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    io.sluice.catalog.TableSchema schema = prepared.resultSchema();
    return schema == null ? null : new SluiceResultSetMetaData(schema);
  }

  private void set(int parameterIndex, Object value) throws SQLException {
    checkOpen();
    parameters.set(parameterIndex, value);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setByte(int parameterIndex, byte value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setShort(int parameterIndex, short value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setInt(int parameterIndex, int value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setLong(int parameterIndex, long value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setFloat(int parameterIndex, float value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setDouble(int parameterIndex, double value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setString(int parameterIndex, String value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setDate(int parameterIndex, Date value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setDate(int parameterIndex, Date value, Calendar calendar) throws SQLException {
    set(parameterIndex, value == null || calendar == null ? value
        : Conversions.fromCalendar(value, calendar).toLocalDate());
  }

  @Override
  public void setTime(int parameterIndex, Time value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setTime(int parameterIndex, Time value, Calendar calendar) throws SQLException {
    set(parameterIndex, value == null || calendar == null ? value
        : Conversions.fromCalendar(value, calendar).toLocalTime());
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp value, Calendar calendar) throws SQLException {
    set(parameterIndex, value == null || calendar == null ? value : Conversions.fromCalendar(value, calendar));
  }

  @Override
  public void setObject(int parameterIndex, Object value) throws SQLException {
    set(parameterIndex, value);
  }

  /** The value is converted to the parameter's type as the engine inferred it; the target type is not needed. */
  @Override
  public void setObject(int parameterIndex, Object value, int targetSqlType) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setObject(int parameterIndex, Object value, int targetSqlType, int scaleOrLength)
      throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setObject(int parameterIndex, Object value, SQLType targetSqlType) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setObject(int parameterIndex, Object value, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    set(parameterIndex, readAll(reader, -1));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    set(parameterIndex, readAll(reader, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    set(parameterIndex, readAll(reader, length));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    set(parameterIndex, readAll(reader, -1));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    set(parameterIndex, readAll(reader, length));
  }

  private static String readAll(Reader reader, long length) throws SQLException {
    if (reader == null) {
      return null;
    }
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    try {
      int n;
      while ((length < 0 || text.length() < length)
          && (n = reader.read(buffer, 0, (int) Math.min(buffer.length,
              length < 0 ? buffer.length : length - text.length()))) > 0) {
        text.append(buffer, 0, n);
      }
    } catch (IOException e) {
      throw new SQLException("Could not read the character stream: " + e.getMessage(), "HY000", e);
    }
    return text.toString();
  }

  // The methods that take SQL text belong to Statement; JDBC forbids them on a PreparedStatement.

  private SQLException notOnPrepared(String method) {
    return new SQLException(method + "(String) cannot be called on a PreparedStatement; use " + method + "()",
        "HY000");
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    throw notOnPrepared("execute");
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    throw notOnPrepared("executeQuery");
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    throw notOnPrepared("executeUpdate");
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    throw notOnPrepared("executeLargeUpdate");
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    throw notOnPrepared("addBatch");
  }

  // Sluice has no binary, LOB, array, REF, ROWID, XML or URL types.
  @Override
  public void setArray(int parameterIndex, Array value) throws SQLException {
    throw Errors.unsupported("setArray");
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream value, int length) throws SQLException {
    throw Errors.unsupported("setAsciiStream");
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream value, long length) throws SQLException {
    throw Errors.unsupported("setAsciiStream");
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream value) throws SQLException {
    throw Errors.unsupported("setAsciiStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream value, int length) throws SQLException {
    throw Errors.unsupported("setBinaryStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream value, long length) throws SQLException {
    throw Errors.unsupported("setBinaryStream");
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream value) throws SQLException {
    throw Errors.unsupported("setBinaryStream");
  }

  @Override
  public void setBlob(int parameterIndex, InputStream value, long length) throws SQLException {
    throw Errors.unsupported("setBlob");
  }

  @Override
  public void setBlob(int parameterIndex, InputStream value) throws SQLException {
    throw Errors.unsupported("setBlob");
  }

  @Override
  public void setBlob(int parameterIndex, Blob value) throws SQLException {
    throw Errors.unsupported("setBlob");
  }

  @Override
  public void setBytes(int parameterIndex, byte[] value) throws SQLException {
    throw Errors.unsupported("setBytes");
  }

  @Override
  public void setClob(int parameterIndex, Reader value, long length) throws SQLException {
    throw Errors.unsupported("setClob");
  }

  @Override
  public void setClob(int parameterIndex, Reader value) throws SQLException {
    throw Errors.unsupported("setClob");
  }

  @Override
  public void setClob(int parameterIndex, Clob value) throws SQLException {
    throw Errors.unsupported("setClob");
  }

  @Override
  public void setNClob(int parameterIndex, Reader value, long length) throws SQLException {
    throw Errors.unsupported("setNClob");
  }

  @Override
  public void setNClob(int parameterIndex, Reader value) throws SQLException {
    throw Errors.unsupported("setNClob");
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    throw Errors.unsupported("setNClob");
  }

  @Override
  public void setRef(int parameterIndex, Ref value) throws SQLException {
    throw Errors.unsupported("setRef");
  }

  @Override
  public void setRowId(int parameterIndex, RowId value) throws SQLException {
    throw Errors.unsupported("setRowId");
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML value) throws SQLException {
    throw Errors.unsupported("setSQLXML");
  }

  @Override
  public void setURL(int parameterIndex, URL value) throws SQLException {
    throw Errors.unsupported("setURL");
  }

  @Override
  @Deprecated
  public void setUnicodeStream(int parameterIndex, InputStream value, int length) throws SQLException {
    throw Errors.unsupported("setUnicodeStream");
  }
}
