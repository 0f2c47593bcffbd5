package io.sluice.sqlparser;

/**
 * A piece of a statement's original text (a query, an expression) to be parsed by Calcite, with
 * the 1-based line and column and the 0-based char offset of its first character in the
 * statement text given to {@link StatementParser}.
 *
 * <p>Calcite does not parse {@link #text()} itself but {@link #calciteText()}, where reserved words
 * used as names ({@code s.date}, {@code GROUP BY year}) are double-quoted (see
 * {@link SoftKeywords}); {@link #toOuterPosition} takes positions in that text, which is what
 * Calcite reports in parse errors and in the {@code SqlParserPos} of the nodes it builds.
 */
public record SqlSpan(String text, int line, int column, int offset) {

  /**
   * The text Calcite parses: {@link #text()} with {@code U&'...'} literals decoded (see
   * {@link UnicodeLiterals}) and soft keywords used as names double-quoted.
   *
   * @throws InvalidTextError for a Unicode escape the standard does not allow
   */
  public String calciteText() {
    return SoftKeywords.rewrite(decodedText()).text();
  }

  /** {@link #text()} with Unicode literals decoded, in the same positions. */
  String decodedText() {
    try {
      return UnicodeLiterals.decode(text);
    } catch (UnicodeLiterals.BadEscape e) {
      TextPositions positions = new TextPositions(text);
      int[] outer = toOuterPositionInText(positions.line(e.offset), positions.column(e.offset));
      throw new InvalidTextError(InvalidTextError.Kind.INVALID_ESCAPE, outer[0], outer[1], e.getMessage());
    }
  }

  /**
   * Maps a 1-based position inside {@link #calciteText()} (as Calcite reports it) to the
   * statement's coordinates; returns {line, column}. A position inside a quoted soft keyword maps
   * into the word as the user wrote it.
   */
  public int[] toOuterPosition(int spanLine, int spanColumn) {
    int[] source = SoftKeywords.rewrite(decodedText()).toSource(spanLine, spanColumn);
    return toOuterPositionInText(source[0], source[1]);
  }

  /**
   * Maps a 1-based position inside {@link #text()} (the user's text, not Calcite's) to the
   * statement's coordinates; returns {line, column}.
   */
  public int[] toOuterPositionInText(int spanLine, int spanColumn) {
    if (spanLine <= 1) {
      return new int[] {line, column + spanColumn - 1};
    }
    return new int[] {line + spanLine - 1, spanColumn};
  }
}
