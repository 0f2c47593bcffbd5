package io.sluice.engine.statement;

import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.QueryManager;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.sqlparser.StopQuery;
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
    StreamingQuery query = queries.require(stop.id());
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
