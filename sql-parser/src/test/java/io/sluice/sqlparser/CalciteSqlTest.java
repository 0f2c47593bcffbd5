package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlDelete;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CalciteSqlTest {

  private static SqlSpan span(String text) {
    return new SqlSpan(text, 1, 1, 0);
  }

  @Test
  void configuration() {
    SqlParser.Config config = CalciteSql.parserConfig();
    assertEquals(Quoting.DOUBLE_QUOTE, config.quoting());
    assertEquals(Casing.UNCHANGED, config.unquotedCasing());
    assertEquals(Casing.UNCHANGED, config.quotedCasing());
    assertFalse(config.caseSensitive());
    assertEquals(SqlConformanceEnum.LENIENT, config.conformance());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT a FROM t LIMIT 10 OFFSET 5",
      "SELECT a FROM t ORDER BY a LIMIT 3",
      "SELECT a FROM t OFFSET 2 ROWS FETCH FIRST 3 ROWS ONLY",
      "SELECT a FROM t WHERE a != 1",
      "SELECT a, COUNT(*) FROM t GROUP BY 1",
      "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
          + " GROUP BY window_start, window_end",
      "SELECT * FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '2' SECOND, INTERVAL '10' SECOND))",
      "SELECT * FROM TABLE(SESSION(TABLE bids PARTITION BY auction, DESCRIPTOR(ts), INTERVAL '10' SECOND))",
      "VALUES (1, 'a'), (2, 'b')",
      "WITH x AS (SELECT 1 AS n) SELECT n FROM x",
      "TABLE t",
      "(SELECT 1) UNION ALL (SELECT 2)",
  })
  void parsesTheQueriesSluiceNeeds(String query) {
    SqlNode node = CalciteSql.parseQuery(span(query));
    assertTrue(node.getKind().belongsTo(org.apache.calcite.sql.SqlKind.QUERY), node.getKind().toString());
  }

  @Test
  void keepsTheCaseOfIdentifiers() {
    SqlSelect select = assertInstanceOf(SqlSelect.class,
        CalciteSql.parseQuery(span("SELECT MixedCase, \"Quoted Name\" FROM Bids")));
    assertEquals("MixedCase", ((SqlIdentifier) select.getSelectList().get(0)).getSimple());
    assertEquals("Quoted Name", ((SqlIdentifier) select.getSelectList().get(1)).getSimple());
    assertEquals("Bids", ((SqlIdentifier) select.getFrom()).getSimple());
  }

  @Test
  void limitBecomesFetch() {
    SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class,
        CalciteSql.parseQuery(span("SELECT a FROM t ORDER BY a LIMIT 3 OFFSET 1")));
    assertEquals("3", orderBy.fetch.toString());
    assertEquals("1", orderBy.offset.toString());
  }

  @Test
  void parsesUpdateAndDeleteFromTheirStatementSpans() {
    Update update = (Update) StatementParser.parse("UPDATE customer SET name = 'x' WHERE id = 1");
    SqlUpdate sqlUpdate = assertInstanceOf(SqlUpdate.class, CalciteSql.parseStatement(update.statement()));
    assertEquals("customer", sqlUpdate.getTargetTable().toString());
    Delete delete = (Delete) StatementParser.parse("DELETE FROM customer WHERE id = 1;");
    assertInstanceOf(SqlDelete.class, CalciteSql.parseStatement(delete.statement()));
  }

  @Test
  void parsesWatermarkExpressions() {
    CreateSource source = (CreateSource) StatementParser.parse(
        "CREATE SOURCE s (ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)");
    SqlBasicCall minus = assertInstanceOf(SqlBasicCall.class,
        CalciteSql.parseExpression(source.watermark().expression()));
    assertEquals("-", minus.getOperator().getName());
  }

  @Test
  void errorInQuerySpanOnSecondLineIsMappedToTheStatement() {
    String statement = "INSERT INTO hot\nSELECT a,\n  FROM t";
    Insert insert = (Insert) StatementParser.parse(statement);
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(insert.query()));
    assertEquals(3, error.line());
    assertEquals(3, error.column());
    assertEquals("FROM", error.token());
    assertTrue(error.getMessage().startsWith("Incorrect syntax near the keyword 'FROM' at line 3, column 3. Was expecting one of: "),
        error.getMessage());
    assertExpectedListIsShort(error.getMessage());
  }

  @Test
  void errorOnTheFirstLineOfAnIndentedSpanIsShiftedByTheSpanColumn() {
    String statement = "CREATE VIEW v AS\n    SELECT a, FROM t";
    CreateView view = (CreateView) StatementParser.parse(statement);
    assertEquals(new SqlSpan("SELECT a, FROM t", 2, 5, 21), view.query());
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(view.query()));
    assertEquals(2, error.line());
    assertEquals(15, error.column());
    assertEquals("FROM", statement.lines().toList().get(1).substring(14, 18));
  }

  @Test
  void errorAtEndOfInputHasAnEmptyToken() {
    Explain explain = (Explain) StatementParser.parse("EXPLAIN   SELECT * FROM t WHERE");
    SqlSpan query = ((QueryStatement) explain.target()).query();
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(query));
    assertEquals(1, error.line());
    assertEquals(32, error.column());
    assertEquals("", error.token());
    assertTrue(error.getMessage().startsWith("Encountered \"<EOF>\" at line 1, column 32."), error.getMessage());
  }

  @Test
  void tabsCountAsOneColumnLikeInTheStatementParser() {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> CalciteSql.parseQuery(new SqlSpan("SELECT\ta,\tFROM t", 3, 2, 40)));
    assertEquals(3, error.line());
    assertEquals(12, error.column());
  }

  @Test
  void errorInUpdateIsMapped() {
    Update update = (Update) StatementParser.parse("  UPDATE t\n  SET a = WHERE b = 1");
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseStatement(update.statement()));
    assertEquals(2, error.line());
    assertEquals(11, error.column());
    assertEquals("WHERE", error.token());
  }

  @Test
  void misspeltKeywordsAreListedFirst() {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> CalciteSql.parseQuery(span("SELECT a FROM t WHERE a > 1 ORDR BY a")));
    assertEquals("ORDR", error.token());
    assertTrue(error.getMessage().contains("Was expecting one of: \"ORDER\""), error.getMessage());
  }

  @Test
  void errorsInAScriptMapToScriptPositions() {
    String script = "SET 'pipeline.trigger' = 'once';\nINSERT INTO hot SELECT a,\n  FROM t;";
    StatementText statement = ScriptSplitter.split(script).get(1);
    Insert insert = (Insert) StatementParser.parse(statement.text());
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(insert.query()))
        .inScript(statement);
    assertEquals(3, error.line());
    assertEquals(3, error.column());
    assertTrue(error.getMessage().startsWith("Incorrect syntax near the keyword 'FROM' at line 3, column 3."), error.getMessage());
    assertEquals("  FROM t;\n  ^", ErrorContext.render(script, error.line(), error.column()));
  }

  private static void assertExpectedListIsShort(String message) {
    Matcher list = Pattern.compile("Was expecting one of: (.*)$").matcher(message);
    assertTrue(list.find(), message);
    assertTrue(list.group(1).split(", ").length <= 9, message);
    assertFalse(message.contains("\n"), message);
  }
}
