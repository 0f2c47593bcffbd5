package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS when the server has a certificate: PgJDBC and psql with sslmode=require get an encrypted
 * connection (psql's \conninfo says so) and log in with SCRAM over it. The certificate is made by
 * the JDK's keytool.
 */
class TlsTest {

  @Test
  void clientsThatRequireTlsGetIt(@TempDir Path dir) throws Exception {
    Path keyStore = dir.resolve("server.p12");
    ExternalClient.Outcome made = ExternalClient.run(List.of(Path.of(System.getProperty("java.home"), "bin", "keytool")
        .toString(), "-genkeypair", "-alias", "sluice", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
        "-dname", "CN=localhost", "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", "changeit",
        "-keypass", "changeit"), Map.of(), null);
    assertEquals(0, made.status(), made.output());
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, io.sluice.server.pgwire.PasswordFile.entry("ada", "lovelace") + "\n");
    String url = "jdbc:sluice:mem:tls-test";
    try (Connection anchor = DriverManager.getConnection(url);
         PgServer server = PgServer.start(ServerConfig.local(url).withPort(0).withPasswordFile(passwords)
             .withTls(keyStore, "changeit"))) {
      Properties properties = new Properties();
      properties.setProperty("user", "ada");
      properties.setProperty("password", "lovelace");
      properties.setProperty("sslmode", "require");
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + server.port() + "/sluice",
          properties); Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 'secure'")) {
        assertTrue(r.next());
        assertEquals("secure", r.getString(1));
      }
      ExternalClient.Outcome psql = ExternalClient.run(List.of("psql", "-X", "-A", "-t",
          "host=127.0.0.1 port=" + server.port() + " user=ada dbname=sluice sslmode=require", "-c", "\\conninfo",
          "-c", "SELECT 1 + 1"), Map.of("PGPASSWORD", "lovelace"), null);
      assertEquals(0, psql.status(), psql.output());
      assertTrue(psql.output().contains("SSL connection (protocol: TLS"), psql.output());
      assertTrue(psql.output().endsWith("2\n"), psql.output());
    }
  }
}
