package io.sluice.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.Database;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Properties;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class DriverTest {

  @Test
  void serviceLoaderFindsTheDriver() {
    boolean found = false;
    for (Driver d : ServiceLoader.load(Driver.class)) {
      found |= d instanceof SluiceDriver;
    }
    assertTrue(found, "META-INF/services/java.sql.Driver must list SluiceDriver");
  }

  @Test
  void driverManagerOpensAPrivateDatabasePerConnection() throws SQLException {
    try (Connection a = DriverManager.getConnection("jdbc:sluice:");
        Connection b = DriverManager.getConnection("jdbc:sluice:")) {
      Database first = a.unwrap(SluiceConnection.class).database();
      Database second = b.unwrap(SluiceConnection.class).database();
      assertFalse(first == second, "each jdbc:sluice: connection gets its own database");
      assertEquals("", first.name());
    }
  }

  @Test
  void namedDatabasesAreSharedByName() throws SQLException {
    try (Connection a = DriverManager.getConnection("jdbc:sluice:mem:driverTestShared");
        Connection b = DriverManager.getConnection("jdbc:sluice:mem:driverTestShared");
        Connection c = DriverManager.getConnection("jdbc:sluice:mem:driverTestOther")) {
      Database shared = a.unwrap(SluiceConnection.class).database();
      assertSame(shared, b.unwrap(SluiceConnection.class).database());
      assertSame(Database.named("driverTestShared"), shared);
      assertFalse(shared == c.unwrap(SluiceConnection.class).database());
      assertEquals("jdbc:sluice:mem:driverTestShared", a.getMetaData().getURL());
    }
  }

  @Test
  void acceptsOnlySluiceUrls() throws SQLException {
    SluiceDriver driver = new SluiceDriver();
    assertTrue(driver.acceptsURL("jdbc:sluice:"));
    assertTrue(driver.acceptsURL("jdbc:sluice:mem:x"));
    assertFalse(driver.acceptsURL("jdbc:h2:mem:x"));
    assertFalse(driver.acceptsURL(null));
    assertNull(driver.connect("jdbc:postgresql://localhost/x", new Properties()),
        "a URL of another driver yields null, as the Driver contract asks");
  }

  @Test
  void unknownUrlFormsNameTheUrlAndTheAcceptedForms() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sluice:disk:/tmp/x"));
    assertTrue(e.getMessage().contains("'jdbc:sluice:disk:/tmp/x'"), e.getMessage());
    assertTrue(e.getMessage().contains("jdbc:sluice:mem:NAME"), e.getMessage());
    assertEquals("08001", e.getSQLState());

    SQLException empty = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:sluice:mem:"));
    assertTrue(empty.getMessage().contains("'jdbc:sluice:mem:'"), empty.getMessage());
  }

  @Test
  void userAndPasswordAreNotSessionOptions() throws SQLException {
    Properties info = new Properties();
    info.setProperty("user", "ada");
    info.setProperty("password", "secret");
    // No engine call is made for these two, so this works whatever the engine can run.
    try (Connection c = DriverManager.getConnection("jdbc:sluice:", info)) {
      assertEquals("ada", c.getMetaData().getUserName());
      assertTrue(c.unwrap(SluiceConnection.class).session().options().isEmpty());
    }
  }

  @Test
  void autoCommitIsAlwaysOn() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      assertTrue(c.getAutoCommit());
      c.setAutoCommit(true);
      SQLException commit = assertThrows(SQLException.class, c::commit);
      assertEquals("25000", commit.getSQLState());
      assertTrue(commit.getMessage().startsWith("commit() called while in auto-commit mode"), commit.getMessage());
      SQLException rollback = assertThrows(SQLException.class, c::rollback);
      assertEquals("25000", rollback.getSQLState());
      assertTrue(rollback.getMessage().startsWith("rollback() called while in auto-commit mode"),
          rollback.getMessage());
      assertFalse(c.getMetaData().supportsTransactions());
      SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class,
          () -> c.setAutoCommit(false));
      assertTrue(e.getMessage().contains("setAutoCommit(false)"), e.getMessage());
      assertTrue(e.getMessage().contains("no transactions"), e.getMessage());
      assertEquals(Connection.TRANSACTION_NONE, c.getTransactionIsolation());
      assertThrows(SQLFeatureNotSupportedException.class, c::setSavepoint);
    }
  }

  @Test
  void closedObjectsSaySo() throws SQLException {
    Connection c = DriverManager.getConnection("jdbc:sluice:");
    Statement s = c.createStatement();
    assertTrue(c.isValid(0));
    s.close();
    s.close(); // idempotent
    assertTrue(s.isClosed());
    SQLException statementClosed = assertThrows(SQLException.class, () -> s.execute("SELECT 1"));
    assertEquals("Statement is closed", statementClosed.getMessage());

    Statement open = c.createStatement();
    c.close();
    c.close(); // idempotent
    assertTrue(c.isClosed());
    assertFalse(c.isValid(0));
    assertTrue(open.isClosed(), "closing the connection closes its statements");
    SQLException connectionClosed = assertThrows(SQLException.class, c::createStatement);
    assertEquals("Connection is closed", connectionClosed.getMessage());
    assertEquals("08003", connectionClosed.getSQLState());
    assertThrows(SQLException.class, c::getMetaData);
    assertThrows(SQLException.class, () -> c.prepareStatement("SELECT 1"));
  }

  @Test
  void onlyForwardOnlyReadOnlyResultSets() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      assertNotNull(c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY));
      assertThrows(SQLFeatureNotSupportedException.class,
          () -> c.createStatement(ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY));
      assertThrows(SQLFeatureNotSupportedException.class,
          () -> c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
      assertThrows(SQLFeatureNotSupportedException.class, () -> c.prepareCall("CALL x()"));
    }
  }

  @Test
  void statementSettings() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:");
        Statement s = c.createStatement()) {
      s.setMaxRows(10);
      assertEquals(10, s.getMaxRows());
      s.setFetchSize(100);
      assertEquals(100, s.getFetchSize());
      assertThrows(SQLException.class, () -> s.setMaxRows(-1));
      s.cancel(); // nothing runs: nothing to cancel (CancelTest cancels running statements)
      s.setQueryTimeout(5);
      assertEquals(5, s.getQueryTimeout());
      assertThrows(SQLException.class, () -> s.setQueryTimeout(-1));
      assertEquals(-1, s.getUpdateCount());
      assertNull(s.getResultSet());
      assertFalse(s.getMoreResults());
      assertSame(c, s.getConnection());
    }
  }

  @Test
  void unsupportedMethodsNameThemselves() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      SQLFeatureNotSupportedException e = assertThrows(SQLFeatureNotSupportedException.class, c::createBlob);
      assertTrue(e.getMessage().contains("createBlob"), e.getMessage());
      assertThrows(SQLFeatureNotSupportedException.class, () -> new SluiceDriver().getParentLogger());
    }
  }

  @Test
  void versionIsReported() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:sluice:")) {
      assertEquals("Sluice", c.getMetaData().getDatabaseProductName());
      assertFalse(c.getMetaData().getDriverVersion().isEmpty());
      assertEquals(SluiceDriver.MAJOR_VERSION, c.getMetaData().getDriverMajorVersion());
    }
  }
}
