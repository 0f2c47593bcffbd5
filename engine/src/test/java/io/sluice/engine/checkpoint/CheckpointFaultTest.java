package io.sluice.engine.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import io.sluice.engine.stream.StreamingQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Fails or stops the checkpoint writer at every step (write, sync, rename, folder sync) of three
 * batches in turn; after each, a new query on what the disk holds must reach exactly the result
 * of a run without faults: no batch lost, none counted twice.
 */
class CheckpointFaultTest {
  private static final String QUERY = "INSERT INTO totals SELECT k, COUNT(*) AS n, SUM(v) AS total,"
      + " window_start FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '10' SECOND))"
      + " GROUP BY k, window_start, window_end";
  private static final String[] BATCHES = {
      "(1, 'a', 10, TIMESTAMP '2024-01-01 10:00:01'), (2, 'b', 20, TIMESTAMP '2024-01-01 10:00:02'),"
          + " (3, 'a', 30, TIMESTAMP '2024-01-01 10:00:12')",
      "(4, 'a', 40, TIMESTAMP '2024-01-01 10:00:13'), (5, 'b', 50, TIMESTAMP '2024-01-01 10:00:25'),"
          + " (6, 'a', 60, TIMESTAMP '2024-01-01 10:00:14')",
      "(7, 'b', 70, TIMESTAMP '2024-01-01 10:00:26'), (8, 'a', 80, TIMESTAMP '2024-01-01 10:00:41')"};

  /** A database with the source, the sink and the rows of the batches before {@code batch}. */
  private static final class World {
    final Database database = Database.inMemory();
    final Session session = database.openSession();
    /** Batches of rows given to the source so far. */
    int added;

    World() {
      session.executeScript("CREATE SOURCE events (id BIGINT, k VARCHAR, v BIGINT, ts TIMESTAMP(3),"
          + " WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH (connector = 'memory');"
          + " CREATE SINK totals WITH (connector = 'memory'); SET 'pipeline.trigger' = 'manual';");
    }

    StreamingQuery start(CheckpointFileSystem fs) {
      session.execute(QUERY);
      List<StreamingQuery> queries = database.queries().list();
      StreamingQuery query = queries.get(queries.size() - 1);
      QueryCheckpoints.attach(query, fs, QueryCheckpoints.planRecord(query, "plan", List.of("events")), 2);
      return query;
    }

    void add(int batch) {
      session.execute("INSERT INTO events VALUES " + BATCHES[batch]);
      added = batch + 1;
    }

    List<String> sink() {
      List<String> lines = new ArrayList<>();
      try (RowCursor rows = session.execute("SELECT * FROM totals").rows()) {
        while (rows.next()) {
          lines.add(rows.getString(0) + " " + rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3));
        }
      }
      java.util.Collections.sort(lines);
      return lines;
    }

    void close() {
      database.queries().stopAll();
      session.close();
    }
  }

  /** Runs the three batches and the end of input; returns the sink, or null if the query died. */
  private static List<String> runAll(World world, StreamingQuery query, int fromBatch) {
    try {
      // a restarted query gets the next rows before it runs again: a batch it runs again must
      // keep its recorded boundaries and leave them to the next batch
      for (int b = fromBatch; b < BATCHES.length; b++) {
        world.add(b);
        while (query.step()) {
          // one batch per step
        }
      }
      while (query.step()) {
        // batches the watermark alone makes due
      }
      return world.sink();
    } catch (SluiceException | MemoryCheckpointFileSystem.Stop e) {
      return null;
    }
  }

  @Test
  void everyFailedOrStoppedStepRecoversToTheSameResult() {
    World clean = new World();
    MemoryCheckpointFileSystem cleanFs = new MemoryCheckpointFileSystem();
    List<String> expected = runAll(clean, clean.start(cleanFs), 0);
    clean.close();
    assertNotNull(expected);
    assertEquals(List.of("a 1 10 2024-01-01 10:00:00", "a 3 130 2024-01-01 10:00:10", "b 1 20 2024-01-01 10:00:00",
        "b 2 120 2024-01-01 10:00:20"), expected);
    int steps = cleanFs.steps().size();
    assertTrue(steps > 30, "a run of three batches takes " + steps + " steps");

    TreeSet<String> kinds = new TreeSet<>();
    for (boolean stop : new boolean[] {false, true}) {
      for (int n = 1; n <= steps; n++) {
        World world = new World();
        MemoryCheckpointFileSystem fs = new MemoryCheckpointFileSystem();
        if (stop) {
          fs.stopAt(n);
        } else {
          fs.failAt(n);
        }
        StreamingQuery first;
        try {
          first = world.start(fs);
        } catch (SluiceException | MemoryCheckpointFileSystem.Stop e) {
          first = null;
        }
        List<String> result = first == null ? null : runAll(world, first, 0);
        String fault = fs.fault();
        assertNotNull(fault, "step " + n + " of " + steps + " was taken");
        kinds.add(fault.substring(0, fault.indexOf(' ')));
        assertEquals(null, result, "the query went on after a fault at " + fault);
        if (first != null) {
          first.stop();
        }
        if (stop) {
          fs.crash();
        }
        StreamingQuery second = world.start(fs);
        List<String> recovered = runAll(world, second, world.added);
        assertEquals(expected, recovered, (stop ? "stopped" : "failed") + " at step " + n + ": " + fault);
        world.close();
      }
    }
    assertEquals(new TreeSet<>(List.of("rename", "sync", "write")), kinds);
  }
}
