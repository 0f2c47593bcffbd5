package io.sluice.catalog;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A catalog entry as the user declared it: kind, name, columns, options, and for views the
 * query text.
 */
public final class TableDefinition {
  private final String name;
  private final TableKind kind;
  private final TableSchema schema;
  private final Map<String, String> options;
  private final String viewQuery;
  private final Watermark watermark;

  /**
   * The event-time column of a source and how far behind the largest event time seen the
   * watermark stays.
   *
   * @param column the event-time column (TIMESTAMP)
   * @param delayMillis the declared delay, e.g. 4000 for {@code ts - INTERVAL '4' SECOND}
   */
  public record Watermark(String column, long delayMillis) {}

  public TableDefinition(String name, TableKind kind, TableSchema schema, Map<String, String> options,
      String viewQuery) {
    this(name, kind, schema, options, viewQuery, null);
  }

  public TableDefinition(String name, TableKind kind, TableSchema schema, Map<String, String> options,
      String viewQuery, Watermark watermark) {
    this.name = name;
    this.kind = kind;
    this.schema = schema;
    this.options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    this.viewQuery = viewQuery;
    this.watermark = watermark;
  }

  /** The source's event time and watermark delay, or null. */
  public Watermark watermark() {
    return watermark;
  }

  public String name() {
    return name;
  }

  public TableKind kind() {
    return kind;
  }

  public TableSchema schema() {
    return schema;
  }

  /** Options from {@code WITH (...)}, keys in lower case, in declaration order. */
  public Map<String, String> options() {
    return options;
  }

  public String option(String key) {
    return options.get(key);
  }

  /** The connector option, or null for in-memory tables and views. */
  public String connector() {
    return options.get("connector");
  }

  /** The query of a view, or null. */
  public String viewQuery() {
    return viewQuery;
  }

  public TableDefinition withSchema(TableSchema newSchema) {
    return new TableDefinition(name, kind, newSchema, options, viewQuery, watermark);
  }
}
