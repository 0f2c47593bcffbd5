package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The {@code jdbc} connector as a sink: each micro-batch's rows are written to a database table
 * in one transaction, together with the batch's id in a small table of commits
 * ({@code sluice_sink_commits(sink_id, batch_id)}, created if missing). The row of commits is the
 * commit point, as a files sink's manifest is: opening a batch whose id is at or below the
 * committed one returns a writer that ignores everything, so a batch run again after a crash is
 * written once, and a batch cut short by a crash left nothing behind (its transaction never
 * committed).
 *
 * <p>Append output inserts; update output upserts {@code +I} and {@code +U} rows by option
 * {@code key} and deletes {@code -D} rows by key (a {@code -U} row is not written when the
 * {@code +U} after it carries the same key, and is a delete otherwise); complete output deletes the table's rows and
 * inserts the result, in the same transaction. See {@link JdbcBatchWriter}.
 *
 * <p>The sink connects when its first batch opens, not when it is declared, so that declaring it
 * (or reopening a database folder) does not need the database to be up. One connection is kept
 * between batches and dropped after any error; the next batch connects again.
 */
final class JdbcSink implements StreamSink {
  private final JdbcSinkOptions options;
  private final TableSchema declared;
  private final Object lock = new Object();
  /** The connection kept between batches, or null. */
  private Connection idle;
  private volatile boolean commitTableChecked;
  /** The statements for the last output schema seen, or null. */
  private volatile Layout layout;

  /** What a batch of one output schema needs: the statements' text, the binder and the key's place. */
  record Layout(TableSchema schema, SinkStatements statements, RowBinder binder, int[] keyIndexes,
      JdbcSinkOptions.Upsert upsert) {}

  private JdbcSink(JdbcSinkOptions options, TableSchema declared) {
    this.options = options;
    this.declared = declared;
  }

  static JdbcSink open(TableDefinition definition) {
    JdbcSinkOptions options = JdbcSinkOptions.parse(definition.name(), definition.options());
    TableSchema schema = definition.schema();
    return new JdbcSink(options, schema == null || schema.size() == 0 ? null : schema);
  }

  @Override
  public TableSchema schema() {
    return declared;
  }

  /** Update output needs a key to find the rows it changes. */
  @Override
  public boolean takesChangelog() {
    return !options.key.isEmpty();
  }

  @Override
  public String describe() {
    return "jdbc " + JdbcSinkOptions.redact(options.url) + " table " + options.table
        + (options.key.isEmpty() ? " without option 'key', which update output needs"
            : " key " + String.join(", ", options.key));
  }

  JdbcSinkOptions options() {
    return options;
  }

  @Override
  public BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    TableSchema shape = schema == null ? declared : schema;
    if (shape == null) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Sink '" + options.sinkName + "' was opened without a schema");
    }
    if (mode == OutputMode.UPDATE && options.key.isEmpty()) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Sink '" + options.sinkName + "' (connector 'jdbc')"
          + " takes update output only with option 'key' (the columns that identify a row of table '"
          + options.table + "').");
    }
    Connection connection = take();
    try {
      ensureCommitTable(connection);
      long committed = committedBatch(connection);
      if (committed >= batchId) {
        connection.rollback();
        release(connection);
        return IGNORED_BATCH;
      }
      return new JdbcBatchWriter(this, connection, batchId, mode, layout(connection, shape));
    } catch (SQLException e) {
      discard(connection);
      throw failure("open batch " + batchId + " of", e);
    } catch (RuntimeException e) {
      discard(connection);
      throw e;
    }
  }

  /** The last batch id the sink committed, or -1; read in the batch's transaction. */
  private long committedBatch(Connection connection) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SinkStatements.selectCommitted(options.commitTable))) {
      select.setString(1, options.sinkId);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    }
  }

  /**
   * Records {@code batchId} as committed, in the batch's transaction. Returns false when the
   * sink's record is already at or past it: another writer of the same batch (a process that
   * was thought dead) committed first, and this one's rows must be rolled back.
   */
  boolean recordCommit(Connection connection, long batchId) throws SQLException {
    try (PreparedStatement advance = connection.prepareStatement(SinkStatements.advanceCommitted(options.commitTable))) {
      advance.setLong(1, batchId);
      advance.setString(2, options.sinkId);
      advance.setLong(3, batchId);
      if (advance.executeUpdate() == 1) {
        return true;
      }
    }
    if (committedBatch(connection) >= 0) {
      return false;
    }
    try (PreparedStatement insert = connection.prepareStatement(SinkStatements.insertCommitted(options.commitTable))) {
      insert.setString(1, options.sinkId);
      insert.setLong(2, batchId);
      insert.executeUpdate(); // a concurrent first commit of the same sink fails here on the primary key
    }
    return true;
  }

  private void ensureCommitTable(Connection connection) throws SQLException {
    if (commitTableChecked) {
      return;
    }
    if (!tableExists(connection, options.commitTable)) {
      try (Statement create = connection.createStatement()) {
        create.executeUpdate(SinkStatements.createCommitTable(options.commitTable));
        connection.commit();
      } catch (SQLException e) {
        connection.rollback();
        if (!tableExists(connection, options.commitTable)) { // not made meanwhile by another sink
          throw e;
        }
      }
    }
    commitTableChecked = true;
  }

  private static boolean tableExists(Connection connection, String table) throws SQLException {
    try (Statement probe = connection.createStatement()) {
      probe.executeQuery("SELECT 1 FROM " + table + " WHERE 1 = 0").close();
      return true;
    } catch (SQLException e) {
      connection.rollback(); // PostgreSQL aborts the transaction on any error
      return false;
    }
  }

  private Layout layout(Connection connection, TableSchema shape) throws SQLException {
    Layout current = layout;
    if (current != null && current.schema().equals(shape)) {
      return current;
    }
    TargetTable target = TargetTable.read(connection, options.table, JdbcSinkOptions.redact(options.url));
    TargetTable.Mapping mapping = target.map(shape, options.key, options.sinkName);
    DatabaseMetaData meta = connection.getMetaData();
    String quote = meta.getIdentifierQuoteString();
    quote = quote == null || quote.isBlank() ? "" : quote.trim();
    JdbcSinkOptions.Upsert upsert = options.upsert != null ? options.upsert
        : "PostgreSQL".equalsIgnoreCase(meta.getDatabaseProductName()) ? JdbcSinkOptions.Upsert.ON_CONFLICT
        : JdbcSinkOptions.Upsert.UPDATE_INSERT;
    current = new Layout(shape, new SinkStatements(options.table, mapping.names(), mapping.keyIndexes(), quote),
        new RowBinder(mapping.types(), mapping.sqlTypes()), mapping.keyIndexes(), upsert);
    layout = current;
    return current;
  }

  /**
   * The kept connection if it still works (the database may have restarted since), or a new
   * one; in a transaction (auto-commit off).
   */
  private Connection take() {
    Connection kept;
    synchronized (lock) {
      kept = idle;
      idle = null;
    }
    if (kept != null) {
      try {
        if (kept.isValid(5)) {
          return kept;
        }
      } catch (SQLException e) {
        // connect again below
      }
      discard(kept);
    }
    try {
      Properties properties = driverProperties();
      // one multi-row INSERT per JDBC batch instead of a statement per row, where the driver can
      if (options.url.startsWith("jdbc:postgresql:")) {
        properties.putIfAbsent("reWriteBatchedInserts", "true");
      } else if (options.url.startsWith("jdbc:mysql:") || options.url.startsWith("jdbc:mariadb:")) {
        properties.putIfAbsent("rewriteBatchedStatements", "true");
      }
      Connection connection = DriverManager.getConnection(options.url, properties);
      connection.setAutoCommit(false);
      return connection;
    } catch (SQLException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Sink '" + options.sinkName + "' cannot connect to "
          + JdbcSinkOptions.redact(options.url) + ": " + redacted(e) + state(e), e);
    }
  }

  /**
   * The {@code properties.*} options under the names the driver gives them: option keys are
   * lower case in Sluice, and drivers' names often are not ({@code ApplicationName}).
   */
  private Properties driverProperties() throws SQLException {
    Properties properties = new Properties();
    java.util.Map<String, String> names = new java.util.HashMap<>();
    for (java.sql.DriverPropertyInfo info : DriverManager.getDriver(options.url).getPropertyInfo(options.url,
        new Properties())) {
      names.put(info.name.toLowerCase(java.util.Locale.ROOT), info.name);
    }
    for (String key : options.connectionProperties.stringPropertyNames()) {
      properties.setProperty(names.getOrDefault(key.toLowerCase(java.util.Locale.ROOT), key),
          options.connectionProperties.getProperty(key));
    }
    return properties;
  }

  /** Keeps a connection whose transaction ended for the next batch. */
  void release(Connection connection) {
    synchronized (lock) {
      if (idle == null) {
        idle = connection;
        return;
      }
    }
    discard(connection);
  }

  /** Closes a connection after an error: its state is unknown. */
  static void discard(Connection connection) {
    try {
      connection.close();
    } catch (SQLException e) {
      // closing is best effort: the connection is dropped either way
    }
  }

  /** An error of the database while the sink did {@code what}: names the sink, table and database, never the password. */
  SluiceException failure(String what, SQLException e) {
    SQLException cause = e;
    if (e instanceof java.sql.BatchUpdateException && e.getNextException() != null) {
      cause = e.getNextException(); // the row's own error; the batch's says only that the batch failed
    }
    String hint = "42P10".equals(cause.getSQLState()) ? ". Option 'key' (" + String.join(", ", options.key)
        + ") must be the columns of a primary key or unique index of table '" + options.table + "'." : "";
    return new SluiceException(ErrorCode.IO_ERROR, "Sink '" + options.sinkName + "' could not " + what + " table '"
        + options.table + "' in " + JdbcSinkOptions.redact(options.url) + ": " + redacted(cause) + state(cause) + hint,
        e);
  }

  private String redacted(SQLException e) {
    String message = String.valueOf(e.getMessage()).replace(options.url, JdbcSinkOptions.redact(options.url));
    String password = options.connectionProperties.getProperty("password");
    return password == null || password.isEmpty() ? message : message.replace(password, "***");
  }

  private static String state(SQLException e) {
    return e.getSQLState() == null ? "" : " (SQLSTATE " + e.getSQLState() + ")";
  }
}
