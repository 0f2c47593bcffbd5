package io.sluice.sqlparser;

import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CodePointCharStream;
import org.antlr.v4.runtime.CommonTokenStream;

/**
 * Parses one statement of Sluice SQL into a {@link Statement}. The statement keywords and DDL are
 * parsed by an ANTLR grammar; queries and UPDATE/DELETE are returned as {@link SqlSpan}s of the
 * original text for {@link CalciteSql}. Nothing is printed: every problem is a
 * {@link SqlParseError} positioned in the given text.
 */
public final class StatementParser {
  private StatementParser() {}

  /**
   * Parses {@code statementText}, which holds one statement, optionally followed by {@code ;}.
   *
   * @throws SqlParseError with the 1-based line and column in {@code statementText}
   */
  public static Statement parse(String statementText) {
    StatementLimits.checkLength(statementText);
    // Unclosed quotes and comments get a clearer message from the splitter than from the grammar.
    ScriptSplitter.requireTerminated(statementText);
    QueryStatement query = QueryShortcut.query(statementText);
    return query != null ? query : parseWithGrammar(statementText);
  }

  /** {@link #parse} by the grammar alone, once the text's length and quotes are checked. */
  static Statement parseWithGrammar(String statementText) {
    TextPositions positions = new TextPositions(statementText);
    CodePointCharStream chars = CharStreams.fromString(statementText);
    SyntaxErrorListener errors = new SyntaxErrorListener(positions);
    SluiceStatementLexer lexer = new SluiceStatementLexer(chars);
    lexer.removeErrorListeners();
    lexer.addErrorListener(errors);
    SluiceStatementParser parser = new SluiceStatementParser(new CommonTokenStream(lexer));
    parser.removeErrorListeners();
    parser.addErrorListener(errors);
    SluiceStatementParser.SingleStatementContext tree = parser.singleStatement();
    return new StatementBuilder(positions).statement(tree.statement());
  }
}
