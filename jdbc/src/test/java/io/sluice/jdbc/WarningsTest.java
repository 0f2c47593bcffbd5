package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rows a query dropped from a malformed file reach the application as JDBC warnings. */
class WarningsTest {
  @TempDir
  Path folder;

  @Test
  void droppedRowsAreWarningsOfTheStatementAndTheResultSet() throws SQLException, IOException {
    Path file = folder.resolve("raw.csv");
    Files.writeString(file, "1,a\nx,b\n3,c\ny,d\nz,e\n");
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE raw (id BIGINT, name VARCHAR) WITH (connector = 'files', path = '" + file
          + "', format = 'csv', mode = 'dropmalformed')");
      assertNull(s.getWarnings());
      int rows = 0;
      try (ResultSet rs = s.executeQuery("SELECT * FROM raw")) {
        while (rs.next()) {
          rows++;
        }
        SQLWarning fromResultSet = rs.getWarnings();
        assertTrue(fromResultSet != null && fromResultSet.getMessage().startsWith("dropped 3 malformed rows of "
            + file), String.valueOf(fromResultSet));
      }
      assertEquals(2, rows);
      SQLWarning warning = s.getWarnings();
      assertTrue(warning.getMessage().contains("first at line 2, column 1: 'x' is not a valid BIGINT"),
          warning.getMessage());
      assertEquals("01000", warning.getSQLState());
      assertNull(warning.getNextWarning());
      s.clearWarnings();
      assertNull(s.getWarnings());

      assertEquals(2, s.executeUpdate("CREATE TABLE copy AS SELECT * FROM raw"));
      assertTrue(s.getWarnings().getMessage().startsWith("dropped 3 malformed rows"), s.getWarnings().getMessage());
      s.executeUpdate("INSERT INTO copy VALUES (9, 'z')");
      assertNull(s.getWarnings(), "a new statement starts without warnings");
    }
  }
}
