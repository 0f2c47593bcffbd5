package io.sluice.sqlparser;

/** Renders the line of text an error points at, with a caret under the offending column. */
public final class ErrorContext {
  private ErrorContext() {}

  /**
   * Returns the {@code line}-th line of {@code text} (1-based), a line break, and a line with a
   * {@code ^} under {@code column} (1-based). Tabs before the column are repeated in the caret
   * line so that the caret lines up however wide the terminal shows a tab. Returns "" when the
   * line does not exist.
   */
  public static String render(String text, int line, int column) {
    if (text == null || line < 1) {
      return "";
    }
    TextPositions positions = new TextPositions(text);
    if (line > positions.lineCount()) {
      return "";
    }
    String lineText = positions.lineText(line);
    StringBuilder caret = new StringBuilder();
    int before = Math.max(0, column - 1);
    for (int i = 0; i < before; i++) {
      caret.append(i < lineText.length() && lineText.charAt(i) == '\t' ? '\t' : ' ');
    }
    caret.append('^');
    return lineText + "\n" + caret;
  }
}
