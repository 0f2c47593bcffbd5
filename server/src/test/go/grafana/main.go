// Command grafana replays against a PostgreSQL server the statements Grafana's PostgreSQL data
// source sends, through pgx (the Go driver Grafana uses), and prints what the driver decodes, so a
// test can compare it with the rows expected. Each statement names the Grafana source it comes from
// (github.com/grafana/grafana). Statements run as Grafana runs them, over the simple protocol with
// text results (pgconn's Exec: sqleng/sql_engine_pgx.go, execQuery), and again over the extended
// protocol, where pgx asks for binary results for the types it can decode in binary; the two must
// decode to the same values.
//
// Usage: grafana 'postgres://user@host:port/db?sslmode=disable'
package main

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgproto3/v2"
	"github.com/jackc/pgtype"
	"github.com/jackc/pgx/v4"
)

// A statement as Grafana sends it, after its macros are expanded (macros.go, evaluateMacro).
type statement struct {
	source string
	sql    string
}

// The dashboard's time range, as Grafana formats it: time.RFC3339Nano in UTC for the time macros,
// Unix seconds for the epoch macros.
var from = time.Date(2024, 1, 2, 3, 0, 0, 0, time.UTC)
var to = time.Date(2024, 1, 2, 4, 0, 0, 0, time.UTC)

func timeFilter(column string) string { // $__timeFilter(column)
	return fmt.Sprintf("%s BETWEEN '%s' AND '%s'", column, from.Format(time.RFC3339Nano), to.Format(time.RFC3339Nano))
}

func timeGroup(column string, seconds int) string { // $__timeGroup(column, 'Ns')
	return fmt.Sprintf("floor(extract(epoch from %s)/%v)*%v", column, seconds, seconds)
}

func unixEpochFilter(column string) string { // $__unixEpochFilter(column)
	return fmt.Sprintf("%s >= %d AND %s <= %d", column, from.Unix(), column, to.Unix())
}

func unixEpochGroup(column string, seconds int) string { // $__unixEpochGroup(column, 'Ns')
	return fmt.Sprintf("floor((%s)/%v)*%v", column, seconds, seconds)
}

// buildSchemaConstraint() of postgresMetaQuery.ts: the schemas of the search path.
const schemaConstraint = `
          quote_ident(table_schema) IN (
          SELECT
            CASE WHEN trim(s[i]) = '"$user"' THEN user ELSE trim(s[i]) END
          FROM
            generate_series(
              array_lower(string_to_array(current_setting('search_path'),','),1),
              array_upper(string_to_array(current_setting('search_path'),','),1)
            ) as i,
            string_to_array(current_setting('search_path'),',') s
          )`

const metaQuery = "public/app/plugins/datasource/grafana-postgresql-datasource/postgresMetaQuery.ts"

func statements() []statement {
	return []statement{
		{metaQuery + " getVersion", "SELECT current_setting('server_version_num')::int/100 as version"},
		{metaQuery + " getTimescaleDBVersion", "SELECT extversion FROM pg_extension WHERE extname = 'timescaledb'"},
		{metaQuery + " showSchemas", `SELECT schema_name AS "name"
    FROM information_schema.schemata
    WHERE schema_name NOT IN ('information_schema',
                              'pg_catalog',
                              'pg_toast',
                              '_timescaledb_cache',
                              '_timescaledb_catalog',
                              '_timescaledb_internal',
                              '_timescaledb_config',
                              'timescaledb_information',
                              'timescaledb_experimental')
    ORDER BY schema_name`},
		{metaQuery + " showTables('public')", `SELECT quote_ident(table_name) AS "table"
      FROM information_schema.tables
      WHERE quote_ident(table_schema) = 'public'
      ORDER BY 1`},
		{metaQuery + " showTables()", `SELECT
    CASE WHEN ` + schemaConstraint + `
      THEN quote_ident(table_name)
      ELSE quote_ident(table_schema) || '.' || quote_ident(table_name)
    END AS "table"
    FROM information_schema.tables
    WHERE quote_ident(table_schema) NOT IN ('information_schema',
                             'pg_catalog',
                             '_timescaledb_cache',
                             '_timescaledb_catalog',
                             '_timescaledb_internal',
                             '_timescaledb_config',
                             'timescaledb_information',
                             'timescaledb_experimental')
    ORDER BY CASE WHEN ` + schemaConstraint + ` THEN 0 ELSE 1 END, 1`},
		{metaQuery + " getSchema('metrics')", `SELECT quote_ident(column_name) AS "column", data_type AS "type"
    FROM information_schema.columns
    WHERE
      CASE WHEN array_length(parse_ident('metrics'),1) = 2
        THEN quote_ident(table_schema) = (parse_ident('metrics'))[1]
          AND quote_ident(table_name) = (parse_ident('metrics'))[2]
        ELSE quote_ident(table_name) = 'metrics'
          AND ` + schemaConstraint + `
      END`},
		// a time series panel: $__timeGroupAlias(ts, '10m'), $__timeFilter(ts)
		{"pkg/tsdb/grafana-postgresql-datasource/macros.go $__timeGroupAlias, $__timeFilter",
			"SELECT " + timeGroup("ts", 600) + " AS \"time\", avg(value) AS \"value\" FROM metrics WHERE " +
				timeFilter("ts") + " GROUP BY 1 ORDER BY 1"},
		// a series per host: the metric column names the series (sqleng/sql_engine_pgx.go, newProcessCfgPGX)
		{"macros.go $__timeGroupAlias, $__timeFilter, a metric column",
			"SELECT " + timeGroup("ts", 1800) + " AS \"time\", host AS metric, sum(bytes) AS bytes FROM metrics WHERE " +
				timeFilter("ts") + " GROUP BY 1, 2 ORDER BY 1, 2"},
		// a table panel: $__time(ts), every type the table holds
		{"macros.go $__time, $__timeFilter (table format)",
			"SELECT ts AS \"time\", host, value, bytes, price FROM metrics WHERE " + timeFilter("ts") + " ORDER BY 1, 2"},
		{"macros.go $__timeEpoch, $__timeFrom, $__timeTo",
			"SELECT extract(epoch from ts) as \"time\", value FROM metrics WHERE ts >= '" +
				from.Format(time.RFC3339Nano) + "' AND ts < '" + to.Format(time.RFC3339Nano) + "' AND host = 'b' ORDER BY 1"},
		{"macros.go $__unixEpochGroupAlias, $__unixEpochFilter",
			"SELECT " + unixEpochGroup("epoch", 3600) + " AS \"time\", count(*) AS n, max(price) AS price FROM metrics WHERE " +
				unixEpochFilter("epoch") + " GROUP BY 1 ORDER BY 1"},
		// the visual query builder's default (@grafana/sql toRawSql: columns, table, LIMIT 50)
		{"packages/grafana-sql/src/utils/sql.utils.ts toRawSql", "SELECT host, ts, price FROM metrics LIMIT 50"},
	}
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, os.Args[1])
	check("connect", err)
	defer conn.Close(context.Background())

	// The health check: pgxpool's Ping (pgconn Ping in pgx v5 sends "-- ping"; pgx v4's Conn.Ping sends ";").
	_, err = conn.PgConn().Exec(ctx, "-- ping").ReadAll()
	check("ping -- ping", err)
	check("ping ;", conn.Ping(ctx))
	fmt.Println("health check: Database Connection OK")

	for _, s := range statements() {
		fmt.Println("-- " + s.source)
		results, err := conn.PgConn().Exec(ctx, s.sql).ReadAll()
		if err != nil {
			fmt.Println("error:", err)
			continue
		}
		result := results[len(results)-1]
		fmt.Println(columns(conn.ConnInfo(), result.FieldDescriptions))
		simple := decodeRows(conn.ConnInfo(), result.FieldDescriptions, result.Rows)
		for _, row := range simple {
			fmt.Println(strings.Join(row, " | "))
		}
		extended, formats, err := queryExtended(ctx, conn, s.sql)
		if err != nil {
			fmt.Println("extended protocol error:", err)
		} else if !reflect.DeepEqual(simple, extended) {
			fmt.Printf("extended protocol decodes other values (formats %v): %v\n", formats, extended)
		} else {
			fmt.Printf("extended protocol: the same values, result formats %v\n", formats)
		}
	}
}

// queryExtended runs sql as pgx runs a query (Parse, Describe, Bind asking binary results where pgx can decode them).
func queryExtended(ctx context.Context, conn *pgx.Conn, sql string) ([][]string, []int16, error) {
	rows, err := conn.Query(ctx, sql)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	fields := rows.FieldDescriptions()
	var raw [][][]byte
	for rows.Next() {
		var copied [][]byte
		for _, value := range rows.RawValues() {
			if value == nil {
				copied = append(copied, nil)
			} else {
				copied = append(copied, append([]byte{}, value...))
			}
		}
		raw = append(raw, copied)
	}
	if rows.Err() != nil {
		return nil, nil, rows.Err()
	}
	formats := make([]int16, len(fields))
	for i, f := range fields {
		formats[i] = f.Format
	}
	return decodeRows(conn.ConnInfo(), fields, raw), formats, nil
}

func columns(info *pgtype.ConnInfo, fields []pgproto3.FieldDescription) string {
	var names []string
	for _, f := range fields {
		typeName := strconv.Itoa(int(f.DataTypeOID))
		if dt, ok := info.DataTypeForOID(f.DataTypeOID); ok {
			typeName = dt.Name
		}
		names = append(names, string(f.Name)+" "+typeName)
	}
	if len(names) == 0 {
		return "columns: none"
	}
	return "columns: " + strings.Join(names, ", ")
}

// decodeRows decodes each value as Grafana does (sqleng/sql_engine_pgx.go, convertResultsToFrame):
// integers as integers, numeric and floating point as float64, timestamps as time.Time, others as text.
func decodeRows(info *pgtype.ConnInfo, fields []pgproto3.FieldDescription, rows [][][]byte) [][]string {
	var decoded [][]string
	for _, row := range rows {
		var values []string
		for i, raw := range row {
			values = append(values, decodeValue(info, fields[i], raw))
		}
		decoded = append(decoded, values)
	}
	return decoded
}

func decodeValue(info *pgtype.ConnInfo, field pgproto3.FieldDescription, raw []byte) string {
	if raw == nil {
		return "NULL"
	}
	dt, ok := info.DataTypeForOID(field.DataTypeOID)
	if !ok {
		return "unknown type " + strconv.Itoa(int(field.DataTypeOID))
	}
	value := pgtype.NewValue(dt.Value)
	var err error
	if field.Format == pgx.BinaryFormatCode {
		err = value.(pgtype.BinaryDecoder).DecodeBinary(info, raw)
	} else {
		err = value.(pgtype.TextDecoder).DecodeText(info, raw)
	}
	if err != nil {
		return "cannot decode " + dt.Name + ": " + err.Error()
	}
	switch field.DataTypeOID {
	case pgtype.Int2OID, pgtype.Int4OID, pgtype.Int8OID:
		var n int64
		err = value.AssignTo(&n)
		return show(strconv.FormatInt(n, 10)+" ("+dt.Name+")", err)
	case pgtype.NumericOID, pgtype.Float4OID, pgtype.Float8OID:
		var f float64
		err = value.AssignTo(&f)
		return show(strconv.FormatFloat(f, 'f', -1, 64)+" ("+dt.Name+")", err)
	case pgtype.TimestampOID, pgtype.TimestamptzOID, pgtype.DateOID:
		var t time.Time
		err = value.AssignTo(&t)
		return show(t.UTC().Format(time.RFC3339Nano)+" ("+dt.Name+")", err)
	default:
		var s string
		err = value.AssignTo(&s)
		return show(s, err)
	}
}

func show(text string, err error) string {
	if err != nil {
		return "cannot assign: " + err.Error()
	}
	return text
}

func check(what string, err error) {
	if err != nil {
		fmt.Println(what+":", err)
		os.Exit(1)
	}
}
