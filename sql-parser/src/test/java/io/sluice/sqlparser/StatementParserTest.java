package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementParserTest {

  private static <T extends Statement> T parse(String text, Class<T> type) {
    return assertInstanceOf(type, StatementParser.parse(text));
  }

  private static ColumnDefinition column(String name, String type, int precision, int scale,
      boolean notNull, int line, int column) {
    return new ColumnDefinition(name, new TypeSpec(type, precision, scale), notNull, line, column);
  }

  // ---- identifiers

  /**
   * Unquoted identifiers take letters of any script (the lexer tests non-ASCII ones with
   * Character.isLetter rather than a set of every Unicode letter); anything may be quoted.
   */
  @Test
  void identifiersInAnyScriptAndQuotedEmoji() {
    CreateTable t = parse("CREATE TABLE 日本語表 (名前 VARCHAR, ñandú_2 BIGINT, \"😀 smile\" INT, ΣΑΣ$x DOUBLE,"
        + " _Äpfel BOOLEAN)", CreateTable.class);
    assertEquals("日本語表", t.name());
    assertEquals(List.of("名前", "ñandú_2", "😀 smile", "ΣΑΣ$x", "_Äpfel"),
        t.columns().stream().map(ColumnDefinition::name).toList());
    assertEquals(1, t.columns().get(1).line());
    assertEquals(32, t.columns().get(1).column(), "where the name starts");
  }

  @Test
  void aNonLetterOutsideAsciiEndsAnIdentifier() {
    // '€' and an emoji are no letters: unquoted, they are stray characters the statement refuses
    for (String name : List.of("price€", "😀", "a😀b")) {
      SqlParseError e = assertThrows(SqlParseError.class, () -> StatementParser.parse("CREATE TABLE " + name + " (x INT)"));
      assertEquals(1, e.line(), name);
    }
  }

  // ---- queries

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT a, b FROM t WHERE a > 1",
      "select * from t",
      "VALUES (1, 'a'), (2, 'b')",
      "WITH x AS (SELECT 1) SELECT * FROM x",
      "(SELECT 1) UNION ALL (SELECT 2)",
      "TABLE t",
      "SELECT 'it''s; fine', \"odd \"\" name\" FROM t -- comment",
  })
  void queriesAreCapturedAsTheirOriginalText(String text) {
    QueryStatement query = parse(text, QueryStatement.class);
    String expected = text.endsWith("-- comment") ? text.substring(0, text.indexOf(" -- comment")) : text;
    assertEquals(new SqlSpan(expected, 1, 1, 0), query.query());
  }

  @Test
  void querySpanExcludesLeadingCommentsAndTrailingSemicolon() {
    QueryStatement query = parse("-- why\n  SELECT *\n  FROM t ;  ", QueryStatement.class);
    assertEquals(new SqlSpan("SELECT *\n  FROM t", 2, 3, 9), query.query());
  }

  @Test
  void queryTextIsNotTouchedByTheStatementGrammar() {
    // Operators, odd characters and keywords of the statement layer are all Calcite's business.
    String text = "SELECT a || '#' <> b, x::int, `y`, {fn NOW()} @ $ FROM TABLE(TUMBLE(TABLE bids, "
        + "DESCRIPTOR(ts), INTERVAL '10' SECOND)) WHERE create = 1 AND sink != 2";
    assertEquals(text, parse(text, QueryStatement.class).query().text());
  }

  // ---- CREATE TABLE / VIEW / SOURCE / SINK

  @Test
  void createTableWithColumns() {
    CreateTable table = parse("CREATE TABLE customer (id BIGINT NOT NULL,\n  name VARCHAR(20) NULL, \"Balance\" DECIMAL(10, 2))",
        CreateTable.class);
    assertEquals("customer", table.name());
    assertEquals(List.of(
        column("id", "BIGINT", -1, -1, true, 1, 24),
        column("name", "VARCHAR", 20, -1, false, 2, 3),
        column("Balance", "DECIMAL", 10, 2, false, 2, 26)), table.columns());
    assertEquals(Map.of(), table.options());
    assertFalse(table.ifNotExists());
    assertFalse(table.orReplace());
    assertNull(table.asQuery());
  }

  @Test
  void createTableWithOptionsOnly() {
    CreateTable table = parse("create table IF NOT EXISTS Sales with (connector = 'files', PATH = 'data/sales.parquet',"
        + " 'Max-Files-Per-Trigger' = 3, header = true, ratio = -0.5, \"Quoted\" = 'it''s');", CreateTable.class);
    assertEquals("Sales", table.name());
    assertEquals(List.of(), table.columns());
    assertTrue(table.ifNotExists());
    assertEquals(List.of("connector", "path", "max-files-per-trigger", "header", "ratio", "quoted"),
        List.copyOf(table.options().keySet()));
    assertEquals(List.of("files", "data/sales.parquet", "3", "true", "-0.5", "it's"),
        List.copyOf(table.options().values()));
  }

  @Test
  void createTableAsSelect() {
    CreateTable table = parse("CREATE OR REPLACE TABLE totals WITH (format = 'csv') AS\nSELECT k, SUM(v) FROM t GROUP BY k",
        CreateTable.class);
    assertTrue(table.orReplace());
    assertEquals(Map.of("format", "csv"), table.options());
    assertEquals(new SqlSpan("SELECT k, SUM(v) FROM t GROUP BY k", 2, 1, 56), table.asQuery());
  }

  @Test
  void createView() {
    CreateView view = parse("CREATE VIEW IF NOT EXISTS v (a, \"B\") AS WITH w AS (SELECT 1, 2) SELECT * FROM w",
        CreateView.class);
    assertEquals("v", view.name());
    assertEquals(List.of("a", "B"), view.columnNames());
    assertEquals("WITH w AS (SELECT 1, 2) SELECT * FROM w", view.query().text());
    assertEquals(41, view.query().column());
    assertTrue(view.ifNotExists());
    assertFalse(view.orReplace());
    CreateView replaced = parse("create or replace view v as (select 1)", CreateView.class);
    assertTrue(replaced.orReplace());
    assertEquals(List.of(), replaced.columnNames());
    assertEquals("(select 1)", replaced.query().text());
  }

  @Test
  void createSourceWithWatermark() {
    String text = "CREATE SOURCE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3),\n"
        + "                    WATERMARK FOR ts AS ts - INTERVAL '4' SECOND)\n"
        + "  WITH (connector = 'files', path = 'in/', format = 'csv')";
    CreateSource source = parse(text, CreateSource.class);
    assertEquals("bids", source.name());
    assertEquals(List.of(
        column("auction", "BIGINT", -1, -1, false, 1, 21),
        column("price", "BIGINT", -1, -1, false, 1, 37),
        column("ts", "TIMESTAMP", 3, -1, false, 1, 51)), source.columns());
    assertEquals(new WatermarkDefinition("ts", new SqlSpan("ts - INTERVAL '4' SECOND", 2, 41, 107)),
        source.watermark());
    assertEquals("ts - INTERVAL '4' SECOND",
        text.substring(source.watermark().expression().offset(), source.watermark().expression().offset() + 24));
    assertEquals(Map.of("connector", "files", "path", "in/", "format", "csv"), source.options());
    assertFalse(source.ifNotExists());
  }

  @Test
  void watermarkExpressionMayContainParenthesesAndCommas() {
    CreateSource source = parse("CREATE SOURCE IF NOT EXISTS s (ts TIMESTAMP, WATERMARK FOR ts AS "
        + "TIMESTAMPADD(SECOND, -(2 + 3), ts), v INT)", CreateSource.class);
    assertTrue(source.ifNotExists());
    assertEquals("TIMESTAMPADD(SECOND, -(2 + 3), ts)", source.watermark().expression().text());
    assertEquals(2, source.columns().size());
    assertNull(parse("CREATE SOURCE s WITH (connector = 'gen')", CreateSource.class).watermark());
  }

  @Test
  void aSourceDeclaresItsPrimaryKeyAndKeyStaysAColumnName() {
    CreateSource source = parse("CREATE SOURCE orders (id INT, region VARCHAR, key VARCHAR, primary BIGINT,"
        + " PRIMARY KEY (id, region) NOT ENFORCED) WITH (connector = 'kafka')", CreateSource.class);
    assertEquals(List.of("id", "region"), source.primaryKey());
    assertEquals(List.of("id", "region", "key", "primary"),
        source.columns().stream().map(ColumnDefinition::name).toList());
    assertEquals(List.of("id"), parse("CREATE SOURCE s (id INT, primary key (id))", CreateSource.class).primaryKey());
    assertEquals(List.of(), parse("CREATE SOURCE s (id INT)", CreateSource.class).primaryKey());
  }

  @Test
  void createSink() {
    CreateSink sink = parse("CREATE SINK IF NOT EXISTS hot WITH (connector = 'files', path = 'out/', format = 'parquet')",
        CreateSink.class);
    assertEquals("hot", sink.name());
    assertEquals(List.of(), sink.columns());
    assertTrue(sink.ifNotExists());
    assertEquals(List.of("connector", "path", "format"), List.copyOf(sink.options().keySet()));
    CreateSink typed = parse("CREATE SINK out (k STRING, n BIGINT NOT NULL)", CreateSink.class);
    assertEquals(List.of(column("k", "VARCHAR", -1, -1, false, 1, 18),
        column("n", "BIGINT", -1, -1, true, 1, 28)), typed.columns());
    assertEquals(Map.of(), typed.options());
  }

  // ---- types

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "BOOLEAN | BOOLEAN | -1 | -1",
      "tinyint | TINYINT | -1 | -1",
      "SmallInt | SMALLINT | -1 | -1",
      "INT | INTEGER | -1 | -1",
      "INTEGER | INTEGER | -1 | -1",
      "BIGINT | BIGINT | -1 | -1",
      "REAL | REAL | -1 | -1",
      "FLOAT | REAL | -1 | -1",
      "DOUBLE | DOUBLE | -1 | -1",
      "double precision | DOUBLE | -1 | -1",
      "DECIMAL | DECIMAL | -1 | -1",
      "DECIMAL(12) | DECIMAL | 12 | -1",
      "NUMERIC(12, 3) | DECIMAL | 12 | 3",
      "DEC(5,1) | DECIMAL | 5 | 1",
      "CHAR(3) | CHAR | 3 | -1",
      "CHARACTER | CHAR | -1 | -1",
      "VARCHAR | VARCHAR | -1 | -1",
      "VARCHAR(100) | VARCHAR | 100 | -1",
      "CHARACTER VARYING(10) | VARCHAR | 10 | -1",
      "STRING | VARCHAR | -1 | -1",
      "text | VARCHAR | -1 | -1",
      "DATE | DATE | -1 | -1",
      "TIME | TIME | -1 | -1",
      "TIME(3) | TIME | 3 | -1",
      "TIMESTAMP | TIMESTAMP | -1 | -1",
      "TIMESTAMP(3) | TIMESTAMP | 3 | -1",
      "INTERVAL YEAR | INTERVAL YEAR TO MONTH | -1 | -1",
      "INTERVAL MONTH | INTERVAL YEAR TO MONTH | -1 | -1",
      "INTERVAL YEAR(4) TO MONTH | INTERVAL YEAR TO MONTH | 4 | -1",
      "INTERVAL DAY | INTERVAL DAY TO SECOND | -1 | -1",
      "INTERVAL DAY TO HOUR | INTERVAL DAY TO SECOND | -1 | -1",
      "INTERVAL DAY(3) TO SECOND(6) | INTERVAL DAY TO SECOND | 3 | 6",
      "INTERVAL HOUR TO MINUTE | INTERVAL DAY TO SECOND | -1 | -1",
      "INTERVAL MINUTE TO SECOND | INTERVAL DAY TO SECOND | -1 | -1",
      "interval second | INTERVAL DAY TO SECOND | -1 | -1",
  })
  void typeSynonymsMapToCanonicalNames(String written, String name, int precision, int scale) {
    CreateTable table = parse("CREATE TABLE t (c " + written + " NOT NULL)", CreateTable.class);
    assertEquals(new TypeSpec(name, precision, scale), table.columns().get(0).type());
    assertTrue(table.columns().get(0).notNull());
  }

  @Test
  void unknownTypeListsKnownTypes() {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> StatementParser.parse("CREATE TABLE t (a INT,\n  b VARCHR(10))"));
    assertEquals(2, error.line());
    assertEquals(5, error.column());
    assertEquals("VARCHR", error.token());
    assertTrue(error.getMessage().startsWith("Error at line 2, column 5: unknown type 'VARCHR'; known types are BOOLEAN, "),
        error.getMessage());
    assertTrue(error.getMessage().contains("TIMESTAMP, INTERVAL"), error.getMessage());
  }

  // ---- other statements

  @Test
  void drop() {
    assertEquals(new Drop(ObjectKind.TABLE, "t", false), StatementParser.parse("DROP TABLE t"));
    assertEquals(new Drop(ObjectKind.VIEW, "v", true), StatementParser.parse("drop view if exists v;"));
    assertEquals(new Drop(ObjectKind.SOURCE, "Bids", false), StatementParser.parse("DROP SOURCE \"Bids\""));
    assertEquals(new Drop(ObjectKind.SINK, "if", false), StatementParser.parse("DROP SINK if"));
  }

  @Test
  void primaryKeyInlineAndAsConstraintMakesItsColumnsNotNull() {
    CreateTable inline = parse("CREATE TABLE tab0 (pk INTEGER PRIMARY KEY, col0 INTEGER)", CreateTable.class);
    assertEquals(List.of("pk"), inline.primaryKey());
    assertTrue(inline.columns().get(0).notNull());
    assertFalse(inline.columns().get(1).notNull());

    CreateTable constraint = parse(
        "CREATE TABLE t (a INT, b VARCHAR NOT NULL, c INT, CONSTRAINT t_key PRIMARY KEY (a, b))", CreateTable.class);
    assertEquals(List.of("a", "b"), constraint.primaryKey());
    assertTrue(constraint.columns().get(0).notNull());
    assertFalse(constraint.columns().get(2).notNull());

    assertEquals(List.of("id"),
        parse("create table t (id bigint not null primary key)", CreateTable.class).primaryKey());
    assertEquals(List.of(), parse("CREATE TABLE t (id BIGINT)", CreateTable.class).primaryKey());
  }

  @Test
  void createAndDropIndex() {
    assertEquals(new CreateIndex("t1i0", "t1", List.of("a1", "b1"), false, false),
        StatementParser.parse("CREATE INDEX t1i0 ON t1(a1, b1)"));
    assertEquals(new CreateIndex("u", "tab1", List.of("col0", "col1"), true, true),
        StatementParser.parse("create unique index if not exists u on tab1 (col0 DESC, col1 asc);"));
    assertEquals(new Drop(ObjectKind.INDEX, "u", true), StatementParser.parse("DROP INDEX IF EXISTS u"));
  }

  @Test
  void indexMethodInPostgresAndMysqlSpellings() {
    assertEquals("hash", ((CreateIndex) StatementParser.parse("CREATE INDEX i ON t USING hash (a)")).method());
    assertEquals("btree", ((CreateIndex) StatementParser.parse("CREATE INDEX i USING BTREE ON t (a)")).method());
    assertEquals("hash", ((CreateIndex) StatementParser.parse("CREATE INDEX i ON t (a, b) USING HASH")).method());
    assertEquals("btree", ((CreateIndex) StatementParser.parse("CREATE INDEX using ON t (a)")).method());
    assertEquals("using", ((CreateIndex) StatementParser.parse("CREATE INDEX using ON t (a)")).name());
    SqlParseError unknown = assertThrows(SqlParseError.class,
        () -> StatementParser.parse("CREATE INDEX i ON t USING gist (a)"));
    assertTrue(unknown.getMessage().contains("unknown index method 'gist'"), unknown.getMessage());
    assertEquals(1, unknown.line());
    assertEquals(27, unknown.column());
    SqlParseError twice = assertThrows(SqlParseError.class,
        () -> StatementParser.parse("CREATE INDEX i USING hash ON t USING btree (a)"));
    assertTrue(twice.getMessage().contains("given twice"), twice.getMessage());
  }

  @Test
  void dropTableCascadeOrRestrict() {
    assertEquals(new Drop(ObjectKind.TABLE, "t", false, true), StatementParser.parse("DROP TABLE t CASCADE"));
    assertEquals(new Drop(ObjectKind.TABLE, "t", true, false), StatementParser.parse("drop table if exists t restrict;"));
  }

  @Test
  void newKeywordsStayNames() {
    CreateTable table = parse("CREATE TABLE t (key INT, index INT, primary INT, unique INT, cascade INT, restrict INT,"
        + " constraint INT, asc INT)", CreateTable.class);
    assertEquals(List.of("key", "index", "primary", "unique", "cascade", "restrict", "constraint", "asc"),
        table.columns().stream().map(ColumnDefinition::name).toList());
    assertEquals(new CreateIndex("index", "key", List.of("primary", "unique"), false, false),
        StatementParser.parse("CREATE INDEX index ON key (primary, unique)"));
    assertEquals(new Drop(ObjectKind.TABLE, "cascade", false, true), StatementParser.parse("DROP TABLE cascade CASCADE"));
  }

  @Test
  void insert() {
    Insert insert = parse("INSERT INTO hot\nSELECT window_start, auction, COUNT(*) AS bids\n"
        + "FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
        + "GROUP BY window_start, window_end, auction;", Insert.class);
    assertEquals("hot", insert.target());
    assertEquals(List.of(), insert.columns());
    assertEquals(2, insert.query().line());
    assertEquals(1, insert.query().column());
    assertEquals(16, insert.query().offset());
    assertTrue(insert.query().text().startsWith("SELECT window_start"));
    assertTrue(insert.query().text().endsWith("window_end, auction"));

    Insert values = parse("insert into t (a, \"B\") values (1, 'x'), (2, 'y')", Insert.class);
    assertEquals(List.of("a", "B"), values.columns());
    assertEquals(new SqlSpan("values (1, 'x'), (2, 'y')", 1, 24, 23), values.query());

    Insert parenthesised = parse("INSERT INTO t (SELECT 1)", Insert.class);
    assertEquals(List.of(), parenthesised.columns());
    assertEquals("(SELECT 1)", parenthesised.query().text());
  }

  @Test
  void updateAndDeleteSpanTheWholeStatement() {
    Update update = parse("UPDATE customer SET name = 'x;y' WHERE id = 1;", Update.class);
    assertEquals("customer", update.table());
    assertEquals(new SqlSpan("UPDATE customer SET name = 'x;y' WHERE id = 1", 1, 1, 0), update.statement());
    Delete delete = parse("  delete from \"Orders\" where id < 10", Delete.class);
    assertEquals("Orders", delete.table());
    assertEquals(new SqlSpan("delete from \"Orders\" where id < 10", 1, 3, 2), delete.statement());
    assertEquals("DELETE FROM t", parse("DELETE FROM t", Delete.class).statement().text());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "SET 'pipeline.trigger' = '1 second' | pipeline.trigger | 1 second",
      "set 'pipeline.checkpoint' = 'ckpt/'; | pipeline.checkpoint | ckpt/",
      "SET 'Max-Files-Per-Trigger' = '3' | max-files-per-trigger | 3",
      "SET parallelism = 4 | parallelism | 4",
      "SET pipeline.Trigger = once | pipeline.trigger | once",
      "SET verbose = TRUE | verbose | TRUE",
      "SET pipeline.trigger = 'available-now' | pipeline.trigger | available-now",
      "SET 'quote' = 'it''s' | quote | it's",
  })
  void setOption(String text, String key, String value) {
    assertEquals(new SetOption(key, value), StatementParser.parse(text));
  }

  @Test
  void resetOption() {
    assertEquals(new ResetOption("pipeline.trigger"), StatementParser.parse("RESET 'pipeline.trigger'"));
    assertEquals(new ResetOption("pipeline.trigger"), StatementParser.parse("reset Pipeline.Trigger;"));
    assertEquals(new ResetOption(null), StatementParser.parse("RESET"));
  }

  @Test
  void stopQuery() {
    assertEquals(new StopQuery("q1"), StatementParser.parse("STOP QUERY q1"));
    assertEquals(new StopQuery("q12"), StatementParser.parse("stop query q12;"));
    SqlParseError e = assertThrows(SqlParseError.class, () -> StatementParser.parse("STOP QUERY"));
    assertEquals(1, e.line());
    assertEquals(11, e.column());
  }

  @Test
  void stepQuery() {
    assertEquals(new StepQuery("q1"), StatementParser.parse("STEP QUERY q1"));
    assertEquals(new StepQuery("q3"), StatementParser.parse("step query q3;"));
    SqlParseError e = assertThrows(SqlParseError.class, () -> StatementParser.parse("STEP QUERY"));
    assertEquals(1, e.line());
    assertEquals(11, e.column());
  }

  @Test
  void showAndDescribe() {
    assertEquals(new Show(ShowKind.TABLES), StatementParser.parse("SHOW TABLES"));
    assertEquals(new Show(ShowKind.VIEWS), StatementParser.parse("show views;"));
    assertEquals(new Show(ShowKind.SOURCES), StatementParser.parse("Show Sources"));
    assertEquals(new Show(ShowKind.SINKS), StatementParser.parse("SHOW SINKS"));
    assertEquals(new Show(ShowKind.FUNCTIONS), StatementParser.parse("SHOW FUNCTIONS"));
    assertEquals(new Show(ShowKind.QUERIES), StatementParser.parse("SHOW QUERIES"));
    assertEquals(new Show(ShowKind.PROGRESS), StatementParser.parse("show progress"));
    assertEquals(new Show(ShowKind.SETTINGS), StatementParser.parse("SHOW SETTINGS"));
    assertEquals(new Show(ShowKind.SETTINGS), StatementParser.parse("SET"), "SET alone lists the settings");
    assertEquals(new Show(ShowKind.SETTINGS), StatementParser.parse("set;"));
    assertEquals(new Describe("bids"), StatementParser.parse("DESCRIBE bids"));
    assertEquals(new Describe("My Table"), StatementParser.parse("desc \"My Table\";"));
    assertEquals(new Describe("source"), StatementParser.parse("DESC source"));
  }

  @Test
  void explain() {
    Explain plain = parse("EXPLAIN SELECT 1", Explain.class);
    assertEquals(ExplainKind.PLAN, plain.kind());
    assertEquals(new QueryStatement(new SqlSpan("SELECT 1", 1, 9, 8)), plain.target());

    Explain planFor = parse("EXPLAIN PLAN FOR\n  SELECT * FROM t", Explain.class);
    assertEquals(ExplainKind.PLAN, planFor.kind());
    assertEquals(new QueryStatement(new SqlSpan("SELECT * FROM t", 2, 3, 19)), planFor.target());

    Explain codegen = parse("explain codegen INSERT INTO s SELECT * FROM t", Explain.class);
    assertEquals(ExplainKind.CODEGEN, codegen.kind());
    Insert insert = assertInstanceOf(Insert.class, codegen.target());
    assertEquals("s", insert.target());
    assertEquals(new SqlSpan("SELECT * FROM t", 1, 31, 30), insert.query());

    Explain analyze = parse("EXPLAIN ANALYZE VALUES (1)", Explain.class);
    assertEquals(ExplainKind.ANALYZE, analyze.kind());
    assertEquals("VALUES (1)", ((QueryStatement) analyze.target()).query().text());

    Explain checkpoint = parse("EXPLAIN CHECKPOINT INSERT INTO s SELECT * FROM t", Explain.class);
    assertEquals(ExplainKind.CHECKPOINT, checkpoint.kind());
    assertEquals("s", assertInstanceOf(Insert.class, checkpoint.target()).target());
  }

  @Test
  void checkpointStatements() {
    assertEquals(new ShowCheckpoint("ckpt/it's"), StatementParser.parse("show checkpoint 'ckpt/it''s';"));
    Replay replay = parse("REPLAY BATCH 12\n  INSERT INTO hot SELECT * FROM bids", Replay.class);
    assertEquals(12, replay.batch());
    assertEquals("hot", replay.insert().target());
    assertEquals(new SqlSpan("SELECT * FROM bids", 2, 19, 34), replay.insert().query());
    // the new words stay usable as names
    assertEquals(List.of("batch", "checkpoint", "replay"), parse("CREATE TABLE t (batch INT, checkpoint INT,"
        + " replay INT)", CreateTable.class).columns().stream().map(ColumnDefinition::name).toList());
    SqlParseError tooLarge = assertThrows(SqlParseError.class,
        () -> StatementParser.parse("REPLAY BATCH 99999999999999999999 INSERT INTO s SELECT 1"));
    assertEquals(14, tooLarge.column());
  }

  @Test
  void keywordsMayBeUsedAsNames() {
    CreateTable table = parse("CREATE TABLE source (year INT, day INT, plan VARCHAR, watermark BIGINT, \"select\" INT)",
        CreateTable.class);
    assertEquals("source", table.name());
    assertEquals(List.of("year", "day", "plan", "watermark", "select"),
        table.columns().stream().map(ColumnDefinition::name).toList());
    assertEquals(Map.of("table", "x", "format.type", "y"),
        parse("CREATE SINK s WITH (table = 'x', format.type = 'y')", CreateSink.class).options());
  }

  // ---- errors

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // statement | line | column | token | message
      "DESCRIBE FORM t | 1 | 15 | t | Syntax error at line 1, column 15: unexpected 't'; expected ';' or end of input",
      "SELEC * FROM t | 1 | 1 | SELEC | Syntax error at line 1, column 1: unexpected 'SELEC'; "
          + "expected a statement such as SELECT, INSERT, CREATE, DROP, SET, SHOW, DESCRIBE or EXPLAIN",
      "CREATE TABLE t (a INT,\\n  b) | 2 | 4 | ) | Syntax error at line 2, column 4: unexpected ')'; expected a data type",
      "CREATE TABLE t (a INT b INT) | 1 | 23 | b | Syntax error at line 1, column 23: unexpected 'b'; expected ')' or ','",
      "CREATE TABEL t (a INT) | 1 | 8 | TABEL | Syntax error at line 1, column 8: unexpected 'TABEL'; "
          + "expected one of INDEX, OR, SINK, SOURCE, TABLE, UNIQUE, VIEW",
      "DROP TABLE | 1 | 11 |  | Syntax error at line 1, column 11: unexpected end of input; expected identifier",
      "SHOW TABLE | 1 | 6 | TABLE | Syntax error at line 1, column 6: unexpected 'TABLE'; "
          + "expected one of CHECKPOINT, FUNCTIONS, INDEXES, PROGRESS, QUERIES, SETTINGS, SINKS, SOURCES, ...",
      "CREATE SINK s WITH (path 'x') | 1 | 26 | 'x' | Syntax error at line 1, column 26: unexpected ''x''; expected '='",
      "CREATE SINK s WITH (path = x) | 1 | 28 | x | Syntax error at line 1, column 28: unexpected 'x'; "
          + "expected one of FALSE, TRUE, '-', string literal, integer, number",
      "SELECT 1; SELECT 2 | 1 | 11 | SELECT | Syntax error at line 1, column 11: unexpected 'SELECT'; expected end of input",
      "CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR ts AS) | 1 | 51 | ) | Syntax error at line 1, column 51: unexpected ')'; expected an expression",
      "`  -- nothing` | 1 | 13 |  | Syntax error at line 1, column 13: unexpected end of input; "
          + "expected a statement such as SELECT, INSERT, CREATE, DROP, SET, SHOW, DESCRIBE or EXPLAIN",
      "SET 'a' = | 1 | 10 |  | Syntax error at line 1, column 10: unexpected end of input; "
          + "expected one of identifier, '-', string literal, integer, number",
      "CREATE SINK s WITH (x = 'y', ) | 1 | 30 | ) | Syntax error at line 1, column 30: unexpected ')'; "
          + "expected identifier or string literal",
      "INSERT INTO t (a, b) | 1 | 21 |  | Syntax error at line 1, column 21: unexpected end of input; "
          + "expected one of SELECT, TABLE, VALUES, WITH, '('",
  })
  void syntaxErrorsCarryPositionAndToken(String text, int line, int column, String token, String message) {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> StatementParser.parse(text.replace("\\n", "\n")));
    assertEquals(message, error.getMessage());
    assertEquals(line, error.line());
    assertEquals(column, error.column());
    assertEquals(token == null ? "" : token, error.token());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "CREATE SINK s WITH (path = 'a',\\n  PATH = 'b') | 2 | 3 | duplicate option 'path'",
      "CREATE SINK s WITH ('x' = 'a', x = 'b') | 1 | 32 | duplicate option 'x'",
      "CREATE TABLE t (a INT, A BIGINT) | 1 | 24 | duplicate column name 'A'",
      "CREATE TABLE t (ts TIMESTAMP, WATERMARK FOR ts AS ts) | 1 | 31 | WATERMARK is only allowed in CREATE SOURCE",
      "CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR ts AS ts, WATERMARK FOR ts AS ts) | 1 | 56 | a source has at most one WATERMARK",
      "CREATE SOURCE s (ts TIMESTAMP, WATERMARK FOR t AS t) | 1 | 46 | watermark column 't' is not a column of the source",
      "CREATE SINK s (a INT, PRIMARY KEY (a)) | 1 | 23 | PRIMARY KEY is only allowed in CREATE SOURCE and CREATE TABLE",
      "CREATE SINK s (a INT PRIMARY KEY) | 1 | 22 | PRIMARY KEY is only allowed in CREATE SOURCE and CREATE TABLE",
      "CREATE SOURCE s (a INT, PRIMARY KEY (b) NOT ENFORCED) | 1 | 38 | primary key column 'b' is not a column",
      "CREATE SOURCE s (a INT, PRIMARY KEY (a, A)) | 1 | 41 | column 'A' appears twice in the primary key",
      "CREATE SOURCE s (a INT, PRIMARY KEY (a), PRIMARY KEY (a)) | 1 | 42 | at most one PRIMARY KEY may be declared",
      "CREATE TABLE t (a INT PRIMARY KEY, PRIMARY KEY (a)) | 1 | 36 | at most one PRIMARY KEY may be declared",
      "CREATE TABLE t (a INT NOT NULL NULL) | 1 | 32 | column 'a' is declared both NULL and NOT NULL",
      "CREATE INDEX i ON t (a, A) | 1 | 25 | column 'A' appears twice in the index",
      "CREATE OR REPLACE INDEX i ON t (a) | 1 | 8 | OR REPLACE is not supported for CREATE INDEX",
      "DROP VIEW v CASCADE | 1 | 13 | CASCADE is only supported for DROP TABLE",
      "CREATE TABLE t (a INT(3)) | 1 | 23 | type INT takes no precision",
      "CREATE TABLE t (a VARCHAR(3, 1)) | 1 | 30 | type VARCHAR takes no scale",
      "CREATE TABLE t (a INTERVAL YEAR TO DAY) | 1 | 36 | invalid interval qualifier YEAR TO DAY",
      "CREATE TABLE t (a INTERVAL SECOND TO MINUTE) | 1 | 38 | invalid interval qualifier SECOND TO MINUTE",
      "CREATE OR REPLACE SOURCE s (a INT) | 1 | 8 | OR REPLACE is not supported for CREATE SOURCE",
      "create or replace sink s | 1 | 8 | OR REPLACE is not supported for CREATE SINK",
      "DROP VIEW \"\" | 1 | 11 | zero-length identifier",
  })
  void semanticErrorsCarryPosition(String text, int line, int column, String reason) {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> StatementParser.parse(text.replace("\\n", "\n")));
    assertEquals("Error at line " + line + ", column " + column + ": " + reason, error.getMessage());
    assertEquals(line, error.line());
    assertEquals(column, error.column());
  }

  @Test
  void unterminatedStringIsReportedWhereItStarts() {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> StatementParser.parse("CREATE SINK s WITH (\n  path = 'out/)"));
    assertEquals(2, error.line());
    assertEquals(10, error.column());
    assertEquals("Unterminated string literal starting at line 2, column 10", error.getMessage());
  }

  @Test
  void errorsAreNotPrintedToStandardError() {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      assertThrows(SqlParseError.class, () -> StatementParser.parse("CREATE TABLE (a INT"));
      assertThrows(SqlParseError.class, () -> StatementParser.parse("DROP ; x"));
      assertThrows(SqlParseError.class, () -> StatementParser.parse("SHOW \u0001"));
    } finally {
      System.setErr(original);
    }
    assertEquals("", captured.toString(StandardCharsets.UTF_8));
  }

  @Test
  void errorsMapToScriptPositions() {
    String script = "SHOW TABLES;\n\n  CREATE TABLE t (a INT,\n    b FOO);";
    StatementText statement = ScriptSplitter.split(script).get(1);
    SqlParseError error = assertThrows(SqlParseError.class, () -> StatementParser.parse(statement.text()));
    assertEquals(2, error.line());
    assertEquals(7, error.column());
    SqlParseError inScript = error.inScript(statement);
    assertEquals(4, inScript.line());
    assertEquals(7, inScript.column());
    assertEquals("FOO", inScript.token());
    assertTrue(inScript.getMessage().startsWith("Error at line 4, column 7: unknown type 'FOO'"), inScript.getMessage());
    SqlParseError firstLine = assertThrows(SqlParseError.class,
        () -> StatementParser.parse(ScriptSplitter.split("SHOW TABLES;   DROP TABLE;").get(1).text()));
    assertEquals(List.of(1, 26), List.of(
        firstLine.inScript(ScriptSplitter.split("SHOW TABLES;   DROP TABLE;").get(1)).line(),
        firstLine.inScript(ScriptSplitter.split("SHOW TABLES;   DROP TABLE;").get(1)).column()));
  }

  @Test
  void supplementaryCharactersDoNotShiftPositions() {
    // Columns count UTF-16 chars, as Calcite does: the emoji takes two.
    String text = "CREATE TABLE \"\uD83D\uDE00\" (a INT) WITH (note = '\uD83D\uDE00') AS SELECT 'x'";
    CreateTable table = parse(text, CreateTable.class);
    assertEquals("\uD83D\uDE00", table.name());
    assertEquals(text.indexOf("a INT") + 1, table.columns().get(0).column());
    int query = text.indexOf("SELECT");
    assertEquals(new SqlSpan("SELECT 'x'", 1, query + 1, query), table.asQuery());
  }
}
