package io.sluice.sqlparser;

import java.util.ArrayList;
import java.util.List;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.ATN;
import org.antlr.v4.runtime.misc.IntervalSet;

/**
 * Turns the first ANTLR error into a {@link SqlParseError} ("unexpected 'X'; expected ...") in
 * place of ANTLR's messages, which name grammar tokens and are printed to stderr by default.
 */
final class SyntaxErrorListener extends BaseErrorListener {
  private static final int MAX_EXPECTED = 8;
  private static final int MAX_TOKEN_LENGTH = 40;

  private final TextPositions positions;

  SyntaxErrorListener(TextPositions positions) {
    this.positions = positions;
  }

  @Override
  public void syntaxError(
      Recognizer<?, ?> recognizer,
      Object offendingSymbol,
      int line,
      int charPositionInLine,
      String message,
      RecognitionException e) {
    if (!(recognizer instanceof Parser parser) || !(offendingSymbol instanceof Token token)) {
      // The lexer has a catch-all token, so this is not expected; report the position anyway.
      throw new SqlParseError("Syntax error at ", line, charPositionInLine + 1, ": " + message, "");
    }
    int offset = Math.min(positions.charOffset(token.getStartIndex()), positions.text().length());
    String tokenText = token.getType() == Token.EOF ? "" : token.getText();
    String unexpected = token.getType() == Token.EOF
        ? "unexpected end of input"
        : "unexpected '" + shorten(tokenText) + "'";
    ParserRuleContext context = e != null && e.getCtx() instanceof ParserRuleContext ruleContext
        ? ruleContext : parser.getContext();
    IntervalSet expected = e != null && e.getExpectedTokens() != null
        ? e.getExpectedTokens() : parser.getExpectedTokens();
    String expectation = describe(parser, context, expected);
    throw new SqlParseError("Syntax error at ", positions.line(offset), positions.column(offset),
        ": " + unexpected + (expectation.isEmpty() ? "" : "; " + expectation), tokenText);
  }

  private static String describe(Parser parser, ParserRuleContext context, IntervalSet expected) {
    if (context instanceof SluiceStatementParser.DataTypeContext
        || context instanceof SluiceStatementParser.TypeNameContext) {
      return "expected a data type";
    }
    if (context instanceof SluiceStatementParser.ExpressionTokenContext
        || context instanceof SluiceStatementParser.NestedTokenContext
        || expected.contains(SluiceStatementParser.ANY)) {
      return "expected an expression";
    }
    // Where any word may stand (option keys) CREATE and SELECT are expected too, with IDENTIFIER.
    if (expected.contains(SluiceStatementParser.CREATE) && expected.contains(SluiceStatementParser.SELECT)
        && !expected.contains(SluiceStatementParser.IDENTIFIER)) {
      return "expected a statement such as SELECT, INSERT, CREATE, DROP, SET, SHOW, DESCRIBE or EXPLAIN";
    }
    ATN atn = parser.getATN();
    IntervalSet nonReserved = atn.nextTokens(atn.ruleToStartState[SluiceStatementParser.RULE_nonReserved]);
    IntervalSet reserved = atn.nextTokens(atn.ruleToStartState[SluiceStatementParser.RULE_reserved]);
    List<String> words = new ArrayList<>();
    boolean identifier = expected.contains(SluiceStatementParser.IDENTIFIER);
    if (identifier) {
      words.add("identifier");
    }
    boolean anyWord = identifier && reserved.subtract(expected).isNil();
    for (int type : expected.toList()) {
      if (identifier && (nonReserved.contains(type) || type == SluiceStatementParser.QUOTED_IDENTIFIER
          || type == SluiceStatementParser.IDENTIFIER || (anyWord && reserved.contains(type)))) {
        continue;
      }
      String word = displayName(type);
      if (!words.contains(word)) {
        words.add(word);
      }
    }
    // "end of input" reads best last.
    if (words.remove(displayName(Token.EOF))) {
      words.add(displayName(Token.EOF));
    }
    if (words.isEmpty()) {
      return "";
    }
    if (words.size() == 1) {
      return "expected " + words.get(0);
    }
    if (words.size() == 2) {
      return "expected " + words.get(0) + " or " + words.get(1);
    }
    List<String> shown = words.size() > MAX_EXPECTED ? words.subList(0, MAX_EXPECTED) : words;
    return "expected one of " + String.join(", ", shown) + (shown.size() < words.size() ? ", ..." : "");
  }

  private static String displayName(int type) {
    switch (type) {
      case Token.EOF:
        return "end of input";
      case SluiceStatementParser.IDENTIFIER:
      case SluiceStatementParser.QUOTED_IDENTIFIER:
        return "identifier";
      case SluiceStatementParser.STRING:
        return "string literal";
      case SluiceStatementParser.INTEGER_VALUE:
        return "integer";
      case SluiceStatementParser.DECIMAL_VALUE:
        return "number";
      default:
        String literal = SluiceStatementParser.VOCABULARY.getLiteralName(type);
        String symbolic = SluiceStatementParser.VOCABULARY.getSymbolicName(type);
        // Keywords are shown as words (TABLE), punctuation quoted (',').
        if (literal != null && symbolic != null && literal.equals("'" + symbolic + "'")) {
          return symbolic;
        }
        return literal != null ? literal : String.valueOf(symbolic);
    }
  }

  private static String shorten(String text) {
    return text.length() <= MAX_TOKEN_LENGTH ? text : text.substring(0, MAX_TOKEN_LENGTH) + "...";
  }
}
