package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.StringWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The statements Grafana's PostgreSQL data source sends, read verbatim from
 * {@code src/test/resources/grafana/statements.txt} (each names its file in github.com/grafana/grafana:
 * the query editor's version, schema, table and column look-ups of {@code postgresMetaQuery.ts},
 * panel queries with {@code $__timeGroup}, {@code $__timeFilter} and the other macros expanded as
 * {@code macros.go} expands them, the query builder's default), replayed against {@code sluice serve}
 * through PostgreSQL's JDBC driver over the simple protocol (as Grafana sends them) and the extended
 * one, and through Python's psycopg2; every client must read the column names and rows the file
 * expects.
 * GrafanaPgxClientTest replays the same file through pgx, Grafana's own driver.
 */
class GrafanaStatementsTest {
  static final String STATEMENTS = "/grafana/statements.txt";
  private static final ToolStatements GRAFANA = ToolStatements.read(STATEMENTS);
  private static RunningServer server;

  @BeforeAll
  static void start() throws Exception {
    server = RunningServer.start();
    setUp(server, GRAFANA);
  }

  /** Runs the file's setup blocks over PgJDBC. */
  static void setUp(RunningServer server, ToolStatements file) throws SQLException {
    try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
      for (ToolStatements.Block setup : file.setup()) {
        s.execute(setup.sql());
      }
    }
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void pgjdbcOverTheSimpleProtocolReadsTheRowsGrafanaReads() throws SQLException {
    try (Connection c = server.pgjdbc("ada", null, "?preferQueryMode=simple")) {
      assertEquals(expected(), replay(c));
    }
  }

  @Test
  void pgjdbcOverTheExtendedProtocolReadsTheSameRows() throws SQLException {
    try (Connection c = server.pgjdbc()) {
      assertEquals(expected(), replay(c));
    }
  }

  @Test
  void psycopgReadsTheSameRows() throws Exception {
    StringWriter json = new StringWriter();
    try (JsonGenerator out = new JsonFactory().createGenerator(json)) {
      out.writeStartArray();
      for (ToolStatements.Block block : GRAFANA.statements()) {
        out.writeStartObject();
        out.writeStringField("source", block.source());
        out.writeStringField("sql", block.sql());
        out.writeEndObject();
      }
      out.writeEndArray();
    }
    ExternalClient.Outcome replayed = ExternalClient.run(List.of(PsycopgClientTest.PYTHON,
        "src/test/python/replay_statements.py", Integer.toString(server.port()), "ada"), Map.of(), json.toString());
    assertEquals(0, replayed.status(), replayed.output());
    assertEquals(expected(), replayed.output());
  }

  /** Each statement's source line, its columns' names and its rows, as the clients print them. */
  private static String expected() {
    StringBuilder text = new StringBuilder();
    for (ToolStatements.Block block : GRAFANA.statements()) {
      text.append("-- ").append(block.source()).append('\n');
      block.rows().forEach(row -> text.append(row).append('\n'));
    }
    return text.toString();
  }

  private static String replay(Connection c) throws SQLException {
    StringBuilder text = new StringBuilder();
    for (ToolStatements.Block block : GRAFANA.statements()) {
      text.append("-- ").append(block.source()).append('\n');
      try (Statement s = c.createStatement(); ResultSet rows = s.executeQuery(block.sql())) {
        int columns = rows.getMetaData().getColumnCount();
        for (int i = 1; i <= columns; i++) {
          text.append(i == 1 ? "" : "|").append(rows.getMetaData().getColumnLabel(i));
        }
        text.append('\n');
        while (rows.next()) {
          for (int i = 1; i <= columns; i++) {
            String value = rows.getString(i);
            text.append(i == 1 ? "" : "|").append(value == null ? "NULL" : value);
          }
          text.append('\n');
        }
      } catch (SQLException e) {
        text.append("error ").append(e.getSQLState()).append(": ").append(e.getMessage()).append('\n');
      }
    }
    return text.toString();
  }
}
