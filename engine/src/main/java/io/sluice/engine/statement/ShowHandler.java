package io.sluice.engine.statement;

import io.sluice.catalog.Column;
import io.sluice.catalog.IndexDefinition;
import io.sluice.catalog.TableKind;
import io.sluice.catalog.data.Values;
import io.sluice.catalog.registry.Catalog;
import io.sluice.catalog.function.FunctionInfo;
import io.sluice.optimizer.functions.FunctionRegistry;
import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.StatementResult;
import io.sluice.engine.stream.StreamingQuery;
import io.sluice.sqlparser.Describe;
import io.sluice.sqlparser.Show;
import io.sluice.sqlparser.ShowKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code SHOW TABLES | VIEWS | SOURCES | SINKS | FUNCTIONS | QUERIES | PROGRESS | SETTINGS} and
 * {@code DESCRIBE name}: rows about the catalog, the functions, the continuous queries and the
 * session's options.
 */
final class ShowHandler implements StatementHandler<Show> {
  private final SessionContext session;

  ShowHandler(SessionContext session) {
    this.session = session;
  }

  @Override
  public StatementResult execute(Show show) {
    switch (show.kind()) {
      case SETTINGS:
        return settings();
      case TABLES:
      case VIEWS:
      case SOURCES:
      case SINKS: {
        TableKind only = show.kind() == ShowKind.TABLES ? null
            : show.kind() == ShowKind.VIEWS ? TableKind.VIEW
            : show.kind() == ShowKind.SOURCES ? TableKind.SOURCE : TableKind.SINK;
        List<Object[]> rows = new ArrayList<>();
        for (Catalog.Entry e : session.catalog().entries()) {
          if (only == null || e.kind() == only) {
            String description = e.kind() == TableKind.VIEW ? e.definition().viewQuery()
                : e.table() == null ? "" : e.table().describe();
            rows.add(new Object[] {e.name(), e.kind().label(), description});
          }
        }
        return RowsBuilder.of(List.of("name", "kind", "description"), rows);
      }
      case INDEXES: {
        List<Object[]> rows = new ArrayList<>();
        for (IndexDefinition index : session.catalog().indexes()) {
          rows.add(new Object[] {index.name(), index.table(), index.describe()});
        }
        return RowsBuilder.of(List.of("name", "table", "definition"), rows);
      }
      case FUNCTIONS: {
        List<Object[]> rows = new ArrayList<>();
        for (FunctionInfo f : FunctionRegistry.instance().all()) {
          rows.add(new Object[] {f.name(), f.kind().label(), String.join("; ", f.signatures()), f.description()});
        }
        return RowsBuilder.of(List.of("name", "kind", "signature", "description"), rows);
      }
      case PROGRESS: {
        List<Object[]> rows = new ArrayList<>();
        for (StreamingQuery q : session.queries().list()) {
          for (BatchProgress p : q.progress()) {
            long stateRows = 0;
            long stateBytes = 0;
            StringBuilder operators = new StringBuilder();
            for (BatchProgress.Operator o : p.operators()) {
              stateRows += o.stateRows();
              stateBytes += o.stateBytes();
              operators.append(operators.length() == 0 ? "" : "; ").append(o.name()).append(": ")
                  .append(o.stateRows()).append(" rows").append(o.choice() == null ? "" : ", " + o.choice());
            }
            rows.add(new Object[] {q.id(), p.batchId(), p.inputRows(), p.outputRows(),
                Math.round(p.inputRowsPerSecond()), Math.round(p.processedRowsPerSecond()),
                millis(p.durationMillis()),
                p.watermark() == null ? null : Values.formatTimestamp(p.watermark()),
                p.lateRows(), stateRows, stateBytes, operators.toString(), p.malformedRowsDropped(),
                p.malformedRowsKept(), eventTime(p, BatchProgress.EventTime::min),
                eventTime(p, BatchProgress.EventTime::max), eventTime(p, BatchProgress.EventTime::avg),
                millis(p.phases().plan()), millis(p.phases().read()), millis(p.phases().execute()),
                millis(p.phases().sink()), millis(p.phases().commit()),
                p.checkpoint() == null ? null : p.checkpoint().bytes(),
                p.checkpoint() == null ? null : millis(p.checkpoint().millis()), p.deadLetterRows()});
          }
        }
        return RowsBuilder.of(List.of("query", "batch", "input_rows", "output_rows", "input_rows_per_second",
            "processed_rows_per_second", "duration_ms", "watermark", "late_rows", "state_rows", "state_bytes",
            "operators", "malformed_dropped", "malformed_kept", "event_time_min", "event_time_max",
            "event_time_avg", "plan_ms", "read_ms", "execute_ms", "sink_ms", "commit_ms", "checkpoint_bytes",
            "checkpoint_ms", "dead_letter_rows"), Set.of("batch", "input_rows", "output_rows",
            "input_rows_per_second", "processed_rows_per_second", "late_rows", "state_rows", "state_bytes",
            "malformed_dropped", "malformed_kept", "checkpoint_bytes", "dead_letter_rows"), rows);
      }
      case QUERIES:
      default: {
        List<Object[]> rows = new ArrayList<>();
        for (StreamingQuery q : session.queries().list()) {
          List<BatchProgress> progress = q.progress();
          long inputRows = 0;
          for (BatchProgress p : progress) {
            inputRows += p.inputRows();
          }
          String waiting = q.status() == StreamingQuery.Status.RUNNING ? q.waitingFor() : null;
          String status = q.status().name().toLowerCase(Locale.ROOT)
              + (q.failure() != null ? ": " + q.failure().getMessage() : waiting != null ? ": " + waiting : "");
          Long watermark = q.watermark();
          rows.add(new Object[] {q.id(), status, q.batches(), inputRows, q.sinkName(),
              q.mode().name().toLowerCase(Locale.ROOT), q.trigger().toString(),
              watermark == null ? null : Values.formatTimestamp(watermark), q.text()});
        }
        return RowsBuilder.of(List.of("id", "status", "batches", "input_rows", "sink", "mode", "trigger", "watermark",
            "query"), Set.of("batches", "input_rows"), rows);
      }
    }
  }

  /** Milliseconds to two decimals, as SHOW PROGRESS shows durations. */
  private static double millis(double ms) {
    return Math.round(ms * 100) / 100.0;
  }

  /** {@code DESCRIBE name}: its columns, types and whether they take NULL. */
  StatementResult describe(Describe describe) {
    Catalog.Entry entry = session.catalog().get(describe.name());
    List<Object[]> rows = new ArrayList<>();
    for (Column c : entry.definition().schema().columns()) {
      rows.add(new Object[] {c.name(), c.type().sql(), c.type().nullable() ? "YES" : "NO"});
    }
    return RowsBuilder.of(List.of("column", "type", "nullable"), rows);
  }

  /** Every option SET accepts, with the value that applies and where it came from. */
  private StatementResult settings() {
    List<Object[]> rows = new ArrayList<>();
    for (String key : Options.allKeys()) {
      String value = session.options().get(key);
      rows.add(new Object[] {key, value != null ? value : Options.defaultValue(key),
          value == null ? "default" : session.optionOrigin(key)});
    }
    return RowsBuilder.of(List.of("option", "value", "origin"), rows);
  }

  /** One figure of the event times a batch read, as a timestamp, or null when it read none. */
  private static String eventTime(BatchProgress p, java.util.function.ToLongFunction<BatchProgress.EventTime> figure) {
    return p.eventTime() == null ? null : Values.formatTimestamp(figure.applyAsLong(p.eventTime()));
  }
}
