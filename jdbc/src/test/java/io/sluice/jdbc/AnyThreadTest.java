package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A connection, statement and result set may be used from any thread, one at a time. */
class AnyThreadTest {

  private static long countAbove(Connection c, int limit) throws Exception {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT v FROM t WHERE v > " + limit)) {
      long n = 0;
      while (rs.next()) {
        n++;
      }
      return n;
    }
  }

  @Test
  void connectionMadeOnOneThreadPlansOnAnother() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      try (Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (v INTEGER)");
        s.executeUpdate("INSERT INTO t VALUES (1), (2), (3)");
      }
      ExecutorService pool = Executors.newSingleThreadExecutor();
      try {
        assertEquals(2L, pool.submit(() -> countAbove(c, 1)).get(30, TimeUnit.SECONDS));
        assertEquals(1L, countAbove(c, 2));
        assertEquals(0L, pool.submit(() -> countAbove(c, 3)).get(30, TimeUnit.SECONDS));
      } finally {
        pool.shutdownNow();
      }
    }
  }
}
