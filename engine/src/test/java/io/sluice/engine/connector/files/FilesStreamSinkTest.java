package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.StreamTestSupport.SCHEMA;
import static io.sluice.engine.connector.files.StreamTestSupport.batch;
import static io.sluice.engine.connector.files.StreamTestSupport.commit;
import static io.sluice.engine.connector.files.StreamTestSupport.sink;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesStreamSinkTest {
  @TempDir
  Path folder;

  private List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  private FilesTable table(String format) {
    return FilesTestSupport.table(options("path", folder.toString(), "format", format),
        FilesTestSupport.column("id", io.sluice.catalog.TypeKind.BIGINT),
        FilesTestSupport.column("name", io.sluice.catalog.TypeKind.VARCHAR));
  }

  @Test
  void aBatchIsWrittenOnceEvenIfOpenedTwice() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv"));
    commit(sink, 0, List.of(row(1L, "a")));
    commit(sink, 0, List.of(row(1L, "a")));
    assertEquals(List.of(row(1L, "a")), FilesTestSupport.readAll(table("csv")));
    assertEquals(List.of("_sluice_manifest", "part-00000000-0-00000.csv"), names(folder));

    // a new sink over the same folder (a restarted process) also knows batch 0 is done
    commit(sink(options("path", folder.toString(), "format", "csv")), 0, List.of(row(1L, "a")));
    assertEquals(1, FilesTestSupport.readAll(table("csv")).size());
  }

  @Test
  void twoWritersOfOneBatchCommitOnce() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "json"));
    StreamSink.BatchWriter first = sink.open(3, OutputMode.APPEND, SCHEMA);
    StreamSink.BatchWriter second = sink.open(3, OutputMode.APPEND, SCHEMA);
    first.write(batch(List.of(row(1L, "a"))), null);
    second.write(batch(List.of(row(1L, "a"))), null);
    first.commit();
    second.commit();
    first.close();
    second.close();
    assertEquals(List.of(row(1L, "a")), FilesTestSupport.readAll(table("json")));
    assertEquals(1, SinkManifest.readAll(folder).size());
  }

  @Test
  void abortLeavesNothingVisible() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "parquet", "max-rows-per-file", "1"));
    try (StreamSink.BatchWriter writer = sink.open(0, OutputMode.APPEND, SCHEMA)) {
      writer.write(batch(List.of(row(1L, "a"), row(2L, "b"))), null);
      assertTrue(names(folder).stream().allMatch(n -> n.startsWith(".")), names(folder).toString());
    }
    assertEquals(List.of(), names(folder));
    assertFalse(SinkManifest.isCommitted(folder, 0));
    commit(sink, 0, List.of(row(3L, "c")));
    assertEquals(List.of(row(3L, "c")), FilesTestSupport.readAll(table("parquet")));
  }

  @Test
  void leftoversOfACrashedAttemptAreCleanedAndTheAttemptCountsUp() throws IOException {
    Files.writeString(folder.resolve("part-00000002-0-00000.csv"), "9,renamed before the crash\n");
    Files.writeString(folder.resolve(".part-00000002-0-00001.csv.tmp"), "9,half");
    Files.writeString(folder.resolve("part-00000001-0-00000.csv"), "1,other batch\n");
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv"));
    commit(sink, 2, List.of(row(2L, "b")));
    assertEquals(List.of("_sluice_manifest", "part-00000001-0-00000.csv", "part-00000002-1-00000.csv"),
        names(folder));
    SinkManifest.Entry entry = SinkManifest.read(SinkManifest.entryFile(folder, 2));
    assertEquals(new SinkManifest.Entry(2, 1, 1, List.of("part-00000002-1-00000.csv")), entry);
  }

  @Test
  void manifestRecordsTheBatchAndItsFiles() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv", "max-rows-per-file", "2"));
    commit(sink, 7, List.of(row(1L, "a"), row(-1L, "not selected"), row(2L, "b"), row(3L, "c")));
    commit(sink, 8, List.of());
    Path entryFile = folder.resolve("_sluice_manifest").resolve("00000000000000000007");
    String text = Files.readString(entryFile);
    assertEquals("{\"version\":1,\"batch\":7,\"attempt\":0,\"rows\":3,"
        + "\"files\":[\"part-00000007-0-00000.csv\",\"part-00000007-0-00001.csv\"]}", text.split("\n")[0]);
    assertTrue(text.split("\n")[1].matches("crc32:[0-9a-f]{8}"), text);
    assertEquals(List.of(7L, 8L), SinkManifest.readAll(folder).stream().map(SinkManifest.Entry::batch).toList());
    assertEquals(List.of(), SinkManifest.readAll(folder).get(1).files(), "an empty batch writes no file");
    assertEquals("1,a\n2,b\n", Files.readString(folder.resolve("part-00000007-0-00000.csv")));
    assertEquals("3,c\n", Files.readString(folder.resolve("part-00000007-0-00001.csv")));

    byte[] bytes = Files.readAllBytes(entryFile);
    bytes[20] ^= 1;
    Files.write(entryFile, bytes);
    SluiceException e = assertThrows(SluiceException.class, () -> SinkManifest.readAll(folder));
    assertTrue(e.getMessage().contains("00000000000000000007") && e.getMessage().contains("checksum"), e.getMessage());
    Files.writeString(entryFile, text.substring(0, 30));
    e = assertThrows(SluiceException.class, () -> SinkManifest.readAll(folder));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void newerManifestVersionIsRefused() throws IOException {
    byte[] entry = SinkManifest.encode(new SinkManifest.Entry(0, 0, 0, List.of()));
    String text = new String(entry, StandardCharsets.UTF_8).replace("\"version\":1", "\"version\":2");
    String line = text.split("\n")[0];
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(line.getBytes(StandardCharsets.UTF_8));
    Files.createDirectories(SinkManifest.folder(folder));
    Files.writeString(SinkManifest.entryFile(folder, 0), line + "\ncrc32:" + String.format("%08x", crc.getValue()));
    SluiceException e = assertThrows(SluiceException.class, () -> SinkManifest.readAll(folder));
    assertTrue(e.getMessage().contains("version 2"), e.getMessage());
  }

  @Test
  void updateAndCompleteOutputAreRefused() {
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv"));
    for (OutputMode mode : List.of(OutputMode.UPDATE, OutputMode.COMPLETE)) {
      SluiceException e = assertThrows(SluiceException.class, () -> sink.open(0, mode, SCHEMA));
      assertEquals(ErrorCode.UNSUPPORTED, e.code());
      assertTrue(e.getMessage().contains("'out'") && e.getMessage().contains("append"), e.getMessage());
    }
    try (StreamSink.BatchWriter writer = sink.open(0, OutputMode.APPEND, SCHEMA)) {
      byte[] kinds = {RowKind.INSERT, RowKind.DELETE};
      SluiceException e = assertThrows(SluiceException.class,
          () -> writer.write(batch(List.of(row(1L, "a"), row(2L, "b"))), kinds));
      assertTrue(e.getMessage().contains("-D"), e.getMessage());
    }
  }

  @Test
  void aTableOverASinkFolderReadsOnlyCommittedBatches() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv"));
    commit(sink, 0, List.of(row(1L, "a")));
    Files.writeString(folder.resolve("part-00000001-0-00000.csv"), "2,renamed before a crash\n");
    StreamSink.BatchWriter open = sink.open(2, OutputMode.APPEND, SCHEMA);
    open.write(batch(List.of(row(3L, "c"))), null);
    FilesTable table = table("csv");
    assertEquals(List.of(row(1L, "a")), FilesTestSupport.readAll(table));
    open.commit();
    assertEquals(List.of(row(1L, "a"), row(3L, "c")), FilesTestSupport.readAll(table));
    SluiceException e = assertThrows(SluiceException.class, table::openWriter);
    assertEquals(ErrorCode.UNSUPPORTED, e.code());
  }

  @Test
  void readOptionsAreRefusedOnASink() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> sink(options("path", folder.toString(), "format", "csv", "max-files-per-trigger", "2")));
    assertTrue(e.getMessage().contains("max-files-per-trigger"), e.getMessage());
  }
}
