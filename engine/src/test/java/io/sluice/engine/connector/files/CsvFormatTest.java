package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static io.sluice.engine.connector.files.FilesTestSupport.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.TypeKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
  @TempDir
  Path folder;

  private Path file(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void headerIsSkippedInEveryFile() throws IOException {
    file("a.csv", "id,name\n1,x\n");
    file("b.csv", "id,name\n2,y\n");
    FilesTable table = table(options("path", folder.toString(), "format", "csv", "header", "true"),
        column("id", TypeKind.INTEGER), column("name", TypeKind.VARCHAR));
    assertEquals(List.of(row(1, "x"), row(2, "y")), readAll(table));
  }

  @Test
  void folderSkipsHiddenUnderscoreAndOtherExtensions() throws IOException {
    file("b.csv", "2\n");
    file("a.csv", "1\n");
    file(".hidden.csv", "3\n");
    file("_SUCCESS.csv", "4\n");
    file("notes.txt", "5\n");
    FilesTable table = table(options("path", folder.toString(), "format", "csv"), column("id", TypeKind.INTEGER));
    assertEquals(List.of(row(1), row(2)), readAll(table));
    assertEquals(2, table.files().size());
  }

  @Test
  void quotingFollowsRfc4180() throws IOException {
    Path file = file("q.csv", "1,\"a,b\",\"say \"\"hi\"\"\"\r\n2,\"two\nlines\",plain\n3,,\"\"\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv"),
        column("id", TypeKind.INTEGER), column("a", TypeKind.VARCHAR), column("b", TypeKind.VARCHAR));
    assertEquals(List.of(row(1, "a,b", "say \"hi\""), row(2, "two\nlines", "plain"), row(3, null, "")),
        readAll(table));
  }

  @Test
  void lastLineWithoutLineBreakAndByteOrderMark() throws IOException {
    Path file = folder.resolve("bom.csv");
    Files.write(file, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '7', ',', 'z'});
    FilesTable table = table(options("path", file.toString(), "format", "csv"),
        column("id", TypeKind.INTEGER), column("a", TypeKind.VARCHAR));
    assertEquals(List.of(row(7, "z")), readAll(table));
  }

  @Test
  void delimiterQuoteAndNullStringOptions() throws IOException {
    Path out = folder.resolve("out");
    FilesTable table = table(options("path", out.toString(), "format", "csv", "delimiter", ";", "quote", "'",
        "null-string", "\\N", "header", "true"),
        column("id", TypeKind.INTEGER), column("text", TypeKind.VARCHAR), column("price", TypeKind.DOUBLE));
    List<List<Object>> rows = List.of(row(1, "it's; fine", 2.5), row(2, null, null), row(3, "", -1.0),
        row(4, "\\N", 0.0));
    write(table, rows);
    Path written = table.files().get(0);
    String text = Files.readString(written);
    assertEquals("id;text;price\n1;'it''s; fine';2.5\n2;\\N;\\N\n3;;-1.0\n4;'\\N';0.0\n", text);
    assertEquals(rows, readAll(table));
  }

  @Test
  void emptyUnquotedIsNullAndQuotedEmptyIsEmptyString() throws IOException {
    Path file = file("e.csv", ",\"\"\n\"\",\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv"),
        column("a", TypeKind.VARCHAR), column("b", TypeKind.VARCHAR));
    assertEquals(List.of(row(null, ""), row("", null)), readAll(table));
  }

  @Test
  void tabDelimiterAndBlankLines() throws IOException {
    Path file = file("t.csv", "1\t a \n\n2\tb\n");
    FilesTable table = table(options("path", file.toString(), "format", "csv", "delimiter", "\\t"),
        column("id", TypeKind.BIGINT), column("a", TypeKind.VARCHAR));
    assertEquals(List.of(row(1L, " a "), row(2L, "b")), readAll(table));
  }

  @Test
  void headerDescribesColumnsWhenNoneAreDeclared() throws IOException {
    file("h.csv", "id,Name,\"odd \"\"col\"\"\"\n1,x,y\n");
    FilesTable table = table(options("path", folder.toString(), "format", "csv", "header", "true"));
    assertEquals(List.of("id", "Name", "odd \"col\""), table.schema().names());
    assertEquals(TypeKind.VARCHAR, table.schema().column(0).type().kind());
    assertEquals(List.of(row("1", "x", "y")), readAll(table));
  }

  @Test
  void readerHandlesRecordsAcrossBufferRefills() throws IOException {
    StringBuilder text = new StringBuilder();
    List<List<String>> expected = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      String quoted = "q" + i + "\"\"x\r\ny";
      text.append(i).append(",\"").append(quoted).append("\",").append("tail").append(i % 3 == 0 ? "\r\n" : "\n");
      expected.add(List.of(String.valueOf(i), "q" + i + "\"x\r\ny", "tail"));
    }
    // a tiny buffer forces every record to straddle refills and the buffer to grow
    CsvReader reader = new CsvReader(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
        (byte) ',', '"', 3);
    List<List<String>> records = new ArrayList<>();
    long lastLine = 0;
    while (reader.next()) {
      List<String> fields = new ArrayList<>();
      for (int f = 0; f < reader.fieldCount; f++) {
        String field = new String(reader.buffer, reader.fieldStart[f], reader.fieldEnd[f] - reader.fieldStart[f],
            StandardCharsets.UTF_8);
        fields.add(reader.fieldKind[f] == CsvReader.ESCAPED ? field.replace("\"\"", "\"") : field);
      }
      assertFalse(reader.badQuoting);
      assertTrue(reader.line > lastLine);
      lastLine = reader.line;
      records.add(fields);
    }
    assertEquals(expected, records);
    assertEquals(399, lastLine, "each record spans two physical lines");
  }

  @Test
  void singleColumnKeepsNullRowsAsEmptyLines() {
    FilesTable table = table(options("path", folder.resolve("one").toString(), "format", "csv"),
        column("v", TypeKind.VARCHAR));
    List<List<Object>> rows = Arrays.asList(row("a"), row((Object) null), row(""), row("b"));
    write(table, rows);
    assertEquals(rows, readAll(table));
  }
}
