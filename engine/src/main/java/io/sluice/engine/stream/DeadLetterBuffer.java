package io.sluice.engine.stream;

import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.DeadLetters;
import java.util.ArrayList;
import java.util.List;

/** The rows set aside in one batch, written to the dead-letter sink when the batch commits. */
final class DeadLetterBuffer implements DeadLetters {
  private final long batchId;
  private final List<String[]> rows = new ArrayList<>();

  DeadLetterBuffer(long batchId) {
    this.batchId = batchId;
  }

  @Override
  public void accept(String operator, String row, String error) {
    rows.add(new String[] {operator, error, row});
  }

  /** Rows set aside so far. */
  int size() {
    return rows.size();
  }

  void commitTo(StreamSink sink) {
    io.sluice.catalog.data.LongVector ids = new io.sluice.catalog.data.LongVector(Math.max(1, rows.size()));
    io.sluice.catalog.data.BytesVector[] text = new io.sluice.catalog.data.BytesVector[3];
    for (int c = 0; c < 3; c++) {
      text[c] = new io.sluice.catalog.data.BytesVector(Math.max(1, rows.size()));
    }
    for (int r = 0; r < rows.size(); r++) {
      ids.values[r] = batchId;
      for (int c = 0; c < 3; c++) {
        text[c].setString(r, rows.get(r)[c]);
      }
    }
    io.sluice.catalog.data.Batch batch = new io.sluice.catalog.data.Batch(
        new io.sluice.catalog.data.ColumnVector[] {ids, text[0], text[1], text[2]}, rows.size());
    try (StreamSink.BatchWriter writer = sink.open(batchId, OutputMode.APPEND, DeadLetters.SCHEMA)) {
      if (!rows.isEmpty()) {
        writer.write(batch, null);
      }
      writer.commit();
    }
  }
}
