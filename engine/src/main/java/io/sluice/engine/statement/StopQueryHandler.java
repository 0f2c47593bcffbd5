package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.QueryManager;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.sqlparser.StopQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** {@code STOP QUERY id}: stops a continuous query of the database. */
final class StopQueryHandler implements StatementHandler<StopQuery> {
  private final QueryManager queries;

  StopQueryHandler(QueryManager queries) {
    this.queries = queries;
  }

  /**
   * Stops continuous query {@code id} after the batch it is running, which commits (with its
   * checkpoint, if it has one), and waits for it. The query stays listed by SHOW QUERIES as stopped.
   */
  @Override
  public StatementResult execute(StopQuery stop) {
    String id = stop.id();
    StreamingQuery query = queries.get(id.toLowerCase(Locale.ROOT));
    if (query == null) {
      List<String> ids = new ArrayList<>();
      for (StreamingQuery q : queries.list()) {
        ids.add(q.id());
      }
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "No query '" + id + "'." + NameMatcher.hint(id, ids)
          + (ids.isEmpty() ? " No continuous query has run in this database." : " Queries: " + String.join(", ", ids)));
    }
    StreamingQuery.Status before = query.status();
    if (before != StreamingQuery.Status.RUNNING) {
      return StatementResult.ok("Query " + query.id() + " is not running (" + before.name().toLowerCase(Locale.ROOT)
          + ")");
    }
    query.stop();
    long batches = query.batches();
    return StatementResult.ok("Query " + query.id() + (batches == 0 ? " stopped before its first batch"
        : " stopped after batch " + (batches - 1)));
  }
}
