package io.sluice.jdbc;

import io.sluice.engine.Database;
import io.sluice.engine.Session;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * A JDBC connection: one engine {@link Session}. Every statement commits on its own (auto-commit
 * is always on: Sluice has no transactions).
 */
public final class SluiceConnection implements Connection {
  private final Database database;
  private final Session session;
  private final String url;
  private final String user;
  private final Properties clientInfo = new Properties();
  private final Set<SluiceStatement> statements = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;
  private int networkTimeout;

  SluiceConnection(Database database, String url, Map<String, String> urlOptions, Properties info)
      throws SQLException {
    this.database = database;
    this.url = url;
    this.user = info.getProperty("user");
    this.session = database.openSession();
    session.useWebPages(WebPages.INSTANCE); // before the URL's options: ';ui.port=8080' serves the page too
    try {
      // 'security.external-access' = 'off' goes last: once off, 'security.allowed-paths' cannot be set
      String lockKey = null;
      String lockValue = null;
      String lockWhere = null;
      for (Map.Entry<String, String> e : urlOptions.entrySet()) {
        if (e.getKey().equalsIgnoreCase("security.external-access")) {
          lockKey = e.getKey();
          lockValue = e.getValue();
          lockWhere = "the URL";
          continue;
        }
        setOption(e.getKey(), e.getValue(), "the URL");
      }
      for (String key : new TreeSet<>(info.stringPropertyNames())) {
        if (key.equalsIgnoreCase("security.external-access")) {
          lockKey = key;
          lockValue = info.getProperty(key);
          lockWhere = "the connection properties";
          continue;
        }
        if (!key.equals("user") && !key.equals("password")) {
          setOption(key, info.getProperty(key), "the connection properties");
        }
      }
      if (lockKey != null) {
        setOption(lockKey, lockValue, lockWhere);
      }
    } catch (SQLException e) {
      session.close();
      throw e;
    }
  }

  /** Sets a session option given with the connection; an unknown key or bad value is refused naming it. */
  private void setOption(String key, String value, String where) throws SQLException {
    try {
      session.setConnectionOption(key, value);
    } catch (RuntimeException e) {
      SQLException translated = Errors.translate(e);
      throw new SQLNonTransientConnectionException("Connection option '" + key + "' in " + where + " is refused: "
          + translated.getMessage(), "08001", translated);
    }
  }

  Session session() {
    return session;
  }

  Database database() {
    return database;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  void checkOpen() throws SQLException {
    if (closed) {
      throw Errors.closed("Connection");
    }
  }

  void statementClosed(SluiceStatement statement) {
    statements.remove(statement);
  }

  @Override
  public Statement createStatement() throws SQLException {
    checkOpen();
    SluiceStatement s = new SluiceStatement(this);
    statements.add(s);
    return s;
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency, int resultSetHoldability)
      throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return createStatement();
  }

  @Override
  public PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    SluicePreparedStatement s = new SluicePreparedStatement(this, sql);
    statements.add(s);
    return s;
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    checkResultSetOptions(resultSetType, resultSetConcurrency);
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    if (autoGeneratedKeys != Statement.NO_GENERATED_KEYS) {
      throw Errors.unsupported("prepareStatement with RETURN_GENERATED_KEYS", "Sluice does not generate keys");
    }
    return prepareStatement(sql);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    throw Errors.unsupported("prepareStatement with generated key columns", "Sluice does not generate keys");
  }

  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    throw Errors.unsupported("prepareStatement with generated key columns", "Sluice does not generate keys");
  }

  private void checkResultSetOptions(int type, int concurrency) throws SQLException {
    checkOpen();
    if (type != ResultSet.TYPE_FORWARD_ONLY) {
      throw Errors.unsupported("Result set type " + type, "only TYPE_FORWARD_ONLY result sets are available");
    }
    if (concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw Errors.unsupported("Result set concurrency " + concurrency, "only CONCUR_READ_ONLY result sets are available");
    }
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    if (!autoCommit) {
      throw Errors.unsupported("setAutoCommit(false)",
          "Sluice has no transactions; every statement takes effect when it completes (auto-commit is always on)");
    }
  }

  @Override
  public boolean getAutoCommit() throws SQLException {
    checkOpen();
    return true;
  }

  /**
   * Refused, as JDBC asks of a call in auto-commit mode: auto-commit is always on, so every
   * statement was committed when it completed and there is nothing to commit.
   */
  @Override
  public void commit() throws SQLException {
    checkOpen();
    throw Errors.inAutoCommit("commit()");
  }

  /** Refused, as JDBC asks of a call in auto-commit mode: there is never anything to roll back. */
  @Override
  public void rollback() throws SQLException {
    checkOpen();
    throw Errors.inAutoCommit("rollback()");
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    for (SluiceStatement s : statements.toArray(new SluiceStatement[0])) {
      s.closeQuietly();
    }
    session.close();
  }

  /**
   * Waits until the continuous queries of this connection's database have ended (those with the
   * continuous trigger run until the process stops); a query that failed becomes an exception.
   * {@code sluice run} calls this after a pipeline's statements.
   */
  public void awaitContinuousQueries() throws SQLException {
    checkOpen();
    try {
      java.util.List<io.sluice.engine.result.LiveQuery> failed = session.database().awaitContinuousQueries();
      if (!failed.isEmpty()) {
        throw Errors.translate(failed.get(0).failure() instanceof RuntimeException
            ? (RuntimeException) failed.get(0).failure()
            : new RuntimeException(failed.get(0).failure()));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for continuous queries", e);
    }
  }

  /**
   * Asks the continuous queries of this connection's database to stop at their next batch
   * boundary: a batch that is running finishes and commits, no other starts. Returns at once;
   * {@link #awaitContinuousQueries} waits for them. What {@code sluice run} does on SIGTERM or Ctrl-C.
   */
  public void stopContinuousQueries() {
    session.database().requestStopContinuousQueries();
  }

  /**
   * What a continuous query has done: its batches and rows since it started, its status, and from
   * its last batch the input rows per second and the watermark (epoch milliseconds; null before
   * the first or without one).
   */
  public record ContinuousQuerySummary(String id, String sink, String status, long batches, long inputRows,
      long outputRows, double inputRowsPerSecond, Long watermark) {}

  /** What each continuous query of this connection's database has done, in the order they started. */
  public java.util.List<ContinuousQuerySummary> continuousQuerySummaries() {
    java.util.List<ContinuousQuerySummary> summaries = new java.util.ArrayList<>();
    for (io.sluice.engine.result.LiveQuery q : session.database().continuousQueries()) {
      java.util.List<io.sluice.engine.result.BatchProgress> progress = q.progress();
      io.sluice.engine.result.BatchProgress last = progress.isEmpty() ? null : progress.get(progress.size() - 1);
      summaries.add(new ContinuousQuerySummary(q.id(), q.sinkName(),
          q.status().name().toLowerCase(java.util.Locale.ROOT), q.batches(), q.inputRowsTotal(),
          q.outputRowsTotal(), last == null ? 0 : last.inputRowsPerSecond(), last == null ? null : last.watermark()));
    }
    return summaries;
  }

  /**
   * Totals and recent batches of each continuous query of this connection's database, in the order
   * they started: what Sluice's Prometheus metrics report. A Sluice extension.
   */
  public java.util.List<ContinuousQueryProgress> continuousQueryProgress() {
    return ContinuousQueryProgress.listOf(session.database());
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new SluiceDatabaseMetaData(this);
  }

  /**
   * Read-only: INSERT, UPDATE, DELETE, CREATE, DROP and starting continuous queries are refused
   * with SQLSTATE 25006; queries, SET, SHOW and EXPLAIN run.
   */
  @Override
  public void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    session.setReadOnly(readOnly);
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    checkOpen();
    return session.isReadOnly();
  }

  /** Ignored, as JDBC asks of drivers without catalogs. */
  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    if (level != TRANSACTION_NONE) {
      throw Errors.unsupported("setTransactionIsolation(" + level + ")", "Sluice has no transactions");
    }
  }

  @Override
  public int getTransactionIsolation() throws SQLException {
    checkOpen();
    return TRANSACTION_NONE;
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return Collections.emptyMap();
  }

  @Override
  public void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    if (map != null && !map.isEmpty()) {
      throw Errors.unsupported("setTypeMap", "Sluice has no user-defined types");
    }
  }

  @Override
  public void setHoldability(int holdability) throws SQLException {
    checkOpen();
    if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT) {
      throw Errors.unsupported("setHoldability(" + holdability + ")", "result sets are never closed by commits");
    }
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public Savepoint setSavepoint() throws SQLException {
    throw Errors.unsupported("setSavepoint", "Sluice has no transactions");
  }

  @Override
  public Savepoint setSavepoint(String name) throws SQLException {
    throw Errors.unsupported("setSavepoint", "Sluice has no transactions");
  }

  @Override
  public void rollback(Savepoint savepoint) throws SQLException {
    throw Errors.unsupported("rollback(Savepoint)", "Sluice has no transactions");
  }

  @Override
  public void releaseSavepoint(Savepoint savepoint) throws SQLException {
    throw Errors.unsupported("releaseSavepoint", "Sluice has no transactions");
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    throw Errors.unsupported("prepareCall", "Sluice has no stored procedures");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency) throws SQLException {
    throw Errors.unsupported("prepareCall", "Sluice has no stored procedures");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
      int resultSetHoldability) throws SQLException {
    throw Errors.unsupported("prepareCall", "Sluice has no stored procedures");
  }

  @Override
  public Clob createClob() throws SQLException {
    throw Errors.unsupported("createClob");
  }

  @Override
  public Blob createBlob() throws SQLException {
    throw Errors.unsupported("createBlob");
  }

  @Override
  public NClob createNClob() throws SQLException {
    throw Errors.unsupported("createNClob");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    throw Errors.unsupported("createSQLXML");
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    throw Errors.unsupported("createArrayOf");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    throw Errors.unsupported("createStruct");
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw new SQLException("isValid: the timeout must not be negative: " + timeout, "HY024");
    }
    return !closed;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (closed) {
      throw new SQLClientInfoException("Connection is closed", "08003", 0, Collections.emptyMap());
    }
    if (value == null) {
      clientInfo.remove(name);
    } else {
      clientInfo.setProperty(name, value);
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    if (closed) {
      throw new SQLClientInfoException("Connection is closed", "08003", 0, Collections.emptyMap());
    }
    clientInfo.clear();
    if (properties != null) {
      clientInfo.putAll(properties);
    }
  }

  @Override
  public String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  /** Ignored, as JDBC allows: Sluice has no schemas. */
  @Override
  public void setSchema(String schema) throws SQLException {
    checkOpen();
  }

  @Override
  public String getSchema() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw new SQLException("abort: the executor must not be null", "HY009");
    }
    close();
  }

  /** Kept for tools that read it back; an in-process engine has no network to time out. */
  @Override
  public void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    if (milliseconds < 0) {
      throw new SQLException("Network timeout must not be negative: " + milliseconds, "HY024");
    }
    networkTimeout = milliseconds;
  }

  @Override
  public int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeout;
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    if (type.isInstance(this)) {
      return type.cast(this);
    }
    throw new SQLException("SluiceConnection does not wrap " + type.getName());
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return type.isInstance(this);
  }
}
