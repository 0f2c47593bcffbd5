package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.read;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MalformedRowsTest {
  @TempDir
  Path folder;

  private static final Column[] COLUMNS = {
    column("id", TypeKind.INTEGER), column("price", TypeKind.DOUBLE), column("name", TypeKind.VARCHAR)
  };

  private Path csv() throws IOException {
    Path file = folder.resolve("data.csv");
    Files.writeString(file, "id,price,name\n1,2.5,ok\n2,abc,bad price\n3,1.0\n4,4.0,fine\n99999999999,1,big\n",
        StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void failfastNamesFileLineColumnTextTypeAndMode() throws IOException {
    Path file = csv();
    FilesTable table = table(options("path", file.toString(), "format", "csv", "header", "true"), COLUMNS);
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(table));
    assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("line 3"), message);
    assertTrue(message.contains("column 2 ('price')"), message);
    assertTrue(message.contains("'abc' is not a valid DOUBLE"), message);
    assertTrue(message.contains("mode = 'dropmalformed'") && message.contains("'permissive'"), message);
  }

  @Test
  void failfastReportsWrongFieldCountAndRange() throws IOException {
    Path file = folder.resolve("short.csv");
    Files.writeString(file, "1,2.0,a\n3,1.0\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv"), COLUMNS);
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(table));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("expected 3 fields but found 2"),
        e.getMessage());

    Files.writeString(file, "99999999999,1,big\n");
    e = assertThrows(SluiceException.class, () -> readAll(table));
    assertTrue(e.getMessage().contains("'99999999999' is out of range for type INTEGER"), e.getMessage());
  }

  @Test
  void dropmalformedSkipsAndCountsEvenUnrequestedColumns() throws IOException {
    FilesTable table = table(options("path", csv().toString(), "format", "csv", "header", "true",
        "mode", "dropmalformed"), COLUMNS);
    assertEquals(List.of(row(1, 2.5, "ok"), row(4, 4.0, "fine")), readAll(table));
    assertEquals(3, table.malformedRowsDropped());
    // the same rows go when only the text column is read: a projection does not change the rows
    assertEquals(List.of(row("ok"), row("fine")), read(table, new int[] {2}));
    assertEquals(6, table.malformedRowsDropped());
  }

  @Test
  void permissiveKeepsRawLineAndNullsBadFields() throws IOException {
    FilesTable table = table(options("path", csv().toString(), "format", "csv", "header", "true",
        "mode", "permissive"), COLUMNS);
    assertEquals(List.of("id", "price", "name", "_corrupt_record"), table.schema().names());
    assertEquals(List.of(
        row(1, 2.5, "ok", null),
        row(2, null, "bad price", "2,abc,bad price"),
        row(3, 1.0, null, "3,1.0"),
        row(4, 4.0, "fine", null),
        row(null, 1.0, "big", "99999999999,1,big")), readAll(table));
    assertEquals(0, table.malformedRowsDropped());
  }

  @Test
  void permissiveUsesDeclaredCorruptColumn() throws IOException {
    Path file = folder.resolve("d.json");
    Files.writeString(file, "{\"id\": 1}\n{\"id\": \"x\"}\nnot json\n");
    FilesTable table = table(options("path", file.toString(), "format", "json", "mode", "permissive",
        "corrupt-column", "raw"), column("raw", TypeKind.VARCHAR), column("id", TypeKind.INTEGER));
    assertEquals(List.of("raw", "id"), table.schema().names());
    assertEquals(List.of(row(null, 1), row("{\"id\": \"x\"}", null), row("not json", null)), readAll(table));
  }

  @Test
  void jsonFailfastAndDropmalformed() throws IOException {
    Path file = folder.resolve("d.json");
    Files.writeString(file, "{\"id\": 1, \"price\": 2}\n\n{\"id\": 2, \"price\": true}\n{\"id\": 3\n");
    FilesTable strict = table(options("path", file.toString(), "format", "json"), COLUMNS);
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(strict));
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("line 3") && message.contains("('price')")
        && message.contains("'true' is not a valid DOUBLE"), message);

    FilesTable lenient = table(options("path", file.toString(), "format", "json", "mode", "DropMalformed"), COLUMNS);
    assertEquals(List.of(row(1, 2.0, null)), readAll(lenient));
    assertEquals(2, lenient.malformedRowsDropped());
  }
}
