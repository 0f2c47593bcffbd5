package io.sluice.runtime.operator;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.RowKind;
import io.sluice.runtime.kernel.TestRows;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The step that keeps the current row per primary key under a changelog without old rows, run
 * alone: updates without {@code before}, deletes of a key alone, duplicates, restore and deltas.
 * The cases restate, in our words, what Flink's ChangelogNormalize is documented to do for
 * upsert sources (a key's first value an insert, a later one an update pair, a repeated value
 * nothing, a tombstone a delete of the kept row).
 */
class ChangelogNormalizeOperatorTest {
  /** Input (id BIGINT, name VARCHAR, amount BIGINT), keyed by id. */
  private static final List<DataType> INPUT = List.of(BIGINT, VARCHAR, BIGINT);

  private static Supplier<ChangelogNormalizeOperator> normalize() {
    return () -> new ChangelogNormalizeOperator("ChangelogNormalize", INPUT, new int[] {0});
  }

  private static Batch changes(List<List<Object>> rows, byte... kinds) {
    Batch batch = TestRows.dense(INPUT, rows);
    batch.kinds = kinds.clone();
    return batch;
  }

  @Test
  void anUpdateWithoutItsOldRowTakesBackTheKeptRow() {
    try (OperatorHarness<ChangelogNormalizeOperator> h = OperatorHarness.open(normalize())) {
      h.input(0, changes(List.of(row(1L, "ada", 10L), row(2L, "bob", 5L), row(1L, "ada", 12L)),
          RowKind.INSERT, RowKind.INSERT, RowKind.UPDATE_AFTER));
      assertEquals(List.of("+I [1, ada, 10]", "+I [2, bob, 5]", "+U [1, ada, 12]", "-U [1, ada, 10]"), h.endBatch());
      h.input(0, changes(List.of(row(2L, "bob", 7L)), RowKind.UPDATE_AFTER));
      assertEquals(List.of("+U [2, bob, 7]", "-U [2, bob, 5]"), h.endBatch());
      assertEquals(2, h.operator().stateRows());
    }
  }

  @Test
  void aDeleteOfTheKeyAloneRetractsTheWholeRowAndAnUnknownKeyGivesNothing() {
    try (OperatorHarness<ChangelogNormalizeOperator> h = OperatorHarness.open(normalize())) {
      h.input(0, changes(List.of(row(1L, "ada", 10L), row(1L, null, null), row(3L, null, null)),
          RowKind.INSERT, RowKind.DELETE, RowKind.DELETE));
      assertEquals(List.of("+I [1, ada, 10]", "-D [1, ada, 10]"), h.endBatch());
      h.input(0, changes(List.of(row(1L, "ada", 11L)), RowKind.UPDATE_AFTER));
      assertEquals(List.of("+I [1, ada, 11]"), h.endBatch(), "an upsert of a deleted key inserts it again");
      assertEquals(1, h.operator().stateRows());
    }
  }

  @Test
  void aDuplicateEmitsNothingAndAnOldRowGivenIsIgnored() {
    try (OperatorHarness<ChangelogNormalizeOperator> h = OperatorHarness.open(normalize())) {
      h.input(0, changes(List.of(row(1L, "ada", 10L), row(1L, "ada", 10L)), RowKind.INSERT, RowKind.UPDATE_AFTER));
      assertEquals(List.of("+I [1, ada, 10]"), h.endBatch());
      h.input(0, changes(List.of(row(1L, "wrong", 99L), row(1L, "ada", 10L)), RowKind.UPDATE_BEFORE,
          RowKind.UPDATE_AFTER));
      assertEquals(List.of(), h.endBatch(), "an update to the same value changes nothing");
    }
  }

  @Test
  void inputWithoutKindsIsReadAsUpserts() {
    try (OperatorHarness<ChangelogNormalizeOperator> h = OperatorHarness.open(normalize())) {
      h.input(INPUT, List.of(row(1L, "ada", 10L), row(1L, "ada", 20L)));
      assertEquals(List.of("+I [1, ada, 10]", "+U [1, ada, 20]", "-U [1, ada, 10]"), h.endBatch());
    }
  }

  /** Random upserts and deletes of 40 keys, many deleted: absent keys are dropped and rows compacted on the way. */
  private static List<Consumer<OperatorHarness<ChangelogNormalizeOperator>>> randomBatches(long seed) {
    Random random = new Random(seed);
    List<Consumer<OperatorHarness<ChangelogNormalizeOperator>>> batches = new ArrayList<>();
    for (int b = 0; b < 14; b++) {
      List<List<Object>> rows = new ArrayList<>();
      int n = b == 5 ? 0 : 1 + random.nextInt(300);
      byte[] kinds = new byte[n];
      for (int i = 0; i < n; i++) {
        long id = random.nextInt(b < 7 ? 40 : 200);
        int dice = random.nextInt(10);
        if (dice < (b >= 9 ? 7 : 3)) {
          rows.add(row(id, null, null));
          kinds[i] = RowKind.DELETE;
        } else {
          rows.add(row(id, random.nextBoolean() ? "x" : null, (long) random.nextInt(3)));
          kinds[i] = dice == 9 ? RowKind.INSERT : RowKind.UPDATE_AFTER;
        }
      }
      Batch batch = changes(rows, kinds);
      batches.add(h -> h.input(0, batch));
    }
    return batches;
  }

  @Test
  void aRestoredOperatorContinuesExactly() {
    OperatorHarness.checkRestoreAfterEveryBatch(normalize(), randomBatches(3));
  }

  @Test
  void deltasOfChangedAddedAndDroppedKeysRestoreTheSameState() {
    for (long seed = 1; seed <= 4; seed++) {
      int deltas = OperatorHarness.checkDeltasAfterEveryBatch(normalize(), randomBatches(seed));
      assertEquals(13, deltas, "every batch after the first is saved as a delta");
    }
  }

  @Test
  void theOutputIsTheChangelogOfTheKeptTable() {
    // replaying the output onto a table gives the input's table, for every prefix of the batches
    List<Consumer<OperatorHarness<ChangelogNormalizeOperator>>> batches = randomBatches(9);
    try (OperatorHarness<ChangelogNormalizeOperator> h = OperatorHarness.open(normalize())) {
      TestRows.Changes inOrder = new TestRows.Changes();
      h.operator().open(h.context(), inOrder);
      java.util.Map<String, String> table = new java.util.TreeMap<>();
      for (Consumer<OperatorHarness<ChangelogNormalizeOperator>> batch : batches) {
        batch.accept(h);
        h.endBatch();
        for (String change : inOrder.lines) {
          String kind = change.substring(0, 2);
          String values = change.substring(3);
          String key = values.substring(1, values.indexOf(','));
          if (kind.equals("+I") || kind.equals("+U")) {
            assertTrue(!table.containsKey(key), change + ": a -U or -D comes first for a key the table holds");
            table.put(key, values);
          } else {
            assertEquals(values, table.remove(key), change);
          }
        }
        inOrder.lines.clear();
        assertEquals(table.size(), h.operator().stateRows());
      }
    }
  }
}
