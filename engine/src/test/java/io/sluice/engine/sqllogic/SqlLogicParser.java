package io.sluice.engine.sqllogic;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads test files in the sqllogictest style:
 *
 * <pre>
 * statement ok
 * CREATE TABLE t (a INTEGER)
 *
 * statement error UNKNOWN_TABLE 1:15
 * SELECT * FROM nope
 * ----
 * not found
 *
 * query IT rowsort
 * SELECT a, b FROM t
 * ----
 * 1	x
 * NULL	(empty)
 *
 * explain
 * EXPLAIN SELECT ...
 * ----
 * Scan(table=t
 * </pre>
 *
 * Records are separated by blank lines; lines starting with {@code #} are comments. Values are
 * tab-separated; NULL is {@code NULL}, the empty string {@code (empty)}. An error record may
 * name the error code and the 1-based line:column it points at, and after {@code ----}
 * fragments its message must contain. An explain record's lines must appear in the plan in
 * order (each a substring of a later plan line than the one before).
 *
 * <p>For continuous queries, a line {@code process} (a record of its own) waits until every
 * running query has processed what its sources hold: add rows with INSERT INTO a memory source,
 * {@code process}, then query the memory sink.
 */
final class SqlLogicParser {
  private SqlLogicParser() {}

  static List<SqlLogicRecord> parse(String text, String fileName) {
    String[] lines = text.split("\n", -1);
    List<SqlLogicRecord> records = new ArrayList<>();
    int i = 0;
    while (i < lines.length) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        i++;
        continue;
      }
      int start = i + 1;
      if (line.equals("process")) {
        records.add(new SqlLogicRecord(SqlLogicRecord.Kind.PROCESS, "process", start, "", SqlLogicRecord.Sort.NONE,
            List.of(), null, null));
        i++;
        continue;
      }
      String[] header = line.split("\\s+");
      SqlLogicRecord.Kind kind;
      String columns = "";
      SqlLogicRecord.Sort sort = SqlLogicRecord.Sort.NONE;
      String errorCode = null;
      String errorPosition = null;
      switch (header[0].toLowerCase(Locale.ROOT)) {
        case "statement":
          if (header.length < 2) {
            throw new IllegalArgumentException(fileName + ":" + start + ": 'statement' needs 'ok' or 'error'");
          }
          if (header[1].equals("ok")) {
            kind = SqlLogicRecord.Kind.STATEMENT_OK;
          } else if (header[1].equals("error")) {
            kind = SqlLogicRecord.Kind.STATEMENT_ERROR;
            for (int h = 2; h < header.length; h++) {
              if (header[h].matches("\\d+:\\d+")) {
                errorPosition = header[h];
              } else {
                errorCode = header[h];
              }
            }
          } else {
            throw new IllegalArgumentException(fileName + ":" + start + ": unknown statement kind " + header[1]);
          }
          break;
        case "query":
          kind = SqlLogicRecord.Kind.QUERY;
          if (header.length < 2) {
            throw new IllegalArgumentException(fileName + ":" + start + ": 'query' needs column types, e.g. query IT");
          }
          columns = header[1];
          if (header.length > 2) {
            switch (header[2]) {
              case "rowsort": sort = SqlLogicRecord.Sort.ROWS; break;
              case "valuesort": sort = SqlLogicRecord.Sort.VALUES; break;
              case "nosort": break;
              default:
                throw new IllegalArgumentException(fileName + ":" + start + ": unknown sort mode " + header[2]);
            }
          }
          break;
        case "explain":
          kind = SqlLogicRecord.Kind.EXPLAIN;
          break;
        default:
          throw new IllegalArgumentException(fileName + ":" + start + ": expected 'statement', 'query' or 'explain',"
              + " found: " + line);
      }
      i++;
      StringBuilder sql = new StringBuilder();
      while (i < lines.length && !lines[i].strip().isEmpty() && !lines[i].strip().equals("----")) {
        sql.append(sql.length() == 0 ? "" : "\n").append(lines[i]);
        i++;
      }
      List<String> expected = new ArrayList<>();
      if (i < lines.length && lines[i].strip().equals("----")) {
        i++;
        while (i < lines.length && !lines[i].strip().isEmpty()) {
          expected.add(lines[i]);
          i++;
        }
      }
      if (sql.length() == 0) {
        throw new IllegalArgumentException(fileName + ":" + start + ": record has no SQL");
      }
      records.add(new SqlLogicRecord(kind, sql.toString(), start, columns, sort, expected, errorCode, errorPosition));
    }
    return records;
  }
}
