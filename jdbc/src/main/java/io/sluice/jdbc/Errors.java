package io.sluice.jdbc;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.sqlparser.SqlParseError;
import java.sql.SQLDataException;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLSyntaxErrorException;

/** Turns engine errors into the SQLException subclasses JDBC tools know how to read. */
final class Errors {
  private Errors() {}

  /** The SQLException for an engine error; the engine error stays reachable as the cause. */
  static SQLException translate(RuntimeException e) {
    if (e instanceof SqlParseError) {
      // Normally wrapped by the engine; kept typed here should one reach the driver directly.
      return new SQLSyntaxErrorException(e.getMessage(), ErrorCode.SYNTAX_ERROR.sqlState(),
          ErrorCode.SYNTAX_ERROR.ordinal(), e);
    }
    if (!(e instanceof SluiceException)) {
      // Anything else escaping the engine is a bug in Sluice; say so instead of guessing a category.
      return new SQLException("Internal error: " + e, "XX000", e);
    }
    SluiceException s = (SluiceException) e;
    String message = s.getMessage();
    String state = s.sqlState();
    int vendorCode = s.code().ordinal();
    switch (s.code()) {
      case SYNTAX_ERROR:
      case UNKNOWN_TABLE:
      case UNKNOWN_COLUMN:
      case UNKNOWN_FUNCTION:
      case OBJECT_EXISTS:
      case VALIDATION_ERROR:
      case TYPE_MISMATCH:
      case ACCESS_DENIED:
        return new SQLSyntaxErrorException(message, state, vendorCode, s);
      case UNSUPPORTED:
      case UNSUPPORTED_TYPE:
        return new SQLFeatureNotSupportedException(message, state, vendorCode, s);
      case INVALID_OPTION:
      case DIVISION_BY_ZERO:
      case NUMERIC_OVERFLOW:
      case INVALID_CAST:
      case INVALID_ARGUMENT:
      case CARDINALITY_VIOLATION:
      case MALFORMED_INPUT:
      case INVALID_DATETIME_FORMAT:
      case CHARACTER_NOT_IN_REPERTOIRE:
        return new SQLDataException(message, state, vendorCode, s);
      case QUERY_TIMEOUT:
        return new java.sql.SQLTimeoutException(message, state, vendorCode, s);
      default:
        return new SQLException(message, state, vendorCode, s);
    }
  }

  static SQLFeatureNotSupportedException unsupported(String method) {
    return new SQLFeatureNotSupportedException(method + " is not supported by the Sluice JDBC driver", "0A000");
  }

  static SQLFeatureNotSupportedException unsupported(String method, String why) {
    return new SQLFeatureNotSupportedException(method + " is not supported by the Sluice JDBC driver: " + why,
        "0A000");
  }

  /** A transaction call made in auto-commit mode (always the case): SQLSTATE 25000, invalid transaction state. */
  static SQLException inAutoCommit(String method) {
    return new SQLException(method + " called while in auto-commit mode: Sluice has no transactions, every statement"
        + " takes effect when it completes (auto-commit is always on)", "25000");
  }

  static SQLException closed(String what) {
    if (what.equals("Connection")) {
      return new SQLNonTransientConnectionException("Connection is closed", "08003");
    }
    return new SQLException(what + " is closed", "HY010");
  }

  static SQLDataException conversion(String message) {
    return new SQLDataException(message, "22018");
  }
}
