package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TopNTest {
  /** (key VARCHAR, score BIGINT, time BIGINT) */
  private static final List<DataType> TYPES = List.of(VARCHAR, BIGINT, BIGINT);

  private static void add(TopN topN, long now, List<List<Object>> rows) {
    topN.add(TestRows.sparse(TYPES, rows, new Random(rows.size())), now);
  }

  @Test
  void changelogEmitsEntriesExitsAndRankMoves() {
    TopN topN = TopN.changelog(TYPES, new int[] {0}, List.of(SortKey.descending(1)), 2, true);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 10L, 0L), row("a", 20L, 0L), row("b", 5L, 0L)));
    topN.emitChanges(out);
    assertEquals(List.of("+I [a, 10, 0, 2]", "+I [a, 20, 0, 1]", "+I [b, 5, 0, 1]"), out.take());

    add(topN, 0, List.of(row("a", 30L, 0L), row("b", 1L, 0L)));
    topN.emitChanges(out);
    assertEquals(List.of("+I [a, 30, 0, 1]", "+I [b, 1, 0, 2]", "+U [a, 20, 0, 2]", "-D [a, 10, 0, 2]",
        "-U [a, 20, 0, 1]"), out.take());
    assertEquals(4, topN.stateRows());

    add(topN, 0, List.of(row("a", 0L, 0L)));
    topN.emitChanges(out);
    assertEquals(List.of(), out.take());
  }

  @Test
  void withoutRankShiftsOnlyEntriesAndExitsAreEmitted() {
    TopN topN = TopN.changelog(TYPES, new int[0], List.of(SortKey.descending(1)), 2, false);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 10L, 0L), row("b", 20L, 0L)));
    topN.emitChanges(out);
    out.take();
    add(topN, 0, List.of(row("c", 30L, 0L)));
    topN.emitChanges(out);
    assertEquals(List.of("+I [c, 30, 0, 1]", "-D [a, 10, 0, 2]"), out.take());
  }

  @Test
  void deduplicationReplacesWithAnUpdatePairAndKeepsTheFirstOfTies() {
    TopN topN = TopN.changelog(TYPES, new int[] {0}, List.of(SortKey.ascending(1)), 1, false);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 5L, 1L), row("a", 5L, 2L), row("a", 7L, 3L)));
    topN.emitChanges(out);
    assertEquals(List.of("+I [a, 5, 1, 1]"), out.take());
    add(topN, 0, List.of(row("a", 3L, 4L), row("a", 2L, 5L), row("a", 2L, 6L)));
    topN.emitChanges(out);
    assertEquals(List.of("+U [a, 2, 5, 1]", "-U [a, 5, 1, 1]"), out.take());
  }

  @Test
  void manyReplacementsCompactTheStoreAndKeepTheRightRows() {
    TopN topN = TopN.changelog(TYPES, new int[] {0}, List.of(SortKey.ascending(1)), 3, false);
    TestRows.Changes out = new TestRows.Changes();
    List<List<Object>> rows = new ArrayList<>();
    for (long i = 5000; i > 0; i--) {
      rows.add(row(i % 2 == 0 ? "even" : "odd", i, i));
    }
    for (int from = 0; from < rows.size(); from += 700) {
      add(topN, 0, rows.subList(from, Math.min(rows.size(), from + 700)));
      topN.emitChanges(out);
    }
    assertEquals(6, topN.stateRows());
    assertEquals(true, topN.estimatedBytes() < 40_000, "garbage was compacted: " + topN.estimatedBytes());
    // the final contents: what was inserted minus what was deleted
    List<String> net = new ArrayList<>();
    for (String line : out.take()) {
      String value = line.substring(3);
      if (line.startsWith("+I")) {
        net.add(value);
      } else {
        net.remove(value);
      }
    }
    Collections.sort(net);
    assertEquals(List.of("[even, 2, 2, 1]", "[even, 4, 4, 2]", "[even, 6, 6, 3]", "[odd, 1, 1, 1]",
        "[odd, 3, 3, 2]", "[odd, 5, 5, 3]"), net);
  }

  @Test
  void finalRowsWaitForTheWatermarkAndThenOnlyTheKeyIsKept() {
    TopN topN = TopN.finalRows(TYPES, new int[] {0}, List.of(SortKey.ascending(2)), 2);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 0L, 30L), row("a", 0L, 10L), row("a", 0L, 20L), row("b", 0L, 25L)));
    topN.releaseFinal(Long.MIN_VALUE, out);
    assertEquals(List.of(), out.take());
    assertEquals(10L, topN.nextPendingTime());
    assertEquals(3, topN.heldRows());

    topN.releaseFinal(21L, out);
    assertEquals(List.of("+I [a, 0, 10, 1]", "+I [a, 0, 20, 2]"), out.take());
    assertEquals(25L, topN.nextPendingTime());
    assertEquals(2, topN.stateRows()); // b's row, a's key

    add(topN, 0, List.of(row("a", 0L, 22L), row("b", 0L, 23L), row("b", 0L, 24L)));
    assertEquals(23L, topN.nextPendingTime());
    topN.releaseFinal(23L, out); // a row at the watermark is final (Lateness); b's row at 24 is not yet
    assertEquals(List.of("+I [b, 0, 23, 1]"), out.take());
    topN.releaseFinal(Long.MAX_VALUE, out);
    assertEquals(List.of("+I [b, 0, 24, 2]"), out.take());
    assertEquals(0, topN.heldRows());
    assertEquals(Long.MAX_VALUE, topN.nextPendingTime());
  }

  @Test
  void finalRowsNeedTheTimeAscending() {
    assertThrows(IllegalArgumentException.class,
        () -> TopN.finalRows(TYPES, new int[] {0}, List.of(SortKey.descending(2)), 1));
  }

  @Test
  void expiredPartitionsAreRetractedAndTheOthersRenumbered() {
    TopN topN = TopN.changelog(TYPES, new int[] {0}, List.of(SortKey.descending(1)), 2, false);
    topN.expireAfter(100);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 1L, 0L), row("b", 2L, 0L), row("c", 3L, 0L)));
    topN.emitChanges(out);
    out.take();
    add(topN, 60, List.of(row("b", 5L, 0L)));
    topN.emitChanges(out);
    out.take();
    assertEquals(100, topN.nextExpiry());
    assertEquals(0, topN.expire(99, out));
    assertEquals(2, topN.expire(100, out));
    assertEquals(List.of("-D [a, 1, 0, 1]", "-D [c, 3, 0, 1]"), out.take());
    assertEquals(1, topN.partitions());
    assertEquals(160, topN.nextExpiry());

    add(topN, 110, List.of(row("b", 4L, 0L), row("a", 7L, 0L)));
    topN.emitChanges(out);
    assertEquals(List.of("+I [a, 7, 0, 1]", "+I [b, 4, 0, 2]", "-D [b, 2, 0, 2]"), out.take());
  }

  @Test
  void partitionsWithRowsWaitingForTheWatermarkDoNotExpire() {
    TopN topN = TopN.finalRows(TYPES, new int[] {0}, List.of(SortKey.ascending(2)), 1);
    topN.expireAfter(100);
    TestRows.Changes out = new TestRows.Changes();
    add(topN, 0, List.of(row("a", 0L, 1L), row("b", 0L, 50L)));
    topN.releaseFinal(10L, out);
    assertEquals(List.of("+I [a, 0, 1, 1]"), out.take());
    assertEquals(1, topN.expire(150, out));
    assertEquals(List.of(), out.take());
    assertEquals(1, topN.partitions());
    topN.releaseFinal(60L, out);
    assertEquals(List.of("+I [b, 0, 50, 1]"), out.take());
    add(topN, 160, List.of(row("a", 0L, 70L)));
    topN.releaseFinal(80L, out);
    assertEquals(List.of("+I [a, 0, 70, 1]"), out.take());
  }

  /** The first {@code limit} rows per key of {@code rows} by score descending, then arrival, as "[k, score, time, rank]". */
  private static List<String> expected(List<List<Object>> rows, int limit, boolean byTime) {
    java.util.Map<Object, List<List<Object>>> byKey = new java.util.TreeMap<>();
    for (List<Object> row : rows) {
      byKey.computeIfAbsent(row.get(0), k -> new ArrayList<>()).add(row);
    }
    List<String> result = new ArrayList<>();
    for (List<List<Object>> partition : byKey.values()) {
      List<List<Object>> sorted = new ArrayList<>(partition);
      // a stable sort keeps arrival order among ties
      sorted.sort(byTime ? java.util.Comparator.comparing(r -> (Long) r.get(2))
          : java.util.Comparator.comparing(r -> -(Long) r.get(1)));
      for (int i = 0; i < Math.min(limit, sorted.size()); i++) {
        List<Object> r = sorted.get(i);
        result.add(List.of(r.get(0), r.get(1), r.get(2), (long) i + 1).toString());
      }
    }
    Collections.sort(result);
    return result;
  }

  /** Applies changelog lines to a multiset of rows. */
  private static void apply(List<String> state, List<String> changes) {
    for (String line : changes) {
      String value = line.substring(3);
      if (line.startsWith("+")) {
        state.add(value);
      } else {
        assertEquals(true, state.remove(value), "retracted a row not emitted: " + line);
      }
    }
    Collections.sort(state);
  }

  @Test
  void randomBatchesMatchTheTopNOfAllRowsSoFar() {
    Random random = new Random(42);
    for (int round = 0; round < 20; round++) {
      int limit = 1 + random.nextInt(4);
      TopN topN = TopN.changelog(TYPES, new int[] {0}, List.of(SortKey.descending(1)), limit, true);
      TestRows.Changes out = new TestRows.Changes();
      List<List<Object>> all = new ArrayList<>();
      List<String> state = new ArrayList<>();
      for (int batch = 0; batch < 30; batch++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = random.nextInt(40); i > 0; i--) {
          rows.add(row("k" + random.nextInt(5), (long) random.nextInt(20), (long) all.size() + rows.size()));
        }
        all.addAll(rows);
        add(topN, 0, rows);
        topN.emitChanges(out);
        apply(state, out.take());
        assertEquals(expected(all, limit, false), state, "round " + round + ", batch " + batch);
      }
    }
  }

  @Test
  void randomRowsReleasedOnTheWatermarkAreTheFirstRowsOfAllThatWereNotLate() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      int limit = 1 + random.nextInt(3);
      TopN topN = TopN.finalRows(TYPES, new int[] {0}, List.of(SortKey.ascending(2)), limit);
      TestRows.Changes out = new TestRows.Changes();
      List<List<Object>> kept = new ArrayList<>();
      List<String> emitted = new ArrayList<>();
      long watermark = Long.MIN_VALUE;
      long maxTime = 0;
      for (int batch = 0; batch < 30; batch++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = random.nextInt(20); i > 0; i--) {
          long time = Math.max(0, maxTime - 10 + random.nextInt(15));
          if (time >= watermark) { // scans drop late rows
            rows.add(row("k" + random.nextInt(4), 0L, time));
          }
        }
        kept.addAll(rows);
        add(topN, 0, rows);
        topN.releaseFinal(watermark, out);
        apply(emitted, out.take());
        for (List<Object> r : rows) {
          maxTime = Math.max(maxTime, (Long) r.get(2));
        }
        watermark = Math.max(watermark, maxTime - 5);
      }
      topN.releaseFinal(Long.MAX_VALUE, out);
      apply(emitted, out.take());
      assertEquals(expected(kept, limit, true), emitted, "round " + round);
    }
  }
}
