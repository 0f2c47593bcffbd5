package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.WritableTable;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Values;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesWriterTest {
  @TempDir
  Path folder;

  private static Batch oneRow(FilesTable table, long id) {
    List<DataType> types = table.schema().types();
    Batch batch = Batch.allocate(types, 4);
    Values.write(types.get(0), batch.columns[0], 0, id);
    Values.write(types.get(1), batch.columns[1], 0, "x");
    batch.size = 1;
    return batch;
  }

  private List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.toList();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void closeWithoutCommitLeavesNoFile(String format) throws IOException {
    Path out = folder.resolve("out");
    FilesTable table = table(options("path", out.toString(), "format", format),
        column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR));
    try (WritableTable.Writer writer = table.openWriter()) {
      writer.write(oneRow(table, 1));
      List<Path> during = filesIn(out);
      assertEquals(1, during.size());
      assertTrue(during.get(0).getFileName().toString().startsWith("."), "in progress under a hidden name");
      assertEquals(List.of(), readAll(table), "scans ignore the file in progress");
    }
    assertEquals(List.of(), filesIn(out));

    WritableTable.Writer writer = table.openWriter();
    writer.write(oneRow(table, 2));
    writer.commit();
    writer.close();
    assertEquals(1, filesIn(out).size());
    assertEquals(1, readAll(table).size());
    assertThrows(SluiceException.class, () -> writer.write(oneRow(table, 3)));
  }

  @Test
  void selectionVectorChoosesTheRowsWritten() {
    FilesTable table = table(options("path", folder.toString(), "format", "csv"),
        column("id", TypeKind.BIGINT), column("name", TypeKind.VARCHAR));
    List<DataType> types = table.schema().types();
    Batch batch = Batch.allocate(types, 4);
    for (int i = 0; i < 3; i++) {
      Values.write(types.get(0), batch.columns[0], i, (long) i);
      Values.write(types.get(1), batch.columns[1], i, "r" + i);
    }
    batch.size = 3;
    batch.selection = new int[] {0, 2};
    batch.selectedCount = 2;
    try (WritableTable.Writer writer = table.openWriter()) {
      writer.write(batch);
      writer.commit();
    }
    assertEquals(List.of(List.of(0L, "r0"), List.of(2L, "r2")), readAll(table));
  }

  @Test
  void aSingleFileTableCannotTakeRows() throws IOException {
    Path file = folder.resolve("one.csv");
    Files.writeString(file, "1\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv"), column("id", TypeKind.BIGINT));
    SluiceException e = assertThrows(SluiceException.class, table::openWriter);
    assertTrue(e.getMessage().contains("folder"), e.getMessage());
  }

  @Test
  void textStatisticsEstimateRowsFromLineLength() throws IOException {
    StringBuilder text = new StringBuilder("id,name\n");
    for (int i = 0; i < 10_000; i++) {
      text.append(String.format("%05d,abcdefgh%n", i));
    }
    Files.writeString(folder.resolve("a.csv"), text);
    Files.writeString(folder.resolve("b.csv"), text);
    FilesTable table = table(options("path", folder.toString(), "format", "csv", "header", "true"),
        column("id", TypeKind.INTEGER), column("name", TypeKind.VARCHAR));
    var statistics = table.statistics();
    assertTrue(!statistics.exact());
    assertEquals(20_000, statistics.rowCount(), 50);
  }
}
