package io.sluice.engine.connector.files;

import static io.sluice.engine.connector.files.FilesTestSupport.options;
import static io.sluice.engine.connector.files.FilesTestSupport.row;
import static io.sluice.engine.connector.files.StreamTestSupport.commit;
import static io.sluice.engine.connector.files.StreamTestSupport.read;
import static io.sluice.engine.connector.files.StreamTestSupport.sink;
import static io.sluice.engine.connector.files.StreamTestSupport.source;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.stream.OutputMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FilesStreamSourceTest {
  @TempDir
  Path folder;

  private void csv(String name, long... ids) throws IOException {
    StringBuilder text = new StringBuilder();
    for (long id : ids) {
      text.append(id).append(",n").append(id).append('\n');
    }
    Files.writeString(folder.resolve(name), text);
  }

  private static List<Long> ids(List<List<Object>> rows) {
    List<Long> ids = new ArrayList<>();
    for (List<Object> row : rows) {
      ids.add((Long) row.get(0));
    }
    return ids;
  }

  /** Runs batches until the source has nothing new; the ids of each batch. */
  private static List<List<Long>> drain(StreamSource source, String start) {
    List<List<Long>> batches = new ArrayList<>();
    String offset = start;
    while (true) {
      String end = source.nextEndOffset(offset);
      if (end.equals(offset)) {
        return batches;
      }
      batches.add(ids(read(source, offset, end)));
      offset = end;
    }
  }

  @Test
  void filesAppearingBetweenBatchesAreReadOnce() throws IOException {
    StreamSource source = source(options("path", folder.toString(), "format", "csv"));
    String start = source.initialOffset();
    assertEquals(start, source.nextEndOffset(start), "nothing to read yet");
    csv("a.csv", 1, 2);
    String first = source.nextEndOffset(start);
    assertEquals(List.of(1L, 2L), ids(read(source, start, first)));
    assertEquals(first, source.nextEndOffset(first), "no new file");
    csv("b.csv", 3);
    csv("c.csv", 4);
    String second = source.nextEndOffset(first);
    assertEquals(List.of(3L, 4L), ids(read(source, first, second)));
    assertEquals(List.of(), read(source, second, second));
    assertEquals(second, source.nextEndOffset(second));
  }

  @Test
  void folderThatDoesNotExistYetIsWatched() throws IOException {
    Path later = folder.resolve("later");
    StreamSource source = source(options("path", later.toString(), "format", "csv"));
    String start = source.initialOffset();
    assertEquals(start, source.nextEndOffset(start));
    Files.createDirectories(later);
    Files.writeString(later.resolve("a.csv"), "7,x\n");
    assertEquals(List.of(List.of(7L)), drain(source, start));
  }

  @Test
  void maxFilesPerTrigger() throws IOException {
    for (int i = 1; i <= 5; i++) {
      csv("f" + i + ".csv", i);
    }
    StreamSource source = source(options("path", folder.toString(), "format", "csv", "max-files-per-trigger", "2"));
    assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L)), drain(source, source.initialOffset()));
  }

  @Test
  void maxRowsPerTriggerSplitsFiles() throws IOException {
    csv("a.csv", 1, 2, 3);
    csv("b.csv", 4, 5, 6, 7);
    csv("c.csv");
    csv("d.csv", 8);
    StreamSource source = source(options("path", folder.toString(), "format", "csv", "max-rows-per-trigger", "2"));
    assertEquals(List.of(List.of(1L, 2L), List.of(3L, 4L), List.of(5L, 6L), List.of(7L, 8L)),
        drain(source, source.initialOffset()));
  }

  @Test
  void bothLimitsTogether() throws IOException {
    csv("a.csv", 1);
    csv("b.csv", 2);
    csv("c.csv", 3, 4, 5);
    StreamSource source = source(options("path", folder.toString(), "format", "csv", "max-rows-per-trigger", "2",
        "max-files-per-trigger", "1"));
    assertEquals(List.of(List.of(1L), List.of(2L), List.of(3L, 4L), List.of(5L)),
        drain(source, source.initialOffset()));
  }

  @Test
  void rowLimitCountsRowsAfterTheMalformedMode() throws IOException {
    Files.writeString(folder.resolve("a.csv"), "1,a\nbad,b\n2,c\n3,d\n");
    StreamSource source = source(options("path", folder.toString(), "format", "csv", "mode", "dropmalformed",
        "max-rows-per-trigger", "2"));
    assertEquals(List.of(List.of(1L, 2L), List.of(3L)), drain(source, source.initialOffset()));
  }

  @Test
  void aRecordedRangeReadsTheSameRowsAfterMoreFilesArrive() throws IOException {
    csv("b.csv", 1, 2, 3);
    StreamSource source = source(options("path", folder.toString(), "format", "csv", "max-rows-per-trigger", "2"));
    String start = source.initialOffset();
    String first = source.nextEndOffset(start);
    String second = source.nextEndOffset(first);
    List<List<Object>> firstRows = read(source, start, first);
    List<List<Object>> secondRows = read(source, first, second);
    csv("a.csv", 10);
    csv("c.csv", 20);
    assertEquals(firstRows, read(source, start, first));
    assertEquals(secondRows, read(source, first, second));
    assertEquals(List.of(3L), ids(secondRows));
    // a file sorting before the position is late: not read; one after it is
    assertEquals(List.of(List.of(20L)), drain(source, second));
  }

  @Test
  void offsetsFromAnotherSourceInstanceReadTheSame() throws IOException {
    csv("a.csv", 1, 2);
    StreamSource source = source(options("path", folder.toString(), "format", "csv"));
    String end = source.nextEndOffset(source.initialOffset());
    StreamSource restarted = source(options("path", folder.toString(), "format", "csv"));
    assertEquals(read(source, source.initialOffset(), end), read(restarted, restarted.initialOffset(), end));
    assertEquals(end, restarted.nextEndOffset(end));
  }

  @Test
  void modifiedOrderTakesOlderFilesFirst() throws IOException {
    csv("a.csv", 1);
    csv("z.csv", 2);
    Files.setLastModifiedTime(folder.resolve("z.csv"), FileTime.fromMillis(1_000_000));
    Files.setLastModifiedTime(folder.resolve("a.csv"), FileTime.fromMillis(2_000_000));
    StreamSource byTime = source(options("path", folder.toString(), "format", "csv", "file-order", "modified",
        "max-files-per-trigger", "1"));
    assertEquals(List.of(List.of(2L), List.of(1L)), drain(byTime, byTime.initialOffset()));
    StreamSource byName = source(options("path", folder.toString(), "format", "csv", "max-files-per-trigger", "1"));
    assertEquals(List.of(List.of(1L), List.of(2L)), drain(byName, byName.initialOffset()));
  }

  @Test
  void unknownFileOrderIsRefused() {
    SluiceException e = assertThrows(SluiceException.class,
        () -> source(options("path", folder.toString(), "format", "csv", "file-order", "size")));
    assertEquals(ErrorCode.INVALID_OPTION, e.code());
    assertTrue(e.getMessage().contains("file-order"), e.getMessage());
  }

  @Test
  void hiddenInternalAndTemporaryFilesAreIgnored() throws IOException {
    csv(".hidden.csv", 1);
    csv("_internal.csv", 2);
    csv("copying.csv._COPYING_", 3);
    csv("partial.csv.tmp", 4);
    csv("notes.txt", 5);
    csv("real.csv", 6);
    Files.createDirectories(folder.resolve("sub.csv"));
    StreamSource source = source(options("path", folder.toString(), "format", "csv"));
    assertEquals(List.of(List.of(6L)), drain(source, source.initialOffset()));
  }

  @Test
  void aSingleFileIsNotAStream() throws IOException {
    csv("a.csv", 1);
    SluiceException e = assertThrows(SluiceException.class,
        () -> source(options("path", folder.resolve("a.csv").toString(), "format", "csv")));
    assertTrue(e.getMessage().contains("folder"), e.getMessage());
  }

  @Test
  void badOffsetTextIsRefused() {
    StreamSource source = source(options("path", folder.toString(), "format", "csv"));
    SluiceException e = assertThrows(SluiceException.class, () -> source.nextEndOffset("{\"v\":9}"));
    assertTrue(e.getMessage().contains("version 9"), e.getMessage());
    assertThrows(SluiceException.class, () -> source.nextEndOffset("17"));
  }

  @Test
  void followsASinkManifestAndSkipsUncommittedFiles() throws IOException {
    StreamSink sink = sink(options("path", folder.toString(), "format", "csv"));
    commit(sink, 0, List.of(row(1L, "a"), row(2L, "b")));
    // batch 1 in progress: its file exists under a temporary name only
    StreamSink.BatchWriter open = sink.open(1, OutputMode.APPEND, StreamTestSupport.SCHEMA);
    open.write(StreamTestSupport.batch(List.of(row(3L, "c"))), null);
    // a crash between renaming a file and writing the manifest leaves a visible, uncommitted file
    Files.writeString(folder.resolve(FilesStreamSink.partName(5, 0, 0, FileFormat.CSV)), "99,zz\n");

    StreamSource source = source(options("path", folder.toString(), "format", "csv"));
    String start = source.initialOffset();
    String first = source.nextEndOffset(start);
    assertEquals(List.of(1L, 2L), ids(read(source, start, first)));
    assertEquals(first, source.nextEndOffset(first), "batch 1 is not committed yet");

    open.commit();
    open.close();
    String second = source.nextEndOffset(first);
    assertEquals(List.of(3L), ids(read(source, first, second)));
    assertTrue(source.describe().contains("manifest"), source.describe());
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "json", "parquet"})
  void readsEveryFormatASinkWrites(String format) {
    StreamSink sink = sink(options("path", folder.toString(), "format", format, "max-rows-per-file", "2"));
    commit(sink, 0, List.of(row(1L, "a"), row(-1L, "filtered"), row(2L, null), row(3L, "c")));
    commit(sink, 1, List.of(row(4L, "d")));
    StreamSource source = source(options("path", folder.toString(), "format", format, "max-rows-per-trigger", "3"));
    String start = source.initialOffset();
    String first = source.nextEndOffset(start);
    assertEquals(List.of(row(1L, "a"), row(2L, null), row(3L, "c")), read(source, start, first));
    String second = source.nextEndOffset(first);
    assertEquals(List.of(row(4L, "d")), read(source, first, second));
    assertEquals(second, source.nextEndOffset(second));
  }

  @ParameterizedTest
  @ValueSource(strings = {"csv", "parquet"})
  void rowLimitSplitsLargeFilesAcrossScanBatches(String format) {
    StreamSink sink = sink(format.equals("parquet")
        ? options("path", folder.toString(), "format", format, "row-group-rows", "1000")
        : options("path", folder.toString(), "format", format));
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 0; i < 10_000; i++) {
      rows.add(row(i, "n" + i));
    }
    commit(sink, 0, rows);
    StreamSource source = source(options("path", folder.toString(), "format", format, "max-rows-per-trigger", "3000"));
    List<List<Long>> batches = drain(source, source.initialOffset());
    assertEquals(List.of(3000, 3000, 3000, 1000), batches.stream().map(List::size).toList());
    long expected = 0;
    for (List<Long> batch : batches) {
      for (long id : batch) {
        assertEquals(expected++, id);
      }
    }
  }
}
