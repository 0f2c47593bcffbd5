package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The flat JSON reader gives a record's fields exactly as Jackson reads them, and declines what
 * Jackson refuses or what is not flat (then Jackson reads it): records decoded through
 * {@link TextRecordDecoder} are compared with a reference read by Jackson's parser, on fixed
 * cases and on random mutations of valid records.
 */
class FlatJsonObjectReaderTest {
  private static final TableSchema SCHEMA = new TableSchema(List.of(
      new Column("id", DataType.of(TypeKind.VARCHAR)),
      new Column("Name", DataType.of(TypeKind.VARCHAR)),
      new Column("note", DataType.of(TypeKind.VARCHAR))));

  @Test
  void readsFlatObjectsWithoutAParser() {
    RowAssembler assembler = new RowAssembler("JSON", SCHEMA, -1, options(), new int[] {0, 1, 2},
        Batch.allocate(List.of(DataType.of(TypeKind.VARCHAR), DataType.of(TypeKind.VARCHAR),
            DataType.of(TypeKind.VARCHAR)), 16), batch -> { }, RejectedRows.NONE);
    FlatJsonObjectReader reader = new FlatJsonObjectReader(SCHEMA, -1, assembler);
    assertTrue(reader.read(bytes(" {\"id\": -1.5e3, \"NAME\":\"a\\u00e9\\n\", \"x\": true, \"note\": null} "), 0,
        bytes(" {\"id\": -1.5e3, \"NAME\":\"a\\u00e9\\n\", \"x\": true, \"note\": null} ").length));
    assertEquals("-1.5e3", field(reader, assembler, 0));
    assertEquals("aé\n", field(reader, assembler, 1));
    assertEquals(RowAssembler.NULL, assembler.kind[2]);
    // without escapes in the columns read, the fields are ranges of the record itself: no copy
    byte[] plain = bytes("{\"id\": 7, \"name\": \"ada\", \"other\": \"a\\nb\"}");
    assertTrue(reader.read(plain, 0, plain.length));
    org.junit.jupiter.api.Assertions.assertSame(plain, reader.source());
    assertEquals("7", field(reader, assembler, 0));
    assertEquals("ada", field(reader, assembler, 1));
    byte[] escaped = bytes("{\"id\": 7, \"name\": \"a\\tda\"}");
    assertTrue(reader.read(escaped, 0, escaped.length));
    assertFalse(escaped == reader.source(), "an escape in a column read is decoded into the stage");
    assertEquals("7", field(reader, assembler, 0));
    assertEquals("a\tda", field(reader, assembler, 1));
    for (String declined : List.of("{\"id\": {\"a\": 1}}", "{\"id\": [1]}", "{\"id\": 01}", "{\"id\": 1,}",
        "{\"id\": 1} x", "{\"id\": tru}", "{\"i\\u0064\": 1}", "{\"id\": \"\\ud83d\\ude00\"}", "[1]", "{\"id\": +1}",
        "{\"id\": 1.}", "{\"id\": \"a\tb\"}", "{'id': 1}", "{\"id\" 1}", "{\"id\": 1")) {
      assertFalse(reader.read(bytes(declined), 0, bytes(declined).length), declined);
    }
  }

  @Test
  void fixedCasesMatchJackson() {
    for (String record : List.of("{}", " { } ", "{\"id\":1}", "{\"ID\":\"x\",\"name\":\"y\",\"note\":\"z\"}",
        "{\"note\":\"a\\\"b\\\\c\\/d\\b\\f\\r\\t\"}", "{\"id\":0,\"id\":-0.0E+1}", "{\"id\":\"日本 😀\",\"Name\":false}",
        "{\"id\":{\"nested\":[1,2]},\"note\":[true,null]}", "{\"id\":\"\\ud83d\\ude00\"}", "{\"ïd\":1,\"id\":2}",
        "{\"id\":1}{\"id\":2}", "{\"id\":NaN}", "{\"id\":1 \"note\":2}", "{\"id\":\"a\u0001\"}", "[]", "\"x\"")) {
      assertSameAsJackson(record);
    }
  }

  /**
   * Strings are skipped eight bytes at a time while they hold plain ASCII: a quote escape, a
   * backslash escape, a non-ASCII letter, an invalid byte or a control character at every place
   * of strings of 0 to 40 bytes (so before, inside and after such steps) reads as Jackson reads it.
   */
  @Test
  void everyPlaceOfASpecialByteInALongStringMatchesJackson() {
    for (String special : List.of("\\\"", "\\\\", "\\n", "é", "\u0001", "日", "\\u00e9")) {
      for (int length = 0; length <= 40; length++) {
        for (int at = 0; at <= length; at++) {
          String text = "a".repeat(at) + special + "b".repeat(length - at);
          assertSameAsJackson("{\"id\":\"" + text + "\",\"note\":\"" + "c".repeat(length) + "\"}");
        }
      }
    }
  }

  @Test
  void randomMutationsMatchJackson() {
    Random random = new Random(20261207L);
    String alphabet = "{}[]\":,\\ -+.0123456789eEtruefalsnNidaméu\t\n";
    for (int i = 0; i < 5_000; i++) {
      StringBuilder record = new StringBuilder("{\"id\": " + (random.nextInt(2000) - 1000) + ", \"name\": \"n"
          + random.nextInt(100) + "\\n\", \"note\": " + (random.nextBoolean() ? "null" : "1.25e-3") + "}");
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(record.length() + 1);
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> record.insert(at, c);
          case 1 -> { if (at < record.length()) { record.deleteCharAt(at); } }
          default -> { if (at < record.length()) { record.setCharAt(at, c); } }
        }
      }
      assertSameAsJackson(record.toString());
    }
  }

  /**
   * A record's value is decoded in place in the bytes Kafka fetched, between other records: the
   * same record read at an offset of a larger array, followed by text that would complete or
   * spoil it, reads as the record alone does (nested values, escapes, Unicode, exponents, any
   * order, missing and repeated fields).
   */
  @Test
  void aRecordInsideALargerArrayReadsAsTheRecordAlone() {
    for (String record : List.of("{\"note\":\"z\",\"Name\":\"y\",\"id\":-1.5E-7}", "{\"name\":\"only\"}",
        "{\"id\":{\"nested\":{\"deeper\":[1,{\"x\":\"}\"}]}},\"note\":\"after\"}",
        "{\"note\":\"tab\\tquote\\\"back\\\\slash\\u00e9\\u65e5\"}", "{\"id\":\"日本 😀 é\",\"note\":2e+10}",
        "{\"id\":1,\"id\":2,\"NAME\":\"a\",\"name\":\"b\"}", "{\"id\":0.5e3,\"other\":[1,\"x\"],\"note\":null}",
        "{\"id\":1", "{\"id\":\"open", "{}")) {
      for (String around : List.of("", "\"}", "x", ",\"note\":\"more\"}")) {
        assertSameAsJackson(record, "{\"id\":\"before\"}", around);
      }
    }
  }

  /**
   * A field named as the next column is written is matched by one comparison of a word: names of
   * eight bytes and longer ones, a name that only starts like a column's, another case, another
   * order, and a record that ends inside a name read as the full look-up reads them.
   */
  @Test
  void namesInColumnOrderAreMatchedAsTheLookUpMatchesThem() {
    TableSchema schema = new TableSchema(List.of(new Column("dateTime", DataType.of(TypeKind.VARCHAR)),
        new Column("a_longer_name", DataType.of(TypeKind.VARCHAR)), new Column("x", DataType.of(TypeKind.VARCHAR))));
    Map<String, String> cases = new java.util.LinkedHashMap<>();
    cases.put("{\"dateTime\":\"t\",\"a_longer_name\":\"l\",\"x\":\"x\"}", "t|l|x");
    cases.put("{\"datetime\":\"t\",\"A_LONGER_NAME\":\"l\",\"X\":\"x\"}", "t|l|x");
    cases.put("{\"dateTimeX\":\"no\",\"dateTim\":\"no\",\"x\":\"x\",\"dateTime\":\"t\"}", "t|null|x");
    cases.put("{\"x\":\"x\",\"dateTime\":\"t\",\"x\":\"again\"}", "t|null|again");
    cases.put("{\"dateTime\":\"t\",\"x\":1,\"a_longer_name\":2}", "t|2|1");
    for (Map.Entry<String, String> c : cases.entrySet()) {
      assertEquals(c.getValue(), String.join("|", decodeOne(schema, c.getKey())), c.getKey());
    }
    for (String cut : List.of("{\"dateTime", "{\"dateTime\"", "{\"x\":\"x\",\"dateTi", "{\"dateTime\":1,\"a_lo")) {
      assertThrows(SluiceException.class, () -> decodeOne(schema, cut), cut);
    }
  }

  /** The row of three text columns of {@code schema} that the decoder reads from {@code record}, NULL as "null". */
  private static String[] decodeOne(TableSchema schema, String record) {
    String[] row = decode(schema, record, "", "{\"x\":\"next\"}");
    for (int c = 0; c < row.length; c++) {
      row[c] = row[c] == null ? "null" : row[c];
    }
    return row;
  }

  /** Decodes {@code record} as the kafka source does and compares its row with Jackson's reading (or its refusal). */
  private static void assertSameAsJackson(String record) {
    assertSameAsJackson(record, "", "");
  }

  /** As {@link #assertSameAsJackson(String)}, the record read in place between {@code before} and {@code after}. */
  private static void assertSameAsJackson(String record, String before, String after) {
    String[] expected = jackson(record);
    if (expected == null) {
      assertThrows(SluiceException.class, () -> decode(SCHEMA, record, before, after), record);
      return;
    }
    assertArrayEquals(expected, decode(SCHEMA, record, before, after), record);
  }

  /**
   * The one row of the three text columns of {@code schema} that a JSON decoder reads from
   * {@code record} in place between {@code before} and {@code after}, NULL as null.
   */
  private static String[] decode(TableSchema schema, String record, String before, String after) {
    List<String[]> rows = new ArrayList<>();
    Batch batch = Batch.allocate(List.of(DataType.of(TypeKind.VARCHAR), DataType.of(TypeKind.VARCHAR),
        DataType.of(TypeKind.VARCHAR)), 16);
    TextRecordDecoder decoder = new TextRecordDecoder(TextRecordDecoder.format("kafka", Map.of("format", "json")),
        schema, new int[] {0, 1, 2}, batch, full -> {
          for (int r = 0; r < full.size; r++) {
            String[] row = new String[3];
            for (int c = 0; c < 3; c++) {
              row[c] = full.columns[c].isNull(r) ? null : ((BytesVector) full.columns[c]).getString(r);
            }
            rows.add(row);
          }
        });
    byte[] bytes = bytes(before + record + after);
    decoder.decode(bytes, bytes(before).length, bytes(record).length, 1);
    decoder.flush();
    assertEquals(1, rows.size(), record);
    return rows.get(0);
  }

  /** The row Jackson reads from {@code record} (scalars as their text, nested values as compact JSON), or null when it refuses it. */
  private static String[] jackson(String record) {
    String[] row = new String[3];
    try (JsonParser parser = JsonScan.FACTORY.createParser(bytes(record))) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        int c = SCHEMA.indexOf(parser.currentName());
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          java.io.StringWriter nested = new java.io.StringWriter();
          try (com.fasterxml.jackson.core.JsonGenerator generator = JsonScan.FACTORY.createGenerator(nested)) {
            generator.copyCurrentStructure(parser); // a nested value is kept as its JSON text
          }
          if (c >= 0) {
            row[c] = nested.toString();
          }
          continue;
        }
        if (c >= 0) {
          row[c] = value == JsonToken.VALUE_NULL ? null : parser.getText();
        }
      }
      if (token != JsonToken.END_OBJECT || parser.nextToken() != null) {
        return null;
      }
    } catch (JsonProcessingException e) {
      return null;
    } catch (IOException e) {
      throw new AssertionError(e);
    }
    return row;
  }

  private static String field(FlatJsonObjectReader reader, RowAssembler assembler, int c) {
    return new String(reader.source(), assembler.start[c], assembler.end[c] - assembler.start[c], StandardCharsets.UTF_8);
  }

  private static FilesOptions options() {
    return FilesOptions.parseRecordFormat(Map.of("format", "json"));
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
