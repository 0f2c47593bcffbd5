package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.runtime.spill.SpillSpace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sort whose rows outgrow a tiny memory limit writes sorted runs and merges them: same rows, same order. */
class ExternalSortTest {
  private static final List<DataType> TYPES =
      List.of(TestRows.BIGINT, TestRows.DOUBLE, TestRows.VARCHAR, TestRows.BOOLEAN, TestRows.BIGINT);

  @TempDir
  Path temp;

  private List<List<Object>> sort(List<SortKey> keys, long offset, long limit, List<List<Object>> rows,
      SpillSpace space, Random random) {
    try (Sorter sorter = new Sorter(TYPES, keys, offset, limit, space)) {
      for (Batch b : TestRows.batches(TYPES, rows, 257, random)) {
        sorter.add(b);
      }
      TestRows.Collector out = new TestRows.Collector();
      sorter.emit(out);
      return out.rows;
    }
  }

  @Test
  void spilledSortEqualsInMemorySortIncludingTiesAndNulls() throws IOException {
    Random random = new Random(7);
    List<List<Object>> rows = SorterTest.randomRows(random, 6000);
    List<List<SortKey>> keySets = List.of(
        List.of(SortKey.ascending(0)),
        List.of(SortKey.descending(1), new SortKey(2, false, true)),
        List.of(new SortKey(2, true, false), new SortKey(3, false, true), SortKey.ascending(0)));
    for (List<SortKey> keys : keySets) {
      for (long[] window : new long[][] {{0, -1}, {100, 20_000}, {5990, -1}, {0, 12_000}}) {
        SpillSpace space = new SpillSpace(temp, 4096);
        List<List<Object>> want = sort(keys, window[0], window[1], rows, null, random);
        // column 4 is the input position: equal lists mean the same order, ties in input order
        assertEquals(want, sort(keys, window[0], window[1], rows, space, random), keys.toString());
        assertTrue(space.filesWritten() > 10, "runs written: " + space.filesWritten());
        assertEquals(List.of(), filesIn(space.folder()), "runs are deleted once merged");
        space.close();
      }
    }
    assertEquals(List.of(), filesIn(temp), "the spill folder is gone");
  }

  @Test
  void moreRunsThanOneMergeTakesMergeInSeveralPasses() throws IOException {
    Random random = new Random(19);
    // one run per input batch at least: 20,000 rows in batches of 257 make 78 runs
    List<List<Object>> rows = SorterTest.randomRows(random, 20_000);
    List<SortKey> keys = List.of(new SortKey(2, false, true), SortKey.descending(1));
    SpillSpace space = new SpillSpace(temp, 1024);
    assertEquals(sort(keys, 3, -1, rows, null, random), sort(keys, 3, -1, rows, space, random));
    // 78 runs merged 4 at a time (the least width): passes of 20, 5 and 2 merged runs
    assertTrue(space.filesWritten() > 78 && space.filesWritten() <= 78 + 20 + 5 + 2,
        "runs and merged runs: " + space.filesWritten());
    assertEquals(List.of(), filesIn(space.folder()));
    space.close();
  }

  @Test
  void runsFillTheMemoryLimitRatherThanOneBatchEach() throws IOException {
    Random random = new Random(23);
    // 60,000 rows in batches of 257 (234 batches); the limit holds thousands of rows
    List<List<Object>> rows = SorterTest.randomRows(random, 60_000);
    List<SortKey> keys = List.of(SortKey.ascending(1), SortKey.ascending(4));
    SpillSpace space = new SpillSpace(temp, 512 << 10);
    assertEquals(sort(keys, 0, -1, rows, null, random), sort(keys, 0, -1, rows, space, random));
    // runs of a few thousand rows each, merged in one pass: each row written once, never a run per batch
    assertTrue(space.filesWritten() >= 2 && space.filesWritten() < 40, "runs: " + space.filesWritten());
    assertEquals(List.of(), filesIn(space.folder()));
    space.close();
  }

  @Test
  void sortThatFitsWritesNothing() {
    SpillSpace space = new SpillSpace(temp, 1 << 20);
    Random random = new Random(3);
    List<List<Object>> rows = SorterTest.randomRows(random, 500);
    List<SortKey> keys = List.of(SortKey.ascending(1));
    assertEquals(sort(keys, 0, -1, rows, null, random), sort(keys, 0, -1, rows, space, random));
    assertEquals(0, space.filesWritten());
    assertEquals(null, space.folder());
  }

  @Test
  void topNKeepsOnlyItsRowsAndNeverSpills() {
    SpillSpace space = new SpillSpace(temp, 1024);
    Random random = new Random(5);
    List<List<Object>> rows = SorterTest.randomRows(random, 20_000);
    List<SortKey> keys = List.of(SortKey.ascending(0), SortKey.ascending(4));
    Sorter sorter = new Sorter(TYPES, keys, 5, 10, space);
    assertTrue(sorter.isTopN());
    assertEquals(sort(keys, 5, 10, rows, null, random), sort(keys, 5, 10, rows, space, random));
    assertEquals(0, space.filesWritten());
  }

  static List<Path> filesIn(Path folder) throws IOException {
    if (folder == null || !Files.exists(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    }
  }
}
