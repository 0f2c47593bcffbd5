package io.sluice.sqlparser;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.validate.SqlConformanceEnum;

/**
 * Calcite's SQL parser set up for Sluice, and parsing of {@link SqlSpan}s with errors reported as
 * {@link SqlParseError}s in the coordinates of the statement the span came from.
 */
public final class CalciteSql {
  private static final int MAX_EXPECTED = 8;
  private static final Pattern POSITION = Pattern.compile("line (\\d+), column (\\d+)");
  /** The offending token in "Encountered "x" at ..." or "... near the keyword 'x' at ...". */
  private static final Pattern TOKEN =
      Pattern.compile("^Encountered \"(.*?)\" at |near the keyword '(.*?)'");

  /** Characters of query text from which on it is parsed on a thread with a deep stack. */
  private static final int DEEP_PARSE_FROM = 20_000;
  /** The stack of that thread: reserved, not committed, until the parse goes that deep. */
  private static final long DEEP_PARSE_STACK = 512L << 20;

  private static final SqlParser.Config CONFIG = SqlParser.config()
      .withQuoting(Quoting.DOUBLE_QUOTE)
      .withUnquotedCasing(Casing.UNCHANGED)
      .withQuotedCasing(Casing.UNCHANGED)
      .withCaseSensitive(false)
      .withConformance(SqlConformanceEnum.LENIENT);

  private CalciteSql() {}

  /**
   * Parser configuration: double-quoted identifiers, names kept as written and matched
   * case-insensitively, lenient conformance (LIMIT, {@code !=}, GROUP BY ordinals, ...).
   */
  public static SqlParser.Config parserConfig() {
    return CONFIG;
  }

  /**
   * Parses a query span (SELECT, VALUES, WITH, TABLE t, ORDER BY ...). Like the other parse
   * methods, it parses {@link SqlSpan#calciteText()}, where reserved words used as names
   * ({@code s.date}, {@code GROUP BY year}) are quoted; the positions of the returned nodes are in
   * that text, and {@link SqlSpan#toOuterPosition} maps them to the statement.
   */
  public static SqlNode parseQuery(SqlSpan span) {
    try {
      return withinLimits(parse(span, SqlParser::parseQuery), span);
    } catch (SqlParseException e) {
      throw convert(e, span);
    }
  }

  /** Parses a whole statement span: UPDATE, DELETE, INSERT or a query. */
  public static SqlNode parseStatement(SqlSpan span) {
    try {
      return withinLimits(parse(span, SqlParser::parseStmt), span);
    } catch (SqlParseException e) {
      throw convert(e, span);
    }
  }

  /** Parses a scalar expression span, such as a WATERMARK expression. */
  public static SqlNode parseExpression(SqlSpan span) {
    try {
      return withinLimits(parse(span, SqlParser::parseExpression), span);
    } catch (SqlParseException e) {
      throw convert(e, span);
    }
  }

  /** One of Calcite's parse methods. */
  private interface ParseMethod {
    SqlNode parse(SqlParser parser) throws SqlParseException;
  }

  /**
   * Calcite's parser builds a chain of binary operators ({@code a = 1 OR a = 2 OR ...}) with one
   * level of recursion per operator, so a long text is parsed on a thread of its own with a deep
   * stack: 20,000 ORs written by hand parse, and {@link LogicalChains} then balances them for the
   * stages after. A short text is parsed on the caller's thread.
   */
  private static SqlNode parse(SqlSpan span, ParseMethod method) throws SqlParseException {
    String text = span.calciteText();
    if (text.length() < DEEP_PARSE_FROM) {
      return method.parse(SqlParser.create(text, CONFIG));
    }
    java.util.concurrent.FutureTask<SqlNode> task =
        new java.util.concurrent.FutureTask<>(() -> method.parse(SqlParser.create(text, CONFIG)));
    Thread parser = new Thread(null, task, "sluice-parse", DEEP_PARSE_STACK);
    parser.setDaemon(true);
    parser.start();
    boolean interrupted = false;
    try {
      while (true) {
        try {
          return task.get();
        } catch (InterruptedException e) {
          interrupted = true; // the parse ends on its own within seconds; the caller's interrupt is kept
        } catch (java.util.concurrent.ExecutionException e) {
          Throwable cause = e.getCause();
          if (cause instanceof SqlParseException) {
            throw (SqlParseException) cause;
          }
          if (cause instanceof RuntimeException) {
            throw (RuntimeException) cause;
          }
          throw (Error) cause;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The parsed tree with AND/OR chains balanced, once it is known to be within {@link StatementLimits}
   * and its string literals to be Unicode text.
   */
  private static SqlNode withinLimits(SqlNode parsed, SqlSpan span) {
    LogicalChains.balance(parsed);
    StatementLimits.checkTree(parsed, span);
    LiteralText.check(parsed, span);
    return PostgresIntervals.rewrite(parsed, span, SoftKeywords.rewrite(span.decodedText()));
  }

  /**
   * Keeps the first sentence of Calcite's message with the position moved to the statement's
   * coordinates, and at most a few expected tokens (Calcite lists dozens).
   */
  static SqlParseError convert(SqlParseException e, SqlSpan span) {
    if (e.getCause() instanceof StackOverflowError) {
      // the parser descends once per level of nesting; past some thousand levels the stack ends
      SqlParseError error = new StatementLimitError("54001", span.line(), span.column(), "the query is nested too"
          + " deeply to parse (parentheses, operators, CASE or function calls within each other): write it with"
          + " fewer levels");
      error.initCause(e);
      return error;
    }
    String message = e.getMessage() == null ? "Syntax error" : e.getMessage().strip();
    List<String> lines = message.lines().toList();
    // JavaCC escapes quotes in the token image it reports.
    String sentence = firstSentence(lines.get(0).strip()).replace("\\'", "'").replace("\\\"", "\"");
    int spanLine = 1;
    int spanColumn = 1;
    SqlParserPos pos = e.getPos();
    Matcher position = POSITION.matcher(sentence);
    boolean positionInSentence = position.find();
    if (pos != null && pos.getLineNum() > 0) {
      spanLine = pos.getLineNum();
      spanColumn = pos.getColumnNum();
    } else if (positionInSentence) {
      spanLine = Integer.parseInt(position.group(1));
      spanColumn = Integer.parseInt(position.group(2));
    }
    Matcher tokenMatch = TOKEN.matcher(sentence);
    String token = tokenMatch.find()
        ? (tokenMatch.group(1) != null ? tokenMatch.group(1) : tokenMatch.group(2)) : "";
    if (token.equals("<EOF>")) {
      // Calcite puts the end of input on the last character; StatementParser puts it just after,
      // where the missing text would go.
      token = "";
      String parsed = span.calciteText();
      TextPositions positions = new TextPositions(parsed);
      spanLine = positions.line(parsed.length());
      spanColumn = positions.column(parsed.length());
    }
    if (token.indexOf(' ') > 0 && token.indexOf('\'') < 0 && token.indexOf('"') < 0) {
      // JavaCC reports the lookahead it could not match ("= )") at its first token; the fault is
      // the last one, where the parse could not go on.
      String parsed = span.calciteText();
      TextPositions positions = new TextPositions(parsed);
      String[] tokens = token.split(" ");
      int at = positions.offset(spanLine, spanColumn);
      for (int i = 0; i < tokens.length - 1 && at >= 0; i++) {
        at = parsed.indexOf(tokens[i], at);
        at = at < 0 ? -1 : at + tokens[i].length();
      }
      int last = at < 0 ? -1 : parsed.indexOf(tokens[tokens.length - 1], at);
      if (last >= 0) {
        spanLine = positions.line(last);
        spanColumn = positions.column(last);
        sentence = sentence.replace("\"" + token + "\"", "\"" + tokens[tokens.length - 1] + "\"");
        token = tokens[tokens.length - 1];
        position = POSITION.matcher(sentence);
        positionInSentence = position.find();
      }
    }
    int[] outer = span.toOuterPosition(spanLine, spanColumn);
    String before;
    String after;
    if (positionInSentence) {
      before = sentence.substring(0, position.start());
      after = sentence.substring(position.end());
    } else {
      before = "Syntax error at ";
      after = ": " + sentence;
    }
    String expected = expected(lines, token);
    if (!expected.isEmpty()) {
      after = after + " Was expecting one of: " + expected;
    }
    SqlParseError error = new SqlParseError(before, outer[0], outer[1], after, token);
    error.initCause(e);
    return error;
  }

  /** Up to the first ". " (Calcite's sentences end in a period), or the whole line. */
  private static String firstSentence(String line) {
    int end = line.indexOf(". ");
    return end < 0 ? line : line.substring(0, end + 1);
  }

  /**
   * The entries of Calcite's "Was expecting one of:" list, single tokens before sequences, words
   * close to the offending token (a misspelt keyword) first, at most {@link #MAX_EXPECTED}.
   */
  private static String expected(List<String> lines, String encountered) {
    int header = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Was expecting")) {
        header = i;
        break;
      }
    }
    if (header < 0) {
      return "";
    }
    String typed = encountered.toUpperCase(Locale.ROOT);
    List<String> close = new ArrayList<>();
    List<String> single = new ArrayList<>();
    List<String> sequences = new ArrayList<>();
    for (String line : lines.subList(header + 1, lines.size())) {
      String entry = line.strip();
      if (entry.endsWith("...")) {
        entry = entry.substring(0, entry.length() - 3).strip();
      }
      if (entry.isEmpty()) {
        continue;
      }
      boolean sequence = entry.indexOf(' ') > 0;
      String word = entry.replace("\"", "").toUpperCase(Locale.ROOT);
      if (!sequence && isCloseTo(typed, word)) {
        close.add(entry);
      } else {
        (sequence ? sequences : single).add(entry);
      }
    }
    close.addAll(single);
    close.addAll(sequences);
    if (close.size() <= MAX_EXPECTED) {
      return String.join(", ", close) + ".";
    }
    return String.join(", ", close.subList(0, MAX_EXPECTED)) + ", ...";
  }

  private static boolean isCloseTo(String typed, String word) {
    if (typed.isEmpty() || word.length() < 2 || Math.abs(typed.length() - word.length()) > 2) {
      return false;
    }
    return editDistance(typed, word) <= Math.max(1, Math.min(2, word.length() / 3));
  }

  /** Optimal string alignment distance: transposed letters count as one edit. */
  private static int editDistance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
