package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Session windows shown as they change (update mode), alone: the changelog each batch emits,
 * checked row by row on small cases, and, applied to a multiset, checked against the bounded
 * sessions of all rows so far after every batch, through snapshots and compaction.
 */
class SessionChangelogTest {
  private static final DataType TIMESTAMP = DataType.of(TypeKind.TIMESTAMP);
  /** (user, value, time); sessions by user, gap 10. */
  private static final List<DataType> TYPES = List.of(VARCHAR, BIGINT, TIMESTAMP);
  private static final int[] BY_USER = {0};
  private static final long GAP = 10;

  private SessionWindowState state = new SessionWindowState(TYPES, BY_USER, 2, GAP, true);

  @SafeVarargs
  private List<String> batch(List<Object>... rows) {
    state.add(TestRows.dense(TYPES, List.of(rows)));
    TestRows.Changes out = new TestRows.Changes();
    state.emitChanges(out);
    return out.lines;
  }

  private static String change(String kind, List<Object> row) {
    return kind + " " + row;
  }

  @Test
  void aGrowingSessionTakesBackItsRowsWithTheOldBounds() {
    assertEquals(List.of(change("+I", row("ann", 1L, 100L, 100L, 110L))), batch(row("ann", 1L, 100L)));
    // 105 moves the end to 115: the row shown goes, both come with the new bounds
    assertEquals(List.of(change("-D", row("ann", 1L, 100L, 100L, 110L)),
        change("+I", row("ann", 1L, 100L, 100L, 115L)), change("+I", row("ann", 2L, 105L, 100L, 115L))),
        batch(row("ann", 2L, 105L)));
    // 103 falls inside [100, 115): only the new row
    assertEquals(List.of(change("+I", row("ann", 3L, 103L, 100L, 115L))), batch(row("ann", 3L, 103L)));
    // 96 moves the start back; a new key is shown on its own
    assertEquals(List.of(change("-D", row("ann", 1L, 100L, 100L, 115L)),
        change("-D", row("ann", 2L, 105L, 100L, 115L)), change("-D", row("ann", 3L, 103L, 100L, 115L)),
        change("+I", row("ann", 1L, 100L, 96L, 115L)), change("+I", row("ann", 2L, 105L, 96L, 115L)),
        change("+I", row("ann", 3L, 103L, 96L, 115L)), change("+I", row("ann", 4L, 96L, 96L, 115L)),
        change("+I", row("bob", 5L, 200L, 200L, 210L))),
        batch(row("ann", 4L, 96L), row("bob", 5L, 200L)));
    // a batch that changes nothing emits nothing
    assertEquals(List.of(), batch());
    // closing emits nothing: the sessions were shown whole
    TestRows.Changes closed = new TestRows.Changes();
    assertEquals(2, state.closeUpTo(Long.MAX_VALUE, closed));
    assertEquals(List.of(), closed.lines);
    assertEquals(0, state.rowCount());
  }

  @Test
  void mergedSessionsTakeBackEachOnesRowsWithItsOwnBounds() {
    batch(row("ann", 1L, 100L), row("ann", 2L, 125L));
    // 116 extends [125, 135) back to 116 without touching [100, 110); 108 then bridges both
    List<String> changes = batch(row("ann", 3L, 116L), row("ann", 4L, 108L));
    assertEquals(List.of(change("-D", row("ann", 2L, 125L, 125L, 135L)),
        change("-D", row("ann", 1L, 100L, 100L, 110L)),
        change("+I", row("ann", 1L, 100L, 100L, 135L)), change("+I", row("ann", 4L, 108L, 100L, 135L)),
        change("+I", row("ann", 2L, 125L, 100L, 135L)), change("+I", row("ann", 3L, 116L, 100L, 135L))),
        changes);
    assertEquals(1, state.openSessions());
  }

  @Test
  void rowsAddedToASessionNotShownYetAreShownOnceWithTheFinalBounds() {
    // within one batch a session may grow several times: only its state after the batch is shown
    state.add(TestRows.dense(TYPES, List.of(row("ann", 1L, 100L))));
    state.add(TestRows.dense(TYPES, List.of(row("ann", 2L, 108L))));
    TestRows.Changes out = new TestRows.Changes();
    state.emitChanges(out);
    assertEquals(List.of(change("+I", row("ann", 1L, 100L, 100L, 118L)),
        change("+I", row("ann", 2L, 108L, 100L, 118L))), out.lines);
  }

  private static byte[] save(SessionWindowState state) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    state.writeTo(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  /**
   * Random rows in random batches, out of order but never behind the watermark: after every
   * batch the changelog applied so far holds exactly the bounded sessions of all rows given so
   * far, whatever the merges, and a state restored from a snapshot goes on the same way. Closed
   * sessions' rows stay shown; the row store and key table compact themselves.
   */
  @Test
  void appliedChangesAreTheBoundedSessionsOfTheRowsSoFar() throws IOException {
    Random random = new Random(11);
    for (int round = 0; round < 4; round++) {
      state = new SessionWindowState(TYPES, BY_USER, 2, GAP, true);
      TestRows.ChangelogSink applied = new TestRows.ChangelogSink();
      List<List<Object>> all = new ArrayList<>();
      long watermark = Long.MIN_VALUE;
      long clock = 0;
      for (int b = 0; b < 60; b++) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0, n = random.nextInt(150); i < n; i++) {
          long time = Math.max(watermark, clock + random.nextInt(60) - 20);
          String user = random.nextBoolean() ? "hot" + random.nextInt(4) : "u" + (clock * 1000 + random.nextInt(200));
          rows.add(row(random.nextInt(50) == 0 ? null : user, (long) all.size() + i,
              random.nextInt(80) == 0 ? null : time));
        }
        all.addAll(rows);
        for (Batch part : TestRows.batches(TYPES, rows, 1 + random.nextInt(100), random)) {
          state.add(part);
        }
        state.emitChanges(applied);
        clock += 20 + random.nextInt(40);
        watermark = Math.max(watermark, clock - 30);
        TestRows.Changes closing = new TestRows.Changes();
        state.closeUpTo(watermark, closing);
        assertEquals(List.of(), closing.lines);
        SessionAssigner bounded = new SessionAssigner(TYPES, BY_USER, 2, GAP);
        bounded.add(TestRows.dense(TYPES, all));
        TestRows.Collector expected = new TestRows.Collector();
        bounded.emit(expected);
        assertEquals(TestRows.canonical(expected.rows), applied.content(), "after batch " + b);
        if (b % 7 == 3) {
          SessionWindowState restored = new SessionWindowState(TYPES, BY_USER, 2, GAP, true);
          restored.readFrom(new DataInputStream(new ByteArrayInputStream(save(state))));
          assertEquals(state.rowCount(), restored.rowCount());
          state = restored;
        }
      }
      assertTrue(state.storedRows() < all.size() / 2, "rows of closed sessions were compacted away");
      assertTrue(applied.retracted > all.size() / 10,
          "sessions grew and merged: " + applied.retracted + " rows taken back");
      state.closeUpTo(Long.MAX_VALUE, applied);
      assertEquals(0, state.rowCount());
    }
  }
}
