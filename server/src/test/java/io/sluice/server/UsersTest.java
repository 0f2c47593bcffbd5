package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.server.pgwire.PasswordFile;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Who may connect: a server listening beyond the loopback interface refuses to start without a
 * password file; with one, CREATE USER / ALTER USER ... PASSWORD / DROP USER change the users it
 * lets in (through PostgreSQL's JDBC driver, logging in with SCRAM-SHA-256), the file holds only
 * verifiers, and a connection from another machine may change its own password only.
 */
class UsersTest {
  @TempDir
  Path folder;

  @Test
  void anyAddressButLoopbackNeedsAPasswordFile() {
    IOException refused = assertThrows(IOException.class, () -> io.sluice.server.PgServer.start(
        ServerConfig.local("jdbc:sluice:mem:users-refused").withHost("0.0.0.0").withPort(0)));
    assertTrue(refused.getMessage().contains("listening on 0.0.0.0 (not a loopback address) needs authentication"),
        refused.getMessage());
  }

  @Test
  void createAlterAndDropUserChangeWhoLogsIn() throws Exception {
    Path passwords = passwordFile();
    try (RunningServer server = RunningServer.start(passwords, 8)) {
      try (Connection grace = server.pgjdbc("grace", "c0b0l!", ""); Statement s = grace.createStatement()) {
        s.execute("CREATE USER Ada WITH PASSWORD 'lovelace'");
        SQLException twice = assertThrows(SQLException.class, () -> s.execute("CREATE USER ada PASSWORD 'x'"));
        assertEquals("42710", twice.getSQLState());
        String file = Files.readString(passwords);
        assertTrue(file.startsWith("# users of the test\ngrace:SCRAM-SHA-256$4096:") && file.contains("\nada:SCRAM-SHA-256$"),
            file);
        assertFalse(file.contains("lovelace"), file);
        try (Connection ada = server.pgjdbc("ada", "lovelace", "")) {
          assertTrue(ada.isValid(5));
        }
        // a verifier made elsewhere (psql's \password sends one): the password never crosses the wire
        String verifier = PasswordFile.entry("ada", "analytical").substring("ada:".length());
        s.execute("ALTER USER ada PASSWORD '" + verifier + "'");
        assertEquals("28P01", assertThrows(SQLException.class, () -> server.pgjdbc("ada", "lovelace", "")).getSQLState());
        server.pgjdbc("ada", "analytical", "").close();
        s.execute("DROP USER ada");
        assertEquals("28P01", assertThrows(SQLException.class, () -> server.pgjdbc("ada", "analytical", "")).getSQLState());
        s.execute("DROP USER IF EXISTS ada");
        assertEquals("42704", assertThrows(SQLException.class, () -> s.execute("DROP USER ada")).getSQLState());
        assertEquals("55000", assertThrows(SQLException.class, () -> s.execute("DROP USER grace")).getSQLState());
      }
    }
    // the file is the server's memory: a new server lets in whom the last one left
    try (RunningServer again = RunningServer.start(passwords, 8)) {
      again.pgjdbc("grace", "c0b0l!", "").close();
    }
  }

  @Test
  void withoutAPasswordFileThereAreNoUsersToKeep() throws Exception {
    try (RunningServer server = RunningServer.start(); Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      SQLException none = assertThrows(SQLException.class, () -> s.execute("CREATE USER ada PASSWORD 'lovelace'"));
      assertEquals("55000", none.getSQLState());
      assertTrue(none.getMessage().contains("--password-file"), none.getMessage());
    }
  }

  /**
   * Through the machine's own non-loopback address (when it has one: a container may have only
   * loopback), a user is remote: it may change its own password, not create or drop users.
   */
  @Test
  void aRemoteUserChangesOnlyItsOwnPassword() throws Exception {
    InetAddress outside = null;
    for (NetworkInterface network : Collections.list(NetworkInterface.getNetworkInterfaces())) {
      for (InetAddress address : Collections.list(network.getInetAddresses())) {
        if (network.isUp() && address instanceof Inet4Address && !address.isLoopbackAddress()) {
          outside = address;
        }
      }
    }
    org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this machine has no address but loopback");
    Path passwords = passwordFile();
    ServerConfig config = ServerConfig.local("jdbc:sluice:mem:users-remote").withHost("0.0.0.0").withPort(0)
        .withPasswordFile(passwords);
    try (Connection anchor = DriverManager.getConnection(config.jdbcUrl());
        PgServer server = PgServer.start(config)) {
      Properties properties = new Properties();
      properties.setProperty("user", "grace");
      properties.setProperty("password", "c0b0l!");
      String url = "jdbc:postgresql://" + outside.getHostAddress() + ":" + server.port() + "/sluice";
      try (Connection remote = DriverManager.getConnection(url, properties); Statement s = remote.createStatement()) {
        assertEquals("42501", assertThrows(SQLException.class, () -> s.execute("CREATE USER ada PASSWORD 'x'"))
            .getSQLState());
        s.execute("ALTER USER grace PASSWORD 'fortran'");
      }
      properties.setProperty("password", "fortran");
      DriverManager.getConnection(url, properties).close();
    }
  }

  private Path passwordFile() throws IOException {
    Path passwords = folder.resolve("passwords");
    Files.writeString(passwords, "# users of the test\n" + PasswordFile.entry("grace", "c0b0l!") + "\n");
    return passwords;
  }
}
