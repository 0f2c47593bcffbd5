package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.column;
import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.read;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonFormatTest {
  @TempDir
  Path folder;

  @Test
  void fieldsMatchByNameIgnoringCaseAndAreCoerced() throws IOException {
    Path file = folder.resolve("a.jsonl");
    Files.writeString(file, String.join("\n",
        "{\"ID\": \"7\", \"Amount\": 1.005, \"label\": 42, \"extra\": {\"deep\": [1]}, \"ts\": \"2024-01-02T03:04:05Z\"}",
        "{\"id\": 8, \"label\": \"caf\\u00e9 \\ud83d\\ude00\", \"ok\": false}",
        "{\"id\": 9, \"label\": {\"a\": [1, 2, {\"b\": null}]}, \"amount\": -2}") + "\r\n", StandardCharsets.UTF_8);
    FilesTable table = table(options("path", folder.toString(), "format", "json"),
        column("id", TypeKind.BIGINT), column("amount", DataType.decimal(6, 2)), column("label", TypeKind.VARCHAR),
        column("ok", TypeKind.BOOLEAN), column("ts", new DataType(TypeKind.TIMESTAMP, 3, 0, true)));
    assertEquals(List.of(
        row(7L, new BigDecimal("1.01"), "42", null, LocalDateTime.of(2024, 1, 2, 3, 4, 5)),
        row(8L, null, "café 😀", false, null),
        row(9L, new BigDecimal("-2.00"), "{\"a\":[1,2,{\"b\":null}]}", null, null)), readAll(table));
    assertEquals(List.of(row("42", 7L), row("café 😀", 8L), row("{\"a\":[1,2,{\"b\":null}]}", 9L)),
        read(table, new int[] {2, 0}));
  }
}
