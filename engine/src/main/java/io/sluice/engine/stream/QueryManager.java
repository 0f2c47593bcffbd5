package io.sluice.engine.stream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The continuous queries of a database, by id (q1, q2, ...). */
public final class QueryManager {
  private final Map<String, StreamingQuery> queries = new LinkedHashMap<>();
  /** Queries restarted when a database folder was opened: they go on in the background, not awaited. */
  private final java.util.Set<String> restarted = new java.util.HashSet<>();
  private long lastId;

  public synchronized String nextId() {
    return "q" + (++lastId);
  }

  public synchronized void add(StreamingQuery query) {
    queries.put(query.id(), query);
    String id = query.id();
    if (id.matches("q\\d{1,18}")) {
      lastId = Math.max(lastId, Long.parseLong(id.substring(1))); // a query restarted with its id: new ids follow it
    }
  }

  public synchronized List<StreamingQuery> list() {
    return new ArrayList<>(queries.values());
  }

  public synchronized StreamingQuery get(String id) {
    return queries.get(id);
  }

  /**
   * The query of {@code id}, in any case ({@code Q1} is {@code q1}); for a statement that names
   * it, an error naming the queries there are when there is none.
   */
  public StreamingQuery require(String id) {
    StreamingQuery query = get(id.toLowerCase(java.util.Locale.ROOT));
    if (query != null) {
      return query;
    }
    List<String> ids = new ArrayList<>();
    for (StreamingQuery q : list()) {
      ids.add(q.id());
    }
    throw new io.sluice.catalog.SluiceException(io.sluice.catalog.ErrorCode.VALIDATION_ERROR, "No query '" + id
        + "'." + io.sluice.catalog.NameMatcher.hint(id, ids)
        + (ids.isEmpty() ? " No continuous query has run in this database." : " Queries: " + String.join(", ", ids)));
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
   * Marks a query restarted from a database folder: it was started by an earlier process and goes on
   * in the background; {@link #awaitAll} does not wait for it.
   */
  public synchronized void markRestarted(String id) {
    restarted.add(id);
  }

  /**
   * Waits until no query is running (queries with the continuous trigger run until stopped) and
   * returns the failures of those that failed. Queries restarted from a database folder are not
   * waited for.
   */
  public List<StreamingQuery> awaitAll() throws InterruptedException {
    List<StreamingQuery> failed = new ArrayList<>();
    List<StreamingQuery> awaited = list();
    synchronized (this) {
      awaited.removeIf(q -> restarted.contains(q.id()));
    }
    for (StreamingQuery q : awaited) {
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
