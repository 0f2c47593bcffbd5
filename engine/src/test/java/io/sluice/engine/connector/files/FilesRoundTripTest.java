package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static io.sluice.engine.connector.files.FilesTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesRoundTripTest {
  @TempDir
  Path folder;

  static final Column[] ALL_TYPES = {
    column("b", TypeKind.BOOLEAN),
    column("ti", TypeKind.TINYINT),
    column("si", TypeKind.SMALLINT),
    column("i", TypeKind.INTEGER),
    column("bi", TypeKind.BIGINT),
    column("d", DataType.decimal(10, 2)),
    column("small_d", DataType.decimal(4, 1)),
    column("r", TypeKind.REAL),
    column("db", TypeKind.DOUBLE),
    column("v", TypeKind.VARCHAR),
    column("c", new DataType(TypeKind.CHAR, 5, 0, true)),
    column("dt", TypeKind.DATE),
    column("tm", TypeKind.TIME),
    column("ts", new DataType(TypeKind.TIMESTAMP, 3, 0, true)),
    column("ym", TypeKind.INTERVAL_YEAR_MONTH),
    column("dtm", TypeKind.INTERVAL_DAY_TIME),
  };

  static List<List<Object>> allTypeRows() {
    List<List<Object>> rows = new ArrayList<>();
    rows.add(row(true, (byte) -128, (short) 32767, Integer.MIN_VALUE, Long.MAX_VALUE, new BigDecimal("-12345678.99"),
        new BigDecimal("-999.9"), 1.5f, -1.0E-300, "héllo, \"wörld\"\n日本 😀", "ab",
        LocalDate.of(1969, 12, 31), LocalTime.of(23, 59, 59, 999_000_000),
        LocalDateTime.of(2024, 2, 29, 12, 34, 56, 789_000_000), Period.of(-1, -2, 0), Duration.ofMillis(-90_061_001)));
    Object[] nulls = new Object[ALL_TYPES.length];
    rows.add(row(nulls));
    rows.add(row(false, (byte) 0, (short) 0, 0, 0L, new BigDecimal("0.00"), new BigDecimal("0.0"), 0.0f, Math.PI, "",
        " x ", LocalDate.of(2000, 1, 1), LocalTime.MIDNIGHT, LocalDateTime.of(1900, 1, 1, 0, 0), Period.ZERO,
        Duration.ZERO));
    rows.add(row(false, (byte) 127, (short) -32768, Integer.MAX_VALUE, Long.MIN_VALUE, new BigDecimal("99999999.99"),
        new BigDecimal("0.5"), -3.25e-5f, 1e300, "tab\there; semi", "ü", LocalDate.of(9999, 12, 31),
        LocalTime.of(0, 0, 0, 1_000_000), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000_000), Period.of(100, 11, 0),
        Duration.ofDays(3).plusMillis(7)));
    return rows;
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void everyTypeSurvivesWriteAndRead(String format) throws IOException {
    Path out = folder.resolve("out");
    FilesTable table = table(options("path", out.toString(), "format", format), ALL_TYPES);
    assertEquals(List.of(), readAll(table), "a folder that does not exist yet reads as empty");
    List<List<Object>> rows = allTypeRows();
    write(table, rows);
    assertEquals(rows, readAll(table));

    write(table, rows.subList(0, 1));
    assertEquals(rows.size() + 1, readAll(table).size());
    try (Stream<Path> files = Files.list(out)) {
      List<Path> list = files.toList();
      assertEquals(2, list.size(), list.toString());
      for (Path file : list) {
        String name = file.getFileName().toString();
        assertTrue(name.matches("part-\\d{8}T\\d{9}Z-[0-9a-f-]{36}\\." + format), name);
      }
    }
    assertEquals("files " + format + " " + out + " (2 files)", table.describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void manyRowsSpanSeveralBatches(String format) {
    FilesTable table = table(options("path", folder.toString(), "format", format),
        column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR));
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      rows.add(row(i, i % 7 == 0 ? null : "name-" + i));
    }
    write(table, rows);
    assertEquals(rows, readAll(table));
  }
}
