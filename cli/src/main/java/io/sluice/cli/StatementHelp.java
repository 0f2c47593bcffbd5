package io.sluice.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@code help statements} and {@code help NAME} (help select, help create source, ...) print. */
final class StatementHelp {
  private StatementHelp() {}

  private static final Map<String, String> STATEMENTS = new LinkedHashMap<>();

  static {
    add("SELECT", "SELECT columns FROM t [JOIN u ON ...] [WHERE ...] [GROUP BY ...] [HAVING ...]\n"
        + "  [ORDER BY ...] [LIMIT n [OFFSET m]]",
        "A query; over a source it runs until Ctrl-C (or its trigger ends it), shown live.",
        "SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE bids, DESCRIPTOR(ts), INTERVAL '10' SECOND))\n"
            + "  GROUP BY window_start, window_end;");
    add("CREATE TABLE", "CREATE TABLE [IF NOT EXISTS] name (column TYPE [NOT NULL] [PRIMARY KEY], ...,\n"
        + "  [[CONSTRAINT c] PRIMARY KEY (column, ...)]) [WITH (key = 'value', ...)]",
        "A table in memory (its primary key enforced), or over files with connector = 'files', path,\n"
        + "  format = csv|json|parquet.",
        "CREATE TABLE sales WITH (connector = 'files', path = 'data/sales.parquet', format = 'parquet');");
    add("CREATE SOURCE", "CREATE SOURCE name (column TYPE, ..., [WATERMARK FOR ts AS ts - INTERVAL '5' SECOND],\n"
        + "  [PRIMARY KEY (column, ...) NOT ENFORCED])\n"
        + "  WITH (connector = 'memory'|'datagen'|'nexmark'|'files'|'kafka', ...)",
        "An unbounded input read in micro-batches.",
        "CREATE SOURCE ticks (id BIGINT) WITH (connector = 'datagen', 'rows-per-second' = '10');");
    add("CREATE SINK", "CREATE SINK name [(column TYPE, ...)]\n"
        + "  WITH (connector = 'memory'|'console'|'blackhole'|'files', ...)",
        "Where a continuous query (INSERT INTO sink SELECT ...) writes.",
        "CREATE SINK hot WITH (connector = 'files', path = 'out/', format = 'parquet');");
    add("CREATE INDEX", "CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (column [ASC|DESC], ...)",
        "An index kept in the catalog; a UNIQUE one is enforced on in-memory tables. DROP INDEX removes it.",
        "CREATE INDEX customer_city ON customer (city);");
    add("CREATE VIEW", "CREATE VIEW name AS query", "A named query.",
        "CREATE VIEW big_sales AS SELECT * FROM sales WHERE amount > 100;");
    add("INSERT", "INSERT INTO name [(columns)] VALUES (...), ... | query",
        "Into a table: writes the rows. Into a sink: starts a continuous query (SHOW QUERIES lists it).",
        "INSERT INTO hot SELECT * FROM ticks WHERE id % 2 = 0;");
    add("UPDATE", "UPDATE name SET column = expression, ... [WHERE ...]", "Changes rows of an in-memory table.",
        "UPDATE customer SET city = 'Paris' WHERE id = 1;");
    add("DELETE", "DELETE FROM name [WHERE ...]", "Removes rows of an in-memory table.",
        "DELETE FROM customer WHERE id = 2;");
    add("DROP", "DROP TABLE|VIEW|SOURCE|SINK|INDEX [IF EXISTS] name [CASCADE|RESTRICT]",
        "Removes a name from the catalog; a table goes with its indexes, and with the views that read it\n"
        + "  only under CASCADE (RESTRICT, the default, refuses).",
        "DROP TABLE IF EXISTS customer;");
    add("SET", "SET 'key' = 'value'", "A session option (pipeline.trigger, pipeline.checkpoint, ...), or a shell\n"
        + "  option: 'shell.result-mode' = changelog|table|append, 'shell.format' = box|line|csv|json|markdown.",
        "SET 'pipeline.trigger' = '1 second';");
    add("RESET", "RESET ['key']", "Forgets one session option, or all.", "RESET 'pipeline.trigger';");
    add("SHOW", "SHOW TABLES | VIEWS | SOURCES | SINKS | FUNCTIONS | QUERIES | PROGRESS | SETTINGS | INDEXES\n"
        + "  | CHECKPOINT 'dir'",
        "Lists what is defined, the continuous queries and their recent batches, the options.", "SHOW QUERIES;");
    add("STOP QUERY", "STOP QUERY id", "Stops a continuous query at a batch boundary; its checkpoint is kept.",
        "STOP QUERY q1;");
    add("DESCRIBE", "DESCRIBE name", "The columns of a table, view, source or sink (\\d name too).",
        "DESCRIBE sales;");
    add("EXPLAIN", "EXPLAIN [CODEGEN | ANALYZE | CHECKPOINT] query-or-insert",
        "The plans of a query, its generated code, its rows per operator, or whether it can resume from\n"
            + "  its checkpoint.", "EXPLAIN SELECT * FROM sales WHERE amount > 100;");
    add("STEP QUERY", "STEP QUERY id", "Runs the next batch of a continuous query started with the manual trigger;"
        + " returns its batch id and rows once it has committed.", "STEP QUERY q1;");
    add("REPLAY", "REPLAY BATCH n INSERT INTO sink SELECT ...",
        "Runs batch n of a continuous query again from its checkpoint and returns the rows it wrote.",
        "REPLAY BATCH 3 INSERT INTO hot SELECT * FROM ticks;");
  }

  private static void add(String name, String syntax, String what, String example) {
    STATEMENTS.put(name, name + "\n  " + syntax + "\n  " + what + "\n  Example: " + example);
  }

  /** Every statement's syntax, for "help statements". */
  static String all() {
    StringBuilder sb = new StringBuilder();
    for (String text : STATEMENTS.values()) {
      sb.append(sb.length() == 0 ? "" : "\n\n").append(text);
    }
    return sb.toString();
  }

  /** The statements whose name starts with the topic's words ("create" gives every CREATE), or null. */
  static String topic(String topic) {
    String wanted = topic.strip().replaceAll("\\s+", " ").toUpperCase(Locale.ROOT);
    if (wanted.equals("STATEMENTS")) {
      return all();
    }
    List<String> found = new ArrayList<>();
    for (Map.Entry<String, String> entry : STATEMENTS.entrySet()) {
      if (entry.getKey().equals(wanted) || entry.getKey().startsWith(wanted + " ")) {
        found.add(entry.getValue());
      }
    }
    return found.isEmpty() ? null : String.join("\n\n", found);
  }
}
