package io.sluice.engine.connector.datagen;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The checked options of a {@code datagen} source: its schedule and one generator per column. */
final class DatagenOptions {
  static final String CONNECTOR = "connector";
  static final String ROWS_PER_SECOND = "rows-per-second";
  static final String NUMBER_OF_ROWS = "number-of-rows";
  static final String MAX_ROWS_PER_BATCH = "max-rows-per-batch";
  static final String SEED = "seed";
  static final String START_TIME = "start-time";
  static final String EVENT_TIME_PER_ROW = "event-time-per-row";
  static final String FIELDS_PREFIX = "fields.";

  static final List<String> KEYS = List.of(CONNECTOR, ROWS_PER_SECOND, NUMBER_OF_ROWS, MAX_ROWS_PER_BATCH, SEED,
      START_TIME, EVENT_TIME_PER_ROW, "fields.<column>.kind", "fields.<column>.start", "fields.<column>.end",
      "fields.<column>.length", "fields.<column>.null-rate");
  static final List<String> FIELD_PROPERTIES = List.of("kind", "start", "end", "length", "null-rate");
  static final List<String> KINDS = List.of("sequence", "random");

  static final double DEFAULT_ROWS_PER_SECOND = 1000;
  static final String DEFAULT_START_TIME = "2024-01-01 00:00:00";
  /** Batch cap when neither the rate nor the row count bounds a batch. */
  static final long DEFAULT_UNBOUNDED_BATCH = 1_000_000;
  static final int DEFAULT_STRING_LENGTH = 10;

  final TableSchema schema;
  final double rowsPerSecond;
  final long numberOfRows;
  final long maxRowsPerBatch;
  final long seed;
  final FieldGenerator[] generators;

  private DatagenOptions(TableDefinition definition) {
    Map<String, String> options = definition.options();
    schema = definition.schema();
    if (schema == null || schema.size() == 0) {
      throw SourceOptions.invalid("Connector 'datagen' needs the columns to generate: declare them, e.g. "
          + "CREATE SOURCE s (id BIGINT, ts TIMESTAMP(3)) WITH (connector = 'datagen').");
    }
    List<String> topLevel = KEYS.subList(0, 7);
    Map<Integer, Map<String, String>> fieldOptions = new HashMap<>();
    for (Map.Entry<String, String> entry : options.entrySet()) {
      String key = entry.getKey();
      if (key.startsWith(FIELDS_PREFIX)) {
        int dot = key.lastIndexOf('.');
        if (dot <= FIELDS_PREFIX.length()) {
          throw SourceOptions.invalid("Option '" + key + "' is incomplete: column options look like "
              + "'fields.<column>.<property>', with property one of " + String.join(", ", FIELD_PROPERTIES) + ".");
        }
        String columnName = dot > FIELDS_PREFIX.length() ? key.substring(FIELDS_PREFIX.length(), dot) : "";
        String property = dot > FIELDS_PREFIX.length() ? key.substring(dot + 1) : "";
        int column = schema.indexOf(columnName);
        if (column < 0) {
          throw SourceOptions.invalid("Option '" + key + "' names no column of '" + definition.name() + "'."
              + NameMatcher.hint(columnName, schema.names()) + " Columns: " + String.join(", ", schema.names())
              + "; options look like 'fields.<column>.kind'.");
        }
        if (!FIELD_PROPERTIES.contains(property)) {
          throw SourceOptions.invalid("Unknown option '" + key + "' for connector 'datagen'."
              + hintSuffix(property, FIELD_PROPERTIES) + " Column options: "
              + String.join(", ", FIELD_PROPERTIES) + ".");
        }
        fieldOptions.computeIfAbsent(column, c -> new HashMap<>()).put(property, entry.getValue());
      } else if (!topLevel.contains(key)) {
        SourceOptions.checkKey("datagen", key, KEYS);
      }
    }
    rowsPerSecond = SourceOptions.rate(options, ROWS_PER_SECOND, DEFAULT_ROWS_PER_SECOND);
    seed = SourceOptions.anyLong(options, SEED, 0);
    long startTime = SourceOptions.timestamp(START_TIME, options.getOrDefault(START_TIME, DEFAULT_START_TIME));
    long stepMicros;
    if (options.containsKey(EVENT_TIME_PER_ROW)) {
      stepMicros = SourceOptions.durationMicros(EVENT_TIME_PER_ROW, options.get(EVENT_TIME_PER_ROW));
    } else if (rowsPerSecond == Double.POSITIVE_INFINITY) {
      stepMicros = 1000;
    } else {
      stepMicros = Math.max(1, Math.round(1e6 / rowsPerSecond));
    }
    generators = new FieldGenerator[schema.size()];
    long limit = Long.MAX_VALUE;
    String limitingColumn = null;
    for (int c = 0; c < schema.size(); c++) {
      Column column = schema.column(c);
      Map<String, String> field = fieldOptions.getOrDefault(c, Map.of());
      generators[c] = generator(column, field, columnSeed(seed, column.name()), startTime, stepMicros);
      if (generators[c].rowLimit() < limit) {
        limit = generators[c].rowLimit();
        limitingColumn = column.name();
      }
    }
    if (options.containsKey(NUMBER_OF_ROWS)) {
      numberOfRows = SourceOptions.wholeNumber(options, NUMBER_OF_ROWS, 0, 0);
      if (numberOfRows > limit) {
        throw SourceOptions.invalid("Option 'number-of-rows' (" + numberOfRows + ") asks for more rows than the "
            + "sequence of column '" + limitingColumn + "' holds (" + limit + "): widen 'fields." + limitingColumn
            + ".end' or lower 'number-of-rows'.");
      }
    } else {
      numberOfRows = limit;
    }
    long defaultBatch = rowsPerSecond == Double.POSITIVE_INFINITY && numberOfRows == Long.MAX_VALUE
        ? DEFAULT_UNBOUNDED_BATCH : Long.MAX_VALUE;
    maxRowsPerBatch = SourceOptions.wholeNumber(options, MAX_ROWS_PER_BATCH, 1, defaultBatch);
  }

  static DatagenOptions parse(TableDefinition definition) {
    return new DatagenOptions(definition);
  }

  private static String hintSuffix(String name, List<String> candidates) {
    return name.isEmpty() ? "" : NameMatcher.hint(name, candidates);
  }

  /** The seed of one column's values: depends on the source seed and the column name only. */
  static long columnSeed(long seed, String columnName) {
    long nameHash = columnName.toLowerCase(Locale.ROOT).hashCode();
    return FieldGenerator.mix64(FieldGenerator.mix64(seed) ^ (nameHash * FieldGenerator.GOLDEN_GAMMA));
  }

  private static FieldGenerator generator(Column column, Map<String, String> field, long seed, long startTime,
      long stepMicros) {
    String prefix = FIELDS_PREFIX + column.name().toLowerCase(Locale.ROOT) + ".";
    DataType type = column.type();
    String kindText = field.get("kind");
    boolean sequence;
    if (kindText == null) {
      sequence = type.kind() == io.sluice.catalog.TypeKind.TIMESTAMP;
    } else {
      String k = kindText.trim().toLowerCase(Locale.ROOT);
      if (!KINDS.contains(k)) {
        throw SourceOptions.invalid("Unknown value '" + kindText + "' for option '" + prefix + "kind': valid values are "
            + String.join(", ", KINDS) + "." + NameMatcher.hint(k, KINDS));
      }
      sequence = k.equals("sequence");
    }
    double nullRate = field.containsKey("null-rate") ? SourceOptions.fraction(prefix + "null-rate", field.get("null-rate")) : 0;
    String start = field.get("start");
    String end = field.get("end");
    if (field.containsKey("length") && !(type.kind().isString() && !sequence)) {
      throw SourceOptions.invalid("Option '" + prefix + "length' applies only to random strings (VARCHAR or CHAR with "
          + "kind random); column '" + column.name() + "' is " + type.sql() + (sequence ? " with kind sequence" : "") + ".");
    }
    switch (type.kind()) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT: {
        long typeMin = integralMin(type);
        long typeMax = -(typeMin + 1);
        long low = start == null ? (sequence ? 0 : typeMin) : integral(prefix + "start", start, typeMin, typeMax);
        long high = end == null ? (sequence ? Long.MAX_VALUE : typeMax) : integral(prefix + "end", end, typeMin, typeMax);
        checkOrder(prefix, low, high);
        if (sequence) {
          return new FieldGenerator.LongSequence(seed, nullRate, low, 1, end == null ? Long.MAX_VALUE : sequenceLength(low, high));
        }
        return new FieldGenerator.LongRandom(seed, nullRate, low, high);
      }
      case DECIMAL: {
        long maxUnscaled = BigInteger.TEN.pow(type.precision()).longValueExact() - 1;
        long low = start == null ? (sequence ? 0 : -maxUnscaled) : unscaled(prefix + "start", start, type, maxUnscaled);
        long high = end == null ? maxUnscaled : unscaled(prefix + "end", end, type, maxUnscaled);
        checkOrder(prefix, low, high);
        if (sequence) {
          long step = BigInteger.TEN.pow(type.scale()).longValueExact();
          long length = (high - low) / step + 1;
          return new FieldGenerator.LongSequence(seed, nullRate, low, step, end == null ? Long.MAX_VALUE : length);
        }
        return new FieldGenerator.LongRandom(seed, nullRate, low, high);
      }
      case REAL:
      case DOUBLE: {
        double low = start == null ? 0 : SourceOptions.decimal(prefix + "start", start).doubleValue();
        if (sequence) {
          refuse(end, prefix + "end", "a DOUBLE sequence has no end");
          return new FieldGenerator.DoubleSequence(seed, nullRate, low);
        }
        double high = end == null ? (start == null ? 1 : low + 1) : SourceOptions.decimal(prefix + "end", end).doubleValue();
        if (!(high > low)) {
          throw SourceOptions.invalid("Option '" + prefix + "end' (" + high + ") must be greater than '" + prefix
              + "start' (" + low + ").");
        }
        return new FieldGenerator.DoubleRandom(seed, nullRate, low, high);
      }
      case BOOLEAN:
        refuse(start, prefix + "start", "BOOLEAN columns take no bounds");
        refuse(end, prefix + "end", "BOOLEAN columns take no bounds");
        return new FieldGenerator.Booleans(seed, nullRate, sequence);
      case CHAR:
      case VARCHAR: {
        if (sequence) {
          long low = start == null ? 0 : integral(prefix + "start", start, Long.MIN_VALUE, Long.MAX_VALUE);
          long high = end == null ? Long.MAX_VALUE : integral(prefix + "end", end, Long.MIN_VALUE, Long.MAX_VALUE);
          checkOrder(prefix, low, high);
          return new FieldGenerator.SequenceString(seed, nullRate, low, end == null ? Long.MAX_VALUE : sequenceLength(low, high));
        }
        refuse(start, prefix + "start", "random strings take 'length', not bounds");
        refuse(end, prefix + "end", "random strings take 'length', not bounds");
        int defaultLength = type.precision() > 0 ? Math.min(type.precision(), DEFAULT_STRING_LENGTH) : DEFAULT_STRING_LENGTH;
        int length = field.containsKey("length")
            ? (int) SourceOptions.wholeNumber(field, "length", 0, 0) : defaultLength;
        if (field.containsKey("length") && (length > 1_000_000 || (type.precision() > 0 && length > type.precision()))) {
          throw SourceOptions.invalid("Option '" + prefix + "length' (" + length + ") is longer than "
              + (type.precision() > 0 ? type.sql() + " allows." : "1000000."));
        }
        return new FieldGenerator.RandomString(seed, nullRate, length);
      }
      case TIMESTAMP: {
        long low = start == null ? startTime : SourceOptions.timestamp(prefix + "start", start);
        if (sequence) {
          refuse(end, prefix + "end", "a TIMESTAMP sequence advances by 'event-time-per-row' without end");
          return new FieldGenerator.TimeSequence(seed, nullRate, low, stepMicros);
        }
        long high = end == null ? low + 86_400_000L - 1 : SourceOptions.timestamp(prefix + "end", end);
        checkOrder(prefix, low, high);
        return new FieldGenerator.LongRandom(seed, nullRate, low, high);
      }
      case DATE: {
        long low = SourceOptions.date(prefix + "start", start == null ? DEFAULT_START_TIME.substring(0, 10) : start);
        long high = end == null ? (sequence ? Long.MAX_VALUE : low + 365) : SourceOptions.date(prefix + "end", end);
        checkOrder(prefix, low, high);
        if (sequence) {
          return new FieldGenerator.LongSequence(seed, nullRate, low, 1, end == null ? Long.MAX_VALUE : sequenceLength(low, high));
        }
        return new FieldGenerator.LongRandom(seed, nullRate, low, high);
      }
      default:
        throw SourceOptions.invalid("Connector 'datagen' cannot generate column '" + column.name() + "' of type "
            + type.sql() + ": it generates integers, DECIMAL, REAL, DOUBLE, BOOLEAN, CHAR, VARCHAR, DATE and TIMESTAMP.");
    }
  }

  private static void refuse(String value, String key, String why) {
    if (value != null) {
      throw SourceOptions.invalid("Option '" + key + "' does not apply here: " + why + ".");
    }
  }

  private static void checkOrder(String prefix, long low, long high) {
    if (high < low) {
      throw SourceOptions.invalid("Option '" + prefix + "end' must not be less than '" + prefix + "start'.");
    }
  }

  private static long sequenceLength(long low, long high) {
    long length = high - low + 1;
    return length <= 0 ? Long.MAX_VALUE : length;
  }

  private static long integralMin(DataType type) {
    switch (type.kind()) {
      case TINYINT:
        return Byte.MIN_VALUE;
      case SMALLINT:
        return Short.MIN_VALUE;
      case INTEGER:
        return Integer.MIN_VALUE;
      default:
        return Long.MIN_VALUE;
    }
  }

  private static long integral(String key, String text, long min, long max) {
    try {
      long value = Long.parseLong(text.trim());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw SourceOptions.invalid("Option '" + key + "' must be a whole number between " + min + " and " + max
        + ", not '" + text + "'.");
  }

  private static long unscaled(String key, String text, DataType type, long maxUnscaled) {
    BigDecimal value = SourceOptions.decimal(key, text);
    try {
      long unscaled = value.setScale(type.scale()).unscaledValue().longValueExact();
      if (Math.abs(unscaled) <= maxUnscaled) {
        return unscaled;
      }
    } catch (ArithmeticException e) {
      // reported below
    }
    throw SourceOptions.invalid("Option '" + key + "' (" + text + ") does not fit " + type.sql() + ".");
  }
}
