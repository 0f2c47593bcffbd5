package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;
import org.junit.jupiter.api.Test;

class ResultSetTest {
  private static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("b", DataType.of(TypeKind.BOOLEAN)),
      new Column("ti", DataType.of(TypeKind.TINYINT)),
      new Column("i", DataType.of(TypeKind.INTEGER).withNullable(false)),
      new Column("big", DataType.of(TypeKind.BIGINT)),
      new Column("dec", DataType.decimal(10, 2)),
      new Column("r", DataType.of(TypeKind.REAL)),
      new Column("d", DataType.of(TypeKind.DOUBLE)),
      new Column("Name", DataType.varchar(20)),
      new Column("day", DataType.of(TypeKind.DATE)),
      new Column("t", DataType.of(TypeKind.TIME)),
      new Column("ts", new DataType(TypeKind.TIMESTAMP, 3, 0, true)),
      new Column("span", DataType.of(TypeKind.INTERVAL_DAY_TIME))));

  private static final Object[] ROW = {
      true, (byte) 7, 42, 5_000_000_000L, new BigDecimal("1234.50"), 1.5f, 2.25, "héllo",
      LocalDate.of(2024, 2, 29), LocalTime.of(13, 45, 30, 123_000_000),
      LocalDateTime.of(2024, 2, 29, 23, 59, 58, 7_000_000), Duration.ofMinutes(90)};

  private static SluiceResultSet resultSet(Object[]... rows) {
    List<Object[]> list = new ArrayList<>(List.of(rows));
    return new SluiceResultSet(new ListCursor(SCHEMA, list), null, 0);
  }

  @Test
  void gettersReturnTheirNaturalTypes() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      assertTrue(rs.isBeforeFirst());
      assertTrue(rs.next());
      assertTrue(rs.isFirst());
      assertEquals(1, rs.getRow());
      assertTrue(rs.getBoolean(1));
      assertEquals(7, rs.getByte(2));
      assertEquals(42, rs.getInt(3));
      assertEquals(5_000_000_000L, rs.getLong(4));
      assertEquals(new BigDecimal("1234.50"), rs.getBigDecimal(5));
      assertEquals(1.5f, rs.getFloat(6));
      assertEquals(2.25, rs.getDouble(7));
      assertEquals("héllo", rs.getString(8));
      assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getDate(9));
      assertEquals(Time.valueOf("13:45:30").getTime() + 123, rs.getTime(10).getTime(), "milliseconds are kept");
      assertEquals(Timestamp.valueOf("2024-02-29 23:59:58.007"), rs.getTimestamp(11));
      assertEquals(Duration.ofMinutes(90), rs.getObject(12));
      assertFalse(rs.wasNull());
      assertFalse(rs.next());
      assertTrue(rs.isAfterLast());
    }
  }

  @Test
  @SuppressWarnings("deprecation") // getBigDecimal(int, int) is still what old tools call
  void numericConversions() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      rs.next();
      assertEquals(42L, rs.getLong(3));
      assertEquals(42.0, rs.getDouble(3));
      assertEquals(new BigDecimal(42), rs.getBigDecimal(3));
      assertEquals(1234, rs.getInt(5), "the fraction of a DECIMAL is cut off");
      assertEquals(1234.5, rs.getDouble(5));
      assertEquals(new BigDecimal("2.25"), rs.getBigDecimal(7));
      assertEquals(new BigDecimal("1.5"), rs.getBigDecimal(6));
      assertEquals(2, rs.getInt(7));
      assertEquals(1, rs.getInt(1), "booleans read as numbers are 1 and 0");
      assertEquals(new BigDecimal("1234.5"), rs.getBigDecimal(5, 1));
      SQLDataException tooBig = assertThrows(SQLDataException.class, () -> rs.getInt(4));
      assertTrue(tooBig.getMessage().contains("out of range for int"), tooBig.getMessage());
      assertTrue(tooBig.getMessage().contains("column 4 (big BIGINT)"), tooBig.getMessage());
      assertEquals("22003", tooBig.getSQLState());
      SQLDataException notANumber = assertThrows(SQLDataException.class, () -> rs.getInt(8));
      assertTrue(notANumber.getMessage().contains("'héllo'"), notANumber.getMessage());
    }
  }

  @Test
  void bigintThatFitsReadsAsInt() throws SQLException {
    Object[] row = ROW.clone();
    row[3] = 123L;
    try (ResultSet rs = resultSet(row)) {
      rs.next();
      assertEquals(123, rs.getInt("BIG"));
      assertEquals((short) 123, rs.getShort(4));
    }
  }

  @Test
  void stringsReadAsOtherTypes() throws SQLException {
    Object[] row = ROW.clone();
    row[7] = "2024-03-01";
    try (ResultSet rs = resultSet(row)) {
      rs.next();
      assertEquals(java.sql.Date.valueOf("2024-03-01"), rs.getDate(8));
      assertEquals(LocalDate.of(2024, 3, 1), rs.getObject(8, LocalDate.class));
      assertEquals(Timestamp.valueOf("2024-03-01 00:00:00"), rs.getTimestamp(8));
    }
    row[7] = " 17 ";
    try (ResultSet rs = resultSet(row)) {
      rs.next();
      assertEquals(17, rs.getInt(8));
      assertEquals(new BigDecimal("17"), rs.getBigDecimal(8));
    }
  }

  @Test
  void getStringWorksOnEveryColumn() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      rs.next();
      for (int i = 1; i <= SCHEMA.size(); i++) {
        assertTrue(rs.getString(i) != null && !rs.getString(i).isEmpty(), "column " + i);
      }
      assertEquals("1234.50", rs.getString(5));
      assertEquals("42", rs.getString(3));
    }
  }

  @Test
  void getObjectGivesJdbcClassesAndJavaTimeOnRequest() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      rs.next();
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= SCHEMA.size(); i++) {
        Object value = rs.getObject(i);
        assertEquals(md.getColumnClassName(i), value.getClass().getName(), "column " + i);
      }
      assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(9, LocalDate.class));
      assertEquals(LocalTime.of(13, 45, 30, 123_000_000), rs.getObject(10, LocalTime.class));
      assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 7_000_000), rs.getObject(11, LocalDateTime.class));
      assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(11, LocalDate.class));
      assertEquals(Long.valueOf(42), rs.getObject(3, Long.class));
      assertEquals("42", rs.getObject("i", String.class));
      assertEquals(Integer.valueOf(7), rs.getObject(2, Integer.class));
      assertThrows(SQLDataException.class, () -> rs.getObject(8, LocalDate.class));
    }
  }

  @Test
  void dateTimesAreNotShiftedUnlessACalendarIsGiven() throws SQLException {
    TimeZone saved = TimeZone.getDefault();
    TimeZone.setDefault(TimeZone.getTimeZone("America/New_York"));
    try (ResultSet rs = resultSet(ROW)) {
      rs.next();
      assertEquals("2024-02-29 23:59:58.007", rs.getTimestamp(11).toString());
      assertEquals("2024-02-29", rs.getDate(9).toString());
      Calendar utc = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
      Timestamp inUtc = rs.getTimestamp(11, utc);
      assertEquals(LocalDateTime.of(2024, 2, 29, 23, 59, 58, 7_000_000).toInstant(java.time.ZoneOffset.UTC),
          inUtc.toInstant());
    } finally {
      TimeZone.setDefault(saved);
    }
  }

  @Test
  void nullsAndWasNull() throws SQLException {
    Object[] row = new Object[SCHEMA.size()];
    row[2] = 0;
    try (ResultSet rs = resultSet(row)) {
      rs.next();
      assertEquals(0, rs.getInt(3));
      assertFalse(rs.wasNull(), "a real zero is not NULL");
      assertEquals(0, rs.getLong(4));
      assertTrue(rs.wasNull());
      assertFalse(rs.getBoolean(1));
      assertTrue(rs.wasNull());
      assertNull(rs.getString(8));
      assertNull(rs.getBigDecimal(5));
      assertNull(rs.getDate(9));
      assertNull(rs.getTimestamp(11));
      assertNull(rs.getObject(11, LocalDateTime.class));
      assertNull(rs.getObject(12));
      assertTrue(rs.wasNull());
    }
  }

  @Test
  void findColumnIsCaseInsensitiveAndNamesTheAlternatives() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      assertEquals(8, rs.findColumn("name"));
      assertEquals(8, rs.findColumn("NAME"));
      SQLException e = assertThrows(SQLException.class, () -> rs.findColumn("nmae"));
      assertTrue(e.getMessage().contains("'nmae'"), e.getMessage());
      assertTrue(e.getMessage().contains("Name"), e.getMessage());
      assertTrue(e.getMessage().contains("dec"), e.getMessage());
    }
  }

  @Test
  void misuseIsReported() throws SQLException {
    ResultSet rs = resultSet(ROW);
    SQLException beforeFirst = assertThrows(SQLException.class, () -> rs.getInt(1));
    assertTrue(beforeFirst.getMessage().contains("next()"), beforeFirst.getMessage());
    rs.next();
    SQLException badIndex = assertThrows(SQLException.class, () -> rs.getInt(13));
    assertTrue(badIndex.getMessage().contains("13"), badIndex.getMessage());
    assertThrows(SQLFeatureNotSupportedException.class, rs::previous);
    assertThrows(SQLFeatureNotSupportedException.class, () -> rs.absolute(1));
    SQLFeatureNotSupportedException update = assertThrows(SQLFeatureNotSupportedException.class,
        () -> rs.updateInt(1, 3));
    assertTrue(update.getMessage().contains("updateInt"), update.getMessage());
    assertThrows(SQLFeatureNotSupportedException.class, () -> rs.getBlob(1));
    assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
    assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
    rs.close();
    rs.close();
    SQLException closed = assertThrows(SQLException.class, rs::next);
    assertEquals("ResultSet is closed", closed.getMessage());
  }

  @Test
  void maxRowsStopsEarly() throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      rows.add(ROW);
    }
    try (ResultSet rs = new SluiceResultSet(new ListCursor(SCHEMA, rows), null, 2)) {
      assertTrue(rs.next());
      assertTrue(rs.next());
      assertFalse(rs.next());
    }
  }

  @Test
  void metaDataDescribesColumns() throws SQLException {
    try (ResultSet rs = resultSet(ROW)) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(12, md.getColumnCount());
      assertEquals(Types.BOOLEAN, md.getColumnType(1));
      assertEquals(Types.TINYINT, md.getColumnType(2));
      assertEquals(Types.INTEGER, md.getColumnType(3));
      assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(3));
      assertEquals(ResultSetMetaData.columnNullable, md.isNullable(4));
      assertEquals(Types.BIGINT, md.getColumnType(4));
      assertEquals(Types.DECIMAL, md.getColumnType(5));
      assertEquals("DECIMAL", md.getColumnTypeName(5));
      assertEquals(10, md.getPrecision(5));
      assertEquals(2, md.getScale(5));
      assertEquals(12, md.getColumnDisplaySize(5));
      assertEquals(Types.REAL, md.getColumnType(6));
      assertEquals(Types.DOUBLE, md.getColumnType(7));
      assertEquals(Types.VARCHAR, md.getColumnType(8));
      assertEquals(20, md.getPrecision(8));
      assertEquals("Name", md.getColumnLabel(8));
      assertEquals("Name", md.getColumnName(8));
      assertEquals(Types.DATE, md.getColumnType(9));
      assertEquals(Types.TIME, md.getColumnType(10));
      assertEquals(Types.TIMESTAMP, md.getColumnType(11));
      assertEquals(23, md.getColumnDisplaySize(11));
      assertEquals(3, md.getScale(11));
      assertEquals(Types.OTHER, md.getColumnType(12));
      assertEquals("INTERVAL DAY TO SECOND", md.getColumnTypeName(12));
      assertTrue(md.isSigned(4));
      assertFalse(md.isSigned(8));
      assertEquals("java.math.BigDecimal", md.getColumnClassName(5));
      assertEquals("java.sql.Timestamp", md.getColumnClassName(11));
      assertThrows(SQLException.class, () -> md.getColumnType(0));
    }
  }

  @Test
  void streamsAndBytesFromText() throws Exception {
    try (ResultSet rs = resultSet(ROW)) {
      rs.next();
      assertArrayEquals("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8), rs.getBytes(8));
      char[] buffer = new char[10];
      int n = rs.getCharacterStream(8).read(buffer);
      assertEquals("héllo", new String(buffer, 0, n));
      assertThrows(SQLDataException.class, () -> rs.getBytes(3));
    }
  }
}
