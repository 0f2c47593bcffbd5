package io.sluice.sqlparser;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Lets words that Calcite reserves but users routinely give to columns ({@code date}, {@code year},
 * {@code value}, ...) be used as names: before Calcite parses a span, each such word that stands
 * where only a name can stand is double-quoted ({@code s.date} becomes {@code s."date"}).
 *
 * <p>The pass works on tokens (strings, quoted identifiers and comments are never touched) and is
 * conservative: a word is quoted only where Calcite's grammar cannot take it as the keyword, so the
 * meaning of SQL that Calcite accepts never changes. A word is quoted
 * <ul>
 *   <li>right after {@code .} (a qualified reference, {@code s.date});
 *   <li>otherwise, where an expression or a name starts: at the start of the text or after
 *       {@code SELECT}, {@code WHERE}, {@code BY}, {@code AS} (outside CAST), {@code ,}, {@code (},
 *       an operator, ... ({@link #NAME_FOLLOWS}) &mdash; unless the keyword reading applies there:
 *       the word is followed by {@code (} (a function such as {@code YEAR(ts)}, {@code VALUE (1)}),
 *       {@code DATE}/{@code TIME}/{@code TIMESTAMP} followed by a string (a literal) or
 *       {@code TIME}/{@code TIMESTAMP WITH ... ZONE}, {@code VALUE FOR}, a type after {@code AS} in
 *       CAST, TRY_CAST, SAFE_CAST, a time unit or type as first argument of EXTRACT, TIMESTAMPADD,
 *       TIMESTAMPDIFF, CONVERT, or as last argument of DATE_TRUNC, TIMESTAMP_DIFF, ...;
 *       {@code VALUE} where a query may start (start of text, after {@code (}, {@code DISTINCT},
 *       {@code ALL}: a table constructor such as {@code COUNT(VALUE x)}) unless the next token can
 *       only follow an expression ({@code value)}, {@code value AS}, {@code value >} ...).
 * </ul>
 * Words after a literal, a name, {@code )}, {@code TO}, {@code INTERVAL}, ... are left alone, which
 * keeps interval qualifiers ({@code INTERVAL '1' DAY}, {@code HOUR TO MINUTE}, {@code (a - b) DAY},
 * {@code FLOOR(ts TO DAY)}) keywords. {@code USER} is a function wherever an expression may stand
 * (as in PostgreSQL), so it is quoted only after {@code .}, after {@code AS} (an alias) and as an
 * UPDATE ... SET target.
 *
 * <p>The same pass writes PostgreSQL's regular-expression operators, which Calcite's parser does not
 * know, as its RLIKE (validated as REGEXP_LIKE is, with PostgreSQL's meaning): {@code a ~ b} becomes
 * {@code a RLIKE b}, {@code a !~ b} {@code a NOT RLIKE b}, and the case-insensitive {@code ~*} and
 * {@code !~*} add the flag to the pattern: {@code a RLIKE '(?iu)' || b}. RLIKE binds as LIKE does,
 * looser than {@code ||} and arithmetic and tighter than AND, as {@code ~} does in PostgreSQL where
 * it matters (PostgreSQL puts {@code ~} and {@code ||} at one level; {@code a ~ b || c} then is a type error).
 *
 * <p>An interval literal written as PostgreSQL writes it, a string without a qualifier
 * ({@code INTERVAL '1 month 2 days'}), which Calcite's parser refuses, is given the qualifier
 * {@link #BARE_INTERVAL_QUALIFIER} so that it parses; {@link Result#bareIntervals} says where such
 * literals start, and {@link PostgresIntervals} then reads their strings as PostgreSQL does.
 *
 * <p>Quoting adds two characters per word. {@link Result#toSource} maps a position in the rewritten
 * text back to the text the user wrote; {@link SqlSpan#toOuterPosition} applies it.
 */
public final class SoftKeywords {

  /**
   * The words handled, all reserved in Calcite: names users routinely give to columns, and the
   * words Sluice's own statements take as names ({@code CREATE TABLE double}, {@code (show BIGINT)})
   * that Calcite reserves, so that whatever a statement lets a user name is read back by a query.
   */
  public static final Set<String> WORDS = Set.of("DATE", "TIME", "TIMESTAMP", "DATETIME", "YEAR", "MONTH", "DAY",
      "HOUR", "MINUTE", "SECOND", "VALUE", "USER", "POSITION", "PRIMARY", "CHAR", "CHARACTER", "CONSTRAINT",
      "DOUBLE", "PRECISION", "RESET", "SHOW", "VARYING", "WITHIN");

  /** Keywords after which a table's name stands (in a query, {@code TABLE t} and {@code TABLE(f(TABLE t, ...))}). */
  private static final Set<String> TABLE_FOLLOWS = Set.of("FROM", "JOIN", "TABLE", "UPDATE", "INTO");

  /**
   * Words never taken as a table's name: those that may follow FROM or JOIN as keywords, the words
   * Sluice's statements reserve too (no statement creates a table of that name unquoted, so
   * {@code FROM FROM t} stays a syntax error) and the clauses that may follow a FROM.
   */
  private static final Set<String> NOT_A_TABLE = Set.of("LATERAL", "UNNEST", "TABLE", "SPECIFIC", "AS", "CREATE",
      "DELETE", "DESCRIBE", "DROP", "EXPLAIN", "FALSE", "FOR", "FROM", "INSERT", "INTERVAL", "INTO", "NOT", "NULL",
      "ON", "OR", "SELECT", "SET", "TO", "TRUE", "UPDATE", "VALUES", "WITH", "WHERE", "HAVING", "LIMIT", "OFFSET",
      "FETCH", "UNION", "INTERSECT", "EXCEPT", "USING", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "NATURAL");

  /**
   * Functions Sluice has whose names Calcite reserves: quoted where they are called, so that Calcite
   * parses them as a function ({@code width_bucket(x, 0, 10, 5)}).
   */
  private static final Set<String> RESERVED_FUNCTIONS = Set.of("WIDTH_BUCKET");

  /** Functions with a FROM of their own, whose argument after it is an expression. */
  private static final Set<String> FROM_FUNCTIONS = Set.of("EXTRACT", "SUBSTRING", "TRIM", "OVERLAY", "POSITION");

  /** Keywords after which an expression or a name starts. */
  private static final Set<String> NAME_FOLLOWS = Set.of("SELECT", "STREAM", "DISTINCT", "ALL", "WHERE",
      "HAVING", "QUALIFY", "BY", "ON", "AND", "OR", "NOT", "WHEN", "THEN", "ELSE", "CASE", "AS", "BETWEEN",
      "LIKE", "ILIKE", "ESCAPE", "IN", "FROM", "JOIN", "SET", "UPDATE", "TABLE", "WITH", "RECURSIVE",
      "OVER", "WINDOW");

  /** Keywords that follow an expression and cannot start one. */
  private static final Set<String> AFTER_EXPRESSION = Set.of("AS", "FROM", "WHERE", "GROUP", "ORDER", "HAVING",
      "IS", "IN", "BETWEEN", "LIKE", "ILIKE", "SIMILAR", "AND", "OR", "ASC", "DESC", "NULLS", "THEN", "WHEN",
      "ELSE", "END", "UNION", "INTERSECT", "EXCEPT", "LIMIT", "OFFSET", "FETCH", "JOIN", "INNER", "LEFT",
      "RIGHT", "FULL", "CROSS", "ON", "USING", "WINDOW", "ESCAPE");

  /** Punctuation after which an expression or a name starts. */
  private static final String NAME_FOLLOWS_PUNCTUATION = ",([=<>+-*/%|!";

  /** Functions whose type argument follows AS. */
  private static final Set<String> CASTS = Set.of("CAST", "TRY_CAST", "SAFE_CAST");
  /** Functions whose first argument may be a time unit or a type. */
  private static final Set<String> UNIT_FIRST = Set.of("EXTRACT", "TIMESTAMPADD", "TIMESTAMPDIFF", "CONVERT");
  /** Functions whose last argument may be a time unit or a type. */
  private static final Set<String> UNIT_LAST = Set.of("DATE_DIFF", "TIMESTAMP_DIFF", "DATETIME_DIFF",
      "TIME_DIFF", "DATE_TRUNC", "TIMESTAMP_TRUNC", "DATETIME_TRUNC", "TIME_TRUNC", "CONVERT");

  /** Words that may follow an interval literal's string as its qualifier. */
  private static final Set<String> INTERVAL_UNITS = Set.of("YEAR", "YEARS", "QUARTER", "QUARTERS", "MONTH",
      "MONTHS", "WEEK", "WEEKS", "DAY", "DAYS", "HOUR", "HOURS", "MINUTE", "MINUTES", "SECOND", "SECONDS",
      "MILLISECOND", "MILLISECONDS", "MICROSECOND", "MICROSECONDS", "NANOSECOND", "NANOSECONDS");

  /** The qualifier written after the string of an interval literal that has none, for Calcite's parser. */
  static final String BARE_INTERVAL_QUALIFIER = " SECOND";

  /** A one-entry cache: a span is rewritten for parsing and again when an error is mapped. */
  private static volatile Cached last;

  private record Cached(String source, Result result) {}

  private SoftKeywords() {}

  /** A text with soft keywords quoted, and the way back to the original positions. */
  public static final class Result {
    private final String text;
    /** Per rewrite: line and column of the opening quote in {@link #text}, and the word's length. */
    private final int[][] quotes;
    /** Per regular-expression operator or added qualifier: line and column in {@link #text}, written length, the original's length. */
    private final int[][] operators;
    /** Per interval literal that had no qualifier: the line and column of its INTERVAL in {@link #text}. */
    private final int[][] bareIntervals;

    private Result(String text, int[][] quotes, int[][] operators, int[][] bareIntervals) {
      this.text = text;
      this.quotes = quotes;
      this.operators = operators;
      this.bareIntervals = bareIntervals;
    }

    /** Whether an interval literal without a qualifier starts at this 1-based line and column of {@link #text}. */
    public boolean isBareInterval(int line, int column) {
      for (int[] interval : bareIntervals) {
        if (interval[0] == line && interval[1] == column) {
          return true;
        }
      }
      return false;
    }

    /** How many interval literals had no qualifier. */
    public int bareIntervals() {
      return bareIntervals.length;
    }

    /** The rewritten text. */
    public String text() {
      return text;
    }

    /** How many words were quoted. */
    public int rewrites() {
      return quotes.length;
    }

    /** How many regular-expression operators were written as RLIKE. */
    public int operators() {
      return operators.length;
    }

    /**
     * Maps a 1-based line and column in {@link #text()} to the original text: the opening quote
     * maps to the word's first character, the closing quote to its last.
     */
    public int[] toSource(int line, int column) {
      int shift = 0;
      for (int[] quote : quotes) {
        if (quote[0] != line) {
          continue;
        }
        if (column > quote[1] + quote[2]) {
          shift += 2;
        } else if (column > quote[1]) {
          shift += 1;
        }
      }
      for (int[] operator : operators) {
        if (operator[0] != line) {
          continue;
        }
        if (column >= operator[1] + operator[2]) {
          shift += operator[2] - operator[3];
        } else if (column > operator[1]) {
          shift += column - operator[1]; // inside what was written: the operator's first character
        }
      }
      return new int[] {line, column - shift};
    }
  }

  /** Rewrites {@code sql}; the same text gives the same result. */
  public static Result rewrite(String sql) {
    Cached cached = last;
    if (cached != null && cached.source().equals(sql)) {
      return cached.result();
    }
    Result result = compute(sql);
    last = new Cached(sql, result);
    return result;
  }

  private enum Kind { WORD, QUOTED, STRING, NUMBER, PUNCT }

  private record Token(Kind kind, int start, int end, String upper) {
    boolean is(String word) {
      return kind == Kind.WORD && upper.equals(word);
    }

    boolean isPunct(char c) {
      return kind == Kind.PUNCT && upper.charAt(0) == c;
    }
  }

  private static final class Frame {
    final String function;
    boolean type;

    Frame(String function, boolean type) {
      this.function = function;
      this.type = type;
    }
  }

  private static Result compute(String sql) {
    List<Token> tokens = scan(sql);
    List<Integer> rewritten = new ArrayList<>();
    List<int[]> operators = regexOperators(tokens);
    List<int[]> intervals = bareIntervals(tokens, sql);
    if (!intervals.isEmpty()) {
      operators.addAll(intervals);
      operators.sort((a, b) -> Integer.compare(a[0], b[0]));
    }
    Deque<Frame> frames = new ArrayDeque<>();
    frames.push(new Frame(null, false));
    boolean update = !tokens.isEmpty() && tokens.get(0).is("UPDATE");
    boolean inSetList = false;
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      Token previous = i > 0 ? tokens.get(i - 1) : null;
      Token next = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      Frame frame = frames.peek();
      if (token.isPunct('(')) {
        String function = previous != null && previous.kind == Kind.WORD ? previous.upper : null;
        frames.push(new Frame(function, frame.type));
      } else if (token.isPunct(')')) {
        if (frames.size() > 1) {
          frames.pop();
        }
      } else if (token.is("AS") && in(CASTS, frame.function)) {
        frame.type = true;
      } else if (update && frames.size() == 1 && token.is("SET")) {
        inSetList = true;
      } else if (update && frames.size() == 1 && token.is("WHERE")) {
        inSetList = false;
      } else if (token.kind == Kind.WORD && RESERVED_FUNCTIONS.contains(token.upper) && next != null
          && next.isPunct('(') && (previous == null || !previous.isPunct('.'))) {
        rewritten.add(i);
      } else if (token.kind == Kind.WORD && WORDS.contains(token.upper)
          && isName(token, previous, next, frame, inSetList && frames.size() == 1)) {
        rewritten.add(i);
      } else if (token.kind == Kind.WORD
          && namesTable(token, previousIsName(rewritten, i) ? null : previous, next, frame)) {
        rewritten.add(i);
      }
    }
    if (rewritten.isEmpty() && operators.isEmpty()) {
      return new Result(sql, new int[0][], new int[0][], new int[0][]);
    }
    StringBuilder out = new StringBuilder(sql.length() + 2 * rewritten.size() + 16 * operators.size());
    int[] quoteOffsets = new int[rewritten.size()];
    int[] operatorOffsets = new int[operators.size()];
    int[] intervalOffsets = new int[intervals.size()];
    int interval = 0;
    int copied = 0;
    int q = 0;
    int o = 0;
    while (q < rewritten.size() || o < operators.size()) {
      int quoteStart = q < rewritten.size() ? tokens.get(rewritten.get(q)).start : Integer.MAX_VALUE;
      int[] operator = o < operators.size() ? operators.get(o) : null;
      if (operator == null || quoteStart < operator[0]) {
        Token token = tokens.get(rewritten.get(q));
        out.append(sql, copied, token.start);
        quoteOffsets[q++] = out.length();
        out.append('"').append(sql, token.start, token.end).append('"');
        copied = token.end;
      } else {
        if (operator.length > 3) {
          intervalOffsets[interval++] = out.length() + operator[3] - copied;
        }
        out.append(sql, copied, operator[0]);
        operatorOffsets[o++] = out.length();
        out.append(REPLACEMENTS[operator[2]]);
        copied = operator[1];
      }
    }
    out.append(sql, copied, sql.length());
    String text = out.toString();
    TextPositions positions = new TextPositions(text);
    int[][] quotes = new int[rewritten.size()][];
    for (int r = 0; r < quotes.length; r++) {
      Token token = tokens.get(rewritten.get(r));
      quotes[r] = new int[] {positions.line(quoteOffsets[r]), positions.column(quoteOffsets[r]),
          token.end - token.start};
    }
    int[][] written = new int[operators.size()][];
    for (int r = 0; r < written.length; r++) {
      int[] operator = operators.get(r);
      written[r] = new int[] {positions.line(operatorOffsets[r]), positions.column(operatorOffsets[r]),
          REPLACEMENTS[operator[2]].length(), operator[1] - operator[0]};
    }
    int[][] bare = new int[intervals.size()][];
    for (int r = 0; r < bare.length; r++) {
      bare[r] = new int[] {positions.line(intervalOffsets[r]), positions.column(intervalOffsets[r])};
    }
    return new Result(text, quotes, written, bare);
  }

  /**
   * What {@code ~}, {@code ~*}, {@code !~} and {@code !~*} are written as, by {@link #regexOperators}' kind,
   * and last what is added after the string of an interval literal without a qualifier.
   */
  private static final String[] REPLACEMENTS = {" RLIKE ", " RLIKE '(?iu)' || ", " NOT RLIKE ",
      " NOT RLIKE '(?iu)' || ", BARE_INTERVAL_QUALIFIER};

  /**
   * The interval literals whose string no qualifier follows ({@code INTERVAL '1 day'}): per literal
   * where the qualifier goes (twice: an empty range), {@link #REPLACEMENTS}' last index, and where
   * its INTERVAL starts.
   */
  private static List<int[]> bareIntervals(List<Token> tokens, String sql) {
    List<int[]> found = new ArrayList<>();
    for (int i = 0; i + 1 < tokens.size(); i++) {
      Token string = tokens.get(i + 1);
      if (!tokens.get(i).is("INTERVAL") || string.kind != Kind.STRING || sql.charAt(string.start) != '\'') {
        continue;
      }
      Token after = i + 2 < tokens.size() ? tokens.get(i + 2) : null;
      if (after == null || after.kind != Kind.WORD || !INTERVAL_UNITS.contains(after.upper)) {
        found.add(new int[] {string.end, string.end, REPLACEMENTS.length - 1, tokens.get(i).start});
      }
    }
    return found;
  }

  /**
   * PostgreSQL's regular-expression operators among the tokens: per operator its start and end in
   * the text and its kind, an index into {@link #RLIKE} (1 for case-insensitive, 2 for negated).
   */
  private static List<int[]> regexOperators(List<Token> tokens) {
    List<int[]> found = new ArrayList<>();
    for (int i = 0; i < tokens.size(); i++) {
      Token token = tokens.get(i);
      if (!token.isPunct('~')) {
        continue;
      }
      Token before = i > 0 ? tokens.get(i - 1) : null;
      Token after = i + 1 < tokens.size() ? tokens.get(i + 1) : null;
      boolean negated = before != null && before.isPunct('!') && before.end == token.start;
      boolean insensitive = after != null && after.isPunct('*') && after.start == token.end;
      found.add(new int[] {negated ? before.start : token.start, insensitive ? after.end : token.end,
          (negated ? 2 : 0) + (insensitive ? 1 : 0)});
    }
    return found;
  }

  /**
   * Whether a word Calcite reserves names a table or is part of a qualified name: it stands right
   * after FROM, JOIN, TABLE, UPDATE or INTO (not a function's FROM, not LATERAL, UNNEST or a
   * function call), or next to a {@code .} ({@code within.k}, {@code t.order}). {@code previous}
   * is null when the token before is itself a name.
   */
  private static boolean namesTable(Token word, Token previous, Token next, Frame frame) {
    String w = word.upper;
    if (!CalciteReservedWords.contains(w) || next != null && next.isPunct('(')) {
      return false;
    }
    if (next != null && next.isPunct('.') || previous != null && previous.isPunct('.')) {
      return true; // a qualified name: t.order, order.k
    }
    return !NOT_A_TABLE.contains(w) && previous != null && previous.kind == Kind.WORD
        && TABLE_FOLLOWS.contains(previous.upper) && !in(FROM_FUNCTIONS, frame.function) && !frame.type;
  }

  /** Whether the token before token {@code i} was quoted as a name: it is no keyword then ({@code t.from FROM}). */
  private static boolean previousIsName(List<Integer> rewritten, int i) {
    return !rewritten.isEmpty() && rewritten.get(rewritten.size() - 1) == i - 1;
  }

  /** Whether a soft word is used as a name (see the class comment). */
  private static boolean isName(Token word, Token previous, Token next, Frame frame, boolean setTarget) {
    if (previous != null && previous.isPunct('.')) {
      return true;
    }
    if (frame.type) {
      return false;
    }
    String w = word.upper;
    if (w.equals("USER")) {
      return previous != null && (previous.is("AS") && !"MATCH_RECOGNIZE".equals(frame.function)
          || setTarget && (previous.is("SET") || previous.isPunct(',')) && next != null && next.isPunct('='));
    }
    if (next != null) {
      if (next.isPunct('(')) {
        return false;
      }
      if ((w.equals("DATE") || w.equals("TIME") || w.equals("TIMESTAMP") || w.equals("DATETIME"))
          && next.kind == Kind.STRING) {
        return false;
      }
      if ((w.equals("TIME") || w.equals("TIMESTAMP"))
          && (next.is("WITH") || next.is("WITHOUT") || next.is("ZONE"))) {
        return false;
      }
      if (w.equals("VALUE") && next.is("FOR")) {
        return false;
      }
    }
    if (w.equals("VALUE") && (previous == null || previous.isPunct('(') || previous.is("DISTINCT")
        || previous.is("ALL")) && !endsAnExpression(next)) {
      // Where a query may stand, VALUE starts a table constructor: VALUE 1, 2 or COUNT(VALUE x).
      return false;
    }
    if (previous == null) {
      return true;
    }
    if (previous.isPunct('(') && in(UNIT_FIRST, frame.function)) {
      return false;
    }
    if (previous.isPunct(',') && (next == null || next.isPunct(')')) && in(UNIT_LAST, frame.function)) {
      return false;
    }
    if (previous.kind == Kind.PUNCT) {
      return NAME_FOLLOWS_PUNCTUATION.indexOf(previous.upper.charAt(0)) >= 0;
    }
    return previous.kind == Kind.WORD && NAME_FOLLOWS.contains(previous.upper);
  }

  /**
   * Splits SQL into tokens the way Calcite's lexer does, as far as needed here: whitespace and
   * comments ({@code --}, {@code //}, {@code /* *}{@code /}) are dropped; strings (with prefixes
   * such as N, X, U&amp;, E, _charset), quoted identifiers, numbers and words are one token each;
   * anything else is one character.
   */
  private static List<Token> scan(String sql) {
    List<Token> tokens = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        i++;
      } else if ((c == '-' || c == '/') && i + 1 < n && sql.charAt(i + 1) == c) {
        while (i < n && sql.charAt(i) != '\n' && sql.charAt(i) != '\r') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else if (c == '\'') {
        int end = quoted(sql, i, '\'', false);
        tokens.add(new Token(Kind.STRING, i, end, ""));
        i = end;
      } else if (c == '"') {
        int end = quoted(sql, i, '"', false);
        tokens.add(new Token(Kind.QUOTED, i, end, ""));
        i = end;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        int end = i;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '.'
            || ((sql.charAt(end) == '+' || sql.charAt(end) == '-')
                && (sql.charAt(end - 1) == 'e' || sql.charAt(end - 1) == 'E')))) {
          end++;
        }
        tokens.add(new Token(Kind.NUMBER, i, end, ""));
        i = end;
      } else if (Character.isLetter(c) || c == '_') {
        int end = i + 1;
        while (end < n && (Character.isLetterOrDigit(sql.charAt(end)) || sql.charAt(end) == '_'
            || sql.charAt(end) == '$')) {
          end++;
        }
        String word = sql.substring(i, end).toUpperCase(Locale.ROOT);
        if (end < n && sql.charAt(end) == '\'' && isStringPrefix(word)) {
          int stringEnd = quoted(sql, end, '\'', word.equals("E"));
          tokens.add(new Token(Kind.STRING, i, stringEnd, ""));
          i = stringEnd;
        } else if (word.equals("U") && end + 1 < n && sql.charAt(end) == '&'
            && (sql.charAt(end + 1) == '\'' || sql.charAt(end + 1) == '"')) {
          char quote = sql.charAt(end + 1);
          int stringEnd = quoted(sql, end + 1, quote, false);
          tokens.add(new Token(quote == '\'' ? Kind.STRING : Kind.QUOTED, i, stringEnd, ""));
          i = stringEnd;
        } else {
          tokens.add(new Token(Kind.WORD, i, end, word));
          i = end;
        }
      } else {
        tokens.add(new Token(Kind.PUNCT, i, i + 1, String.valueOf(c)));
        i++;
      }
    }
    return tokens;
  }

  /** Whether a token can only follow an expression (it cannot start a row expression). */
  private static boolean endsAnExpression(Token token) {
    if (token == null) {
      return true;
    }
    if (token.kind == Kind.PUNCT) {
      return ",)=<>!*/%|];".indexOf(token.upper.charAt(0)) >= 0;
    }
    return token.kind == Kind.WORD && AFTER_EXPRESSION.contains(token.upper);
  }

  private static boolean in(Set<String> functions, String function) {
    return function != null && functions.contains(function);
  }

  private static boolean isStringPrefix(String word) {
    return word.equals("N") || word.equals("X") || word.equals("E") || word.startsWith("_");
  }

  /** End (exclusive) of a quoted token starting at {@code start}; a doubled quote is escaped. */
  static int quoted(String sql, int start, char quote, boolean backslashEscapes) {
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (backslashEscapes && c == '\\') {
        i += 2;
      } else if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          i += 2;
        } else {
          return i + 1;
        }
      } else {
        i++;
      }
    }
    return sql.length();
  }
}
