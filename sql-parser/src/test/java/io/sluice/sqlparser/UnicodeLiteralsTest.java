package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlSelect;
import org.apache.calcite.util.NlsString;
import org.junit.jupiter.api.Test;

/**
 * Unicode string literals ({@code U&'...'}, SQL:2016 5.3 and PostgreSQL's "String Constants With
 * Unicode Escapes"): four- and six-digit escapes, a doubled escape, UESCAPE, and the escapes the
 * standard does not allow, refused where they are.
 */
class UnicodeLiteralsTest {

  private static String value(String query) {
    SqlNode parsed = CalciteSql.parseQuery(new SqlSpan(query, 1, 1, 0));
    SqlNodeList list = ((SqlSelect) parsed).getSelectList();
    return ((SqlCharStringLiteral) list.get(0)).getValueAs(NlsString.class).getValue();
  }

  @Test
  void decodesFourAndSixDigitEscapes() {
    assertEquals("data", value("SELECT U&'d\\0061t\\+000061'"));
    assertEquals("😀", value("SELECT U&'\\+01F600'"));
    assertEquals("a😀b", value("SELECT u&'a\\+01f600b'"));
    assertEquals("😀", value("SELECT U&'\\D83D\\DE00'"));
    assertEquals("\\ and it's", value("SELECT U&'\\\\ and it''s'"));
    assertEquals("\u00e9t\u00e9 😀", value("SELECT U&'!00e9t!00e9 !+01F600' UESCAPE '!'"));
    assertEquals("!\\", value("SELECT U&'!!\\' UESCAPE '!'"));
  }

  @Test
  void keepsEveryOtherTextAsItIs() {
    String sql = "SELECT 'U&''x''', \"U&\", E'U&\\'', N'\\+01F600' -- U&'\\+zz'\n FROM t /* U&'\\+zz' */";
    assertSame(sql, UnicodeLiterals.decode(sql));
  }

  /** Tokens after a decoded literal keep their columns: a syntax error there is reported where it is. */
  @Test
  void positionsAfterTheLiteralAreTheUsers() {
    String original = "SELECT U&'\\+01F600' UESCAPE '\\' AS x, U&'date' AS date FROM t";
    String decoded = UnicodeLiterals.decode(original);
    assertEquals(original.length(), decoded.length());
    assertTrue(decoded.startsWith("SELECT '😀' "), decoded);
    assertEquals(original.indexOf(" AS x,"), decoded.indexOf(" AS x,"), decoded);
    assertEquals(original.indexOf(" AS date"), decoded.indexOf(" AS date"), decoded);
    assertEquals("\"date\"", SoftKeywords.rewrite(decoded).text().substring(decoded.indexOf(" AS date") + 4,
        decoded.indexOf(" AS date") + 10));
    SqlParseError error = assertThrows(SqlParseError.class,
        () -> CalciteSql.parseQuery(new SqlSpan("SELECT U&'\\+01F600', FROM t", 1, 1, 0)));
    assertEquals(1, error.line());
    assertEquals(22, error.column(), error.getMessage()); // FROM, as the user wrote it
  }

  @Test
  void refusesEscapesTheStandardDoesNotAllow() {
    String[][] cases = {
        {"SELECT 1, U&'ab\\12G4'", "16", "takes four hex digits"},
        {"SELECT 1, U&'ab\\+01F6'", "16", "takes six hex digits"},
        {"SELECT 1, U&'ab\\+110000'", "16", "largest code point is 10FFFF"},
        {"SELECT 1, U&'ab\\'", "16", "takes four hex digits"},
        {"SELECT 1, U&'x' UESCAPE '+'", "26", "cannot be the escape character"},
        {"SELECT 1, U&'x' UESCAPE 'ab'", "17", "UESCAPE takes one character"},
    };
    for (String[] c : cases) {
      InvalidTextError error = assertThrows(InvalidTextError.class,
          () -> CalciteSql.parseQuery(new SqlSpan(c[0], 2, 5, 0)), c[0]);
      assertEquals(2, error.line(), c[0]);
      assertEquals(Integer.parseInt(c[1]) + 4, error.column(), c[0] + ": " + error.getMessage());
      assertTrue(error.getMessage().contains(c[2]), error.getMessage());
      assertEquals(InvalidTextError.Kind.INVALID_ESCAPE, error.kind());
    }
  }
}
