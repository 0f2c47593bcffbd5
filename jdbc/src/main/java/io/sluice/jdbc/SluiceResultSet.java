package io.sluice.jdbc;

import io.sluice.catalog.Column;
import io.sluice.catalog.TableSchema;
import io.sluice.engine.result.RowCursor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.Map;

/**
 * A forward-only, read-only result set over an engine {@link RowCursor}. Getters convert
 * between types the way JDBC tools expect (getInt on a BIGINT that fits, getString on
 * anything); a value that cannot be converted is an {@link java.sql.SQLDataException}.
 */
public final class SluiceResultSet implements ReadOnlyResultSet {
  private final RowCursor cursor;
  /** Warnings of the cursor that {@link #clearWarnings} cleared. */
  private int warningsCleared;
  private final TableSchema schema;
  private final SluiceStatement statement;
  private final long maxRows;
  private int fetchSize;
  private long row;
  private boolean afterLast;
  private boolean closed;
  private boolean wasNull;

  /**
   * @param statement the statement that produced the rows, or null for metadata results
   * @param maxRows the most rows to return, 0 for no limit
   */
  SluiceResultSet(RowCursor cursor, SluiceStatement statement, long maxRows) {
    this.cursor = cursor;
    this.schema = cursor.schema();
    this.statement = statement;
    this.maxRows = maxRows;
  }

  TableSchema schema() {
    return schema;
  }

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (afterLast) {
      return false;
    }
    boolean more;
    try {
      more = (maxRows <= 0 || row < maxRows) && cursor.next();
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    if (more) {
      row++;
    } else {
      afterLast = true;
      cursor.close();
    }
    return more;
  }

  /**
   * Whether {@link #next()} answers without waiting for the query: the rows computed so far are
   * all read when this turns false (the shell redraws a live result then). A Sluice extension.
   */
  public boolean ready() {
    return closed || afterLast || cursor.ready();
  }

  /**
   * The continuous query whose rows these are (a SELECT over streams), for its progress: batch,
   * rows per second, watermark; null for other results. A Sluice extension.
   */
  public io.sluice.engine.result.LiveQuery streamingQuery() {
    return cursor.query();
  }

  /** Whether the rows are those of a SELECT over streams, coming as they are produced. A Sluice extension. */
  public boolean isContinuous() {
    return cursor.continuous();
  }

  /** Whether the first column, 'op', gives each row's changelog kind (+I, -U, +U, -D). A Sluice extension. */
  public boolean isChangelog() {
    return cursor.changelog();
  }

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    try {
      cursor.close();
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    if (statement != null) {
      statement.resultSetClosed(this);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return wasNull;
  }

  /** The current value as the engine gives it (java.time for date-times), or null; sets wasNull. */
  private Object value(int columnIndex) throws SQLException {
    checkOpen();
    if (columnIndex < 1 || columnIndex > schema.size()) {
      throw new SQLException("Column index " + columnIndex + " is out of range: the result has "
          + schema.size() + " column" + (schema.size() == 1 ? "" : "s"), "07009");
    }
    if (row == 0 || afterLast) {
      throw new SQLException(row == 0 ? "No current row: call next() first" : "No current row: the result set is past its last row",
          "24000");
    }
    Object value;
    try {
      value = cursor.isNull(columnIndex - 1) ? null : cursor.getObject(columnIndex - 1);
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
    wasNull = value == null;
    return value;
  }

  private String columnLabel(int columnIndex) {
    Column c = schema.column(columnIndex - 1);
    return "column " + columnIndex + " (" + c.name() + " " + c.type().sql() + ")";
  }

  /** Runs a conversion, naming the column in the error it may raise. */
  private SQLException inColumn(SQLException e, int columnIndex) {
    SQLException named = new SQLException(e.getMessage() + " in " + columnLabel(columnIndex), e.getSQLState(),
        e.getErrorCode(), e);
    if (e instanceof java.sql.SQLDataException) {
      named = new java.sql.SQLDataException(e.getMessage() + " in " + columnLabel(columnIndex), e.getSQLState(),
          e.getErrorCode(), e);
    }
    return named;
  }

  @Override
  public String getString(int columnIndex) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return cursor.getString(columnIndex - 1);
    } catch (RuntimeException e) {
      throw Errors.translate(e);
    }
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    Object value = value(columnIndex);
    try {
      return value != null && Conversions.toBoolean(value);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    return (byte) integral(columnIndex, Byte.MIN_VALUE, Byte.MAX_VALUE, "byte");
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    return (short) integral(columnIndex, Short.MIN_VALUE, Short.MAX_VALUE, "short");
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    return (int) integral(columnIndex, Integer.MIN_VALUE, Integer.MAX_VALUE, "int");
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    return integral(columnIndex, Long.MIN_VALUE, Long.MAX_VALUE, "long");
  }

  private long integral(int columnIndex, long min, long max, String target) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return 0;
    }
    try {
      return Conversions.toLong(value, min, max, target);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    return (float) floating(columnIndex, "float");
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    return floating(columnIndex, "double");
  }

  private double floating(int columnIndex, String target) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return 0;
    }
    try {
      return Conversions.toDouble(value, target);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return Conversions.toBigDecimal(value);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    BigDecimal value = getBigDecimal(columnIndex);
    return value == null ? null : value.setScale(scale, RoundingMode.HALF_UP);
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    if (value instanceof String) {
      return ((String) value).getBytes(StandardCharsets.UTF_8);
    }
    throw Errors.conversion("Cannot read " + columnLabel(columnIndex) + " as bytes");
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    return getDate(columnIndex, null);
  }

  @Override
  public Date getDate(int columnIndex, Calendar calendar) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return Conversions.toSqlDate(Conversions.toLocalDate(value), calendar);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    return getTime(columnIndex, null);
  }

  @Override
  public Time getTime(int columnIndex, Calendar calendar) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return Conversions.toSqlTime(Conversions.toLocalTime(value), calendar);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    return getTimestamp(columnIndex, null);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar calendar) throws SQLException {
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return Conversions.toSqlTimestamp(Conversions.toLocalDateTime(value), calendar);
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    return Conversions.toJdbcObject(value(columnIndex));
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (type == null) {
      throw new SQLException("getObject: the class must not be null", "HY009");
    }
    Object value = value(columnIndex);
    if (value == null) {
      return null;
    }
    try {
      return type.cast(Conversions.toClass(value, type));
    } catch (SQLException e) {
      throw inColumn(e, columnIndex);
    }
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    if (map != null && !map.isEmpty()) {
      throw Errors.unsupported("getObject with a type map", "Sluice has no user-defined types");
    }
    return getObject(columnIndex);
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new StringReader(s);
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    return getCharacterStream(columnIndex);
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    return getString(columnIndex);
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    throw Errors.unsupported("getUnicodeStream", "deprecated; use getCharacterStream");
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    byte[] bytes = getBytes(columnIndex);
    return bytes == null ? null : new ByteArrayInputStream(bytes);
  }

  // Label-based getters: findColumn, then the index-based getter.

  @Override
  public String getString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    return getBoolean(findColumn(columnLabel));
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    return getByte(findColumn(columnLabel));
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    return getShort(findColumn(columnLabel));
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    return getInt(findColumn(columnLabel));
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    return getLong(findColumn(columnLabel));
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    return getFloat(findColumn(columnLabel));
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    return getDouble(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    return getBigDecimal(findColumn(columnLabel), scale);
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    return getBigDecimal(findColumn(columnLabel));
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    return getBytes(findColumn(columnLabel));
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    return getDate(findColumn(columnLabel));
  }

  @Override
  public Date getDate(String columnLabel, Calendar calendar) throws SQLException {
    return getDate(findColumn(columnLabel), calendar);
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    return getTime(findColumn(columnLabel));
  }

  @Override
  public Time getTime(String columnLabel, Calendar calendar) throws SQLException {
    return getTime(findColumn(columnLabel), calendar);
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    return getTimestamp(findColumn(columnLabel));
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar calendar) throws SQLException {
    return getTimestamp(findColumn(columnLabel), calendar);
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return getObject(findColumn(columnLabel), map);
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    return getNCharacterStream(findColumn(columnLabel));
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    return getNString(findColumn(columnLabel));
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    return getAsciiStream(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    return getUnicodeStream(findColumn(columnLabel));
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    return getBinaryStream(findColumn(columnLabel));
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    checkOpen();
    int index = columnLabel == null ? -1 : schema.indexOf(columnLabel);
    if (index < 0) {
      List<String> names = new ArrayList<>(schema.names());
      throw new SQLException("Column '" + columnLabel + "' not found; the result has columns " + names, "42S22");
    }
    return index + 1;
  }

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return new SluiceResultSetMetaData(schema);
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return Warnings.chain(cursor.warnings(), warningsCleared);
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
    warningsCleared = cursor.warnings().size();
  }

  @Override
  public String getCursorName() throws SQLException {
    throw Errors.unsupported("getCursorName", "positioned updates are not supported");
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    return row == 0 && !afterLast;
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    return afterLast && row > 0;
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return row == 1 && !afterLast;
  }

  @Override
  public boolean isLast() throws SQLException {
    throw Errors.unsupported("isLast", "a forward-only result set cannot tell without reading ahead");
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return afterLast ? 0 : (int) Math.min(row, Integer.MAX_VALUE);
  }

  @Override
  public void beforeFirst() throws SQLException {
    throw forwardOnly("beforeFirst");
  }

  @Override
  public void afterLast() throws SQLException {
    throw forwardOnly("afterLast");
  }

  @Override
  public boolean first() throws SQLException {
    throw forwardOnly("first");
  }

  @Override
  public boolean last() throws SQLException {
    throw forwardOnly("last");
  }

  @Override
  public boolean absolute(int rowNumber) throws SQLException {
    throw forwardOnly("absolute");
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    throw forwardOnly("relative");
  }

  @Override
  public boolean previous() throws SQLException {
    throw forwardOnly("previous");
  }

  private SQLException forwardOnly(String method) {
    return Errors.unsupported(method, "the result set is TYPE_FORWARD_ONLY");
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != FETCH_FORWARD) {
      throw Errors.unsupported("setFetchDirection(" + direction + ")", "the result set is TYPE_FORWARD_ONLY");
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return FETCH_FORWARD;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw new SQLException("Fetch size must not be negative: " + rows, "HY024");
    }
    fetchSize = rows; // a hint only: rows come from an in-process cursor
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    return TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowInserted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    return statement;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("SluiceResultSet does not wrap " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw Errors.closed("ResultSet");
    }
  }
}
