package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.BOOLEAN;
import static io.sluice.runtime.kernel.TestRows.DOUBLE;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
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
 * Operator state written and read back: an operator restored from a snapshot continues exactly
 * as the original does on the same input.
 */
class StateSnapshotTest {
  private static final List<DataType> INPUT = List.of(VARCHAR, BIGINT, DOUBLE, BOOLEAN);

  private static HashAggregator aggregator() {
    return new HashAggregator(INPUT, new int[] {0}, List.of(
        new AggregateSpec(AggregateKind.COUNT_STAR, -1, false, -1, BIGINT),
        AggregateSpec.of(AggregateKind.SUM, 1, BIGINT),
        AggregateSpec.of(AggregateKind.AVG, 2, DOUBLE),
        AggregateSpec.of(AggregateKind.MIN, 0, VARCHAR),
        AggregateSpec.of(AggregateKind.MAX, 2, DOUBLE),
        AggregateSpec.of(AggregateKind.BOOL_OR, 3, BOOLEAN),
        new AggregateSpec(AggregateKind.COUNT, 1, true, -1, BIGINT)));
  }

  private static Batch randomBatch(Random random, int keys) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0, n = random.nextInt(200); i < n; i++) {
      rows.add(row(random.nextInt(9) == 0 ? null : "key-" + random.nextInt(keys),
          random.nextInt(7) == 0 ? null : (long) random.nextInt(20),
          random.nextInt(7) == 0 ? null : random.nextDouble(),
          random.nextInt(7) == 0 ? null : random.nextBoolean()));
    }
    return TestRows.dense(INPUT, rows);
  }

  private static byte[] save(HashAggregator aggregator) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    aggregator.writeTo(new DataOutputStream(bytes));
    return bytes.toByteArray();
  }

  private static List<String> emit(HashAggregator aggregator) {
    TestRows.Collector out = new TestRows.Collector();
    aggregator.emit(out);
    return TestRows.canonical(out.rows);
  }

  @Test
  void restoredAggregatorContinuesLikeTheOriginal() throws IOException {
    Random random = new Random(3);
    HashAggregator original = aggregator();
    for (int b = 0; b < 20; b++) {
      original.add(randomBatch(random, 500));
    }
    HashAggregator restored = aggregator();
    restored.add(randomBatch(random, 5)); // state it had is replaced
    restored.readFrom(new DataInputStream(new ByteArrayInputStream(save(original))));
    assertEquals(emit(original), emit(restored));
    for (int b = 0; b < 20; b++) {
      Batch batch = randomBatch(random, 700);
      original.add(batch);
      restored.add(batch);
    }
    assertEquals(emit(original), emit(restored));
    assertEquals(original.groupCount(), restored.groupCount());
  }

  @Test
  void snapshotOfAnotherShapeIsRefused() throws IOException {
    HashAggregator original = aggregator();
    original.add(randomBatch(new Random(1), 10));
    HashAggregator other = new HashAggregator(INPUT, new int[] {1},
        List.of(AggregateSpec.of(AggregateKind.SUM, 1, BIGINT)));
    byte[] snapshot = save(original);
    assertThrows(SluiceException.class,
        () -> other.readFrom(new DataInputStream(new ByteArrayInputStream(snapshot))));
  }

  @Test
  void restoredChangelogEmitterRetractsWhatTheOriginalEmitted() throws IOException {
    Random random = new Random(5);
    HashAggregator aggregator = aggregator();
    aggregator.trackChanges();
    ChangelogEmitter emitter = new ChangelogEmitter(aggregator.outputTypes());
    for (int b = 0; b < 5; b++) {
      aggregator.add(randomBatch(random, 50));
      emitter.emitChanges(aggregator, batch -> { });
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    aggregator.writeTo(out);
    emitter.writeTo(out);
    HashAggregator aggregator2 = aggregator();
    aggregator2.trackChanges();
    ChangelogEmitter emitter2 = new ChangelogEmitter(aggregator2.outputTypes());
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
    aggregator2.readFrom(in);
    emitter2.readFrom(in);
    Batch next = randomBatch(random, 50);
    aggregator.add(next);
    aggregator2.add(next);
    TestRows.Collector first = new TestRows.Collector();
    TestRows.Collector second = new TestRows.Collector();
    emitter.emitChanges(aggregator, first);
    emitter2.emitChanges(aggregator2, second);
    assertEquals(TestRows.canonical(first.rows), TestRows.canonical(second.rows));
    assertEquals(emitter.rows(), emitter2.rows());
  }
}
