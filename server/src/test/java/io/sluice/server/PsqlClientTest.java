package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's psql (package postgresql-client, a real client) against the server: trust locally, SCRAM
 * with a password file, and psql's {@code \password}.
 */
class PsqlClientTest {

  private static ExternalClient.Outcome psql(int port, String user, String password, String... commands)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("psql", "-X", "-h", "127.0.0.1", "-p",
        Integer.toString(port), "-U", user, "-d", "sluice", "-v", "ON_ERROR_STOP=1", "-A", "-t"));
    for (String c : commands) {
      command.add("-c");
      command.add(c);
    }
    return ExternalClient.run(command, password == null ? Map.of() : Map.of("PGPASSWORD", password), null);
  }

  @Test
  void ddlDmlQueriesAndErrors() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      ExternalClient.Outcome ok = psql(server.port(), "ada",  null,
          "CREATE TABLE city (id BIGINT, name VARCHAR)",
          "INSERT INTO city VALUES (1, 'London'), (2, 'Paris')",
          "SELECT name FROM city WHERE id > 1",
          "SELECT COUNT(*), SUM(id) FROM city");
      assertEquals(0, ok.status(), ok.output());
      assertEquals("CREATE TABLE\nINSERT 0 2\nParis\n2|3\n", ok.output());
      ExternalClient.Outcome list = psql(server.port(), "ada", null, "CREATE VIEW big AS SELECT * FROM city", "\\dt",
          "\\dv");
      assertEquals(0, list.status(), list.output());
      assertEquals("CREATE VIEW\npublic|city|table|ada\npublic|big|view|ada\n", list.output());
      ExternalClient.Outcome describe = psql(server.port(), "ada", null, "\\d city");
      assertEquals(0, describe.status(), describe.output());
      assertEquals("id|bigint|||\nname|character varying|||\n", describe.output()); // column|type|collation|nullable|default
      // no transactions: a ROLLBACK after BEGIN comes with a notice saying nothing was rolled back
      ExternalClient.Outcome rollback = psql(server.port(), "ada", null, "BEGIN", "INSERT INTO city VALUES (3, 'Rome')",
          "ROLLBACK", "SELECT COUNT(*) FROM city");
      assertEquals(0, rollback.status(), rollback.output());
      assertTrue(rollback.output().contains("WARNING:  Sluice has no transactions"), rollback.output());
      assertTrue(rollback.output().endsWith("3\n"), rollback.output());
      ExternalClient.Outcome error = psql(server.port(), "ada", null, "SELECT nme FROM city");
      assertEquals(1, error.status());
      assertTrue(error.output().contains("ERROR:  At line 1, column 8: Column 'nme' not found"), error.output());
      assertTrue(error.output().contains("LINE 1: SELECT nme FROM city"), error.output());
    }
  }

  /**
   * psql's {@code FETCH_COUNT}: psql 15 wraps the query in BEGIN, {@code DECLARE _psql_cursor NO
   * SCROLL CURSOR FOR ...}, {@code FETCH FORWARD 10 FROM _psql_cursor} until a short page, CLOSE and
   * COMMIT; every row comes back once, in order, and the session goes on.
   */
  @Test
  void fetchCountPagesThroughACursor() throws Exception {
    try (RunningServer server = RunningServer.start()) {
      StringBuilder values = new StringBuilder();
      StringBuilder expected = new StringBuilder();
      for (int n = 1; n <= 100; n++) {
        values.append(n == 1 ? "" : ", ").append('(').append(n).append(')');
        expected.append(n).append('\n');
      }
      ExternalClient.Outcome paged = psql(server.port(), "ada", null, "CREATE TABLE hundred (n BIGINT)",
          "INSERT INTO hundred VALUES " + values, "\\set FETCH_COUNT 10", "SELECT n FROM hundred ORDER BY n",
          "SELECT COUNT(*) FROM hundred");
      assertEquals(0, paged.status(), paged.output());
      assertEquals("CREATE TABLE\nINSERT 0 100\n" + expected + "100\n", paged.output());
      // Grafana's health check (pgx's Ping) sends a comment alone: an empty query, answered as one
      ExternalClient.Outcome ping = psql(server.port(), "ada", null, "-- ping");
      assertEquals(0, ping.status(), ping.output());
    }
  }

  @Test
  void scramPasswordsFromAFile(@TempDir Path dir) throws Exception {
    Path passwords = dir.resolve("passwords");
    Files.writeString(passwords, "# users of the test\n"
        + io.sluice.server.pgwire.PasswordFile.entry("grace", "c0b0l!") + "\n");
    try (RunningServer server = RunningServer.start(passwords, 4)) {
      ExternalClient.Outcome ok = psql(server.port(), "grace", "c0b0l!", "SELECT 'in'");
      assertEquals(0, ok.status(), ok.output());
      assertEquals("in\n", ok.output());
      ExternalClient.Outcome wrong = psql(server.port(), "grace", "fortran", "SELECT 'in'");
      assertEquals(2, wrong.status(), wrong.output());
      assertTrue(wrong.output().contains("password authentication failed for user \"grace\""), wrong.output());
      ExternalClient.Outcome unknown = psql(server.port(), "nobody", "c0b0l!", "SELECT 'in'");
      assertTrue(unknown.output().contains("password authentication failed for user \"nobody\""), unknown.output());
      // psql's \password hashes the new password itself and sends ALTER USER grace PASSWORD 'SCRAM-SHA-256$...'
      ExternalClient.Outcome changed = ExternalClient.run(List.of("psql", "-X", "-h", "127.0.0.1", "-p",
          Integer.toString(server.port()), "-U", "grace", "-d", "sluice", "-v", "ON_ERROR_STOP=1", "-c", "\\password"),
          Map.of("PGPASSWORD", "c0b0l!"), "algol 60\nalgol 60\n");
      assertEquals(0, changed.status(), changed.output());
      assertFalse(Files.readString(passwords).contains("algol"));
      assertEquals("in\n", psql(server.port(), "grace", "algol 60", "SELECT 'in'").output());
    }
  }
}
