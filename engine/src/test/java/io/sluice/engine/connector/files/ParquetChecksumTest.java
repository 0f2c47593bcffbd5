package io.sluice.engine.connector.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.format.PageHeader;
import org.apache.parquet.format.PageType;
import org.apache.parquet.format.Util;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Parquet file written with page checksums, one bit of a data page flipped on disk: the scan
 * fails naming the file, column and page, where it used to give a wrong SUM.
 */
class ParquetChecksumTest {
  private static final int ROWS = 3_000;
  private static final long EXPECTED_SUM = (long) ROWS * (ROWS - 1) / 2;

  @TempDir
  Path folder;

  private static final MessageType SCHEMA = MessageTypeParser.parseMessageType(
      "message m {\n  required int64 id;\n  required int64 v;\n}");

  private Path write(CompressionCodecName codec) throws IOException {
    Path file = folder.resolve("data.parquet");
    SimpleGroupFactory groups = new SimpleGroupFactory(SCHEMA);
    try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new LocalOutputFile(file)).withType(SCHEMA)
        .withConf(new PlainParquetConfiguration()).withDictionaryEncoding(false).withCompressionCodec(codec)
        .withPageWriteChecksumEnabled(true).withPageRowCountLimit(1000).withPageSize(4096).build()) {
      for (int i = 0; i < ROWS; i++) {
        writer.write(groups.newGroup().append("id", (long) i).append("v", (long) i));
      }
    }
    return file;
  }

  /** The file offsets of the bodies of column {@code v}'s data pages, checking each header carries a CRC. */
  private static List<long[]> dataPages(Path file) throws IOException {
    List<long[]> pages = new ArrayList<>();
    ColumnChunkMetaData chunk;
    try (ParquetFileReader reader = ParquetScan.open(file)) {
      chunk = reader.getFooter().getBlocks().get(0).getColumns().get(1);
    }
    byte[] bytes = Files.readAllBytes(file);
    long position = chunk.getStartingPos();
    long end = position + chunk.getTotalSize();
    while (position < end) {
      ByteArrayInputStream in = new ByteArrayInputStream(bytes, (int) position, (int) (end - position));
      int before = in.available();
      PageHeader header = Util.readPageHeader(in);
      long body = position + before - in.available();
      assertTrue(header.isSetCrc(), "the writer was asked for page checksums");
      if (header.getType() == PageType.DATA_PAGE || header.getType() == PageType.DATA_PAGE_V2) {
        pages.add(new long[] {body, header.getCompressed_page_size()});
      }
      position = body + header.getCompressed_page_size();
    }
    return pages;
  }

  private static void flipBit(Path file, long offset) throws IOException {
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      raf.seek(offset);
      int b = raf.read();
      raf.seek(offset);
      raf.write(b ^ 0x10);
    }
  }

  private static long sum(Session session) {
    try (RowCursor rows = session.execute("SELECT SUM(v) FROM t").rows()) {
      assertTrue(rows.next());
      return (Long) rows.getObject(0);
    }
  }

  @Test
  void flippedBitInDataPageIsAnErrorNamingFileColumnAndPage() throws IOException {
    Path file = write(CompressionCodecName.UNCOMPRESSED);
    List<long[]> pages = dataPages(file);
    assertTrue(pages.size() >= 3, "several data pages: " + pages.size());
    Session session = Database.inMemory().openSession();
    session.execute("CREATE TABLE t WITH (connector = 'files', path = '" + file + "', format = 'parquet')");
    assertEquals(EXPECTED_SUM, sum(session), "intact file");

    long[] second = pages.get(1);
    flipBit(file, second[0] + second[1] - 5); // inside a value of the second data page, not its levels
    SluiceException e = assertThrows(SluiceException.class, () -> sum(session));
    String message = e.getMessage();
    assertTrue(message.contains(file.toString()), message);
    assertTrue(message.contains("column 'v'"), message);
    assertTrue(message.contains("Page 2 "), message);
    assertTrue(message.contains("checksum"), message);
    session.close();
  }

  @Test
  void compressedPagesAreCheckedBeforeDecompression() throws IOException {
    Path file = write(CompressionCodecName.SNAPPY);
    List<long[]> pages = dataPages(file);
    FilesTable table = FilesTestSupport.table(FilesTestSupport.options("path", file.toString(), "format", "parquet"));
    assertEquals(ROWS, FilesTestSupport.readAll(table).size());
    long[] last = pages.get(pages.size() - 1);
    flipBit(file, last[0] + last[1] / 2);
    SluiceException e = assertThrows(SluiceException.class, () -> FilesTestSupport.readAll(table));
    assertTrue(e.getMessage().contains("Page " + pages.size() + " ") && e.getMessage().contains("checksum"),
        e.getMessage());
  }

  @Test
  void filesSluiceWritesCarryPageChecksums() throws IOException {
    Path dir = folder.resolve("own");
    FilesTable table = FilesTestSupport.table(FilesTestSupport.options("path", dir.toString(), "format", "parquet"),
        FilesTestSupport.column("id", io.sluice.catalog.TypeKind.BIGINT),
        FilesTestSupport.column("v", io.sluice.catalog.TypeKind.BIGINT));
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < ROWS; i++) {
      rows.add(List.of(i, i));
    }
    FilesTestSupport.write(table, rows);
    Path file;
    try (java.util.stream.Stream<Path> files = Files.list(dir)) {
      file = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    List<long[]> pages = dataPages(file); // asserts every page header has a CRC
    long[] first = pages.get(0);
    flipBit(file, first[0] + first[1] - 3);
    SluiceException e = assertThrows(SluiceException.class, () -> FilesTestSupport.readAll(table));
    assertTrue(e.getMessage().contains("checksum") && e.getMessage().contains("column 'v'"), e.getMessage());
  }
}
