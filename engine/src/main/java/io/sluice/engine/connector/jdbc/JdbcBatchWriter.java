package io.sluice.engine.connector.jdbc;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Writes one micro-batch of a {@link JdbcSink} in one database transaction, with JDBC batches
 * ({@code addBatch}, {@code executeBatch}) of up to option {@code batch-size} rows, so a round trip
 * carries many rows. Rows of one kind are batched together; a batch is sent when the kind
 * changes (a delete after upserts of the same key must come after them) and at the end of every
 * {@link #write} (the engine reuses its batches). {@link #commit} records the batch id in the
 * table of commits and commits the transaction; {@link #close} without it rolls back.
 *
 * <p>A {@code -U} row followed by a {@code +U} row with the same key is not sent: the upsert of
 * the {@code +U} replaces it. Any other {@code -U} (its row leaves the result, say past a filter)
 * is a delete by key, as {@code -D} is.
 *
 * <p>With {@code upsert = 'update-insert'} (any database), rows are first sent as
 * {@code UPDATE ... WHERE key = ?}; those that changed no row are then inserted. With {@code
 * upsert = 'merge'} each row is one SQL:2003 {@code MERGE}.
 */
final class JdbcBatchWriter implements StreamSink.BatchWriter {
  private static final int NONE = 0;
  private static final int UPSERT = 1;
  private static final int DELETE = 2;

  private final JdbcSink sink;
  private final Connection connection;
  private final long batchId;
  private final OutputMode mode;
  private final JdbcSink.Layout layout;
  private final int batchSize;
  private final int[] allColumns;
  /** The row's columns in the order of the upsert statement's parameters. */
  private final int[] upsertOrder;
  /** INSERT (append and complete), INSERT ... ON CONFLICT or UPDATE (update output). */
  private PreparedStatement upsert;
  private PreparedStatement insertAfterUpdate;
  private PreparedStatement delete;
  /** Rows of the pending JDBC batch, for the inserts that follow an UPDATE batch. */
  private final int[] pendingRows;
  private int pendingKind = NONE;
  private int pendingCount;
  private boolean done;

  JdbcBatchWriter(JdbcSink sink, Connection connection, long batchId, OutputMode mode, JdbcSink.Layout layout)
      throws SQLException {
    this.sink = sink;
    this.connection = connection;
    this.batchId = batchId;
    this.mode = mode;
    this.layout = layout;
    this.batchSize = sink.options().batchSize;
    this.allColumns = new int[layout.schema().size()];
    for (int c = 0; c < allColumns.length; c++) {
      allColumns[c] = c;
    }
    this.upsertOrder = mode != OutputMode.UPDATE ? allColumns
        : layout.upsert() == JdbcSinkOptions.Upsert.UPDATE_INSERT ? layout.statements().updateOrder()
        : layout.upsert() == JdbcSinkOptions.Upsert.MERGE ? layout.statements().mergeOrder() : allColumns;
    this.pendingRows = new int[batchSize];
    if (mode == OutputMode.COMPLETE) {
      try (Statement clear = connection.createStatement()) {
        clear.executeUpdate(layout.statements().deleteAll());
      }
    }
  }

  @Override
  public void write(Batch batch, byte[] kinds) {
    if (done) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + batchId + " of sink '" + sink.options().sinkName
          + "' is already committed or closed");
    }
    try {
      int count = batch.rowCount();
      for (int k = 0; k < count; k++) {
        int row = batch.row(k);
        byte kind = kinds == null ? RowKind.INSERT : kinds[row];
        if (mode != OutputMode.UPDATE) {
          if (kind != RowKind.INSERT) {
            throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Sink '" + sink.options().sinkName + "' got a row of"
                + " kind " + RowKind.symbol(kind) + " in " + mode.name().toLowerCase(java.util.Locale.ROOT)
                + " output");
          }
          add(batch, row, UPSERT);
        } else if (kind == RowKind.INSERT || kind == RowKind.UPDATE_AFTER) {
          add(batch, row, UPSERT);
        } else if (kind == RowKind.DELETE || k + 1 == count || kinds[batch.row(k + 1)] != RowKind.UPDATE_AFTER
            || !SameKey.equal(batch.columns, layout.keyIndexes(), row, batch.row(k + 1))) {
          add(batch, row, DELETE); // -D, or a -U whose row is not replaced by the +U after it
        }
      }
      flush(batch);
    } catch (SQLException e) {
      throw abort("write batch " + batchId + " to", e);
    }
  }

  private void add(Batch batch, int row, int kind) throws SQLException {
    if (pendingKind != kind || pendingCount == batchSize) {
      flush(batch);
    }
    pendingKind = kind;
    pendingRows[pendingCount++] = row;
    if (kind == DELETE) {
      layout.binder().bind(deleteStatement(), batch.columns, row, layout.keyIndexes());
      delete.addBatch();
    } else {
      layout.binder().bind(upsertStatement(), batch.columns, row, upsertOrder);
      upsert.addBatch();
    }
  }

  /** Sends the pending JDBC batch; after UPDATEs, inserts the rows that updated nothing. */
  private void flush(Batch batch) throws SQLException {
    if (pendingCount == 0) {
      return;
    }
    if (pendingKind == DELETE) {
      delete.executeBatch();
    } else if (mode == OutputMode.UPDATE && layout.upsert() == JdbcSinkOptions.Upsert.UPDATE_INSERT) {
      int[] counts = upsert.executeBatch();
      boolean inserts = false;
      for (int i = 0; i < pendingCount; i++) {
        int updated = counts[i];
        if (updated == Statement.SUCCESS_NO_INFO) { // the driver did not say: ask row by row
          layout.binder().bind(upsert, batch.columns, pendingRows[i], upsertOrder);
          updated = upsert.executeUpdate();
        }
        if (updated == 0) {
          layout.binder().bind(insertAfterUpdate(), batch.columns, pendingRows[i], allColumns);
          insertAfterUpdate.addBatch();
          inserts = true;
        }
      }
      if (inserts) {
        insertAfterUpdate.executeBatch();
      }
    } else {
      upsert.executeBatch();
    }
    pendingCount = 0;
    pendingKind = NONE;
  }

  private PreparedStatement upsertStatement() throws SQLException {
    if (upsert == null) {
      SinkStatements statements = layout.statements();
      String sql = mode != OutputMode.UPDATE ? statements.insert()
          : switch (layout.upsert()) {
            case ON_CONFLICT -> statements.insertOnConflict();
            case UPDATE_INSERT -> statements.update();
            case MERGE -> statements.merge();
          };
      upsert = connection.prepareStatement(sql);
    }
    return upsert;
  }

  private PreparedStatement insertAfterUpdate() throws SQLException {
    if (insertAfterUpdate == null) {
      insertAfterUpdate = connection.prepareStatement(layout.statements().insert());
    }
    return insertAfterUpdate;
  }

  private PreparedStatement deleteStatement() throws SQLException {
    if (delete == null) {
      delete = connection.prepareStatement(layout.statements().deleteByKey());
    }
    return delete;
  }

  @Override
  public void commit() {
    if (done) {
      return;
    }
    try {
      if (pendingCount != 0) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Batch " + batchId + " of sink '"
            + sink.options().sinkName + "' has rows not sent at its commit");
      }
      if (sink.recordCommit(connection, batchId)) {
        connection.commit();
      } else {
        connection.rollback(); // another writer committed this batch first: these rows would be duplicates
      }
      done = true;
      closeStatements();
      sink.release(connection);
    } catch (SQLException e) {
      throw abort("commit batch " + batchId + " to", e);
    }
  }

  /** Rolls back a batch that was not committed. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    try {
      closeStatements();
      connection.rollback();
      sink.release(connection);
    } catch (SQLException e) {
      JdbcSink.discard(connection);
    }
  }

  private SluiceException abort(String what, SQLException e) {
    done = true;
    try {
      connection.rollback();
    } catch (SQLException ignored) {
      // the connection is dropped below either way
    }
    JdbcSink.discard(connection);
    return sink.failure(what, e);
  }

  private void closeStatements() throws SQLException {
    for (Statement statement : new Statement[] {upsert, insertAfterUpdate, delete}) {
      if (statement != null) {
        statement.close();
      }
    }
  }
}
