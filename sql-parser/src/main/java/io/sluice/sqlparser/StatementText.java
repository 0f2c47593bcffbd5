package io.sluice.sqlparser;

/**
 * One statement cut from a script: its text (from its first real character up to, not including,
 * the terminating {@code ;}), and where that first character is in the script: 1-based line and
 * column, 0-based char offset.
 */
public record StatementText(String text, int line, int column, int offset) {

  /**
   * Maps a 1-based position inside {@link #text()} (as reported by {@link StatementParser} or
   * {@link CalciteSql}) to the script's coordinates; returns {line, column}.
   */
  public int[] toScriptPosition(int statementLine, int statementColumn) {
    if (statementLine <= 1) {
      return new int[] {line, column + statementColumn - 1};
    }
    return new int[] {line + statementLine - 1, statementColumn};
  }
}
