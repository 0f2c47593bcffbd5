package io.sluice.engine;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.stream.StreamingQuery;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The statements about the running session and its queries: {@code STOP QUERY} and {@code SHOW SETTINGS}. */
final class QueryControl {
  private QueryControl() {}

  /**
   * Stops continuous query {@code id} after the batch it is running, which commits (with its
   * checkpoint, if it has one), and waits for it. The query stays listed by SHOW QUERIES as stopped.
   */
  static StatementResult stop(Database database, String id) {
    StreamingQuery query = database.queries().get(id.toLowerCase(Locale.ROOT));
    if (query == null) {
      List<String> ids = new ArrayList<>();
      for (StreamingQuery q : database.queries().list()) {
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

  /** Every option SET accepts, with the value that applies and where it came from. */
  static StatementResult settings(Session session) {
    List<Object[]> rows = new ArrayList<>();
    for (String key : Options.allKeys()) {
      String value = session.options().get(key);
      Session.OptionOrigin origin = value == null ? Session.OptionOrigin.DEFAULT : session.origin(key);
      rows.add(new Object[] {key, value != null ? value : Options.defaultValue(key), origin.label()});
    }
    return RowsBuilder.of(List.of("option", "value", "origin"), rows);
  }
}
