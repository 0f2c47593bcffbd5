package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

  @Test
  void codesMapToSqlExceptionKinds() {
    SluiceException unknown = new SluiceException(ErrorCode.UNKNOWN_TABLE, "Table 'x' not found", 1, 15, null);
    SQLException e = Errors.translate(unknown);
    assertInstanceOf(SQLSyntaxErrorException.class, e);
    assertEquals("Table 'x' not found", e.getMessage());
    assertEquals("42S02", e.getSQLState());
    assertEquals(ErrorCode.UNKNOWN_TABLE.ordinal(), e.getErrorCode());
    assertSame(unknown, e.getCause());

    assertInstanceOf(SQLSyntaxErrorException.class, Errors.translate(new SluiceException(ErrorCode.SYNTAX_ERROR, "s")));
    assertInstanceOf(SQLSyntaxErrorException.class,
        Errors.translate(new SluiceException(ErrorCode.VALIDATION_ERROR, "v")));
    assertInstanceOf(SQLDataException.class, Errors.translate(new SluiceException(ErrorCode.DIVISION_BY_ZERO, "d")));
    assertInstanceOf(SQLDataException.class, Errors.translate(new SluiceException(ErrorCode.MALFORMED_INPUT, "m")));
    assertInstanceOf(SQLFeatureNotSupportedException.class,
        Errors.translate(new SluiceException(ErrorCode.UNSUPPORTED, "u")));
    SQLException io = Errors.translate(new SluiceException(ErrorCode.IO_ERROR, "disk"));
    assertEquals(SQLException.class, io.getClass());
    assertEquals("58030", io.getSQLState());
  }

  @Test
  void otherRuntimeExceptionsAreInternalErrors() {
    SQLException e = Errors.translate(new IllegalStateException("boom"));
    assertEquals("XX000", e.getSQLState());
    assertEquals("Internal error: java.lang.IllegalStateException: boom", e.getMessage());
  }
}
