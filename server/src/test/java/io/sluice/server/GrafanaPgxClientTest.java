package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grafana's PostgreSQL data source against {@code sluice serve}, through pgx, the Go driver Grafana
 * uses (Debian's golang-github-jackc-pgx-v4-dev; Grafana itself, on pgx v5, has no Debian package).
 * The Go program {@code src/test/go/grafana/main.go} replays verbatim the statements Grafana sends:
 * the health check (pgx's Ping), the query editor's version, schema, table and column queries
 * ({@code public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts}) and panel
 * queries with its macros expanded as {@code pkg/tsdb/grafana-postgresql-datasource/macros.go} expands
 * them. Each runs over the simple protocol with text results, as Grafana runs it
 * ({@code sqleng/sql_engine_pgx.go}), and again over the extended protocol with binary results; the
 * program prints the values pgx decodes, as Grafana converts them, and whether both protocols agree.
 */
class GrafanaPgxClientTest {
  private static final Path PROGRAM = Path.of("src/test/go/grafana");

  @Test
  void grafanasStatementsDecodeThroughPgx() throws Exception {
    Path binary = Path.of("target/go/grafana").toAbsolutePath();
    Files.createDirectories(binary.getParent());
    // GOPATH mode against Debian's Go sources, offline: no module download
    ExternalClient.Outcome build = ExternalClient.run(List.of("go", "build", "-o", binary.toString(), "."),
        Map.of("GO111MODULE", "off", "GOPATH", "/usr/share/gocode", "GOFLAGS", "", "GOPROXY", "off"), null,
        PROGRAM.toFile(), 600);
    assertEquals(0, build.status(), build.output());
    try (RunningServer server = RunningServer.start()) {
      try (Connection c = server.pgjdbc(); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE metrics (ts TIMESTAMP, host VARCHAR, value DOUBLE, bytes BIGINT, price DECIMAL(10, 2),"
            + " epoch BIGINT)");
        s.execute("INSERT INTO metrics VALUES"
            + " (TIMESTAMP '2024-01-02 03:05:00', 'a', 1.5, 100, 10.25, 1704164700),"
            + " (TIMESTAMP '2024-01-02 03:15:00.250', 'b', 2.5, 200, 20.50, 1704165300),"
            + " (TIMESTAMP '2024-01-02 03:45:00', 'a', 3.0, 5000000000, 30.75, 1704167100),"
            + " (TIMESTAMP '2024-01-02 03:50:00', 'b', NULL, 400, NULL, 1704167400),"
            + " (TIMESTAMP '2024-01-02 04:30:00', 'b', 9.0, 900, 90.00, 1704170400)");
      }
      ExternalClient.Outcome out = ExternalClient.run(List.of(binary.toString(),
          "postgres://ada@127.0.0.1:" + server.port() + "/sluice?sslmode=disable"), Map.of(), null);
      assertEquals(0, out.status(), out.output());
      assertEquals(EXPECTED, out.output());
    }
  }

  /**
   * What pgx decodes, checked by hand against PostgreSQL's answers: the 10-minute groups of
   * {@code floor(extract(epoch from ts)/600)*600} start at 03:00, 03:10, 03:40 and 03:50; the
   * 04:30 row is outside the range; binary results (format 1: int4, int8, float8, timestamp,
   * numeric) decode to the same values as text. {@code extract(epoch ...)} is a numeric with the
   * milliseconds, as PostgreSQL gives it (1704165300.25 for 03:15:00.250), so the time groups are
   * numeric too.
   */
  private static final String EXPECTED = """
      health check: Database Connection OK
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getVersion
      columns: version int4
      1400 (int4)
      extended protocol: the same values, result formats [1]
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getTimescaleDBVersion
      columns: none
      extended protocol: the same values, result formats [0]
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showSchemas
      columns: name text
      public
      extended protocol: the same values, result formats [0]
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showTables('public')
      columns: table text
      metrics
      extended protocol: the same values, result formats [0]
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showTables()
      columns: table text
      metrics
      extended protocol: the same values, result formats [0]
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getSchema('metrics')
      columns: column text, type text
      ts | timestamp without time zone
      host | character varying
      value | double precision
      bytes | bigint
      price | numeric
      epoch | bigint
      extended protocol: the same values, result formats [0 0]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__timeGroupAlias, $__timeFilter
      columns: time numeric, value float8
      1704164400 (numeric) | 1.5 (float8)
      1704165000 (numeric) | 2.5 (float8)
      1704166800 (numeric) | 3 (float8)
      1704167400 (numeric) | NULL
      extended protocol: the same values, result formats [1 1]
      -- macros.go $__timeGroupAlias, $__timeFilter, a metric column
      columns: time numeric, metric varchar, bytes int8
      1704164400 (numeric) | a | 100 (int8)
      1704164400 (numeric) | b | 200 (int8)
      1704166200 (numeric) | a | 5000000000 (int8)
      1704166200 (numeric) | b | 400 (int8)
      extended protocol: the same values, result formats [1 0 1]
      -- macros.go $__time, $__timeFilter (table format)
      columns: time timestamp, host varchar, value float8, bytes int8, price numeric
      2024-01-02T03:05:00Z (timestamp) | a | 1.5 (float8) | 100 (int8) | 10.25 (numeric)
      2024-01-02T03:15:00.25Z (timestamp) | b | 2.5 (float8) | 200 (int8) | 20.5 (numeric)
      2024-01-02T03:45:00Z (timestamp) | a | 3 (float8) | 5000000000 (int8) | 30.75 (numeric)
      2024-01-02T03:50:00Z (timestamp) | b | NULL | 400 (int8) | NULL
      extended protocol: the same values, result formats [1 0 1 1 1]
      -- macros.go $__timeEpoch, $__timeFrom, $__timeTo
      columns: time numeric, value float8
      1704165300.25 (numeric) | 2.5 (float8)
      1704167400 (numeric) | NULL
      extended protocol: the same values, result formats [1 1]
      -- macros.go $__unixEpochGroupAlias, $__unixEpochFilter
      columns: time int8, n int8, price numeric
      1704164400 (int8) | 4 (int8) | 30.75 (numeric)
      extended protocol: the same values, result formats [1 1 1]
      -- packages/grafana-sql/src/utils/sql.utils.ts toRawSql
      columns: host varchar, ts timestamp, price numeric
      a | 2024-01-02T03:05:00Z (timestamp) | 10.25 (numeric)
      b | 2024-01-02T03:15:00.25Z (timestamp) | 20.5 (numeric)
      a | 2024-01-02T03:45:00Z (timestamp) | 30.75 (numeric)
      b | 2024-01-02T03:50:00Z (timestamp) | NULL
      b | 2024-01-02T04:30:00Z (timestamp) | 90 (numeric)
      extended protocol: the same values, result formats [0 1 1]
      """;
}
