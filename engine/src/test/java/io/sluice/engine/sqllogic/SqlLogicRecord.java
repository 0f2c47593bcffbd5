package io.sluice.engine.sqllogic;

import java.util.List;

/**
 * One step of a sqllogictest file.
 *
 * @param kind what the step expects
 * @param sql the statement text
 * @param line the line of the file where the step starts (for failure messages)
 * @param columns for queries, the column type letters (their count is checked)
 * @param sort for queries, how rows are ordered before comparison
 * @param expected expected result lines (queries), message fragments (errors) or plan lines (explain)
 * @param errorCode for errors, the expected error code name, or null
 * @param errorPosition for errors, the expected "line:column", or null
 */
record SqlLogicRecord(Kind kind, String sql, int line, String columns, Sort sort, List<String> expected,
    String errorCode, String errorPosition) {

  enum Kind { STATEMENT_OK, STATEMENT_ERROR, QUERY, EXPLAIN, PROCESS }

  enum Sort { NONE, ROWS, VALUES }
}
