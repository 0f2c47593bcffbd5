package io.sluice.sqlparser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ErrorContextTest {

  @Test
  void caretUnderTheColumn() {
    assertEquals("SELECT * FORM t\n         ^", ErrorContext.render("SELECT * FORM t", 1, 10));
  }

  @Test
  void picksTheLineAndKeepsTabs() {
    String text = "SELECT a,\r\n\tb,\t\tc\nFROM t";
    assertEquals("\tb,\t\tc\n\t  \t\t^", ErrorContext.render(text, 2, 6));
    assertEquals("FROM t\n^", ErrorContext.render(text, 3, 1));
  }

  @Test
  void caretAfterTheLastCharacterForEndOfInput() {
    assertEquals("DROP TABLE\n          ^", ErrorContext.render("DROP TABLE", 1, 11));
  }

  @Test
  void missingLineRendersNothing() {
    assertEquals("", ErrorContext.render("SELECT 1", 2, 1));
    assertEquals("", ErrorContext.render("SELECT 1", 0, 1));
  }
}
