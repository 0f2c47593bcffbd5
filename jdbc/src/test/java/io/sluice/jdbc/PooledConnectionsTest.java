package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A real connection pool (HikariCP) hands connections of one database to the threads of an
 * executor, each borrowing one for a task and giving it back: DDL, DML, queries with parameters
 * and streaming SELECTs, on whatever thread the task runs. Nothing may fail, and the rows written
 * must all be there at the end. Runs for {@code -Dsluice.concurrency.seconds} (8 by default).
 */
class PooledConnectionsTest {
  private static final int STREAM_ROWS = 500;

  @Test
  void poolHandsConnectionsAcrossThreads() throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl("jdbc:sluice:mem:pooled-" + System.nanoTime());
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(60_000);
    config.setPoolName("sluice-test");
    long seconds = ConcurrentDdlTest.seconds(8);
    AtomicLong rowsInserted = new AtomicLong();
    AtomicInteger[] done = {new AtomicInteger(), new AtomicInteger(), new AtomicInteger(), new AtomicInteger()};
    List<String> failures = Collections.synchronizedList(new ArrayList<>());
    try (HikariDataSource pool = new HikariDataSource(config)) {
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE shared (k INTEGER, v VARCHAR)");
        s.execute("CREATE SOURCE gen (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = 'unlimited',"
            + " 'number-of-rows' = '" + STREAM_ROWS + "', 'fields.id.kind' = 'sequence')");
      }
      ExecutorService executor = Executors.newFixedThreadPool(8);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 8; w++) {
        int worker = w;
        workers.add(executor.submit(() -> {
          Random random = new Random(worker);
          int round = 0;
          // Every worker first runs each kind of task once, so that all kinds run however loaded the
          // machine is; then random kinds until the deadline.
          while (round < done.length || System.nanoTime() < deadline) {
            int kind = round < done.length ? (worker + round) % done.length : random.nextInt(done.length);
            String task = "worker " + worker + " round " + round++;
            // Each round is its own task on the pool's executor threads, as an application server runs requests.
            try (Connection c = pool.getConnection()) {
              runTask(kind, c, worker, round, rowsInserted);
              done[kind].incrementAndGet();
            } catch (Exception | AssertionError e) {
              failures.add(task + " (kind " + kind + "): " + e);
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get(seconds + 120, TimeUnit.SECONDS);
      }
      executor.shutdown();
      System.out.println("pooled connections: inserts " + done[0] + ", private tables " + done[1]
          + ", parameter queries " + done[2] + ", streaming selects " + done[3] + ", failures " + failures.size());
      assertTrue(failures.isEmpty(), failures.size() + " failures: " + failures.subList(0, Math.min(5, failures.size())));
      for (AtomicInteger d : done) {
        assertTrue(d.get() > 0, "every kind of task ran at least once");
      }
      try (Connection c = pool.getConnection(); Statement s = c.createStatement();
          ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM shared")) {
        rs.next();
        assertEquals(rowsInserted.get(), rs.getLong(1));
      }
    }
  }

  private static void runTask(int kind, Connection c, int worker, int round, AtomicLong rowsInserted)
      throws SQLException {
    switch (kind) {
      case 0:
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO shared VALUES (?, ?), (?, ?)")) {
          ps.setInt(1, worker);
          ps.setString(2, "w" + worker);
          ps.setInt(3, round);
          ps.setString(4, "r" + round);
          assertEquals(2, ps.executeUpdate());
          rowsInserted.addAndGet(2);
        }
        break;
      case 1: {
        String name = "private_" + worker;
        try (Statement s = c.createStatement()) {
          s.execute("CREATE TABLE " + name + " (x INTEGER)");
          s.executeUpdate("INSERT INTO " + name + " VALUES (1), (2), (" + round + ")");
          try (ResultSet rs = s.executeQuery("SELECT SUM(x) FROM " + name + " WHERE x > 0")) {
            rs.next();
            assertEquals(3 + round, rs.getLong(1));
          }
          s.execute("DROP TABLE " + name);
        }
        break;
      }
      case 2:
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM shared WHERE k >= ? AND v <> ?")) {
          ps.setInt(1, 0);
          ps.setString(2, "none");
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            assertTrue(rs.getLong(1) >= 0);
          }
        }
        break;
      default:
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM gen WHERE id >= 0")) {
          long count = 0;
          long sum = 0;
          while (rs.next()) {
            count++;
            sum += rs.getLong(1);
          }
          assertEquals(STREAM_ROWS, count);
          assertEquals((long) STREAM_ROWS * (STREAM_ROWS - 1) / 2, sum);
        }
    }
  }
}
