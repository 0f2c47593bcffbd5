package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.read;
import static io.sluice.engine.connector.files.FilesTestSupport.readAll;
import static io.sluice.engine.connector.files.FilesTestSupport.table;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.ParquetProperties.WriterVersion;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The page decoder against files written by parquet-mr with every page layout it makes:
 * dictionary and plain pages (and a dictionary that falls back to plain mid-chunk), data pages
 * v1 and v2 (whose v2 encodings are decoded by parquet-column), NULLs, many pages and row
 * groups, all read across batch boundaries.
 */
class ParquetPagesTest {
  private static final int ROWS = 5_000;
  private static final long BASE_MICROS = 1_704_067_200_000_000L; // 2024-01-01 00:00:00 UTC

  @TempDir
  Path folder;

  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType("message m {\n"
      + "  required int32 id;\n"
      + "  optional int64 few;\n"
      + "  optional int64 many;\n"
      + "  optional binary channel (STRING);\n"
      + "  optional binary text (STRING);\n"
      + "  optional double price;\n"
      + "  optional boolean flag;\n"
      + "  optional int64 at (TIMESTAMP(MICROS,false));\n"
      + "}");

  private Path write(String name, boolean dictionary, WriterVersion version) throws IOException {
    return write(name, dictionary, version, CompressionCodecName.UNCOMPRESSED);
  }

  private Path write(String name, boolean dictionary, WriterVersion version, CompressionCodecName codec)
      throws IOException {
    Path dir = folder.resolve(name);
    Files.createDirectories(dir);
    Path file = dir.resolve("part.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
        .withConf(new PlainParquetConfiguration()).withDictionaryEncoding(dictionary).withWriterVersion(version)
        .withCompressionCodec(codec).withPageRowCountLimit(333).withPageSize(2048).withDictionaryPageSize(4096).withRowGroupRowCountLimit(1700)
        .build()) {
      for (int i = 0; i < ROWS; i++) {
        Group g = groups.newGroup().append("id", i);
        if (i % 7 != 0) {
          g.append("few", (long) (i % 5) - 2);
        }
        if (i % 11 != 3) {
          g.append("many", i * 1_000_003L);
        }
        if (i % 13 != 0) {
          g.append("channel", "channel-" + (i % 4));
        }
        if (i % 3 != 1) {
          g.append("text", "text " + i + " " + "x".repeat(i % 17)); // outgrows the dictionary page
        }
        if (i % 5 != 4) {
          g.append("price", i / 8.0);
        }
        if (i % 6 != 5) {
          g.append("flag", i % 2 == 0);
        }
        if (i % 9 != 8) {
          g.append("at", BASE_MICROS + (i / 10) * 1_000_000L + 999);
        }
        writer.write(g);
      }
    }
    return dir;
  }

  private static List<Object> expected(int i) {
    return Arrays.asList(i, i % 7 != 0 ? (long) (i % 5) - 2 : null, i % 11 != 3 ? i * 1_000_003L : null,
        i % 13 != 0 ? "channel-" + (i % 4) : null, i % 3 != 1 ? "text " + i + " " + "x".repeat(i % 17) : null,
        i % 5 != 4 ? i / 8.0 : null, i % 6 != 5 ? i % 2 == 0 : null,
        i % 9 != 8 ? LocalDateTime.ofEpochSecond(BASE_MICROS / 1_000_000 + i / 10, 0, ZoneOffset.UTC) : null);
  }

  private void assertReads(Path dir, Set<Encoding> expectedEncodings) {
    FilesTable table = table(options("path", dir.toString(), "format", "parquet"));
    List<List<Object>> rows = readAll(table);
    assertEquals(ROWS, rows.size());
    for (int i = 0; i < ROWS; i++) {
      assertEquals(expected(i), rows.get(i), "row " + i);
    }
    assertEquals(rows, readAll(table), "a second scan, with the page buffers of the first");
    // a projection in another order, with a column twice
    List<List<Object>> projected = read(table, new int[] {4, 0, 4});
    for (int i = 0; i < ROWS; i += 97) {
      Object text = expected(i).get(4);
      assertEquals(Arrays.asList(text, i, text), projected.get(i), "row " + i);
    }
    Set<Encoding> encodings = new TreeSet<>();
    int rowGroups = 0;
    for (BlockMetaData block : ParquetScan.footer(dir.resolve("part.parquet")).getBlocks()) {
      rowGroups++;
      for (ColumnChunkMetaData chunk : block.getColumns()) {
        encodings.addAll(chunk.getEncodings());
      }
    }
    assertEquals(3, rowGroups);
    assertTrue(encodings.containsAll(expectedEncodings), "encodings " + encodings);
  }

  @Test
  void dictionaryPagesFallingBackToPlainV1() throws IOException {
    assertReads(write("dictionary-v1", true, WriterVersion.PARQUET_1_0),
        Set.of(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN));
  }

  @Test
  void plainPagesV1() throws IOException {
    assertReads(write("plain-v1", false, WriterVersion.PARQUET_1_0), Set.of(Encoding.PLAIN));
  }

  @Test
  void dictionaryAndDeltaPagesV2() throws IOException {
    assertReads(write("dictionary-v2", true, WriterVersion.PARQUET_2_0), Set.of(Encoding.RLE_DICTIONARY));
  }

  @Test
  void deltaAndRlePagesV2() throws IOException {
    assertReads(write("plain-v2", false, WriterVersion.PARQUET_2_0), Set.of(Encoding.DELTA_BINARY_PACKED));
  }

  @Test
  void snappyDictionaryPagesV1() throws IOException {
    assertReads(write("snappy-v1", true, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY),
        Set.of(Encoding.PLAIN_DICTIONARY, Encoding.PLAIN));
  }

  @Test
  void snappyPlainPagesV1() throws IOException {
    assertReads(write("snappy-plain-v1", false, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY),
        Set.of(Encoding.PLAIN));
  }

  @Test
  void snappyPagesV2() throws IOException {
    assertReads(write("snappy-v2", true, WriterVersion.PARQUET_2_0, CompressionCodecName.SNAPPY),
        Set.of(Encoding.RLE_DICTIONARY));
  }

  @Test
  void gzipAndZstdPagesGoThroughParquetsCodecs() throws IOException {
    assertReads(write("gzip", true, WriterVersion.PARQUET_1_0, CompressionCodecName.GZIP),
        Set.of(Encoding.PLAIN_DICTIONARY));
    assertReads(write("zstd", false, WriterVersion.PARQUET_2_0, CompressionCodecName.ZSTD),
        Set.of(Encoding.DELTA_BINARY_PACKED));
  }

  /**
   * Reads with a page reader that reads 64 bytes ahead and parses headers from 8 bytes on, so
   * that pages, headers and dictionaries straddle its buffer's refills; files of both codecs and
   * page versions share the scan's readers.
   */
  @Test
  void pagesStraddlingReadsAndFilesSharingReaders() throws IOException {
    Path first = write("small-reads-1", true, WriterVersion.PARQUET_1_0, CompressionCodecName.SNAPPY)
        .resolve("part.parquet");
    Path second = write("small-reads-2", false, WriterVersion.PARQUET_2_0, CompressionCodecName.UNCOMPRESSED)
        .resolve("part.parquet");
    FilesTable table = table(options("path", first.getParent().toString(), "format", "parquet"));
    int[] columns = {0, 1, 2, 3, 4, 5, 6, 7};
    Batch batch = Batch.allocate(table.schema().types(), Batch.DEFAULT_CAPACITY);
    List<List<Object>> rows = new ArrayList<>();
    try (ParquetScan scan = new ParquetScan(table.schema(), columns, List.of(), batch,
        b -> rows.addAll(FilesTestSupport.rows(table.schema(), columns, b)), new ParquetPageReader.Pool(64, 8))) {
      scan.scan(first);
      scan.scan(second);
    }
    assertEquals(2 * ROWS, rows.size());
    for (int i = 0; i < 2 * ROWS; i++) {
      assertEquals(expected(i % ROWS), rows.get(i), "row " + i);
    }
  }

  /**
   * Long PLAIN strings (up to 3 KB, some NULL) in snappy pages of a few rows each, read in
   * batches that cross many pages: the batch's byte buffer grows and offsets stay right.
   */
  @Test
  void longStringsAcrossPages() throws IOException {
    MessageType schema =
        MessageTypeParser.parseMessageType("message m { required int32 id; optional binary s (STRING); }");
    Path dir = folder.resolve("long");
    Files.createDirectories(dir);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    int rowCount = 9_000;
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("part.parquet")))
        .withType(schema).withConf(new PlainParquetConfiguration()).withDictionaryEncoding(false)
        .withCompressionCodec(CompressionCodecName.SNAPPY).withPageRowCountLimit(37).withPageSize(4096)
        .withRowGroupRowCountLimit(5_000).build()) {
      for (int i = 0; i < rowCount; i++) {
        Group g = groups.newGroup().append("id", i);
        if (i % 10 != 9) {
          g.append("s", longString(i));
        }
        writer.write(g);
      }
    }
    List<List<Object>> rows = readAll(table(options("path", dir.toString(), "format", "parquet")));
    assertEquals(rowCount, rows.size());
    for (int i = 0; i < rowCount; i++) {
      assertEquals(Arrays.asList(i, i % 10 != 9 ? longString(i) : null), rows.get(i), "row " + i);
    }
  }

  private static String longString(int i) {
    return i + ":" + "abcdefghij".repeat(i * 7 % 300) + "é";
  }

  /** FIXED_LEN_BYTE_ARRAY has no length prefix in PLAIN pages: parquet-column decodes it. */
  @Test
  void fixedLengthStringsInPlainPages() throws IOException {
    MessageType schema = MessageTypeParser.parseMessageType("message m { optional fixed_len_byte_array(4) code; }");
    Path dir = folder.resolve("fixed");
    Files.createDirectories(dir);
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("part.parquet")))
        .withType(schema).withConf(new PlainParquetConfiguration()).withDictionaryEncoding(false).build()) {
      for (int i = 0; i < 100; i++) {
        Group g = groups.newGroup();
        if (i % 4 != 0) {
          g.append("code", Binary.fromString(String.format("c%03d", i)));
        }
        writer.write(g);
      }
    }
    List<List<Object>> rows = readAll(table(options("path", dir.toString(), "format", "parquet"),
        FilesTestSupport.column("code", TypeKind.VARCHAR)));
    for (int i = 0; i < 100; i++) {
      assertEquals(Arrays.asList(i % 4 != 0 ? String.format("c%03d", i) : null), rows.get(i), "row " + i);
    }
  }

  @Test
  void nullOnlyColumnsAndPages() throws IOException {
    Path dir = folder.resolve("nulls");
    Files.createDirectories(dir);
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(dir.resolve("part.parquet")))
        .withType(SCHEMA).withConf(new PlainParquetConfiguration()).withPageRowCountLimit(100).build()) {
      for (int i = 0; i < 1_000; i++) {
        Group g = groups.newGroup().append("id", i);
        if (i >= 500) {
          g.append("channel", "c"); // the first pages of channel hold NULLs only
        }
        writer.write(g);
      }
    }
    List<List<Object>> rows = readAll(table(options("path", dir.toString(), "format", "parquet")));
    for (int i = 0; i < 1_000; i++) {
      assertEquals(Arrays.asList(i, null, null, i >= 500 ? "c" : null, null, null, null, null), rows.get(i));
    }
  }
}
