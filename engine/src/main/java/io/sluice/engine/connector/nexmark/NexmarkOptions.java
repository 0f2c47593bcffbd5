package io.sluice.engine.connector.nexmark;

import io.sluice.catalog.Column;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.engine.connector.datagen.SourceOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The checked options and columns of a {@code nexmark} source. */
final class NexmarkOptions {
  static final String CONNECTOR = "connector";
  static final String TABLE = "table";
  static final String EVENTS_PER_SECOND = "events-per-second";
  static final String EVENT_TIME_RATE = "event-time-rate";
  static final String MAX_EVENTS = "max-events";
  static final String MAX_EVENTS_PER_BATCH = "max-events-per-batch";
  static final String SEED = "seed";
  static final String BASE_TIME = "base-time";

  static final List<String> KEYS = List.of(CONNECTOR, TABLE, EVENTS_PER_SECOND, EVENT_TIME_RATE, MAX_EVENTS,
      MAX_EVENTS_PER_BATCH, SEED, BASE_TIME);

  /** Defaults of the workplace generator (bench/nexmark-gen), so that both give the same events. */
  static final long DEFAULT_SEED = 42;
  static final String DEFAULT_BASE_TIME = "2024-01-01 00:00:00";
  static final long DEFAULT_EVENT_TIME_RATE = 10_000;
  static final double DEFAULT_EVENTS_PER_SECOND = 10_000;
  /** Batch cap when neither the rate nor max-events bounds a batch. */
  static final long DEFAULT_UNBOUNDED_BATCH = 1_000_000;

  final NexmarkTable table;
  final TableSchema schema;
  /** For each declared column, the standard field it holds. */
  final int[] fieldOfColumn;
  final double eventsPerSecond;
  final long eventTimeRate;
  final long maxEvents;
  final long maxEventsPerBatch;
  final long seed;
  final long baseTimeMillis;

  private NexmarkOptions(TableDefinition definition) {
    Map<String, String> options = definition.options();
    for (String key : options.keySet()) {
      SourceOptions.checkKey("nexmark", key, KEYS);
    }
    table = parseTable(options.get(TABLE));
    TableSchema declared = definition.schema();
    if (declared == null || declared.size() == 0) {
      schema = new TableSchema(table.standardColumns());
    } else {
      schema = declared;
    }
    fieldOfColumn = new int[schema.size()];
    for (int c = 0; c < schema.size(); c++) {
      fieldOfColumn[c] = checkColumn(definition.name(), schema.column(c));
    }
    eventsPerSecond = SourceOptions.rate(options, EVENTS_PER_SECOND, DEFAULT_EVENTS_PER_SECOND);
    long defaultEventTimeRate = eventsPerSecond == Double.POSITIVE_INFINITY || eventsPerSecond != Math.rint(eventsPerSecond)
        ? DEFAULT_EVENT_TIME_RATE : (long) eventsPerSecond;
    eventTimeRate = SourceOptions.wholeNumber(options, EVENT_TIME_RATE, 1, defaultEventTimeRate);
    maxEvents = SourceOptions.wholeNumber(options, MAX_EVENTS, 0, Long.MAX_VALUE);
    long defaultBatch = eventsPerSecond == Double.POSITIVE_INFINITY && maxEvents == Long.MAX_VALUE
        ? DEFAULT_UNBOUNDED_BATCH : Long.MAX_VALUE;
    maxEventsPerBatch = SourceOptions.wholeNumber(options, MAX_EVENTS_PER_BATCH, 1, defaultBatch);
    seed = SourceOptions.anyLong(options, SEED, DEFAULT_SEED);
    baseTimeMillis = SourceOptions.timestamp(BASE_TIME, options.getOrDefault(BASE_TIME, DEFAULT_BASE_TIME));
  }

  static NexmarkOptions parse(TableDefinition definition) {
    return new NexmarkOptions(definition);
  }

  private static NexmarkTable parseTable(String text) {
    List<String> names = new ArrayList<>();
    for (NexmarkTable t : NexmarkTable.values()) {
      names.add(t.optionValue());
    }
    if (text == null) {
      throw SourceOptions.invalid("Option 'table' is required for connector 'nexmark': one of "
          + String.join(", ", names) + ".");
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    for (NexmarkTable table : NexmarkTable.values()) {
      if (table.optionValue().equals(t)) {
        return table;
      }
    }
    throw SourceOptions.invalid("Unknown value '" + text + "' for option 'table': valid values are "
        + String.join(", ", names) + "." + NameMatcher.hint(t, names));
  }

  /** The field a declared column holds; refuses a name or type outside the standard schema. */
  private int checkColumn(String sourceName, Column column) {
    int field = table.field(column.name());
    if (field < 0) {
      List<String> standard = new ArrayList<>();
      for (int i = 0; i < table.fieldCount(); i++) {
        standard.add(table.fieldName(i));
      }
      throw SourceOptions.invalid("Column '" + column.name() + "' of '" + sourceName + "' is not a column of the "
          + "Nexmark " + table.optionValue() + " table." + NameMatcher.hint(column.name(), standard)
          + " Its columns: " + String.join(", ", standard) + " (case and underscores are ignored,"
          + " e.g. date_time for dateTime; leave out the column list to get them all).");
    }
    TypeKind expected = table.fieldKind(field);
    TypeKind actual = column.type().kind();
    boolean fits = expected == TypeKind.VARCHAR ? actual.isString() : actual == expected;
    if (!fits) {
      throw SourceOptions.invalid("Column '" + column.name() + "' of '" + sourceName + "' is declared "
          + column.type().sql() + ", but Nexmark " + table.optionValue() + "." + table.fieldName(field) + " is "
          + (expected == TypeKind.TIMESTAMP ? "TIMESTAMP(3)" : expected.sqlName()) + ".");
    }
    return field;
  }
}
