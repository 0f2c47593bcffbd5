package io.sluice.sqlparser;

import java.util.Locale;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.NlsString;

/**
 * Refuses a parsed tree whose string literals hold a lone surrogate (from {@code U&'\D800'} or a
 * statement string built in Java), naming the literal's position. Run after {@link StatementLimits},
 * so the tree is shallow enough for a recursive walk.
 */
final class LiteralText extends SqlBasicVisitor<Void> {
  private final SqlSpan span;

  private LiteralText(SqlSpan span) {
    this.span = span;
  }

  static void check(org.apache.calcite.sql.SqlNode root, SqlSpan span) {
    root.accept(new LiteralText(span));
  }

  @Override
  public Void visit(SqlLiteral literal) {
    if (literal instanceof SqlCharStringLiteral) {
      String text = ((NlsString) literal.getValue()).getValue();
      int lone = loneSurrogate(text);
      if (lone >= 0) {
        SqlParserPos pos = literal.getParserPosition();
        int[] outer = pos.getLineNum() > 0 ? span.toOuterPosition(pos.getLineNum(), pos.getColumnNum())
            : new int[] {span.line(), span.column()};
        throw new InvalidTextError(outer[0], outer[1], String.format(Locale.ROOT,
            "the string literal holds a lone surrogate U+%04X at character %d of its value, which is no"
                + " Unicode character (a supplementary character needs both halves of its pair, as"
                + " U&'\\D83D\\DE00', or the character itself)", (int) text.charAt(lone), lone + 1));
      }
    }
    return null;
  }

  /** The index of the first surrogate without its other half, or -1. */
  private static int loneSurrogate(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return i;
      }
    }
    return -1;
  }
}
