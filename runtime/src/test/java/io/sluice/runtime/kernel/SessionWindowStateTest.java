package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The state of session windows over a stream, alone: rows added batch by batch, the watermark
 * advanced by hand, the rows of closed sessions checked with their bounds.
 */
class SessionWindowStateTest {
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);
  /** (user, value, time); sessions by user, gap 10. */
  private static final List<DataType> TYPES = List.of(VARCHAR, BIGINT, TIMESTAMP);
  private static final int[] BY_USER = {0};
  private static final long GAP = 10;

  private final SessionWindowState state = new SessionWindowState(TYPES, BY_USER, 2, GAP);

  private void add(List<Object>... rows) {
    state.add(TestRows.dense(TYPES, List.of(rows)));
  }

  private List<String> close(long watermark) {
    TestRows.Collector out = new TestRows.Collector();
    state.closeUpTo(watermark, out);
    return TestRows.canonical(out.rows);
  }

  private static List<String> expect(List<Object>... rows) {
    return TestRows.canonical(List.of(rows));
  }

  @Test
  void emitsASessionOnceTheWatermarkReachesItsEnd() {
    add(row("ann", 1L, 100L), row("ann", 2L, 105L), row("bob", 3L, 102L));
    assertEquals(2, state.openSessions());
    assertEquals(3, state.rowCount());
    assertEquals(112, state.nextEnd()); // bob: 102 + 10; ann ends at 115

    assertEquals(List.of(), close(111));
    assertEquals(expect(row("bob", 3L, 102L, 102L, 112L)), close(112));
    assertEquals(1, state.openSessions());
    assertEquals(2, state.rowCount());
    assertEquals(115, state.nextEnd());

    assertEquals(expect(row("ann", 1L, 100L, 100L, 115L), row("ann", 2L, 105L, 100L, 115L)), close(Long.MAX_VALUE));
    assertEquals(0, state.openSessions());
    assertEquals(0, state.rowCount());
    assertEquals(Long.MAX_VALUE, state.nextEnd());
  }

  @Test
  void aRowExactlyOneGapAfterTheLastStartsANewSession() {
    add(row("ann", 1L, 100L));
    add(row("ann", 2L, 110L));
    assertEquals(2, state.openSessions());
    assertEquals(expect(row("ann", 1L, 100L, 100L, 110L)), close(110));
    assertEquals(expect(row("ann", 2L, 110L, 110L, 120L)), close(120));
  }

  @Test
  void aRowBetweenTwoSessionsMergesThem() {
    add(row("ann", 1L, 100L), row("ann", 2L, 125L));
    assertEquals(2, state.openSessions());
    // 116 covers [116, 126): it overlaps [125, 135) but not [100, 110)
    add(row("ann", 3L, 116L));
    assertEquals(2, state.openSessions());
    // 108 covers [108, 118): it bridges [100, 110) and [116, 135)
    add(row("ann", 4L, 108L));
    assertEquals(1, state.openSessions());
    // 95 extends the merged session backwards
    add(row("ann", 5L, 95L));
    assertEquals(1, state.openSessions());
    assertEquals(List.of(), close(134));
    assertEquals(expect(row("ann", 1L, 100L, 95L, 135L), row("ann", 2L, 125L, 95L, 135L),
        row("ann", 3L, 116L, 95L, 135L), row("ann", 4L, 108L, 95L, 135L), row("ann", 5L, 95L, 95L, 135L)), close(135));
  }

  @Test
  void aRowBridgingSeveralSessionsMergesThemAll() {
    SessionWindowState wide = new SessionWindowState(TYPES, BY_USER, 2, 100);
    wide.add(TestRows.dense(TYPES, List.of(row("ann", 1L, 0L), row("ann", 2L, 150L), row("ann", 3L, 300L),
        row("ann", 4L, 1000L))));
    assertEquals(4, wide.openSessions());
    // covers [120, 220): [0, 100) stays apart, [150, 250) and [300, 400) do not touch it... yet
    wide.add(TestRows.dense(TYPES, List.of(row("ann", 5L, 120L))));
    assertEquals(4, wide.openSessions());
    // covers [60, 160): joins [0, 100) and [120, 250); 240 then joins [300, 400)
    wide.add(TestRows.dense(TYPES, List.of(row("ann", 6L, 60L), row("ann", 7L, 240L))));
    assertEquals(2, wide.openSessions());
    TestRows.Collector out = new TestRows.Collector();
    wide.closeUpTo(400, out);
    assertEquals(6, out.rows.size());
    for (List<Object> r : out.rows) {
      assertEquals(List.of(0L, 400L), r.subList(3, 5));
    }
    assertEquals(1000L, wide.nextEnd() - 100);
  }

  @Test
  void keysKeepSessionsApartAndNullIsAKey() {
    add(row("ann", 1L, 100L), row(null, 2L, 105L), row("bob", 3L, 108L), row(null, 4L, 112L));
    assertEquals(3, state.openSessions());
    assertEquals(expect(row("ann", 1L, 100L, 100L, 110L), row("bob", 3L, 108L, 108L, 118L),
        row(null, 2L, 105L, 105L, 122L), row(null, 4L, 112L, 105L, 122L)), close(Long.MAX_VALUE));
  }

  @Test
  void rowsWithoutATimeAreDroppedAndTheSelectionIsRespected() {
    List<List<Object>> rows = List.of(row("ann", 1L, 100L), row("ann", 2L, null), row("ann", 3L, 104L));
    state.add(TestRows.sparse(TYPES, rows, new Random(7)));
    assertEquals(2, state.rowCount());
    assertEquals(expect(row("ann", 1L, 100L, 100L, 114L), row("ann", 3L, 104L, 100L, 114L)), close(114));
  }

  @Test
  void withoutKeysAllRowsShareSessions() {
    SessionWindowState global = new SessionWindowState(TYPES, new int[0], 2, GAP);
    global.add(TestRows.dense(TYPES, List.of(row("ann", 1L, 100L), row("bob", 2L, 105L), row("cy", 3L, 130L))));
    assertEquals(2, global.openSessions());
    TestRows.Collector out = new TestRows.Collector();
    global.closeUpTo(Long.MAX_VALUE, out);
    assertEquals(expect(row("ann", 1L, 100L, 100L, 115L), row("bob", 2L, 105L, 100L, 115L),
        row("cy", 3L, 130L, 130L, 140L)), TestRows.canonical(out.rows));
  }

  /**
   * Random rows in random batches, arriving out of order but never behind the watermark (the
   * scans drop those): once everything is closed, the rows and bounds emitted are those of the
   * bounded operator over all rows, and nothing was emitted before its session was final. Many
   * short sessions over many keys make the row store and the key table compact themselves.
   */
  @Test
  void matchesTheBoundedSessionsWhateverTheArrivalOrder() {
    Random random = new Random(42);
    for (int round = 0; round < 5; round++) {
      SessionWindowState streaming = new SessionWindowState(TYPES, BY_USER, 2, GAP);
      SessionAssigner bounded = new SessionAssigner(TYPES, BY_USER, 2, GAP);
      TestRows.Collector emitted = new TestRows.Collector();
      long watermark = Long.MIN_VALUE;
      long clock = 0;
      int added = 0;
      java.util.Set<String> keys = new java.util.HashSet<>();
      for (int batch = 0; batch < 60; batch++) {
        List<List<Object>> rows = new ArrayList<>();
        int n = 1 + random.nextInt(400);
        for (int i = 0; i < n; i++) {
          long time = clock + random.nextInt(60) - 20;
          if (time < watermark) {
            time = watermark;
          }
          // a few hot keys with long, merging sessions, and keys that drift with time and go cold
          String user = random.nextBoolean() ? "hot" + random.nextInt(5) : "u" + (clock * 1000 + random.nextInt(300));
          keys.add(user);
          rows.add(row(random.nextInt(50) == 0 ? null : user, (long) added++, random.nextInt(80) == 0 ? null : time));
        }
        for (var b : TestRows.batches(TYPES, rows, 1 + random.nextInt(200), random)) {
          streaming.add(b);
        }
        bounded.add(TestRows.dense(TYPES, rows));
        clock += 20 + random.nextInt(40);
        watermark = Math.max(watermark, clock - 30);
        TestRows.Collector closed = new TestRows.Collector();
        streaming.closeUpTo(watermark, closed);
        for (List<Object> r : closed.rows) {
          assertTrue((Long) r.get(4) <= watermark, "emitted before its end: " + r);
        }
        emitted.rows.addAll(closed.rows);
      }
      assertTrue(streaming.storedRows() < added / 2, "rows of closed sessions were compacted away");
      assertTrue(streaming.keyCount() < keys.size() / 2,
          "keys without sessions were compacted away: " + streaming.keyCount() + " of " + keys.size());
      streaming.closeUpTo(Long.MAX_VALUE, emitted);
      TestRows.Collector expected = new TestRows.Collector();
      bounded.emit(expected);
      assertEquals(TestRows.canonical(expected.rows), TestRows.canonical(emitted.rows));
      assertEquals(0, streaming.rowCount());
    }
  }
}
