package io.sluice.engine.connector.datagen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.DataType;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.HandOverSplit;
import io.sluice.catalog.connector.RejectedRows;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The splits of a range read by a {@link RangeSplits.BatchReader} hand their batches over: read
 * whole or split, handing over or not, they give the range's rows in order, a batch never holds
 * rows of two of the reader's chunks, and a batch handed over is never filled again.
 */
class RangeSplitsTest {
  private static final List<DataType> TYPES = List.of(DataType.of(TypeKind.BIGINT));
  private static final long PER_BATCH = 1000;

  /** Row {@code i} holds {@code i}; batches are cut at multiples of {@link #PER_BATCH}. */
  private static final RangeSplits.BatchReader NUMBERS = new RangeSplits.BatchReader() {
    @Override
    public long numbersPerBatch() {
      return PER_BATCH;
    }

    @Override
    public void readBatch(long first, long last, Batch batch, BatchConsumer consumer) {
      Batch into = batch != null ? batch : Batch.allocate(TYPES, Batch.DEFAULT_CAPACITY);
      into.reset();
      for (long i = first; i < last; i++) {
        ((LongVector) into.columns[0]).values[(int) (i - first)] = i;
      }
      into.size = (int) (last - first);
      consumer.accept(into);
    }
  };

  private static List<Long> values(Batch batch) {
    List<Long> values = new ArrayList<>();
    for (int k = 0; k < batch.rowCount(); k++) {
      values.add(((LongVector) batch.columns[0]).values[batch.row(k)]);
    }
    return values;
  }

  private static List<Long> numbers(long first, long last) {
    List<Long> numbers = new ArrayList<>();
    for (long i = first; i < last; i++) {
      numbers.add(i);
    }
    return numbers;
  }

  @Test
  void splitsHandOverBatchesThatAreNeverFilledAgain() {
    long first = 1234;
    long last = 90_321;
    List<ScanSplit> splits = RangeSplits.of(first, last, 2, NUMBERS);
    assertTrue(splits.size() > 2, "splits: " + splits.size());
    List<Batch> handedOver = new ArrayList<>();
    List<List<Long>> seen = new ArrayList<>();
    Batch[] givenBack = {null};
    for (ScanSplit split : splits) {
      // every other batch is given back for reuse at once, the others kept
      ((HandOverSplit) split).readHandingOver(RejectedRows.NONE, () -> {
        Batch reuse = givenBack[0];
        givenBack[0] = null;
        return reuse;
      }, batch -> {
        List<Long> values = values(batch);
        long start = values.get(0);
        long end = values.get(values.size() - 1);
        assertEquals(start / PER_BATCH, end / PER_BATCH, "a batch within one chunk: " + start + " to " + end);
        seen.add(values);
        if (seen.size() % 2 == 0) {
          givenBack[0] = batch;
        } else {
          handedOver.add(batch);
        }
      });
    }
    List<Long> all = new ArrayList<>();
    seen.forEach(all::addAll);
    assertEquals(numbers(first, last), all, "the rows of every split, in order");
    for (int i = 0; i < handedOver.size(); i++) {
      assertEquals(seen.get(2 * i), values(handedOver.get(i)), "batch " + 2 * i + " as handed over");
    }
  }

  @Test
  void aSplitReadWithoutHandingOverGivesTheSameRows() {
    List<ScanSplit> splits = RangeSplits.of(0, 50_000, 4, NUMBERS);
    List<Long> all = new ArrayList<>();
    for (ScanSplit split : splits) {
      split.read(RejectedRows.NONE, batch -> all.addAll(values(batch)));
    }
    assertEquals(numbers(0, 50_000), all);
    List<Long> whole = new ArrayList<>();
    RangeSplits.read(0, 50_000, NUMBERS, batch -> whole.addAll(values(batch)));
    assertEquals(all, whole);
  }
}
