// Command grafana replays against a PostgreSQL server the statements Grafana's PostgreSQL data
// source sends, through pgx (the Go driver Grafana uses), and prints what the driver decodes, so a
// test can compare it with the rows expected. The statements come verbatim from a file
// (src/test/resources/grafana/statements.txt), each after a line naming the Grafana source it comes
// from (github.com/grafana/grafana); blocks named 'setup' are skipped (the test makes the data).
// Statements run as Grafana runs them, over the simple protocol with text results (pgconn's Exec:
// pgx/sql_engine.go, execQuery), and again over the extended protocol, where pgx asks for binary
// results for the types it can decode in binary; the two must decode to the same values.
//
// Usage: grafana STATEMENTS-FILE 'postgres://user@host:port/db?sslmode=disable'
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

// statements reads the file's blocks: "-- SOURCE", the statement's lines, "----", the rows expected
// (which this program does not read: it prints what pgx decodes).
func statements(path string) []statement {
	content, err := os.ReadFile(path)
	check("read "+path, err)
	var all []statement
	var current *statement
	var text []string
	inRows := false
	flush := func() {
		if current != nil && current.source != "setup" {
			current.sql = strings.Join(text, "\n")
			all = append(all, *current)
		}
	}
	for _, line := range strings.Split(string(content), "\n") {
		switch {
		case strings.HasPrefix(line, "-- ") && (current == nil || inRows):
			flush()
			current = &statement{source: strings.TrimPrefix(line, "-- ")}
			text = nil
			inRows = false
		case current == nil || inRows:
		case line == "----":
			inRows = true
		default:
			text = append(text, line)
		}
	}
	flush()
	return all
}

func main() {
	ctx, cancel := context.WithTimeout(context.Background(), 45*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, os.Args[2])
	check("connect", err)
	defer conn.Close(context.Background())

	// The health check: pgxpool's Ping (pgconn Ping in pgx v5 sends "-- ping"; pgx v4's Conn.Ping sends ";").
	_, err = conn.PgConn().Exec(ctx, "-- ping").ReadAll()
	check("ping -- ping", err)
	check("ping ;", conn.Ping(ctx))
	fmt.Println("health check: Database Connection OK")

	for _, s := range statements(os.Args[1]) {
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
