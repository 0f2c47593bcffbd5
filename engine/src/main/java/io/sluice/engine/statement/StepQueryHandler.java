package io.sluice.engine.statement;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Values;
import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.QueryManager;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.engine.stream.Trigger;
import io.sluice.sqlparser.StepQuery;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code STEP QUERY id}: runs the next micro-batch of a continuous query started with the manual
 * trigger, on the caller's thread, and returns once it has committed (sink and checkpoint), with
 * one row: the query, the batch's id, its input and output rows, the watermark it ran with, its
 * late rows and the event times it read. When the query has nothing to do (no new rows, no state
 * the watermark released) no batch runs and the row's batch is NULL. A batch that fails fails the
 * statement with the batch's error, and the query with it.
 */
final class StepQueryHandler implements StatementHandler<StepQuery> {
  private static final List<String> COLUMNS = List.of("query", "batch", "input_rows", "output_rows", "watermark",
      "late_rows", "event_time_min", "event_time_max");
  private static final Set<String> COUNTS = Set.of("batch", "input_rows", "output_rows", "late_rows");

  private final QueryManager queries;

  StepQueryHandler(QueryManager queries) {
    this.queries = queries;
  }

  @Override
  public StatementResult execute(StepQuery step) {
    StreamingQuery query = queries.require(step.id());
    if (query.trigger().kind() != Trigger.Kind.MANUAL) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + query.id() + " runs on trigger '"
          + query.trigger() + "'; STEP QUERY runs the batches of a query started after"
          + " SET 'pipeline.trigger' = 'manual'");
    }
    if (query.status() != StreamingQuery.Status.RUNNING) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + query.id() + " is not running ("
          + query.status().name().toLowerCase(Locale.ROOT) + "): it has no next batch");
    }
    if (!query.step()) {
      return RowsBuilder.of(COLUMNS, COUNTS, List.<Object[]>of(new Object[] {query.id(), null, 0L, 0L,
          timestamp(query.watermark()), 0L, null, null}));
    }
    List<BatchProgress> progress = query.progress();
    BatchProgress p = progress.get(progress.size() - 1);
    BatchProgress.EventTime eventTime = p.eventTime();
    return RowsBuilder.of(COLUMNS, COUNTS, List.<Object[]>of(new Object[] {query.id(), p.batchId(), p.inputRows(),
        p.outputRows(), timestamp(p.watermark()), p.lateRows(), eventTime == null ? null : timestamp(eventTime.min()),
        eventTime == null ? null : timestamp(eventTime.max())}));
  }

  private static String timestamp(Long millis) {
    return millis == null ? null : Values.formatTimestamp(millis);
  }
}
