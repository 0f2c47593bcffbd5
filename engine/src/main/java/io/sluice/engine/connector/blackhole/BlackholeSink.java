package io.sluice.engine.connector.blackhole;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Discards every row and counts them ({@code CREATE SINK s WITH (connector = 'blackhole')}), so a
 * benchmark measures the query and not the output. Rows and batches count when a batch commits;
 * an aborted batch counts nothing, and a batch id at or below the last one committed is ignored,
 * as in every sink. Writing a batch costs one addition, whatever its size.
 */
public final class BlackholeSink implements StreamSink {
  private final TableSchema declared;
  private final AtomicLong rows = new AtomicLong();
  private final AtomicLong batches = new AtomicLong();
  private final AtomicLong lastBatch = new AtomicLong(-1);

  BlackholeSink(TableSchema declared) {
    this.declared = declared;
  }

  static BlackholeSink open(TableDefinition definition) {
    for (String key : definition.options().keySet()) {
      if (!key.equals("connector")) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Unknown option '" + key + "' for connector 'blackhole':"
            + " it takes no options.");
      }
    }
    TableSchema schema = definition.schema();
    return new BlackholeSink(schema == null || schema.size() == 0 ? null : schema);
  }

  /** Rows of all committed batches. */
  public long rows() {
    return rows.get();
  }

  /** Committed batches. */
  public long batches() {
    return batches.get();
  }

  /** The id of the last committed batch, or -1. */
  public long lastBatchId() {
    return lastBatch.get();
  }

  @Override
  public TableSchema schema() {
    return declared;
  }

  @Override
  public BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    return new Writer(batchId);
  }

  @Override
  public boolean takesChangelog() {
    return true;
  }

  @Override
  public String describe() {
    return "blackhole";
  }

  private final class Writer implements BatchWriter {
    private final long batchId;
    private long written;
    private boolean done;

    Writer(long batchId) {
      this.batchId = batchId;
    }

    @Override
    public void write(Batch batch, byte[] kinds) {
      written += batch.rowCount();
    }

    @Override
    public void commit() {
      if (done) {
        return;
      }
      done = true;
      synchronized (BlackholeSink.this) {
        if (batchId <= lastBatch.get()) {
          return;
        }
        lastBatch.set(batchId);
        rows.addAndGet(written);
        batches.incrementAndGet();
      }
    }

    @Override
    public void close() {
      done = true;
    }
  }
}
