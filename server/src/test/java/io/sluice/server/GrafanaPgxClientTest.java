package io.sluice.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Grafana's PostgreSQL data source against {@code sluice serve}, through pgx, the Go driver Grafana
 * uses (Debian's golang-github-jackc-pgx-v4-dev; Grafana itself, on pgx v5, has no Debian package).
 * The Go program {@code src/test/go/grafana/main.go} sends the health check (pgx's Ping), then replays
 * the statements of {@code src/test/resources/grafana/statements.txt} verbatim (GrafanaStatementsTest
 * replays them through PgJDBC and psycopg2): the query editor's version, schema, table and column
 * queries ({@code public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts})
 * and panel queries with its macros expanded as
 * {@code pkg/tsdb/grafana-postgresql-datasource/macros.go} expands them. Each runs over the simple protocol with text results, as Grafana runs it
 * ({@code sqleng/sql_engine_pgx.go}), and again over the extended protocol with binary results; the
 * program prints the values pgx decodes, as Grafana converts them, and whether both protocols agree.
 */
class GrafanaPgxClientTest {
  private static final Path PROGRAM = Path.of("src/test/go/grafana");
  private static final Path STATEMENTS = Path.of("src/test/resources/grafana/statements.txt").toAbsolutePath();

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
      GrafanaStatementsTest.setUp(server, ToolStatements.read(GrafanaStatementsTest.STATEMENTS));
      ExternalClient.Outcome out = ExternalClient.run(List.of(binary.toString(), STATEMENTS.toString(),
          "postgres://ada@127.0.0.1:" + server.port() + "/sluice?sslmode=disable"), Map.of(), null);
      assertEquals(0, out.status(), out.output());
      assertEquals(EXPECTED, out.output());
    }
  }

  /**
   * What pgx decodes, checked by hand against PostgreSQL's answers: the 10-minute groups of
   * {@code floor(extract(epoch from ts)/600)*600} start at 03:00, 03:10, 03:40 and 03:50; the
   * 04:30 row is outside the range; binary results (format 1: int4, int8, float8, timestamp,
   * numeric) decode to the same values as text. pgx v4 keeps a result's columns only when it has a
   * row ({@code pgconn.ResultReader.Read}), so an empty one shows 'columns: none' though the server
   * described them (GrafanaStatementsTest reads the rows through the other clients). {@code extract(epoch ...)} is a
   * numeric with the milliseconds, as PostgreSQL gives it (1704165300.25 for 03:15:00.250), so the
   * time groups are numeric too.
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
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts showTables('elsewhere')
      columns: none
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
      -- public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts getSchema('public.metrics')
      columns: column text, type text
      ts | timestamp without time zone
      host | character varying
      value | double precision
      bytes | bigint
      price | numeric
      epoch | bigint
      extended protocol: the same values, result formats [0 0]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__timeGroupAlias(ts, $__interval), $__timeFilter(ts); interval 10m
      columns: time numeric, value float8
      1704164400 (numeric) | 1.5 (float8)
      1704165000 (numeric) | 2.5 (float8)
      1704166800 (numeric) | 3 (float8)
      1704167400 (numeric) | NULL
      extended protocol: the same values, result formats [1 1]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__timeGroupAlias(ts, '30m'), $__timeFilter(ts), a metric column
      columns: time numeric, metric varchar, bytes int8
      1704164400 (numeric) | a | 100 (int8)
      1704164400 (numeric) | b | 200 (int8)
      1704166200 (numeric) | a | 5000000000 (int8)
      1704166200 (numeric) | b | 400 (int8)
      extended protocol: the same values, result formats [1 0 1]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__time(ts), $__timeFilter(ts), table format
      columns: time timestamp, host varchar, value float8, bytes int8, price numeric
      2024-01-02T03:05:00Z (timestamp) | a | 1.5 (float8) | 100 (int8) | 10.25 (numeric)
      2024-01-02T03:15:00.25Z (timestamp) | b | 2.5 (float8) | 200 (int8) | 20.5 (numeric)
      2024-01-02T03:45:00Z (timestamp) | a | 3 (float8) | 5000000000 (int8) | 30.75 (numeric)
      2024-01-02T03:50:00Z (timestamp) | b | NULL | 400 (int8) | NULL
      extended protocol: the same values, result formats [1 0 1 1 1]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__timeEpoch(ts), $__timeFrom(), $__timeTo()
      columns: time numeric, value float8
      1704165300.25 (numeric) | 2.5 (float8)
      1704167400 (numeric) | NULL
      extended protocol: the same values, result formats [1 1]
      -- pkg/tsdb/grafana-postgresql-datasource/macros.go $__unixEpochGroupAlias(epoch, '1h'), $__unixEpochFilter(epoch)
      columns: time int8, n int8, price numeric
      1704164400 (int8) | 4 (int8) | 30.75 (numeric)
      extended protocol: the same values, result formats [1 1 1]
      -- packages/grafana-sql/src/utils/sql.utils.ts toRawSql, the query builder's default (columns, table, LIMIT 50)
      columns: host varchar, ts timestamp, price numeric
      a | 2024-01-02T03:05:00Z (timestamp) | 10.25 (numeric)
      b | 2024-01-02T03:15:00.25Z (timestamp) | 20.5 (numeric)
      a | 2024-01-02T03:45:00Z (timestamp) | 30.75 (numeric)
      b | 2024-01-02T03:50:00Z (timestamp) | NULL
      b | 2024-01-02T04:30:00Z (timestamp) | 90 (numeric)
      extended protocol: the same values, result formats [0 1 1]
      """;
}
