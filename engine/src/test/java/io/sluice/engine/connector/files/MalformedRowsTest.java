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
import java.util.Arrays;
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

  /** Rejected rows as "line:column:kept|dropped:reason:raw", as a scan reports them. */
  private static List<String> rejected(FilesTable table) {
    List<String> seen = new java.util.ArrayList<>();
    io.sluice.catalog.connector.RejectedRows listener = (file, line, column, reason, raw, from, to, kept, before) ->
        seen.add(line + ":" + column + ":" + (kept ? "kept" : "dropped") + ":" + reason + ":"
            + new String(raw, from, to - from, StandardCharsets.UTF_8));
    table.scan(new io.sluice.catalog.connector.ScanRequest(new int[] {0}, List.of(), listener), batch -> { });
    return seen;
  }

  private Path bytes(String name, byte[]... parts) throws IOException {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (byte[] part : parts) {
      out.write(part);
    }
    Path file = folder.resolve(name);
    Files.write(file, out.toByteArray());
    return file;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void invalidUtf8IsAnErrorInFailfastNamingFileLineAndByteColumn() throws IOException {
    Path file = bytes("bad.csv", utf8("1,2.0,caf\u00e9\n2,3.0,ab"), new byte[] {(byte) 0xC3, (byte) 0x28},
        utf8("\n3,4.0,ok\n"));
    FilesTable table = table(options("path", file.toString(), "format", "csv"), COLUMNS);
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(table));
    assertEquals(ErrorCode.MALFORMED_INPUT, e.code());
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()) && message.contains("line 2")
        && message.contains("invalid UTF-8 (byte 0xC3) at byte column 9"), message);

    Path json = bytes("bad.json", utf8("{\"id\": 1}\n{\"id\": 2, \"name\": \"x"), new byte[] {(byte) 0xFF},
        utf8("\"}\n"));
    FilesTable jsonTable = table(options("path", json.toString(), "format", "json"), COLUMNS);
    e = assertThrows(SluiceException.class, () -> readAll(jsonTable));
    assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains("invalid UTF-8 (byte 0xFF) at byte column 21"),
        e.getMessage());
  }

  @Test
  void invalidUtf8IsARejectedRowInTheOtherModes() throws IOException {
    // an overlong encoding, a surrogate and a cut-off sequence: each makes its row malformed
    Path file = bytes("bad.csv", utf8("1,1.0,a\n2,2.0,"), new byte[] {(byte) 0xC0, (byte) 0xAF},
        utf8("\n3,3.0,"), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, utf8("\n4,4.0,\u65e5\u672c\n5,5.0,"),
        new byte[] {(byte) 0xE6, (byte) 0x97});
    FilesTable dropping = table(options("path", file.toString(), "format", "csv", "mode", "dropmalformed"), COLUMNS);
    assertEquals(List.of(row(1, 1.0, "a"), row(4, 4.0, "\u65e5\u672c")), readAll(dropping));
    assertEquals(3, dropping.malformedRowsDropped());
    List<String> rejected = rejected(dropping);
    assertEquals(3, rejected.size(), rejected.toString());
    assertTrue(rejected.get(0).startsWith("2:7:dropped:invalid UTF-8 (byte 0xC0) at byte column 7"), rejected.get(0));
    assertTrue(rejected.get(2).startsWith("5:7:dropped:invalid UTF-8 (byte 0xE6)"), rejected.get(2));

    FilesTable keeping = table(options("path", file.toString(), "format", "csv", "mode", "permissive"), COLUMNS);
    List<List<Object>> rows = readAll(keeping);
    assertEquals(5, rows.size());
    assertEquals(Arrays.asList(null, null, null), rows.get(1).subList(0, 3), "no field of a row with invalid bytes");
    assertEquals(List.of("2:7:kept", "3:7:kept", "5:7:kept"),
        rejected(keeping).stream().map(r -> r.substring(0, r.indexOf(":kept") + 5)).toList());
  }

  @Test
  void anUnterminatedQuoteCostsOnlyItsOwnLine() throws IOException {
    Path file = folder.resolve("quote.csv");
    Files.writeString(file, "1,1.0,\"open\n2,2.0,b\n3,3.0,c\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv", "mode", "dropmalformed"), COLUMNS);
    assertEquals(List.of(row(2, 2.0, "b"), row(3, 3.0, "c")), readAll(table));
    List<String> rejected = rejected(table);
    assertEquals(1, rejected.size());
    assertTrue(rejected.get(0).startsWith("1:0:dropped:a quoted field is not closed")
        && rejected.get(0).endsWith(":1,1.0,\"open"), rejected.get(0));

    FilesTable strict = table(options("path", file.toString(), "format", "csv"), COLUMNS);
    SluiceException e = assertThrows(SluiceException.class, () -> readAll(strict));
    assertTrue(e.getMessage().contains("line 1: a quoted field is not closed within 16MB (option 'max-line-size')"),
        e.getMessage());
  }

  @Test
  void aLineLongerThanMaxLineSizeIsRejectedInEveryModeWithoutBeingBuffered() throws IOException {
    String huge = "9,9.0," + "x".repeat(3 << 20); // 3 MB on one line, against a limit of 1 MB
    for (String format : List.of("csv", "json")) {
      Path file = folder.resolve("long." + format);
      String big = format.equals("csv") ? huge : "{\"id\": 9, \"name\": \"" + "x".repeat(3 << 20) + "\"}";
      String first = format.equals("csv") ? "1,1.0,a" : "{\"id\": 1, \"price\": 1.0, \"name\": \"a\"}";
      String last = format.equals("csv") ? "2,2.0,b" : "{\"id\": 2, \"price\": 2.0, \"name\": \"b\"}";
      Files.writeString(file, first + "\n" + big + "\n" + last + "\n" + big);
      FilesTable strict = table(options("path", file.toString(), "format", format, "max-line-size", "1MB"), COLUMNS);
      SluiceException e = assertThrows(SluiceException.class, () -> readAll(strict));
      assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("line 2")
          && e.getMessage().contains("longer than 1MB (option 'max-line-size')"), e.getMessage());
      for (String mode : List.of("dropmalformed", "permissive")) {
        FilesTable lenient = table(options("path", file.toString(), "format", format, "max-line-size", "1MB",
            "mode", mode), COLUMNS);
        List<List<Object>> rows = readAll(lenient);
        assertEquals(List.of(row(1, 1.0, "a"), row(2, 2.0, "b")), rows.stream().map(r -> r.subList(0, 3)).toList(),
            format + " " + mode);
        assertEquals(List.of("2:0:dropped", "4:0:dropped"),
            rejected(lenient).stream().map(r -> r.substring(0, r.indexOf(":dropped") + 8)).toList());
      }
    }
    SluiceException e = assertThrows(SluiceException.class, () -> table(options("path", folder.toString(),
        "format", "csv", "max-line-size", "lots"), COLUMNS));
    assertTrue(e.getMessage().contains("Option 'max-line-size' must be a size"), e.getMessage());
  }
}
