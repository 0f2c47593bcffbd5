package io.sluice.engine.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The continuous queries of a database, by id (q1, q2, ...). */
public final class QueryManager {
  private final Map<String, StreamingQuery> queries = new LinkedHashMap<>();
  private long lastId;

  public synchronized String nextId() {
    return "q" + (++lastId);
  }

  public synchronized void add(StreamingQuery query) {
    queries.put(query.id(), query);
  }

  public synchronized List<StreamingQuery> list() {
    return new ArrayList<>(queries.values());
  }

  public synchronized StreamingQuery get(String id) {
    return queries.get(id);
  }

  /** Waits until every running query has processed what its sources hold now. */
  public void processAllAvailable() {
    for (StreamingQuery q : list()) {
      if (q.status() == StreamingQuery.Status.RUNNING) {
        q.processAllAvailable();
      }
    }
  }

  /** Lets waiting queries look for new data at once. */
  public void wakeUp() {
    for (StreamingQuery q : list()) {
      q.wakeUp();
    }
  }

  /**
   * Waits until no query is running (queries with the continuous trigger run until stopped) and
   * returns the failures of those that failed.
   */
  public List<StreamingQuery> awaitAll() throws InterruptedException {
    List<StreamingQuery> failed = new ArrayList<>();
    for (StreamingQuery q : list()) {
      q.awaitEnd();
      if (q.status() == StreamingQuery.Status.FAILED) {
        failed.add(q);
      }
    }
    return failed;
  }

  /** Asks every query to stop at its next batch boundary ({@link StreamingQuery#requestStop}); does not wait. */
  public void requestStopAll() {
    for (StreamingQuery q : list()) {
      q.requestStop();
    }
  }

  public void stopAll() {
    for (StreamingQuery q : list()) {
      q.stop();
    }
  }
}
