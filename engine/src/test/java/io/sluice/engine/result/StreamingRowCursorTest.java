package io.sluice.engine.result;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.LongVector;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class StreamingRowCursorTest {
  private static final TableSchema SCHEMA =
      new TableSchema(List.of(new Column("n", DataType.of(TypeKind.BIGINT))));

  /** A producer that pushes {@code batches} batches of 1,000 consecutive numbers, then optionally fails. */
  private static Consumer<BatchConsumer> numbers(int batches, RuntimeException failAfter, AtomicLong produced,
      CountDownLatch done) {
    return out -> {
      try {
        Batch batch = Batch.allocate(SCHEMA.types(), 1000);
        long next = 0;
        for (int b = 0; b < batches; b++) {
          long[] values = ((LongVector) batch.columns[0]).values;
          for (int i = 0; i < 1000; i++) {
            values[i] = next++;
          }
          batch.size = 1000;
          out.accept(batch); // the same buffer every time: the cursor must copy
          produced.addAndGet(1000);
        }
        if (failAfter != null) {
          throw failAfter;
        }
      } finally {
        done.countDown();
      }
    };
  }

  @Test
  void streamsEveryRowInOrder() {
    CountDownLatch done = new CountDownLatch(1);
    try (StreamingRowCursor cursor = StreamingRowCursor.start(SCHEMA, numbers(200, null, new AtomicLong(), done),
        e -> (RuntimeException) e)) {
      long expected = 0;
      while (cursor.next()) {
        assertEquals(expected++, cursor.getObject(0));
      }
      assertEquals(200_000, expected);
      assertEquals(200_000, cursor.position());
      assertFalse(cursor.next());
    }
  }

  @Test
  void aLateErrorSurfacesFromNextAfterTheRowsBeforeIt() {
    SluiceException failure = new SluiceException(ErrorCode.DIVISION_BY_ZERO, "Division by zero");
    try (StreamingRowCursor cursor = StreamingRowCursor.start(SCHEMA,
        numbers(10, failure, new AtomicLong(), new CountDownLatch(1)), e -> (RuntimeException) e)) {
      long rows = 0;
      SluiceException thrown = null;
      try {
        while (cursor.next()) {
          rows++;
        }
      } catch (SluiceException e) {
        thrown = e;
      }
      assertEquals(10_000, rows);
      assertEquals(ErrorCode.DIVISION_BY_ZERO, thrown.code());
    }
  }

  @Test
  void anEarlyErrorFailsTheStart() {
    SluiceException failure = new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "overflow");
    SluiceException thrown = assertThrows(SluiceException.class, () -> StreamingRowCursor.start(SCHEMA,
        numbers(0, failure, new AtomicLong(), new CountDownLatch(1)), e -> (RuntimeException) e));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, thrown.code());
  }

  @Test
  void closingStopsTheQuery() throws InterruptedException {
    AtomicLong produced = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    StreamingRowCursor cursor = StreamingRowCursor.start(SCHEMA, numbers(1_000_000, null, produced, done),
        e -> (RuntimeException) e);
    assertTrue(cursor.next());
    cursor.close();
    assertTrue(done.await(10, TimeUnit.SECONDS), "the producer did not stop");
    // one batch read, four queued, one in hand: the producer stops within a few batches of that
    assertTrue(produced.get() <= 10_000, "produced " + produced.get() + " rows before stopping");
  }

  @Test
  void aSmallResultRunsOnTheCallingThread() {
    Thread caller = Thread.currentThread();
    Thread[] ranOn = new Thread[1];
    Consumer<BatchConsumer> numbers = numbers(3, null, new AtomicLong(), new CountDownLatch(1));
    try (StreamingRowCursor cursor = StreamingRowCursor.runHere(SCHEMA, out -> {
      ranOn[0] = Thread.currentThread();
      numbers.accept(out);
    }, e -> (RuntimeException) e)) {
      assertEquals(caller, ranOn[0]);
      long expected = 0;
      while (cursor.next()) {
        assertEquals(expected++, cursor.getObject(0));
      }
      assertEquals(3_000, expected);
    }
  }

  @Test
  void aResultPastTheBoundIsStoppedAndLeftToAThread() {
    AtomicLong produced = new AtomicLong();
    CountDownLatch done = new CountDownLatch(1);
    assertEquals(null, StreamingRowCursor.runHere(SCHEMA, numbers(1_000, null, produced, done),
        e -> (RuntimeException) e));
    assertEquals(0, done.getCount(), "the producer still runs");
    // stopped at the first batch past the bound: 1,000-row batches against 16,384 rows
    assertEquals(StreamingRowCursor.HELD_ROWS / 1000 * 1000, produced.get());
  }

  /**
   * Many small batches: the cursor holds {@link StreamingRowCursor#HELD_BATCHES} and keeps a place
   * for the end (or an error) after them; one batch more leaves the query to a thread. Before, the
   * 17th small batch filled the queue and the end found no place: "Queue full" as an internal error
   * (SpillingQueriesTest's GROUP BY, whose spilled groups come out in many small batches).
   */
  @Test
  void manySmallBatchesKeepAPlaceForTheEndOrAreLeftToAThread() {
    int held = StreamingRowCursor.HELD_BATCHES;
    for (int batches : new int[] {held, held + 1}) {
      for (SluiceException error : new SluiceException[] {null, new SluiceException(ErrorCode.DIVISION_BY_ZERO, "x")}) {
        Consumer<BatchConsumer> tiny = out -> {
          Batch batch = Batch.allocate(SCHEMA.types(), 1);
          for (int b = 0; b < batches; b++) {
            ((LongVector) batch.columns[0]).values[0] = b;
            batch.size = 1;
            out.accept(batch);
          }
          if (error != null) {
            throw error;
          }
        };
        StreamingRowCursor cursor;
        try {
          cursor = StreamingRowCursor.runHere(SCHEMA, tiny, e -> (RuntimeException) e);
        } catch (SluiceException e) {
          throw new AssertionError(batches + " batches then an error: the error came before the rows", e);
        }
        if (batches > held) {
          assertEquals(null, cursor, "past " + held + " batches the query goes to a thread");
          continue;
        }
        try (cursor) {
          long rows = 0;
          SluiceException thrown = null;
          try {
            while (cursor.next()) {
              assertEquals(rows++, cursor.getObject(0));
            }
          } catch (SluiceException e) {
            thrown = e;
          }
          assertEquals(batches, rows);
          assertEquals(error, thrown);
        }
      }
    }
  }

  @Test
  void aSmallResultsErrorsComeAsFromAThread() {
    SluiceException early = new SluiceException(ErrorCode.NUMERIC_OVERFLOW, "overflow");
    SluiceException thrown = assertThrows(SluiceException.class, () -> StreamingRowCursor.runHere(SCHEMA,
        numbers(0, early, new AtomicLong(), new CountDownLatch(1)), e -> (RuntimeException) e));
    assertEquals(ErrorCode.NUMERIC_OVERFLOW, thrown.code());
    SluiceException late = new SluiceException(ErrorCode.DIVISION_BY_ZERO, "Division by zero");
    try (StreamingRowCursor cursor = StreamingRowCursor.runHere(SCHEMA,
        numbers(2, late, new AtomicLong(), new CountDownLatch(1)), e -> (RuntimeException) e)) {
      long rows = 0;
      SluiceException error = null;
      try {
        while (cursor.next()) {
          rows++;
        }
      } catch (SluiceException e) {
        error = e;
      }
      assertEquals(2_000, rows);
      assertEquals(ErrorCode.DIVISION_BY_ZERO, error.code());
    }
  }

  @Test
  void aSmallResultCancelledWhileItRunsFailsWithTheCancellation() {
    Cancellation cancellation = new Cancellation();
    SluiceException thrown = assertThrows(SluiceException.class, () -> cancellation.runWith(() ->
        StreamingRowCursor.runHere(SCHEMA, out -> {
          cancellation.cancel("The statement was cancelled");
          // a producer that stops at the cancellation without throwing, as a streaming query does
        }, e -> (RuntimeException) e)));
    assertEquals(ErrorCode.QUERY_CANCELLED, thrown.code());
  }
}
