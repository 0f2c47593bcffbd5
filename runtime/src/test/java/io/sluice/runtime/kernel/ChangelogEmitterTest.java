package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.RowKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The changelog of an aggregation in update mode, without planner or generated code. */
class ChangelogEmitterTest {
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT);

  private static HashAggregator sumByKey() {
    HashAggregator aggregator = new HashAggregator(INPUT, new int[] {0}, List.of(
        AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT)));
    aggregator.trackChanges();
    return aggregator;
  }

  /** Collects rows with their kind symbol first. */
  private static final class Changes implements BatchConsumer {
    final List<List<Object>> rows = new ArrayList<>();

    @Override
    public void accept(Batch batch) {
      List<List<Object>> read = TestRows.read(batch);
      for (int k = 0; k < read.size(); k++) {
        List<Object> r = new ArrayList<>();
        r.add(RowKind.symbol(batch.kinds == null ? RowKind.INSERT : batch.kinds[batch.row(k)]));
        r.addAll(read.get(k));
        rows.add(r);
      }
    }
  }

  @Test
  void newGroupsAreInsertsChangedGroupsAreUpdatePairsUnchangedAreQuiet() {
    HashAggregator aggregator = sumByKey();
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    aggregator.add(TestRows.dense(INPUT, List.of(row("a", 1L), row("b", 2L), row("a", 3L))));
    Changes first = new Changes();
    emitter.emitChanges(aggregator, first);
    assertEquals(List.of(row("+I", "a", 4L, 2L), row("+I", "b", 2L, 1L)), first.rows);

    aggregator.add(TestRows.dense(INPUT, List.of(row("b", 5L), row("c", 1L))));
    Changes second = new Changes();
    emitter.emitChanges(aggregator, second);
    assertEquals(List.of(row("-U", "b", 2L, 1L), row("+U", "b", 7L, 2L), row("+I", "c", 1L, 1L)), second.rows);

    Changes none = new Changes();
    emitter.emitChanges(aggregator, none);
    assertEquals(List.of(), none.rows);
    assertEquals(3, emitter.rows());
  }

  @Test
  void aGroupWhoseResultDidNotChangeEmitsNothing() {
    HashAggregator aggregator = new HashAggregator(INPUT, new int[] {0},
        List.of(AggregateSpec.of(AggregateKind.MAX, 1, BIGINT)));
    aggregator.trackChanges();
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    aggregator.add(TestRows.dense(INPUT, List.of(row("a", 10L))));
    emitter.emitChanges(aggregator, new Changes());
    aggregator.add(TestRows.dense(INPUT, List.of(row("a", 3L))));
    Changes quiet = new Changes();
    emitter.emitChanges(aggregator, quiet);
    assertEquals(List.of(), quiet.rows);
  }

  /**
   * Many random batches over many keys (enough to compact the emitted rows): applying the
   * changelog to a table gives, after every batch, exactly the aggregation of all rows so far.
   */
  @Test
  void aSnapshotHoldsTheLastRowOfEachGroupAndARestoredEmitterGoesOnAlike() throws java.io.IOException {
    Random random = new Random(9);
    HashAggregator aggregator = sumByKey();
    HashAggregator twin = sumByKey();
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    ChangelogEmitter twinEmitter = new ChangelogEmitter(aggregator.outputTypes());
    for (int b = 0; b < 5; b++) {
      Batch batch = randomRows(random, 200);
      aggregator.add(batch);
      twin.add(batch);
      emitter.emitChanges(aggregator, new Changes());
      twinEmitter.emitChanges(twin, new Changes());
    }
    // rows replaced since are still held (fewer than compaction waits for): the snapshot has the last per group
    byte[] snapshot = bytes(emitter);
    ChangelogEmitter restored = new ChangelogEmitter(aggregator.outputTypes());
    restored.readFrom(new java.io.DataInputStream(new java.io.ByteArrayInputStream(snapshot)));
    assertArrayEquals(snapshot, bytes(restored), "a restored emitter writes the snapshot it was read from");
    assertArrayEquals(snapshot, bytes(emitter), "writing a snapshot leaves the state as it was");
    for (int b = 0; b < 3; b++) {
      Batch batch = randomRows(random, 200);
      aggregator.add(batch);
      twin.add(batch);
      Changes expected = new Changes();
      emitter.emitChanges(aggregator, expected);
      Changes changes = new Changes();
      restored.emitChanges(twin, changes);
      assertEquals(expected.rows, changes.rows, "the changes of batch " + b + " after the restore");
    }
  }

  private static Batch randomRows(Random random, int n) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row("k" + random.nextInt(60), (long) random.nextInt(100)));
    }
    return TestRows.dense(INPUT, rows);
  }

  private static byte[] bytes(ChangelogEmitter emitter) throws java.io.IOException {
    java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
    emitter.writeTo(new java.io.DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  @Test
  void appliedChangelogEqualsTheAggregateOfAllRowsSoFar() {
    Random random = new Random(7);
    HashAggregator aggregator = sumByKey();
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    Map<String, long[]> expected = new HashMap<>();
    Map<String, List<Object>> table = new HashMap<>();
    for (int b = 0; b < 60; b++) {
      List<List<Object>> rows = new ArrayList<>();
      int n = random.nextInt(300);
      for (int i = 0; i < n; i++) {
        String key = "k" + random.nextInt(b < 30 ? 2000 : 50);
        long value = random.nextInt(100) - 10;
        rows.add(row(key, value));
        long[] e = expected.computeIfAbsent(key, k -> new long[2]);
        e[0] += value;
        e[1]++;
      }
      aggregator.add(TestRows.dense(INPUT, rows));
      Changes changes = new Changes();
      emitter.emitChanges(aggregator, changes);
      String retracted = null;
      for (List<Object> change : changes.rows) {
        String kind = (String) change.get(0);
        List<Object> values = change.subList(1, change.size());
        String key = (String) values.get(0);
        if (kind.equals("-U")) {
          assertEquals(values, table.remove(key), "retracts the row it emitted");
          retracted = key;
        } else if (kind.equals("+U")) {
          assertEquals(retracted, key, "+U follows the -U of its group");
          table.put(key, new ArrayList<>(values));
          retracted = null;
        } else {
          assertEquals("+I", kind);
          assertEquals(null, table.put(key, new ArrayList<>(values)), "+I only for a new group");
        }
      }
      assertEquals(expected.size(), table.size());
      for (Map.Entry<String, long[]> e : expected.entrySet()) {
        assertEquals(row(e.getKey(), e.getValue()[0], e.getValue()[1]), table.get(e.getKey()));
      }
    }
  }
}
