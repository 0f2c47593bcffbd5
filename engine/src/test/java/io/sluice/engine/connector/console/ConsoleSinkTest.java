package io.sluice.engine.connector.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import io.sluice.engine.exec.ConnectorRegistry;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleSinkTest {
  private static final TableSchema SCHEMA = new TableSchema(List.of(new Column("id", DataType.of(TypeKind.BIGINT)),
      new Column("name", DataType.of(TypeKind.VARCHAR)), new Column("price", DataType.of(TypeKind.DOUBLE))));

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

  private String printed() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  /** Rows 0..3: (1, 'a', 1.5), (2, NULL, NULL), (3, 'c', 3.0), (4, 'd', 4.25); rows 1 and 3 selected. */
  private static Batch batch() {
    Batch batch = Batch.allocate(SCHEMA.types(), 4);
    Object[][] rows = {{1L, "a", 1.5}, {2L, null, null}, {3L, "c", 3.0}, {4L, "d", 4.25}};
    for (Object[] row : rows) {
      for (int c = 0; c < row.length; c++) {
        Values.write(SCHEMA.column(c).type(), batch.columns[c], batch.size, row[c]);
      }
      batch.size++;
    }
    batch.selection = new int[] {1, 3};
    batch.selectedCount = 2;
    return batch;
  }

  @Test
  void printsSelectedRowsWithKindsAndNulls() {
    ConsoleSink sink = new ConsoleSink("c", out, 0, null);
    try (StreamSink.BatchWriter writer = sink.open(3, OutputMode.UPDATE, SCHEMA)) {
      writer.write(batch(), new byte[] {RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.INSERT, RowKind.UPDATE_AFTER});
      assertEquals("", printed(), "nothing before the commit");
      writer.commit();
    }
    assertEquals("-- batch 3 (update)\n-U | 2 | NULL | NULL\n+U | 4 | d | 4.25\n", printed());
  }

  @Test
  void appendRowsAreInserts() {
    ConsoleSink sink = new ConsoleSink("c", out, 0, null);
    try (StreamSink.BatchWriter writer = sink.open(0, OutputMode.APPEND, SCHEMA)) {
      Batch batch = batch();
      batch.selection = null;
      writer.write(batch, null);
      writer.commit();
    }
    assertEquals("-- batch 0 (append)\n+I | 1 | a | 1.5\n+I | 2 | NULL | NULL\n+I | 3 | c | 3.0\n"
        + "+I | 4 | d | 4.25\n", printed());
  }

  @Test
  void maxRowsCutsTheBatch() {
    ConsoleSink sink = new ConsoleSink("c", out, 3, null);
    try (StreamSink.BatchWriter writer = sink.open(1, OutputMode.APPEND, SCHEMA)) {
      writer.write(batch(), null);
      writer.write(batch(), null);
      writer.write(batch(), null);
      writer.commit();
    }
    assertEquals("-- batch 1 (append)\n+I | 2 | NULL | NULL\n+I | 4 | d | 4.25\n+I | 2 | NULL | NULL\n"
        + "-- 3 more rows not shown (max-rows 3)\n", printed());
  }

  @Test
  void abortedBatchPrintsNothingAndARerunPrintsOnce() {
    ConsoleSink sink = new ConsoleSink("c", out, 0, null);
    try (StreamSink.BatchWriter writer = sink.open(5, OutputMode.APPEND, SCHEMA)) {
      writer.write(batch(), null);
    }
    assertEquals("", printed());
    for (int i = 0; i < 2; i++) {
      try (StreamSink.BatchWriter writer = sink.open(5, OutputMode.APPEND, SCHEMA)) {
        writer.write(batch(), null);
        writer.commit();
      }
    }
    assertEquals("-- batch 5 (append)\n+I | 2 | NULL | NULL\n+I | 4 | d | 4.25\n", printed());
  }

  @Test
  void optionsAreChecked() {
    StreamSink sink = ConnectorRegistry.get("console").createSink(definition(Map.of("connector", "console",
        "stream", "stderr", "max-rows", "10")));
    assertEquals("console stderr max-rows 10", sink.describe());
    SluiceException e = assertThrows(SluiceException.class,
        () -> ConnectorRegistry.get("console").createSink(definition(Map.of("connector", "console", "stream", "stdot"))));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("stdout"), e.getMessage());
    assertThrows(SluiceException.class, () -> ConnectorRegistry.get("console").createSink(
        definition(Map.of("connector", "console", "max-rows", "0"))));
    e = assertThrows(SluiceException.class, () -> ConnectorRegistry.get("console").createSink(
        definition(Map.of("connector", "console", "colour", "red"))));
    assertTrue(e.getMessage().contains("'colour'"), e.getMessage());
    assertThrows(SluiceException.class, () -> ConnectorRegistry.get("console").createSource(
        definition(Map.of("connector", "console"))));
  }

  private static TableDefinition definition(Map<String, String> options) {
    return new TableDefinition("c", TableKind.SINK, null, options, null);
  }
}
