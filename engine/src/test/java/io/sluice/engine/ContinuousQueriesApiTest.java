package io.sluice.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.engine.result.LiveQuery;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the faces see of continuous queries through the session API: the database lists them,
 * waits for them and asks them to stop, and each is a {@link LiveQuery} with its progress.
 */
class ContinuousQueriesApiTest {
  private static final String PIPELINE = "CREATE SOURCE raw (id BIGINT) WITH (connector = 'memory');"
      + " CREATE SINK copy WITH (connector = 'memory');"
      + " INSERT INTO raw VALUES (1), (2), (3);";

  @Test
  void aQueryThatEndsByItselfIsListedAwaitedAndSummarised() throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.executeScript(PIPELINE + " SET 'pipeline.trigger' = 'available-now';"
          + " INSERT INTO copy SELECT id * 10 FROM raw");
      assertEquals(List.of(), database.awaitContinuousQueries(), "none failed");
      List<LiveQuery> queries = database.continuousQueries();
      assertEquals(1, queries.size());
      LiveQuery query = queries.get(0);
      assertEquals("q1", query.id());
      assertEquals("copy", query.sinkName());
      assertEquals(LiveQuery.Status.FINISHED, query.status());
      assertTrue(query.endsWhenCaughtUp());
      assertEquals(3, query.inputRowsTotal());
      assertEquals(3, query.outputRowsTotal());
      assertEquals(query.batches(), query.progress().size());
    }
  }

  @Test
  void aFailedQueryIsWhatTheWaitReturns() throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.executeScript(PIPELINE + " SET 'pipeline.trigger' = 'available-now';"
          + " INSERT INTO copy SELECT 10 / (id - 2) FROM raw");
      List<LiveQuery> failed = database.awaitContinuousQueries();
      assertEquals(1, failed.size());
      assertEquals(LiveQuery.Status.FAILED, failed.get(0).status());
      assertTrue(failed.get(0).failure() != null);
    }
  }

  @Test
  void aContinuousQueryStopsWhenAsked() throws InterruptedException {
    Database database = Database.inMemory();
    try (Session session = database.openSession()) {
      session.executeScript(PIPELINE + " INSERT INTO copy SELECT id FROM raw");
      LiveQuery query = database.continuousQueries().get(0);
      assertFalse(query.endsWhenCaughtUp(), "the continuous trigger runs until stopped");
      database.requestStopContinuousQueries();
      assertEquals(List.of(), database.awaitContinuousQueries());
      assertEquals(LiveQuery.Status.STOPPED, query.status());
    }
  }
}
