package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.LongVector;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sizes state reports are what its arrays take as allocated, room for growth included, so
 * that the memory budget counts what the heap holds: a hash table's slots (at least twice its
 * keys, two longs each for a single BIGINT key), a store's values, null flags, string bytes and
 * offsets. Lower bounds worked out from the layout, not from the code under test.
 */
class StateSizeTest {
  private static final int KEYS = 100_000;

  @Test
  void aKeyTableCountsItsSlotsAndItsKeysAsAllocated() {
    KeyTable table = new KeyTable(List.of(DataType.of(TypeKind.BIGINT)));
    Batch batch = Batch.allocate(List.of(DataType.of(TypeKind.BIGINT)), Batch.DEFAULT_CAPACITY);
    for (int from = 0; from < KEYS; from += Batch.DEFAULT_CAPACITY) {
      batch.reset();
      int n = Math.min(Batch.DEFAULT_CAPACITY, KEYS - from);
      for (int i = 0; i < n; i++) {
        ((LongVector) batch.columns[0]).values[i] = from + i;
      }
      batch.size = n;
      table.groupIdsFor(batch, new int[] {0});
    }
    long slots = 2L * KEYS * 2 * 8; // at least two slots a key, each a key and an id in two longs
    long keys = KEYS * (8L + 1); // the key column and its null flags
    assertTrue(table.estimatedBytes() >= slots + keys, "reported " + table.estimatedBytes());
    assertTrue(table.estimatedBytes() <= 2 * (slots + keys), "reported " + table.estimatedBytes());
  }

  @Test
  void aStoreCountsItsStringBytesAndOffsets() {
    ColumnarRows rows = new ColumnarRows(List.of(DataType.of(TypeKind.VARCHAR)));
    Batch batch = Batch.allocate(List.of(DataType.of(TypeKind.VARCHAR)), 1);
    for (int i = 0; i < KEYS; i++) {
      batch.reset();
      ((BytesVector) batch.columns[0]).setString(0, "value-" + (1_000_000 + i)); // 13 bytes each
      batch.size = 1;
      rows.append(batch);
    }
    long lower = KEYS * (13L + 4 + 1); // bytes, an offset and a null flag a row
    assertTrue(rows.estimatedBytes() >= lower, "reported " + rows.estimatedBytes());
    assertTrue(rows.estimatedBytes() <= 2 * lower + 1024, "reported " + rows.estimatedBytes());
  }

  /**
   * A changelog MIN, MAX or COUNT(DISTINCT)'s value counts pair values with the groups of a batch's
   * rows through a vector of a long and a null flag for each of at least 4,096 rows: one for all
   * the aggregates of an aggregator, counted once allocated, and in the growth checked before the
   * first batch allocates it.
   */
  @Test
  void changelogMinAndMaxCountOneVectorOfTheGroupsOfABatchsRows() {
    DataType bigint = DataType.of(TypeKind.BIGINT);
    List<DataType> input = List.of(bigint, bigint);
    List<AggregateSpec> specs = List.of(AggregateSpec.of(AggregateKind.MIN, 1, bigint),
        AggregateSpec.of(AggregateKind.MAX, 1, bigint), AggregateSpec.of(AggregateKind.MIN, 0, bigint),
        AggregateSpec.of(AggregateKind.MAX, 0, bigint));
    HashAggregator aggregator = HashAggregator.overChangelog(input, new int[] {0}, specs);
    long vector = 9L * Batch.DEFAULT_CAPACITY;
    long empty = aggregator.estimatedBytes();
    assertTrue(aggregator.growthBytes(3) >= vector, "growth reported " + aggregator.growthBytes(3));
    Batch batch = Batch.allocate(input, Batch.DEFAULT_CAPACITY);
    for (int i = 0; i < 3; i++) {
      ((LongVector) batch.columns[0]).values[i] = i % 2;
      ((LongVector) batch.columns[1]).values[i] = 10 * i;
    }
    batch.size = 3;
    aggregator.add(batch);
    long added = aggregator.estimatedBytes() - empty;
    assertTrue(added >= vector, "reported " + aggregator.estimatedBytes() + " after " + empty);
    assertTrue(added < 2 * vector, "four aggregates, one vector: " + added + " bytes added");
  }
}
