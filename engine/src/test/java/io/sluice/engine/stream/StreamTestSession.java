package io.sluice.engine.stream;

import io.sluice.engine.Database;
import io.sluice.engine.result.RowCursor;
import io.sluice.engine.Session;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A database and session for tests of continuous queries, with the manual trigger. */
public final class StreamTestSession implements AutoCloseable {
  public final Database database = Database.inMemory();
  public final Session session = database.openSession();

  /** Runs {@code script} (sources, sinks, options) after setting the manual trigger. */
  public StreamTestSession(String script) {
    session.execute("SET 'pipeline.trigger' = 'manual'");
    session.executeScript(script);
  }

  /** Starts the continuous query of {@code insert} and returns it. */
  public StreamingQuery start(String insert) {
    session.execute(insert);
    List<StreamingQuery> queries = database.queries().list();
    return queries.get(queries.size() - 1);
  }

  /** The rows of a bounded query, each as its values joined by {@code " | "}, sorted. */
  public List<String> rows(String sql) {
    List<String> lines = new ArrayList<>();
    try (RowCursor rows = session.execute(sql).rows()) {
      while (rows.next()) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < rows.schema().size(); c++) {
          line.append(c == 0 ? "" : " | ").append(rows.getString(c));
        }
        lines.add(line.toString());
      }
    }
    Collections.sort(lines);
    return lines;
  }

  @Override
  public void close() {
    database.queries().stopAll();
    session.close();
  }
}
