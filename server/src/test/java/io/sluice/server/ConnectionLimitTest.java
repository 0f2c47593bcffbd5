package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Connections beyond --max-connections are refused with SQLSTATE 53300, and a freed slot serves again. */
class ConnectionLimitTest {

  @Test
  void connectionsBeyondTheLimitAreRefused() throws Exception {
    try (RunningServer server = RunningServer.start(null, 2)) {
      Connection first = server.pgjdbc();
      try (Connection second = server.pgjdbc()) {
        SQLException refused = assertThrows(SQLException.class, server::pgjdbc);
        assertEquals("53300", refused.getSQLState(), refused.getMessage());
        first.close();
        for (int i = 0; i < 500 && server.server.connectionCount() > 1; i++) {
          Thread.sleep(10); // the closed connection's thread gives its slot back
        }
        try (Connection third = server.pgjdbc(); Statement s = third.createStatement();
             ResultSet r = s.executeQuery("SELECT 3")) {
          assertTrue(r.next());
          assertEquals(3, r.getInt(1));
        }
        assertTrue(second.isValid(5));
      }
    }
  }
}
