package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.math.BigDecimal;
import java.sql.ParameterMetaData;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ParametersTest {
  private static final List<DataType> TYPES = List.of(
      DataType.of(TypeKind.BIGINT), DataType.decimal(8, 2), DataType.of(TypeKind.VARCHAR),
      DataType.of(TypeKind.DATE), DataType.of(TypeKind.TIME), DataType.of(TypeKind.TIMESTAMP),
      DataType.of(TypeKind.BOOLEAN), DataType.of(TypeKind.INTEGER), DataType.of(TypeKind.DOUBLE));

  @Test
  void valuesAreConvertedToWhatTheEngineTakes() throws SQLException {
    Parameters p = new Parameters(TYPES);
    p.set(1, 5);
    p.set(2, 3.25);
    p.set(3, 'x');
    p.set(4, java.sql.Date.valueOf("2024-01-31"));
    p.set(5, new Time(Time.valueOf("10:11:12").getTime() + 250));
    p.set(6, Timestamp.valueOf("2024-01-31 10:11:12.5"));
    p.set(7, "true");
    p.set(8, 7L);
    p.set(9, new BigDecimal("0.5"));
    assertEquals(Arrays.asList(5L, new BigDecimal("3.25"), "x", LocalDate.of(2024, 1, 31),
        LocalTime.of(10, 11, 12, 250_000_000), LocalDateTime.of(2024, 1, 31, 10, 11, 12, 500_000_000), true, 7, 0.5),
        p.values());
  }

  @Test
  void javaTimeAndTextAreAccepted() throws SQLException {
    Parameters p = new Parameters(TYPES);
    for (int i = 1; i <= TYPES.size(); i++) {
      p.set(i, null);
    }
    p.set(4, "2024-05-06");
    p.set(6, LocalDateTime.of(2020, 1, 1, 0, 0));
    p.set(1, "12");
    List<Object> values = p.values();
    assertEquals(LocalDate.of(2024, 5, 6), values.get(3));
    assertEquals(12L, values.get(0));
    assertEquals(null, values.get(2), "setNull gives null");
  }

  @Test
  void missingParameterIsNamed() throws SQLException {
    Parameters p = new Parameters(TYPES.subList(0, 3));
    p.set(1, 1);
    p.set(3, "c");
    SQLException e = assertThrows(SQLException.class, p::values);
    assertEquals("No value specified for parameter 2", e.getMessage());
    p.clear();
    assertThrows(SQLException.class, p::values);
  }

  @Test
  void indexOutOfRangeIsNamed() {
    Parameters p = new Parameters(TYPES.subList(0, 2));
    SQLException e = assertThrows(SQLException.class, () -> p.set(3, 1));
    assertTrue(e.getMessage().contains("Parameter index 3"), e.getMessage());
    assertTrue(e.getMessage().contains("2 parameters"), e.getMessage());
    assertThrows(SQLException.class, () -> p.set(0, 1));
  }

  @Test
  void badValuesFailInTheSetter() {
    Parameters p = new Parameters(TYPES);
    SQLDataException notANumber = assertThrows(SQLDataException.class, () -> p.set(1, "twelve"));
    assertTrue(notANumber.getMessage().contains("parameter 1 of type BIGINT"), notANumber.getMessage());
    assertThrows(SQLDataException.class, () -> p.set(8, 3_000_000_000L));
    assertThrows(SQLDataException.class, () -> p.set(4, "31/01/2024"));
    assertThrows(SQLFeatureNotSupportedException.class, () -> p.set(3, new Object()));
  }

  @Test
  void parameterMetaDataReflectsTypes() throws SQLException {
    ParameterMetaData md = new SluiceParameterMetaData(TYPES);
    assertEquals(9, md.getParameterCount());
    assertEquals(Types.BIGINT, md.getParameterType(1));
    assertEquals(Types.DECIMAL, md.getParameterType(2));
    assertEquals(8, md.getPrecision(2));
    assertEquals(2, md.getScale(2));
    assertEquals("VARCHAR", md.getParameterTypeName(3));
    assertEquals(ParameterMetaData.parameterModeIn, md.getParameterMode(4));
    assertEquals(ParameterMetaData.parameterNullable, md.isNullable(4));
    assertThrows(SQLException.class, () -> md.getParameterType(10));
  }

  @Test
  void likePatterns() {
    assertTrue(SluiceDatabaseMetaData.likePattern("a%c").matcher("ABBBC").matches());
    assertTrue(SluiceDatabaseMetaData.likePattern("a_c").matcher("abc").matches());
    assertTrue(!SluiceDatabaseMetaData.likePattern("a_c").matcher("abbc").matches());
    assertTrue(SluiceDatabaseMetaData.likePattern("a\\_c").matcher("a_c").matches());
    assertTrue(!SluiceDatabaseMetaData.likePattern("a\\_c").matcher("abc").matches());
    assertTrue(SluiceDatabaseMetaData.likePattern("a.c").matcher("a.c").matches());
    assertTrue(!SluiceDatabaseMetaData.likePattern("a.c").matcher("abc").matches(), "regex characters are literal");
  }
}
