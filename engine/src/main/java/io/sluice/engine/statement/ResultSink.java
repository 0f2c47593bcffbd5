package io.sluice.engine.statement;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.stream.OutputMode;

/** The sink of a streaming SELECT: rows go to the result cursor, nowhere else. */
final class ResultSink implements StreamSink {
  @Override
  public TableSchema schema() {
    return null;
  }

  @Override
  public BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    return IGNORED_BATCH;
  }
}
