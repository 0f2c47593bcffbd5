package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScriptSplitterTest {

  @Test
  void splitsStatementsAndReportsWhereEachStarts() {
    String script = "CREATE TABLE t (a INT);\n"
        + "  INSERT INTO t VALUES (1);\n"
        + "\n"
        + "SELECT *\n"
        + "  FROM t";
    List<StatementText> statements = ScriptSplitter.split(script);
    assertEquals(List.of(
        new StatementText("CREATE TABLE t (a INT)", 1, 1, 0),
        new StatementText("INSERT INTO t VALUES (1)", 2, 3, 26),
        new StatementText("SELECT *\n  FROM t", 4, 1, 53)), statements);
    for (StatementText statement : statements) {
      assertEquals(statement.text(),
          script.substring(statement.offset(), statement.offset() + statement.text().length()));
    }
  }

  @Test
  void ignoresSemicolonsInCommentsStringsAndQuotedIdentifiers() {
    String script = "-- first; not a statement\n"
        + "SELECT 'a;b', \"x;y\" FROM t /* c; d */ WHERE s = 'it''s;';\n"
        + "/* block;\n comment */ SELECT \"q\"\";\" FROM u; -- trailing; comment\n";
    List<StatementText> statements = ScriptSplitter.split(script);
    assertEquals(2, statements.size());
    assertEquals("SELECT 'a;b', \"x;y\" FROM t /* c; d */ WHERE s = 'it''s;'", statements.get(0).text());
    assertEquals(2, statements.get(0).line());
    assertEquals(1, statements.get(0).column());
    assertEquals("SELECT \"q\"\";\" FROM u", statements.get(1).text());
    assertEquals(4, statements.get(1).line());
    assertEquals(13, statements.get(1).column());
  }

  @Test
  void dropsEmptyAndCommentOnlyStatements() {
    List<StatementText> statements = ScriptSplitter.split(";;  -- only a comment\n ; /* x */ ;\nSHOW TABLES;  \n-- end");
    assertEquals(List.of(new StatementText("SHOW TABLES", 3, 1, 35)), statements);
    assertEquals(List.of(), ScriptSplitter.split("  -- nothing\n/* at all */ ; "));
    assertEquals(List.of(), ScriptSplitter.split(""));
  }

  @Test
  void dropsTrailingCommentButKeepsInnerComments() {
    List<StatementText> statements = ScriptSplitter.split("SELECT 1 -- one\n + 2 -- two\n;");
    assertEquals("SELECT 1 -- one\n + 2", statements.get(0).text());
  }

  @Test
  void countsCrLfAndLoneCrAsOneLineBreak() {
    List<StatementText> statements = ScriptSplitter.split("SELECT 1;\r\nSELECT 2;\r  SELECT 3");
    assertEquals(2, statements.get(1).line());
    assertEquals(1, statements.get(1).column());
    assertEquals(3, statements.get(2).line());
    assertEquals(3, statements.get(2).column());
  }

  @Test
  void mapsStatementPositionsToScriptPositions() {
    StatementText statement = ScriptSplitter.split("SELECT 1;\n   SELECT a\n  FROM t").get(1);
    assertEquals(List.of(2, 4), List.of(statement.toScriptPosition(1, 1)[0], statement.toScriptPosition(1, 1)[1]));
    assertEquals(List.of(2, 11), List.of(statement.toScriptPosition(1, 8)[0], statement.toScriptPosition(1, 8)[1]));
    assertEquals(List.of(3, 3), List.of(statement.toScriptPosition(2, 3)[0], statement.toScriptPosition(2, 3)[1]));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      // script | line | column | token | construct
      "SELECT 1;\\nSELECT 'abc;\\nmore | 2 | 8 | ' | string literal",
      "SELECT 'it''s | 1 | 8 | ' | string literal",
      "SELECT \"col;\\n FROM t | 1 | 8 | \" | quoted identifier",
      "SELECT 1; /* never; \\n closed | 1 | 11 | /* | block comment",
      "SELECT 1 -- fine\\n  , '';\\n\\t'x | 3 | 2 | ' | string literal",
  })
  void reportsUnterminatedConstructsWhereTheyStart(
      String script, int line, int column, String token, String construct) {
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> ScriptSplitter.split(script.replace("\\n", "\n").replace("\\t", "\t")));
    assertEquals(line, error.line());
    assertEquals(column, error.column());
    assertEquals(token, error.token());
    assertEquals("Unterminated " + construct + " starting at line " + line + ", column " + column,
        error.getMessage());
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
      "SELECT 1; | true",
      "SELECT 1;   \\n  | true",
      "SELECT 1; -- done | true",
      "SELECT 1; /* done */ | true",
      "SELECT 1 | false",
      "SELECT 1;\\nSELECT 2 | false",
      "SELECT ';' | false",
      "SELECT 'a;\\n | false",
      "SELECT \"a;\" | false",
      "SELECT 1 -- ; | false",
      "SELECT 1 /* ; */ | false",
      "SELECT 1 /* ; | false",
      "SELECT 'it''s'; | true",
      "'' | false",
  })
  void detectsCompleteInput(String buffer, boolean complete) {
    assertEquals(complete, ScriptSplitter.isComplete(buffer.replace("\\n", "\n")));
  }

  @Test
  void emptyInputIsNotComplete() {
    assertEquals(false, ScriptSplitter.isComplete(""));
    assertEquals(false, ScriptSplitter.isComplete("   \n -- comment"));
  }
}
