package io.sluice.engine.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.Session;
import io.sluice.engine.result.Cancellation;
import io.sluice.engine.result.RowCursor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Cancelling a statement while its workers read: the statement fails with 57014 instead of
 * running on, its worker threads stop, and the session runs the next statement. The waits below
 * are bounds against a hang, not timings: each ends as soon as what it waits for has happened.
 */
class ParallelScanCancelTest {
  private static final long BOUND_SECONDS = 30;

  private static List<Thread> workers() {
    List<Thread> found = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("sluice-worker-") && t.isAlive()) {
        found.add(t);
      }
    }
    return found;
  }

  /** Waits until a worker thread not in {@code earlier} runs, and returns those that do. */
  private static List<Thread> awaitNewWorkers(List<Thread> earlier) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (true) {
      List<Thread> started = workers();
      started.removeAll(earlier);
      if (!started.isEmpty()) {
        return started;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("no worker thread started");
      }
      Thread.sleep(10);
    }
  }

  @Test
  void cancellingAScanReadByWorkersStopsItAndItsWorkers() throws Exception {
    List<Thread> earlier = workers(); // of other tests in this JVM
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.execute("CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'max-events' = '10000000000')"); // far more than the test could ever read
      session.execute("SET 'pipeline.parallelism' = '2'");
      Cancellation cancellation = new Cancellation();
      CompletableFuture<Throwable> outcome = CompletableFuture.supplyAsync(() -> {
        try {
          return cancellation.runWith(() -> {
            try (RowCursor rows = session.execute("SELECT bidder % 100, COUNT(*), MAX(url) FROM bid"
                + " WHERE price > 10 GROUP BY bidder % 100").rows()) {
              rows.next();
            }
            return null;
          });
        } catch (Throwable t) {
          return t;
        }
      });
      List<Thread> started = awaitNewWorkers(earlier);
      cancellation.cancel("cancelled by the test");
      Throwable failure = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertNotNull(failure, "the statement ended without its cancellation");
      assertTrue(failure instanceof SluiceException, String.valueOf(failure));
      assertEquals(ErrorCode.QUERY_CANCELLED, ((SluiceException) failure).code(), failure.getMessage());
      for (Thread worker : started) {
        worker.join(TimeUnit.SECONDS.toMillis(BOUND_SECONDS));
        assertFalse(worker.isAlive(), worker.getName() + " still runs after the cancel");
      }

      // the session goes on, and a later parallel statement gets its own workers
      session.execute("CREATE TABLE few (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR,"
          + " dateTime TIMESTAMP(3), extra VARCHAR) WITH (connector = 'nexmark', 'table' = 'bid',"
          + " 'max-events' = '100000')");
      try (RowCursor rows = session.execute("SELECT COUNT(*) FROM few WHERE auction >= 0").rows()) {
        assertTrue(rows.next());
        assertTrue(Long.parseLong(rows.getString(0)) > 50_000, "rows: " + rows.getString(0));
      }
    }
  }
}
