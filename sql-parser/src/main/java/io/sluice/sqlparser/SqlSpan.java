package io.sluice.sqlparser;

/**
 * A piece of a statement's original text (a query, an expression) to be parsed by Calcite, with
 * the 1-based line and column and the 0-based char offset of its first character in the
 * statement text given to {@link StatementParser}.
 */
public record SqlSpan(String text, int line, int column, int offset) {

  /**
   * Maps a 1-based position inside this span (as Calcite reports it) to the statement's
   * coordinates; returns {line, column}.
   */
  public int[] toOuterPosition(int spanLine, int spanColumn) {
    if (spanLine <= 1) {
      return new int[] {line, column + spanColumn - 1};
    }
    return new int[] {line + spanLine - 1, spanColumn};
  }
}
