package io.sluice.server.pgwire;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.sql.SQLException;
import java.util.Map;

/**
 * The SQLSTATE an error is sent with: Sluice's own, except where Sluice follows ODBC's 42Sxx codes
 * and PostgreSQL clients expect PostgreSQL's (psycopg maps 42703 to UndefinedColumn, say).
 */
final class SqlStates {
  private static final Map<String, String> POSTGRES = Map.of(
      "42S02", "42P01",   // undefined_table
      "42S22", "42703",   // undefined_column
      "42S01", "42P07");  // duplicate_table

  private SqlStates() {}

  static String of(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SluiceException && ((SluiceException) t).code() == ErrorCode.SYNTAX_ERROR) {
        return "42601"; // syntax_error
      }
    }
    String state = e.getSQLState();
    return state == null ? "XX000" : POSTGRES.getOrDefault(state, state);
  }
}
