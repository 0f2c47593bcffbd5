package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The query shortcut gives exactly the grammar's statement, or leaves the text to the grammar. */
class QueryShortcutTest {

  @ParameterizedTest
  @ValueSource(strings = {
      "SELECT 1",
      "select 1;",
      "  SELECT 1 ;  -- done",
      "-- first\nSELECT a\n  FROM t /* inside */ WHERE x = 'a;b' -- last",
      "((SELECT 1))",
      "( /* c */ VALUES (1), (2))",
      "WITH q AS (SELECT 1) SELECT * FROM q",
      "TABLE t",
      "SELECT 'it''s', \"a\"\"b\" FROM t",
      "SELECT 1\r\n;\r\n",
      "\u00A0SELECT 1",
      "SELECT\t1 /* ; */",
      "SELECT '日本' AS \"名前\"",
      "SELECT 1 -- ; no end here",
      "\n\n  SELECT x\n  FROM t;",
      "SELECT * FROM t WHERE s = ';' AND q = \";\" /* ; */",
      "values(1)",
      "SELECT(1)",
      "SELECT 1 /**/;/**/",
      "SELECT 1 - -1",
      "SELECT 6 / 3 * 2",
  })
  void aQueryIsTheGrammarsQuery(String text) {
    QueryStatement shortcut = QueryShortcut.query(text);
    assertNotNull(shortcut, text);
    assertEquals(StatementParser.parseWithGrammar(text), shortcut, text);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "",
      "  -- only a comment",
      "SELECTED FROM t",
      "SELECT_1",
      "SELECT$ FROM t",
      "SELECT1",
      "SELECTé",
      "SELECT 1; SELECT 2",
      "SELECT 1; x",
      "INSERT INTO t SELECT 1",
      "CREATE TABLE t AS SELECT 1",
      "EXPLAIN SELECT 1",
      "SHOW TABLES",
      "( INSERT INTO t VALUES (1))",
      "SELECT 1 /* never closed",
      "SELECT 'never closed",
      "SELECT \"never closed",
  })
  void anythingElseIsLeftToTheGrammar(String text) {
    assertNull(QueryShortcut.query(text), text);
  }
}
