package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Sessions of one database create, fill, query and drop the same few names at once. Every failure
 * must be an ordinary SQL error (a name not found, a name that already exists), never an internal
 * one. Runs for {@code -Dsluice.concurrency.seconds} (5 by default) per test.
 */
class ConcurrentDdlTest {
  /** SQLSTATEs a race on names may give: table not found, already exists, column not found. */
  private static final Set<String> EXPECTED_STATES = Set.of("42S02", "42S01", "42S22", "2BP01"); // 2BP01: DROP TABLE under a view
  private static final String[] NAMES = {"a", "b", "c"};

  static long seconds(long defaultSeconds) {
    return Long.getLong("sluice.concurrency.seconds", defaultSeconds);
  }

  @Test
  void racingDdlGivesOnlyOrdinaryErrors() throws Exception {
    String url = "jdbc:sluice:mem:concurrent-ddl-" + System.nanoTime();
    int threads = 6;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds(5));
    Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
    List<String> unexpected = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      long seed = 17L * t + 1;
      done.add(pool.submit(() -> {
        Random random = new Random(seed);
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
          while (System.nanoTime() < deadline) {
            String name = NAMES[random.nextInt(NAMES.length)];
            String sql = statement(random.nextInt(7), name, random);
            try {
              if (s.execute(sql)) {
                try (ResultSet rs = s.getResultSet()) {
                  while (rs.next()) {
                    rs.getObject(1);
                  }
                }
              }
              outcomes.computeIfAbsent("ok", k -> new AtomicLong()).incrementAndGet();
            } catch (SQLException e) {
              outcomes.computeIfAbsent(e.getSQLState(), k -> new AtomicLong()).incrementAndGet();
              if (!EXPECTED_STATES.contains(e.getSQLState()) || e.getMessage().contains("Internal error")) {
                unexpected.add(sql + " -> " + e.getSQLState() + " " + e.getMessage());
              }
            }
          }
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(seconds(5) + 60, TimeUnit.SECONDS);
    }
    pool.shutdown();
    Map<String, Long> counts = new TreeMap<>();
    outcomes.forEach((k, v) -> counts.put(k, v.get()));
    System.out.println("concurrent DDL outcomes by SQLSTATE: " + counts);
    assertTrue(unexpected.isEmpty(), "unexpected errors " + counts + ": " + unexpected.subList(0,
        Math.min(5, unexpected.size())));
    assertTrue(counts.getOrDefault("ok", 0L) > 50, "too few statements succeeded: " + counts);
  }

  private static String statement(int kind, String name, Random random) {
    switch (kind) {
      case 0:
        return "CREATE TABLE " + name + " (v INTEGER, w VARCHAR)";
      case 1:
        return "DROP TABLE " + name;
      case 2:
        return "INSERT INTO " + name + " VALUES (" + random.nextInt(5) + ", 'x')";
      case 3:
        return "SELECT v FROM " + name + " WHERE v > 1";
      case 4:
        return "SELECT w, COUNT(*) FROM " + name + " GROUP BY w";
      case 5:
        return "SELECT x.v FROM " + name + " x JOIN " + NAMES[random.nextInt(NAMES.length)] + " y ON x.v = y.v";
      default:
        return "CREATE OR REPLACE VIEW v_" + name + " AS SELECT v FROM " + name;
    }
  }

  @Test
  void viewsOverDroppedTablesFailAsOrdinaryErrors() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:"); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (v INTEGER)");
      s.execute("CREATE VIEW w AS SELECT v FROM t");
      SQLException restricted = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> s.execute("DROP TABLE t"));
      assertEquals("2BP01", restricted.getSQLState(), "DROP TABLE restricts: view w reads t");
      s.execute("CREATE OR REPLACE TABLE t (x INTEGER)"); // the view's column is gone
      SQLException e = org.junit.jupiter.api.Assertions.assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT * FROM w").close());
      assertTrue(!e.getMessage().contains("Internal error"), e.getMessage());
      assertEquals("42000", e.getSQLState(), e.getMessage());
    }
  }
}
