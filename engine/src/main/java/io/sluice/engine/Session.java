package io.sluice.engine;

import io.sluice.catalog.SluiceException;
import io.sluice.catalog.registry.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.engine.result.BufferedRowCursor;
import io.sluice.engine.result.Prepared;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.statement.ExternalAccess;
import io.sluice.engine.statement.Options;
import io.sluice.engine.statement.SessionContext;
import io.sluice.engine.statement.Statements;
import io.sluice.engine.statement.UserErrors;
import io.sluice.engine.stream.QueryManager;
import io.sluice.sqlparser.ScriptSplitter;
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
  private final Statements statements;
  private final ExternalAccess externalAccess = new ExternalAccess();
  private final WebPageSwitch webPage;
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
    this.webPage = new WebPageSwitch(database);
    this.statements = new Statements(new Context());
    for (Map.Entry<String, String> e : database.savedOptions().entrySet()) {
      options.put(e.getKey(), e.getValue());
      origins.put(e.getKey(), OptionOrigin.DATABASE);
    }
  }

  public Database database() {
    return database;
  }

  /**
   * What serves this session's web page when {@code ui.port} is set (the JDBC driver gives the
   * server module's); without one, setting {@code ui.port} is refused.
   */
  public void useWebPages(WebPageService service) {
    webPage.use(service);
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
      return statements.resumeQuery(stripTerminator(insert), state, id);
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw UserErrors.of(e, insert, null);
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

  /**
   * How many query plans this session has optimized so far. A prepared query is optimized at its
   * first execution and runs again without, until a statement changes the catalog or an option
   * changes; tests read this to see it.
   */
  public long plansOptimized() {
    return statements.plansOptimized();
  }

  /**
   * How many programs (the source of a generated class) this session's queries have generated so
   * far. A prepared query generates its programs at its first execution; later ones bind their
   * values into them; tests read this to see it.
   */
  public long programsGenerated() {
    return statements.programsGenerated();
  }

  /** Parses and analyses one statement for repeated execution (optimized at its first run). */
  public Prepared prepare(String sql) {
    Prepared prepared;
    try {
      prepared = statements.prepare(stripTerminator(sql));
    } catch (RuntimeException | AssertionError | StackOverflowError e) {
      throw UserErrors.of(e, sql, null);
    }
    return Prepared.around(prepared, (inner, parameters) -> {
      StatementResult result;
      try {
        result = inner.execute(parameters);
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        throw UserErrors.of(e, sql, null);
      }
      database.statementDone(Session.this, sql, result);
      return result;
    });
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
      throw UserErrors.of(e, script, null);
    }
    for (StatementText statement : statements) {
      StatementResult result;
      try {
        result = buffered(this.statements.prepare(statement.text()).execute(List.of()));
      } catch (RuntimeException | AssertionError | StackOverflowError e) {
        throw UserErrors.of(e, script, statement);
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
      return StatementResult.rows(BufferedRowCursor.readAll(rows));
    }
  }

  /** What the statement handlers see of this session and its database. */
  private final class Context implements SessionContext {
    @Override
    public void saveTables() {
      database.saveTables();
    }

    @Override
    public Catalog catalog() {
      return database.catalog();
    }

    @Override
    public CodeCache codeCache() {
      return database.codeCache();
    }

    @Override
    public QueryManager queries() {
      return database.queries();
    }

    @Override
    public boolean checkOnly() {
      return database.isCheckOnly();
    }

    @Override
    public boolean readOnly() {
      return readOnly;
    }

    @Override
    public Map<String, String> options() {
      return Session.this.options();
    }

    @Override
    public String optionOrigin(String key) {
      return origin(key).label();
    }

    @Override
    public void setOption(String key, String value) {
      Session.this.setOption(key, value);
    }

    @Override
    public void resetOption(String key) {
      Session.this.resetOption(key);
    }

    @Override
    public ExternalAccess externalAccess() {
      return externalAccess;
    }
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
      throw UserErrors.of(e, key, null);
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
    if (k.equals(Options.UI_PORT) && !database.isCheckOnly()) {
      value = webPage.switchTo(value); // refused, and nothing changed, when the port is taken
    }
    options.put(k, value);
    origins.put(k, origin);
  }

  /** Unsets an option (every option when {@code key} is null): back to the database's default for it, if any. */
  void resetOption(String key) {
    externalAccess.reset(key); // refused for its own keys once access is off
    if (key == null || key.equalsIgnoreCase(Options.UI_PORT)) {
      webPage.close();
    }
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
    webPage.close(); // the session's web page; its continuous queries belong to the database and go on
  }

  private static String stripTerminator(String sql) {
    String s = sql.stripTrailing();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).stripTrailing();
    }
    return s;
  }

}
