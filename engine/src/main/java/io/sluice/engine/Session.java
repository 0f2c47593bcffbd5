package io.sluice.engine;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A conversation with a {@link Database}: runs statements and keeps the options set with
 * {@code SET}. Not thread-safe; one per connection.
 *
 * <p>Errors are {@link SluiceException}s whose message names the problem and, where the text
 * is at fault, its line and column with the statement text and a caret under the spot.
 */
public final class Session implements AutoCloseable {
  private final Database database;
  private final Map<String, String> options = new LinkedHashMap<>();

  Session(Database database) {
    this.database = database;
  }

  public Database database() {
    return database;
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
    throw new SluiceException(ErrorCode.UNSUPPORTED, "not built yet");
  }

  /**
   * Runs every statement of a script in order, stopping at the first error (which is thrown,
   * with positions relative to the whole script). Row results are fully read into memory.
   */
  public List<StatementResult> executeScript(String script) {
    throw new SluiceException(ErrorCode.UNSUPPORTED, "not built yet");
  }

  /** Options set in this session, keys in lower case. */
  public Map<String, String> options() {
    return Collections.unmodifiableMap(options);
  }

  @Override
  public void close() {
    // nothing held yet; continuous queries started by the session will be stopped here
  }

  List<String> optionKeys() {
    return new ArrayList<>(options.keySet());
  }
}
