package io.sluice.engine.connector.blackhole;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.exec.ConnectorRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlackholeSinkTest {
  private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT))));

  private static Batch batch(int size, int selected) {
    Batch batch = Batch.allocate(SCHEMA.types(), size);
    batch.size = size;
    if (selected < size) {
      batch.selection = new int[selected];
      for (int i = 0; i < selected; i++) {
        batch.selection[i] = i;
      }
      batch.selectedCount = selected;
    }
    return batch;
  }

  @Test
  void countsCommittedRowsAndBatches() {
    BlackholeSink sink = (BlackholeSink) ConnectorRegistry.get("blackhole").createSink(
        new TableDefinition("b", TableKind.SINK, null, Map.of("connector", "blackhole"), null));
    try (StreamSink.BatchWriter writer = sink.open(0, OutputMode.APPEND, SCHEMA)) {
      writer.write(batch(10, 10), null);
      writer.write(batch(10, 4), null);
      writer.commit();
    }
    try (StreamSink.BatchWriter writer = sink.open(1, OutputMode.UPDATE, SCHEMA)) {
      writer.write(batch(7, 7), null); // aborted: not counted
    }
    for (int i = 0; i < 2; i++) {
      try (StreamSink.BatchWriter writer = sink.open(1, OutputMode.UPDATE, SCHEMA)) {
        writer.write(batch(3, 3), null);
        writer.commit();
      }
    }
    assertEquals(17, sink.rows());
    assertEquals(2, sink.batches());
    assertEquals(1, sink.lastBatchId());
  }

  @Test
  void takesNoOptions() {
    assertThrows(SluiceException.class, () -> ConnectorRegistry.get("blackhole").createSink(
        new TableDefinition("b", TableKind.SINK, null, Map.of("connector", "blackhole", "rate", "1"), null)));
  }
}
