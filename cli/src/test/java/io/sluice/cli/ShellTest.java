package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ShellTest {

  @Test
  void statementsAreCompleteAtTheirSemicolon() {
    assertTrue(Shell.isComplete("SELECT 1;"));
    assertTrue(Shell.isComplete("SELECT 1;  -- done"));
    assertTrue(Shell.isComplete("SELECT 1\nFROM t\nWHERE x = 2;"));
    assertFalse(Shell.isComplete("SELECT 1"));
    assertFalse(Shell.isComplete("SELECT 1\nFROM t"));
    assertFalse(Shell.isComplete("SELECT ';"), "a semicolon inside a string does not end the statement");
    assertFalse(Shell.isComplete("SELECT 1 /* ; */"));
    assertFalse(Shell.isComplete("SELECT 1 -- ;"));
    assertTrue(Shell.isComplete("SELECT 'a;b';"));
  }

  @Test
  void commandsAndBlankLinesNeedNoSemicolon() {
    assertTrue(Shell.isComplete(""));
    assertTrue(Shell.isComplete("   "));
    assertTrue(Shell.isComplete("help"));
    assertTrue(Shell.isComplete("quit"));
    assertTrue(Shell.isComplete("\\q"));
    assertEquals("quit", Shell.command("exit"));
    assertEquals("quit", Shell.command("QUIT;"));
    assertEquals("quit", Shell.command("\\q"));
    assertEquals("help", Shell.command(" help "));
    assertEquals("", Shell.command(""));
    assertNull(Shell.command("SELECT 1;"));
    assertNull(Shell.command(";"), "a lone semicolon is (empty) SQL, not a command");
  }

  @Test
  void timingsAreSecondsToTheMillisecond() {
    assertEquals("0.000 s", ScriptRunner.seconds(0));
    assertEquals("0.007 s", ScriptRunner.seconds(7));
    assertEquals("0.012 s", ScriptRunner.seconds(12));
    assertEquals("0.450 s", ScriptRunner.seconds(450));
    assertEquals("1.005 s", ScriptRunner.seconds(1005));
    assertEquals("61.000 s", ScriptRunner.seconds(61_000));
  }

  @Test
  void echoedStatementsLookTyped() {
    assertEquals("sluice> SELECT 1\n     -> FROM t", ScriptRunner.prompted("SELECT 1\nFROM t"));
  }

  @Test
  void completionReadsTheTablesAStatementNames() {
    assertEquals(java.util.Set.of("keep", "other"),
        SqlCompleter.namedTables("SELECT k.id FROM keep k JOIN \"Other\" o ON k.id = o.id WHERE "));
    assertEquals(java.util.Set.of("t"), SqlCompleter.namedTables("UPDATE t SET "));
    assertEquals(java.util.Set.of(), SqlCompleter.namedTables("SELECT "));
  }
}
