package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.apache.calcite.adapter.java.JavaTypeFactory;
import org.apache.calcite.config.CalciteConnectionConfigImpl;
import org.apache.calcite.config.CalciteConnectionProperty;
import org.apache.calcite.jdbc.CalciteSchema;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.prepare.CalciteCatalogReader;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlOrderBy;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql.validate.SqlValidatorUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SoftKeywordsTest {

  private static final String SEED =
      "SELECT c.name, s.amount FROM customer c JOIN sales s ON c.id = s.id WHERE s.date > DATE '2015-01-01'";

  private static SqlSpan span(String text) {
    return new SqlSpan(text, 1, 1, 0);
  }

  private static String rewrite(String sql) {
    return SoftKeywords.rewrite(sql).text();
  }

  @Test
  void seedQueryParsesWithAQualifiedDateColumn() {
    assertEquals(SEED.replace("s.date", "s.\"date\""), rewrite(SEED));
    SqlSelect select = assertInstanceOf(SqlSelect.class, CalciteSql.parseQuery(span(SEED)));
    SqlBasicCall where = assertInstanceOf(SqlBasicCall.class, select.getWhere());
    assertEquals(SqlKind.GREATER_THAN, where.getKind());
    SqlIdentifier column = assertInstanceOf(SqlIdentifier.class, where.operand(0));
    assertEquals(List.of("s", "date"), column.names);
    SqlLiteral literal = assertInstanceOf(SqlLiteral.class, where.operand(1));
    assertEquals("DATE '2015-01-01'", literal.toString());
  }

  /** Each soft word used as a name, in the places names and expressions stand. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "SELECT date, amount FROM sales|SELECT \"date\", amount FROM sales",
      "SELECT time, timestamp FROM t|SELECT \"time\", \"timestamp\" FROM t",
      "SELECT year, month, day, hour, minute, second FROM t"
          + "|SELECT \"year\", \"month\", \"day\", \"hour\", \"minute\", \"second\" FROM t",
      "SELECT value, position FROM t|SELECT \"value\", \"position\" FROM t",
      "SELECT s.date, s.Year, s.value, s.user, s.position FROM s"
          + "|SELECT s.\"date\", s.\"Year\", s.\"value\", s.\"user\", s.\"position\" FROM s",
      "SELECT \"s\".date FROM s|SELECT \"s\".\"date\" FROM s",
      "SELECT DISTINCT date FROM t|SELECT DISTINCT \"date\" FROM t",
      "SELECT a FROM t WHERE date > 1 AND year = 2 OR NOT value|"
          + "SELECT a FROM t WHERE \"date\" > 1 AND \"year\" = 2 OR NOT \"value\"",
      "SELECT a FROM t WHERE a=date OR a<>day OR a<=hour OR a+minute>second*month-year/timestamp"
          + "|SELECT a FROM t WHERE a=\"date\" OR a<>\"day\" OR a<=\"hour\" OR a+\"minute\">\"second\"*\"month\"-\"year\"/\"timestamp\"",
      "SELECT year, COUNT(*) FROM t GROUP BY year HAVING MAX(day) > 1 ORDER BY date DESC"
          + "|SELECT \"year\", COUNT(*) FROM t GROUP BY \"year\" HAVING MAX(\"day\") > 1 ORDER BY \"date\" DESC",
      "SELECT a AS date, b AS user FROM t AS value|SELECT a AS \"date\", b AS \"user\" FROM t AS \"value\"",
      "SELECT MAX(date), COUNT(DISTINCT hour) FROM t|SELECT MAX(\"date\"), COUNT(DISTINCT \"hour\") FROM t",
      "SELECT CASE WHEN day THEN hour ELSE minute END FROM t"
          + "|SELECT CASE WHEN \"day\" THEN \"hour\" ELSE \"minute\" END FROM t",
      "SELECT CASE month WHEN 1 THEN 2 END FROM t|SELECT CASE \"month\" WHEN 1 THEN 2 END FROM t",
      "SELECT a FROM t WHERE date BETWEEN day AND hour|SELECT a FROM t WHERE \"date\" BETWEEN \"day\" AND \"hour\"",
      "SELECT a FROM t WHERE date IN (year, month)|SELECT a FROM t WHERE \"date\" IN (\"year\", \"month\")",
      "SELECT a FROM t WHERE value LIKE 'x%'|SELECT a FROM t WHERE \"value\" LIKE 'x%'",
      "SELECT a FROM date JOIN year ON date.a = year.a|SELECT a FROM \"date\" JOIN \"year\" ON \"date\".a = \"year\".a",
      "SELECT a FROM t JOIN u USING (date)|SELECT a FROM t JOIN u USING (\"date\")",
      "WITH date AS (SELECT 1 AS day) SELECT day FROM date"
          + "|WITH \"date\" AS (SELECT 1 AS \"day\") SELECT \"day\" FROM \"date\"",
      "SELECT ROW_NUMBER() OVER (PARTITION BY day ORDER BY hour) FROM t"
          + "|SELECT ROW_NUMBER() OVER (PARTITION BY \"day\" ORDER BY \"hour\") FROM t",
      "SELECT CAST(date AS VARCHAR) FROM t|SELECT CAST(\"date\" AS VARCHAR) FROM t",
      "SELECT EXTRACT(YEAR FROM date) FROM t|SELECT EXTRACT(YEAR FROM \"date\") FROM t",
      "SELECT FLOOR(time TO HOUR) FROM t|SELECT FLOOR(\"time\" TO HOUR) FROM t",
      "SELECT TIMESTAMPADD(DAY, day, timestamp) FROM t|SELECT TIMESTAMPADD(DAY, \"day\", \"timestamp\") FROM t",
      "SELECT POSITION('a' IN position) FROM t|SELECT POSITION('a' IN \"position\") FROM t",
      "SELECT a FROM t WHERE date > DATE '2020-01-01' - INTERVAL '1' DAY"
          + "|SELECT a FROM t WHERE \"date\" > DATE '2020-01-01' - INTERVAL '1' DAY",
      "SELECT a FROM t WHERE (date, year) = (1, 2)|SELECT a FROM t WHERE (\"date\", \"year\") = (1, 2)",
      "SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(time), INTERVAL '10' SECOND))"
          + "|SELECT * FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(\"time\"), INTERVAL '10' SECOND))",
      "VALUES (date, value)|VALUES (\"date\", \"value\")",
      "SELECT COUNT(value), (value) FROM t WHERE a IN (value, 1) OR (value > 2)"
          + "|SELECT COUNT(\"value\"), (\"value\") FROM t WHERE a IN (\"value\", 1) OR (\"value\" > 2)",
      "SELECT STREAM date FROM t|SELECT STREAM \"date\" FROM t",
      "SELECT a FROM t WHERE DaTe > 1|SELECT a FROM t WHERE \"DaTe\" > 1",
  })
  void softWordsUsedAsNamesAreQuoted(String sql, String expected) {
    assertEquals(expected, rewrite(sql));
    CalciteSql.parseQuery(span(sql));
  }

  /** Each soft word where Calcite's grammar needs the keyword: the text is left as it is. */
  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT DATE '2020-01-01', TIME '10:00:00', TIMESTAMP '2020-01-01 10:00:00' FROM t",
      "SELECT TIMESTAMP WITH LOCAL TIME ZONE '2020-01-01 10:00:00' FROM t",
      "SELECT TIME WITH LOCAL TIME ZONE '10:00:00' FROM t",
      "SELECT a FROM t WHERE ts > DATE '2020-01-01'",
      "SELECT a FROM t WHERE ts > CURRENT_DATE - INTERVAL '1' DAY",
      "SELECT INTERVAL '1' YEAR, INTERVAL '1' MONTH, INTERVAL '1' DAY, INTERVAL '1' HOUR, INTERVAL '1' MINUTE,"
          + " INTERVAL '1' SECOND FROM t",
      "SELECT INTERVAL '1-2' YEAR TO MONTH, INTERVAL '1 2:3:4' DAY TO SECOND, INTERVAL '1:2' HOUR TO MINUTE,"
          + " INTERVAL '1:2' MINUTE TO SECOND, INTERVAL '1 2' DAY TO HOUR FROM t",
      "SELECT INTERVAL '1' DAY(3), INTERVAL '1' SECOND(3, 2), INTERVAL '1 2' DAY(2) TO HOUR FROM t",
      "SELECT INTERVAL -'1' DAY, INTERVAL n DAY, INTERVAL 5 HOUR, INTERVAL (n + 1) MINUTE FROM t",
      "SELECT (a - b) DAY, (a - b) HOUR TO SECOND FROM t",
      "SELECT EXTRACT(YEAR FROM ts), EXTRACT(MONTH FROM ts), EXTRACT(DAY FROM ts), EXTRACT(HOUR FROM ts),"
          + " EXTRACT(MINUTE FROM ts), EXTRACT(SECOND FROM ts) FROM t",
      "SELECT YEAR(ts), MONTH(ts), HOUR(ts), MINUTE(ts), SECOND(ts) FROM t",
      "SELECT CAST(a AS DATE), CAST(a AS TIME), CAST(a AS TIMESTAMP), CAST(a AS TIMESTAMP(3)) FROM t",
      "SELECT CAST(a AS TIMESTAMP WITH LOCAL TIME ZONE), CAST(a AS TIME(3) WITH LOCAL TIME ZONE) FROM t",
      "SELECT CAST(a AS INTERVAL DAY), CAST(a AS INTERVAL HOUR TO SECOND), CAST(a AS DATE ARRAY) FROM t",
      "SELECT CAST(a AS ROW(x DATE, y TIMESTAMP)), CAST(a AS MAP<VARCHAR, DATE>) FROM t",
      "SELECT TRY_CAST(a AS DATE), SAFE_CAST(a AS TIME) FROM t",
      "SELECT CONVERT(DATE, a) FROM t",
      "SELECT FLOOR(ts TO DAY), CEIL(ts TO HOUR), FLOOR(ts TO YEAR), CEIL(ts TO SECOND) FROM t",
      "SELECT TIMESTAMPADD(DAY, 1, ts), TIMESTAMPDIFF(HOUR, a, b), TIMESTAMPADD(MONTH, 1, ts) FROM t",
      "SELECT TIMESTAMP_TRUNC(ts, DAY), DATE_TRUNC(d, MONTH), TIME_TRUNC(t, HOUR) FROM t",
      "SELECT DATE_DIFF(a, b, DAY), TIMESTAMP_DIFF(a, b, HOUR), TIME_DIFF(a, b, MINUTE) FROM t",
      "SELECT DATE(2020, 1, 1), TIMESTAMP('2020-01-01'), TIME(10, 0, 0) FROM t",
      "SELECT POSITION('a' IN s), POSITION('a' IN s FROM 2) FROM t",
      "SELECT USER, CURRENT_USER FROM t WHERE owner = USER",
      "SELECT user FROM t",
      "SELECT JSON_OBJECT(KEY 'a' VALUE 1), JSON_OBJECT('a' VALUE x), JSON_OBJECTAGG(k VALUE v) FROM t",
      "VALUE (1, 2)",
      "SELECT * FROM (VALUE (1, 2))",
      "SELECT NEXT VALUE FOR seq FROM t",
      "SELECT COUNT(DISTINCT VALUE d), COUNT(VALUE -1) FROM t WHERE a IN (VALUE b)",
      "SELECT a FROM t UNION VALUE -1",
      "VALUE 1, 2",
      "SELECT 'date, year, value' AS \"day\" FROM t -- date year\n WHERE a = 1 /* month value */",
      "SELECT a FROM t // time position\n",
      "SELECT E'it\\'s a date', N'date', X'00', _latin1'user' FROM t",
      "SELECT \"date\", \"year\" FROM t",
      "SELECT current_date, current_time, current_timestamp, localtime FROM t",
  })
  void keywordUsesAreLeftAlone(String sql) {
    assertEquals(sql, rewrite(sql));
    SqlSpan span = span(sql);
    assertEquals(sql, span.calciteText());
    CalciteSql.parseQuery(span);
  }

  @Test
  void userStaysTheFunctionWhereAnExpressionMayStand() {
    assertEquals("SELECT t.\"user\", USER AS \"user\" FROM t WHERE user = 'x'",
        rewrite("SELECT t.user, USER AS user FROM t WHERE user = 'x'"));
    // An unquoted USER is the function (the validator turns it into a call); a quoted one is a column.
    SqlSelect select = (SqlSelect) CalciteSql.parseQuery(span("SELECT user, t.user FROM t"));
    assertFalse(((SqlIdentifier) select.getSelectList().get(0)).isComponentQuoted(0));
    assertTrue(((SqlIdentifier) select.getSelectList().get(1)).isComponentQuoted(1));
  }

  @Test
  void updateAndDeleteStatements() {
    String update = "UPDATE t SET date = DATE '2020-01-01', user = 'x', year = year + 1 WHERE day = 1 AND user = 'y'";
    assertEquals("UPDATE t SET \"date\" = DATE '2020-01-01', \"user\" = 'x', \"year\" = \"year\" + 1"
        + " WHERE \"day\" = 1 AND user = 'y'", rewrite(update));
    SqlUpdate parsed = (SqlUpdate) CalciteSql.parseStatement(span(update));
    assertEquals("date", ((SqlIdentifier) parsed.getTargetColumnList().get(0)).getSimple());
    assertEquals("user", ((SqlIdentifier) parsed.getTargetColumnList().get(1)).getSimple());
    String delete = "DELETE FROM t WHERE date < DATE '2020-01-01' OR t.value IS NULL";
    assertEquals("DELETE FROM t WHERE \"date\" < DATE '2020-01-01' OR t.\"value\" IS NULL", rewrite(delete));
    CalciteSql.parseStatement(span(delete));
  }

  @Test
  void expressionsAreRewrittenToo() {
    SqlNode expression = CalciteSql.parseExpression(span("time - INTERVAL '5' SECOND"));
    SqlCall minus = assertInstanceOf(SqlCall.class, expression);
    assertEquals("time", ((SqlIdentifier) minus.operand(0)).getSimple());
  }

  @Test
  void orderByDateDesc() {
    SqlOrderBy orderBy = assertInstanceOf(SqlOrderBy.class,
        CalciteSql.parseQuery(span("SELECT date, amount FROM sales ORDER BY date DESC")));
    SqlCall desc = (SqlCall) orderBy.orderList.get(0);
    assertEquals("date", ((SqlIdentifier) desc.operand(0)).getSimple());
  }

  @Test
  void parseErrorAfterARewrittenWordPointsAtTheOriginalColumn() {
    // Calcite sees SELECT "date", "year", FROM t: the FROM is 4 columns to the right.
    String sql = "SELECT date, year, FROM t";
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(span(sql)));
    assertEquals("FROM", error.token());
    assertEquals(1, error.line());
    assertEquals(sql.indexOf("FROM") + 1, error.column());
  }

  @Test
  void parseErrorInAnIndentedSpanOnALaterLine() {
    String statement = "CREATE VIEW v AS\n    SELECT s.date, s.value, FROM s\n";
    CreateView view = (CreateView) StatementParser.parse(statement);
    SqlParseError error = assertThrows(SqlParseError.class, () -> CalciteSql.parseQuery(view.query()));
    assertEquals(2, error.line());
    assertEquals(statement.lines().toList().get(1).indexOf("FROM") + 1, error.column());
    SqlParseError onNextLine = assertThrows(SqlParseError.class,
        () -> CalciteSql.parseQuery(span("SELECT date,\n  year, FROM t")));
    assertEquals(2, onNextLine.line());
    assertEquals(9, onNextLine.column());
  }

  @Test
  void errorAtEndOfInputAfterARewrittenWord() {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> CalciteSql.parseQuery(span("SELECT date FROM t WHERE")));
    assertEquals(25, error.column());
  }

  @Test
  void nodePositionsMapBackToTheUsersText() {
    String statement = "EXPLAIN SELECT date, s.year, amount FROM s";
    Explain explain = (Explain) StatementParser.parse(statement);
    SqlSpan query = ((QueryStatement) explain.target()).query();
    SqlSelect select = (SqlSelect) CalciteSql.parseQuery(query);
    String[] names = {"date", "s.year", "amount"};
    for (int i = 0; i < names.length; i++) {
      SqlNode item = select.getSelectList().get(i);
      int[] at = query.toOuterPosition(item.getParserPosition().getLineNum(), item.getParserPosition().getColumnNum());
      assertArrayEquals(new int[] {1, statement.indexOf(names[i]) + 1}, at, names[i]);
    }
    // The end of a quoted word maps to its last character.
    SqlNode date = select.getSelectList().get(0);
    int[] end = query.toOuterPosition(date.getParserPosition().getEndLineNum(),
        date.getParserPosition().getEndColumnNum());
    assertArrayEquals(new int[] {1, statement.indexOf("date") + 4}, end);
  }

  @Test
  void positionsInsideAndAfterQuotes() {
    SoftKeywords.Result result = SoftKeywords.rewrite("a.date+b.day\nx.day");
    assertEquals("a.\"date\"+b.\"day\"\nx.\"day\"", result.text());
    assertEquals(3, result.rewrites());
    assertArrayEquals(new int[] {1, 3}, result.toSource(1, 3)); // opening quote -> d
    assertArrayEquals(new int[] {1, 3}, result.toSource(1, 4)); // d
    assertArrayEquals(new int[] {1, 6}, result.toSource(1, 7)); // e
    assertArrayEquals(new int[] {1, 6}, result.toSource(1, 8)); // closing quote -> e
    assertArrayEquals(new int[] {1, 7}, result.toSource(1, 9)); // +
    assertArrayEquals(new int[] {1, 10}, result.toSource(1, 13)); // d of day
    assertArrayEquals(new int[] {2, 1}, result.toSource(2, 1));
    assertArrayEquals(new int[] {2, 3}, result.toSource(2, 4));
  }

  @Test
  void regexOperatorsAreWrittenAsRlikeOutsideStringsAndComments() {
    SoftKeywords.Result result = SoftKeywords.rewrite("a ~ 'x~y' AND b!~*c -- ~\nOR d.date ~* e");
    assertEquals("a  RLIKE  'x~y' AND b NOT RLIKE '(?iu)' || c -- ~\nOR d.\"date\"  RLIKE '(?iu)' ||  e",
        result.text());
    assertEquals(3, result.operators());
    assertEquals(1, result.rewrites());
    assertArrayEquals(new int[] {1, 3}, result.toSource(1, 3)); // the written RLIKE -> ~
    assertArrayEquals(new int[] {1, 3}, result.toSource(1, 6));
    assertArrayEquals(new int[] {1, 5}, result.toSource(1, 11)); // the string after it
    assertArrayEquals(new int[] {1, 19}, result.toSource(1, 44)); // c
    assertArrayEquals(new int[] {2, 14}, result.toSource(2, 32)); // e, after a quoted word and an operator
  }

  @Test
  void functionsWhoseNamesCalciteReservesAreQuotedWhereCalled() {
    assertEquals("SELECT \"width_bucket\"(x, 0, 10, 5), width_bucket FROM t",
        SoftKeywords.rewrite("SELECT width_bucket(x, 0, 10, 5), width_bucket FROM t").text());
  }

  @Test
  void quotedNamesStillMatchCaseInsensitively() {
    JavaTypeFactory typeFactory = new JavaTypeFactoryImpl();
    CalciteSchema root = CalciteSchema.createRootSchema(false, false);
    root.add("SALES", new AbstractTable() {
      @Override
      public RelDataType getRowType(RelDataTypeFactory factory) {
        return factory.builder()
            .add("DATE", SqlTypeName.DATE)
            .add("Year", SqlTypeName.INTEGER)
            .add("amount", SqlTypeName.INTEGER)
            .build();
      }
    });
    java.util.Properties properties = new java.util.Properties();
    properties.setProperty(CalciteConnectionProperty.CASE_SENSITIVE.camelName(), "false");
    CalciteCatalogReader reader = new CalciteCatalogReader(root, List.of(), typeFactory,
        new CalciteConnectionConfigImpl(properties));
    SqlValidator validator = SqlValidatorUtil.newValidator(SqlStdOperatorTable.instance(), reader, typeFactory,
        SqlValidator.Config.DEFAULT);
    SqlNode parsed = CalciteSql.parseQuery(span(
        "SELECT date, s.year, MAX(amount) FROM sales s WHERE s.date > DATE '2015-01-01' GROUP BY date, s.year"));
    RelDataType type = validator.getValidatedNodeType(validator.validate(parsed));
    // Resolved against DATE and Year; the output names are derived from the names as written.
    assertEquals(List.of("date", "year", "EXPR$2"), type.getFieldNames());
    assertEquals(SqlTypeName.DATE, type.getFieldList().get(0).getType().getSqlTypeName());
    assertEquals(SqlTypeName.INTEGER, type.getFieldList().get(1).getType().getSqlTypeName());
  }

  @Test
  void createTableWithADateColumnThenQueryIt() {
    CreateTable table = (CreateTable) StatementParser.parse("CREATE TABLE t (date DATE, year INTEGER)");
    assertEquals(List.of("date", "year"), table.columns().stream().map(ColumnDefinition::name).toList());
    SqlSelect select = (SqlSelect) CalciteSql.parseQuery(span("SELECT date FROM t WHERE year = 2020"));
    assertEquals("date", ((SqlIdentifier) select.getSelectList().get(0)).getSimple());
  }

  /**
   * Inserts each soft word at (or puts it in place of) each token of queries using the keywords, and checks that whenever
   * Calcite accepts the result as it is, the rewritten text parses to the same tree.
   */
  @Test
  void validSqlKeepsItsMeaning() {
    String[] queries = {
        "SELECT a, b FROM t WHERE c > DATE '2020-01-01' - INTERVAL '1' DAY GROUP BY a ORDER BY a DESC",
        "SELECT EXTRACT(YEAR FROM ts), CAST(x AS TIMESTAMP(3)), FLOOR(ts TO HOUR) FROM t AS s",
        "SELECT INTERVAL '1:2' HOUR TO MINUTE, (a - b) DAY TO SECOND, INTERVAL n MINUTE FROM t",
        "SELECT TIMESTAMPADD(DAY, 1, ts), POSITION('a' IN s), COUNT(DISTINCT d), MAX(e + 1) FROM t",
        "SELECT JSON_OBJECT(KEY 'a' VALUE v), NEXT VALUE FOR s, USER FROM t UNION ALL SELECT 1",
        "UPDATE t SET a = 1, b = c WHERE d = USER",
    };
    String[] words = {"date", "time", "timestamp", "year", "month", "day", "hour", "minute", "second", "value",
        "user", "position", "within", "order"};
    int valid = 0;
    for (String query : queries) {
      String[] tokens = query.split(" ");
      for (int i = 0; i <= tokens.length; i++) {
        for (String word : words) {
          for (boolean replace : new boolean[] {false, true}) {
            if (replace && i == tokens.length) {
              continue;
            }
            List<String> mutant = new java.util.ArrayList<>(List.of(tokens));
            if (replace) {
              mutant.set(i, word.toUpperCase(java.util.Locale.ROOT));
            } else {
              mutant.add(i, word);
            }
            String sql = String.join(" ", mutant);
            String original = parseAsIs(sql);
            if (original != null) {
              valid++;
              assertEquals(original, parseAsIs(rewrite(sql)), sql);
            }
          }
        }
      }
    }
    assertTrue(valid > 20, "valid mutants: " + valid);
  }

  private static String parseAsIs(String sql) {
    try {
      return SqlParser.create(sql, CalciteSql.parserConfig()).parseStmt().toString();
    } catch (org.apache.calcite.sql.parser.SqlParseException e) {
      return null;
    }
  }

  /**
   * Every word Sluice's statements take as a name (the grammar's non-reserved keywords, and words
   * Calcite reserves that the statement grammar does not, such as WITHIN and ORDER) names a table
   * and a column that a query reads back, bare and qualified.
   */
  @ParameterizedTest
  @ValueSource(strings = {"analyze", "asc", "batch", "cascade", "char", "character", "checkpoint", "codegen",
      "constraint", "day", "desc", "double", "enforced", "exists", "functions", "hour", "if", "index", "indexes", "key",
      "minute", "month", "plan", "precision", "primary", "progress", "queries", "query", "replace", "replay",
      "restrict", "unique", "reset", "second", "settings", "show", "sink", "sinks", "source", "sources", "step", "stop",
      "tables", "varying", "view", "views", "watermark", "year", "within", "order", "group", "window", "value",
      "user"})
  void aWordAStatementTakesAsANameIsReadBackByAQuery(String word) {
    CreateTable table = (CreateTable) StatementParser.parse("CREATE TABLE \"" + word + "\" (\"" + word
        + "\" INTEGER, k INTEGER)");
    assertEquals(word, table.name());
    assertEquals(word, table.columns().get(0).name());
    SqlSelect select = (SqlSelect) CalciteSql.parseQuery(span("SELECT " + word + ".k, other." + word + " FROM "
        + word + " JOIN " + word + " AS other ON " + word + ".k = other.k"));
    assertEquals(List.of(word, "k"), ((SqlIdentifier) select.getSelectList().get(0)).names);
    assertEquals(List.of("other", word), ((SqlIdentifier) select.getSelectList().get(1)).names);
    if (SoftKeywords.WORDS.contains(word.toUpperCase(java.util.Locale.ROOT)) || !isCalciteKeyword(word)) {
      // a bare column name too (ORDER, GROUP, WINDOW, EXISTS and the like only qualified or quoted)
      select = (SqlSelect) CalciteSql.parseQuery(span("SELECT " + word + " FROM t WHERE " + word + " > 0"));
      assertEquals(word, ((SqlIdentifier) select.getSelectList().get(0)).getSimple());
    }
    SqlNode windowed = CalciteSql.parseQuery(span("SELECT * FROM TABLE(TUMBLE(TABLE " + word + ", DESCRIPTOR(ts),"
        + " INTERVAL '1' SECOND))"));
    assertTrue(windowed.toString().contains("`" + word + "`"), windowed::toString);
  }

  private static boolean isCalciteKeyword(String word) {
    return SqlParser.create("").getMetadata().isReservedWord(word.toUpperCase(java.util.Locale.ROOT));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT * FROM LATERAL (SELECT 1)",
      "SELECT * FROM UNNEST(ARRAY[1, 2])",
      "SELECT * FROM t CROSS JOIN UNNEST(t.a) AS u",
      "SELECT * FROM TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' SECOND))",
      "SELECT EXTRACT(DAY FROM CURRENT_DATE), SUBSTRING(s FROM 2), TRIM(LEADING 'x' FROM CURRENT_USER) FROM t",
      "SELECT PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY x) FROM t",
      "SELECT CURRENT_DATE FROM t",
      "SELECT * FROM t WHERE a IN (SELECT b FROM u)",
  })
  void tableKeywordsStayKeywords(String sql) {
    assertEquals(sql, rewrite(sql));
    CalciteSql.parseQuery(span(sql));
  }

  @Test
  void configurationIsCaseInsensitive() {
    SqlParser.Config config = CalciteSql.parserConfig();
    assertEquals(false, config.caseSensitive());
  }

  @Test
  void anIntervalStringWithoutQualifierGetsOneAndIsRemembered() {
    SoftKeywords.Result result = SoftKeywords.rewrite("SELECT INTERVAL '1 day', INTERVAL '2' DAY, x + INTERVAL '3 hours'");
    assertEquals("SELECT INTERVAL '1 day' SECOND, INTERVAL '2' DAY, x + INTERVAL '3 hours' SECOND", result.text());
    assertEquals(2, result.bareIntervals());
    assertTrue(result.isBareInterval(1, 8));
    assertFalse(result.isBareInterval(1, 33));
    assertTrue(result.isBareInterval(1, 55));
    // a column after the added qualifier maps back to where the user wrote it
    assertArrayEquals(new int[] {1, 24}, result.toSource(1, 31));
  }

  @Test
  void aPrefixedStringOrAQualifierIsLeftAlone() {
    assertEquals(0, SoftKeywords.rewrite("SELECT INTERVAL '1' HOUR, INTERVAL '1-2' YEAR TO MONTH").bareIntervals());
    assertEquals(0, SoftKeywords.rewrite("SELECT INTERVAL E'1 day'").bareIntervals());
  }
}
