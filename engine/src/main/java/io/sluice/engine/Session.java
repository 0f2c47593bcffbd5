package io.sluice.engine;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.sqlparser.ErrorContext;
import io.sluice.sqlparser.ScriptSplitter;
import io.sluice.sqlparser.SqlParseError;
import io.sluice.sqlparser.StatementText;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A conversation with a {@link Database}: runs statements and keeps the options set with
 * {@code SET}. Not thread-safe; one per connection.
 *
 * <p>Errors are {@link SluiceException}s whose message names the problem and, where the text
 * is at fault, its line and column followed by the line of text with a caret under the spot.
 */
public final class Session implements AutoCloseable {
  private final Database database;
  private final Map<String, String> options = new LinkedHashMap<>();
  private final Map<String, OptionOrigin> origins = new LinkedHashMap<>();
  private final StatementRunner runner;
  private final ExternalAccess externalAccess = new ExternalAccess();
  private volatile boolean readOnly;

  /** Where a session option's value came from, as SHOW SETTINGS says. */
  public enum OptionOrigin {
    /** Not set: the built-in default applies. */
    DEFAULT,
    /** Saved in the database folder by an earlier SET. */
    DATABASE,
    /** The connection's URL or properties. */
    CONNECTION,
    /** A SET in this session. */
    SESSION;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  Session(Database database) {
    this.database = database;
    this.runner = new StatementRunner(this);
    for (Map.Entry<String, String> e : database.savedOptions().entrySet()) {
      options.put(e.getKey(), e.getValue());
      origins.put(e.getKey(), OptionOrigin.DATABASE);
    }
  }

  public Database database() {
    return database;
  }

  /**
   * Starts the continuous query of {@code insert} (an INSERT INTO a sink, planned with this
   * session's options) from {@code state}, saved by a query of the same statement
   * ({@link io.sluice.engine.stream.StreamingQuery#state}): it reads on from the saved offsets, with
   * the saved watermark and operator state, as that query would have. It takes {@code id},
   * replacing a query of that id that is no longer running (a restart), or a new id when null.
   */
  public io.sluice.engine.stream.StreamingQuery resumeQuery(String insert, io.sluice.engine.stream.QueryState state,
      String id) {
    try {
      return runner.resumeStreamingQuery(stripTerminator(insert), state, id);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw userError(e, insert, null);
    }
  }

  /** Runs one statement (a trailing semicolon is allowed). */
  public StatementResult execute(String sql) {
    return prepare(sql).execute(List.of());
  }

  /** Runs one statement with values for its {@code ?} parameters. */
  public StatementResult execute(String sql, List<Object> parameters) {
    return prepare(sql).execute(parameters);
  }

  /** Parses and analyses one statement for repeated execution. */
  public Prepared prepare(String sql) {
    Prepared prepared;
    try {
      prepared = runner.prepare(stripTerminator(sql));
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw userError(e, sql, null);
    }
    return new Prepared() {
      @Override
      public List<io.sluice.catalog.DataType> parameterTypes() {
        return prepared.parameterTypes();
      }

      @Override
      public io.sluice.catalog.TableSchema resultSchema() {
        return prepared.resultSchema();
      }

      @Override
      public StatementResult execute(List<Object> parameters) {
        StatementResult result;
        try {
          result = prepared.execute(parameters);
        } catch (RuntimeException | AssertionError | StackOverflowError e) {
          throw userError(e, sql, null);
        }
        database.statementDone(Session.this, sql, result);
        return result;
      }
    };
  }

  /**
   * Runs every statement of a script in order, stopping at the first error (which is thrown,
   * with positions relative to the whole script). Row results are read into memory.
   */
  public List<StatementResult> executeScript(String script) {
    List<StatementResult> results = new ArrayList<>();
    List<StatementText> statements;
    try {
      statements = ScriptSplitter.split(script);
    } catch (RuntimeException e) {
      throw userError(e, script, null);
    }
    for (StatementText statement : statements) {
      StatementResult result;
      try {
        result = buffered(runner.prepare(statement.text()).execute(List.of()));
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        throw userError(e, script, statement);
      }
      database.statementDone(this, statement.text(), result);
      results.add(result);
    }
    return results;
  }

  /** The result with its rows, if any, read into memory, so no query is left running. */
  private static StatementResult buffered(StatementResult result) {
    if (result.kind() != StatementResult.Kind.ROWS) {
      return result;
    }
    try (RowCursor rows = result.rows()) {
      return StatementResult.rows(io.sluice.engine.exec.BufferedRowCursor.readAll(rows));
    }
  }

  /** What the session may reach outside the engine ('security.external-access', 'security.allowed-paths'). */
  ExternalAccess externalAccess() {
    return externalAccess;
  }

  /**
   * A read-only session refuses every statement that changes data or the catalog (INSERT,
   * UPDATE, DELETE, CREATE, DROP, starting a continuous query) with SQLSTATE 25006; queries, SET,
   * SHOW and EXPLAIN still run. JDBC's {@code Connection.setReadOnly} sets it.
   */
  public void setReadOnly(boolean readOnly) {
    this.readOnly = readOnly;
  }

  public boolean isReadOnly() {
    return readOnly;
  }

  /** Options set in this session, keys in lower case. */
  public Map<String, String> options() {
    return Collections.unmodifiableMap(options);
  }

  /** Every option SET accepts (optimizer batches each by name), sorted. */
  public static List<String> optionKeys() {
    return Options.allKeys();
  }

  /** The value an option has while it is not set, or null. */
  public static String optionDefault(String key) {
    return Options.defaultValue(key.toLowerCase(Locale.ROOT));
  }

  /** Where each option set in this session came from, keys in lower case. */
  public OptionOrigin origin(String key) {
    return origins.getOrDefault(key.toLowerCase(Locale.ROOT), OptionOrigin.DEFAULT);
  }

  /**
   * Sets an option given with the connection (a JDBC URL's {@code ;key=value} or a connection
   * property), checked as SET checks it: an unknown key or a bad value is refused with its name.
   */
  public void setConnectionOption(String key, String value) {
    try {
      setOption(key, Options.check(key, value), OptionOrigin.CONNECTION);
    } catch (RuntimeException e) {
      throw userError(e, key, null);
    }
  }

  void setOption(String key, String value) {
    setOption(key, value, OptionOrigin.SESSION);
  }

  void setOption(String key, String value, OptionOrigin origin) {
    String k = key.toLowerCase(Locale.ROOT);
    if (ExternalAccess.isKey(k)) {
      value = externalAccess.set(k, value); // refused once access is off
    }
    options.put(k, value);
    origins.put(k, origin);
  }

  /** Unsets an option (every option when {@code key} is null): back to the database's default for it, if any. */
  void resetOption(String key) {
    externalAccess.reset(key); // refused for its own keys once access is off
    if (key == null) {
      Map<String, String> kept = new LinkedHashMap<>();
      if (!externalAccess.enabled()) {
        // RESET ALL resets the other options: the locked-down mode stays as it is
        kept.put(ExternalAccess.ACCESS_KEY, options.get(ExternalAccess.ACCESS_KEY));
        kept.put(ExternalAccess.PATHS_KEY, options.getOrDefault(ExternalAccess.PATHS_KEY, ""));
      }
      Map<String, OptionOrigin> keptOrigins = new LinkedHashMap<>();
      kept.keySet().forEach(k -> keptOrigins.put(k, origins.getOrDefault(k, OptionOrigin.SESSION)));
      options.clear();
      origins.clear();
      options.putAll(kept);
      origins.putAll(keptOrigins);
    } else {
      options.remove(key.toLowerCase(Locale.ROOT));
      origins.remove(key.toLowerCase(Locale.ROOT));
    }
    for (Map.Entry<String, String> e : database.defaultOptions().entrySet()) {
      if ((key == null || key.equalsIgnoreCase(e.getKey()))
          && !(ExternalAccess.isKey(e.getKey()) && !externalAccess.enabled())) {
        setOption(e.getKey(), e.getValue(), OptionOrigin.DATABASE);
      }
    }
  }

  @Override
  public void close() {
    // nothing held yet; continuous queries started by the session will be stopped here
  }

  private static String stripTerminator(String sql) {
    String s = sql.stripTrailing();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }

  /**
   * The error as the user sees it: code, message, and where the text is at fault the position
   * (in the coordinates of {@code text}) with the offending line and a caret.
   */
  static SluiceException userError(Throwable e, String text, StatementText inScript) {
    if (e instanceof SqlParseError) {
      SqlParseError parse = inScript == null ? (SqlParseError) e : ((SqlParseError) e).inScript(inScript);
      ErrorCode code = parse instanceof io.sluice.sqlparser.StatementLimitError
          ? ErrorCode.programLimit(((io.sluice.sqlparser.StatementLimitError) parse).sqlState()) : ErrorCode.SYNTAX_ERROR;
      SluiceException result = new SluiceException(code,
          parse.getMessage() + "\n" + ErrorContext.render(text, parse.line(), parse.column()),
          parse.line(), parse.column(), e);
      return result;
    }
    if (e instanceof SluiceException) {
      SluiceException s = (SluiceException) e;
      if (!s.hasPosition()) {
        return s;
      }
      int line = s.line();
      int column = s.column();
      if (inScript != null) {
        int[] p = inScript.toScriptPosition(line, column);
        line = p[0];
        column = p[1];
      }
      return new SluiceException(s.code(), "At line " + line + ", column " + column + ": " + s.getMessage() + "\n"
          + ErrorContext.render(text, line, column), line, column, s);
    }
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof StackOverflowError)) {
      cause = cause.getCause(); // Calcite wraps it: "while converting ..."
    }
    if (cause instanceof StackOverflowError) {
      // The last line of defence, in this one place: StatementLimits keeps trees shallow enough for
      // every stage, but a stage may still recurse in a way the limits do not foresee.
      return new SluiceException(ErrorCode.STATEMENT_TOO_COMPLEX, "The statement is nested too deeply to plan (parentheses,"
          + " expressions, CASE or subqueries within each other): write it with fewer levels", 0, 0, e);
    }
    String where = e.getStackTrace().length > 0 ? " at " + e.getStackTrace()[0] : "";
    return new SluiceException(ErrorCode.INTERNAL_ERROR,
        "Internal error (please report it with the statement): " + e + where, 0, 0, e);
  }
}
