package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.read;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static io.sluice.engine.connector.files.FilesTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.Statistics;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.catalog.connector.ColumnPredicate.Operator;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetFormatTest {
  @TempDir
  Path folder;

  private static final Column[] COLUMNS = {
    column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR), column("score", TypeKind.DOUBLE),
    column("flag", TypeKind.BOOLEAN)
  };

  /** 1000 rows in row groups of 100: ids ascend, names "n000".."n999", score NULL for odd ids. */
  private FilesTable tableWithRowGroups() {
    FilesTable table = table(options("path", folder.toString(), "format", "parquet", "row-group-rows", "100",
        "compression", "uncompressed"), COLUMNS);
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 1000; i++) {
      rows.add(row(i, String.format("n%03d", i), i % 2 == 0 ? i / 2.0 : null, i < 500));
    }
    write(table, rows);
    return table;
  }

  @Test
  void projectionReturnsOnlyRequestedColumnsInOrder() {
    FilesTable table = tableWithRowGroups();
    List<List<Object>> rows = read(table, new int[] {3, 1, 1});
    assertEquals(1000, rows.size());
    assertEquals(row(true, "n000", "n000"), rows.get(0));
    assertEquals(row(false, "n999", "n999"), rows.get(999));
    assertEquals(1000, read(table, new int[0]).size());
  }

  @Test
  void rowGroupsExcludedByStatisticsAreSkipped() {
    FilesTable table = tableWithRowGroups();
    List<List<Object>> rows = read(table, new int[] {0},
        new ColumnPredicate(0, Operator.GREATER_THAN_OR_EQUAL, 950L));
    assertEquals(10, table.lastScanRowGroups());
    assertEquals(9, table.lastScanRowGroupsSkipped());
    assertEquals(100, rows.size(), "the scan returns whole row groups; the engine filters the rest");
    assertEquals(row(900L), rows.get(0));

    rows = read(table, new int[] {1, 0}, new ColumnPredicate(1, Operator.EQUALS, "n123"),
        new ColumnPredicate(3, Operator.EQUALS, true));
    assertEquals(9, table.lastScanRowGroupsSkipped());
    assertTrue(rows.contains(row("n123", 123L)));

    read(table, new int[] {0}, new ColumnPredicate(0, Operator.IS_NULL, null));
    assertEquals(10, table.lastScanRowGroupsSkipped(), "id has no NULLs");
    read(table, new int[] {0}, new ColumnPredicate(2, Operator.LESS_THAN, -1.0));
    assertEquals(10, table.lastScanRowGroupsSkipped());
    read(table, new int[] {0}, new ColumnPredicate(2, Operator.EQUALS, -0.0));
    assertEquals(9, table.lastScanRowGroupsSkipped(), "-0.0 equals the 0.0 of the first row group");
    read(table, new int[] {0});
    assertEquals(0, table.lastScanRowGroupsSkipped());
  }

  @Test
  void statisticsComeFromFooters() {
    FilesTable table = tableWithRowGroups();
    Statistics statistics = table.statistics();
    assertTrue(statistics.exact());
    assertEquals(1000.0, statistics.rowCount());
    assertEquals(new Statistics.ColumnStatistics(0L, 999L, 0), statistics.columns().get("id"));
    assertEquals(new Statistics.ColumnStatistics("n000", "n999", 0), statistics.columns().get("name"));
    assertEquals(new Statistics.ColumnStatistics(-0.0, 499.0, 500), statistics.columns().get("score"));
    assertEquals(new Statistics.ColumnStatistics(false, true, 0), statistics.columns().get("flag"));
    write(table, List.of(row(-5L, "a", null, null)));
    statistics = table.statistics();
    assertEquals(1001.0, statistics.rowCount(), "a commit makes the statistics current");
    assertEquals(-5L, statistics.columns().get("id").min());
    assertEquals(1L, statistics.columns().get("flag").nullCount());
  }

  @Test
  void schemaIsInferredFromLogicalTypes() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType("message m {\n"
        + "  required int32 i32;\n"
        + "  optional int64 i64;\n"
        + "  optional int32 small (INTEGER(16,true));\n"
        + "  optional int32 u32 (INTEGER(32,false));\n"
        + "  optional int32 dec9 (DECIMAL(9,2));\n"
        + "  optional int64 dec18 (DECIMAL(18,4));\n"
        + "  optional fixed_len_byte_array(8) decfixed (DECIMAL(12,3));\n"
        + "  optional binary decbin (DECIMAL(5,1));\n"
        + "  optional int32 day (DATE);\n"
        + "  optional int64 ts_micros (TIMESTAMP(MICROS,true));\n"
        + "  optional int64 ts_millis (TIMESTAMP(MILLIS,false));\n"
        + "  optional int32 tm (TIME(MILLIS,false));\n"
        + "  optional float f;\n"
        + "  optional double d;\n"
        + "  optional boolean b;\n"
        + "  optional binary s (STRING);\n"
        + "  optional binary plain;\n"
        + "}");
    Path file = folder.resolve("other.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(schema)
        .withConf(new PlainParquetConfiguration()).build()) {
      Group g = groups.newGroup()
          .append("i32", 7).append("i64", -8L).append("small", -300).append("u32", -1)
          .append("dec9", 12345).append("dec18", -123456789012L)
          .append("decfixed", Binary.fromConstantByteArray(ByteBuffer.allocate(8).putLong(-98765L).array()))
          .append("decbin", Binary.fromConstantByteArray(new byte[] {(byte) 0xFF, 0x38}))
          .append("day", 19000).append("ts_micros", 1_700_000_000_123_456L).append("ts_millis", -1L)
          .append("tm", 3_723_004).append("f", 0.25f).append("d", -2.5).append("b", true)
          .append("s", "ñandú").append("plain", Binary.fromString("raw"));
      writer.write(g);
      writer.write(groups.newGroup().append("i32", 1));
    }
    FilesTable table = table(options("path", folder.toString(), "format", "parquet"));
    List<String> types = new ArrayList<>();
    for (Column c : table.schema().columns()) {
      types.add(c.name() + " " + c.type());
    }
    assertEquals(List.of("i32 INTEGER NOT NULL", "i64 BIGINT", "small SMALLINT", "u32 BIGINT", "dec9 DECIMAL(9, 2)",
        "dec18 DECIMAL(18, 4)", "decfixed DECIMAL(12, 3)", "decbin DECIMAL(5, 1)", "day DATE", "ts_micros TIMESTAMP(3)",
        "ts_millis TIMESTAMP(3)", "tm TIME(3)", "f REAL", "d DOUBLE", "b BOOLEAN", "s VARCHAR", "plain VARCHAR"), types);
    List<List<Object>> rows = readAll(table);
    assertEquals(row(7, -8L, (short) -300, 4294967295L, new BigDecimal("123.45"), new BigDecimal("-12345678.9012"),
        new BigDecimal("-98.765"), new BigDecimal("-20.0"), LocalDate.ofEpochDay(19000),
        LocalDateTime.of(2023, 11, 14, 22, 13, 20, 123_000_000), LocalDateTime.of(1969, 12, 31, 23, 59, 59, 999_000_000),
        LocalTime.of(1, 2, 3, 4_000_000), 0.25f, -2.5, true, "ñandú", "raw"), rows.get(0));
    List<Object> second = new ArrayList<>();
    second.add(1);
    for (int i = 1; i < 17; i++) {
      second.add(null);
    }
    assertEquals(second, rows.get(1));
    assertEquals(-98765L, table.statistics().columns().get("decfixed").min());
  }

  @Test
  void declaredColumnsConvertAndMissingColumnsReadAsNull() {
    Path out = folder.resolve("t");
    FilesTable writerTable = table(options("path", out.toString(), "format", "parquet"),
        column("amount", DataType.decimal(6, 3)), column("day", TypeKind.DATE));
    write(writerTable, List.of(row(new BigDecimal("1.235"), LocalDate.of(2020, 5, 17))));
    FilesTable reader = table(options("path", out.toString(), "format", "parquet"),
        column("AMOUNT", DataType.decimal(8, 2)), column("day", new DataType(TypeKind.TIMESTAMP, 3, 0, true)),
        column("amount_as_double", TypeKind.DOUBLE), column("missing", TypeKind.VARCHAR));
    assertEquals(List.of(row(new BigDecimal("1.24"), LocalDateTime.of(2020, 5, 17, 0, 0), null, null)),
        readAll(reader));
    FilesTable wrong = table(options("path", out.toString(), "format", "parquet"), column("day", TypeKind.VARCHAR));
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(wrong));
    assertEquals(ErrorCode.TYPE_MISMATCH, e.code());
    assertTrue(e.getMessage().contains("'day'") && e.getMessage().contains("VARCHAR"), e.getMessage());
  }

  @Test
  void aFileThatIsNotParquetIsAnIoError() throws IOException {
    java.nio.file.Files.writeString(folder.resolve("bad.parquet"), "not parquet at all");
    FilesTable table = table(options("path", folder.toString(), "format", "parquet"), column("id", TypeKind.BIGINT));
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(table));
    assertEquals(ErrorCode.IO_ERROR, e.code());
    assertTrue(e.getMessage().contains("bad.parquet"), e.getMessage());
  }

  @Test
  void consumerErrorsPassThroughUnchanged() {
    FilesTable table = tableWithRowGroups();
    IllegalStateException stop = new IllegalStateException("stop");
    assertEquals(stop, assertThrows(IllegalStateException.class,
        () -> table.scan(io.sluice.catalog.connector.ScanRequest.all(4), batch -> {
          throw stop;
        })));
  }

  @Test
  void inferenceWithoutFilesIsAClearError() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> table(options("path", folder.resolve("none").toString(), "format", "parquet")));
    assertTrue(e.getMessage().contains("Declare the columns"), e.getMessage());
    assertFalse(e.getMessage().isEmpty());
  }
}
