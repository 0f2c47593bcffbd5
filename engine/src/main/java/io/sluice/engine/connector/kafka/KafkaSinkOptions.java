package io.sluice.engine.connector.kafka;

import io.sluice.catalog.NameMatcher;
import io.sluice.engine.connector.files.TextRecordDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The checked options of a {@code kafka} sink. */
final class KafkaSinkOptions {
  static final String KEY = "key";
  static final String TRANSACTIONAL_ID = "transactional-id";

  /** Producer settings the sink owns: exactly-once needs its own transactions and serializers. */
  private static final List<String> FIXED_PROPERTIES = List.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG,
      ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, ProducerConfig.ACKS_CONFIG,
      ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG,
      ProducerConfig.BOOTSTRAP_SERVERS_CONFIG);

  /** What a record's value holds, and which output modes that can carry. */
  enum Format {
    /** One JSON object per row; inserts only. */
    JSON,
    /** One CSV line per row; inserts only. */
    CSV,
    /** The row as JSON under its key; a delete is a tombstone (no value). */
    UPSERT_JSON,
    /** A Debezium change event: {@code before}, {@code after} and {@code op}. */
    DEBEZIUM_JSON;

    String optionValue() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Whether records in this format can say that a row changed or went. */
    boolean carriesChanges() {
      return this == UPSERT_JSON || this == DEBEZIUM_JSON;
    }
  }

  final String sink;
  final String topic;
  final String bootstrapServers;
  final Format format;
  /** Names of the key columns, as written; empty for records without a key. */
  final List<String> keyColumns;
  /**
   * The transactional id: option {@code transactional-id} as given, else {@code sluice-<sink>-<topic>},
   * which the sink completes with the id of the query writing ({@link #transactionalIdGiven}).
   */
  final String transactionalId;
  /** Whether option {@code transactional-id} gave the id, which the sink then uses as it is. */
  final boolean transactionalIdGiven;
  /** The CSV options ({@code format} included), for a csv sink. */
  final Map<String, String> csvOptions;
  /** The producer's configuration: the user's {@code properties.*} and the sink's own settings. */
  final Properties producerProperties;

  private KafkaSinkOptions(String sink, Map<String, String> options) {
    this.sink = sink;
    List<String> keys = new ArrayList<>(List.of(KafkaOptions.CONNECTOR, KafkaOptions.TOPIC,
        KafkaOptions.BOOTSTRAP_SERVERS, KafkaOptions.FORMAT, KEY, TRANSACTIONAL_ID));
    List<String> csvKeys = TextRecordDecoder.OPTION_KEYS.subList(0, 3); // delimiter, quote, null-string
    keys.addAll(csvKeys);
    Properties producer = new Properties();
    Map<String, String> csv = new HashMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (key.startsWith(KafkaOptions.PROPERTIES_PREFIX)) {
        String property = key.substring(KafkaOptions.PROPERTIES_PREFIX.length());
        if (FIXED_PROPERTIES.contains(property)) {
          throw KafkaOptions.invalid("Option '" + key + "' of sink '" + sink + "' cannot be set: the kafka sink sets '"
              + property + "' itself (it writes each batch in one transaction"
              + (property.equals(ProducerConfig.TRANSACTIONAL_ID_CONFIG) ? "; name it with option '"
              + TRANSACTIONAL_ID + "'" : "") + ").");
        }
        producer.setProperty(property, option.getValue());
      } else if (!keys.contains(key)) {
        throw KafkaOptions.invalid("Unknown option '" + key + "' for a kafka sink." + NameMatcher.hint(key, keys)
            + " Valid options: " + String.join(", ", keys) + ", and properties.* for Kafka's producer.");
      } else if (csvKeys.contains(key)) {
        csv.put(key, option.getValue());
      }
    }
    topic = KafkaOptions.required(options, KafkaOptions.TOPIC, "the topic to write");
    bootstrapServers = KafkaOptions.required(options, KafkaOptions.BOOTSTRAP_SERVERS,
        "host:port of one or more brokers");
    format = parseFormat(options.get(KafkaOptions.FORMAT));
    if (!csv.isEmpty() && format != Format.CSV) {
      throw KafkaOptions.invalid("Option '" + csv.keySet().iterator().next() + "' of sink '" + sink
          + "' applies to format 'csv' only, not '" + format.optionValue() + "'.");
    }
    csv.put(KafkaOptions.FORMAT, "csv");
    csvOptions = Map.copyOf(csv);
    keyColumns = parseKey(options.get(KEY));
    if (format == Format.UPSERT_JSON && keyColumns.isEmpty()) {
      throw KafkaOptions.invalid("Sink '" + sink + "' in format 'upsert-json' needs option 'key' (the columns that"
          + " identify a row, e.g. key = 'id'): an upsert or a tombstone replaces the record with the same key.");
    }
    String id = options.get(TRANSACTIONAL_ID);
    transactionalIdGiven = id != null && !id.isBlank();
    transactionalId = transactionalIdGiven ? id.trim() : "sluice-" + sink + "-" + topic;

    producer.putIfAbsent(ProducerConfig.CLIENT_ID_CONFIG, "sluice-sink-" + sink);
    producer.putIfAbsent(ProducerConfig.LINGER_MS_CONFIG, "5");
    producer.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    producer.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    producer.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    producer.setProperty(ProducerConfig.ACKS_CONFIG, "all");
    producerProperties = producer;
  }

  static KafkaSinkOptions parse(String sink, Map<String, String> options) {
    return new KafkaSinkOptions(sink, options);
  }

  private static Format parseFormat(String text) {
    List<String> names = new ArrayList<>();
    for (Format format : Format.values()) {
      if (text != null && format.optionValue().equalsIgnoreCase(text.trim())) {
        return format;
      }
      names.add(format.optionValue());
    }
    if (text == null) {
      throw KafkaOptions.invalid("Option 'format' is required for a kafka sink: " + String.join(", ", names) + ".");
    }
    throw KafkaOptions.invalid("Unknown format '" + text + "' for a kafka sink: valid formats are "
        + String.join(", ", names) + "." + NameMatcher.hint(text, names));
  }

  private static List<String> parseKey(String text) {
    List<String> columns = new ArrayList<>();
    if (text == null) {
      return columns;
    }
    for (String part : text.split(",")) {
      String column = part.trim();
      if (column.isEmpty()) {
        throw KafkaOptions.invalid("Option 'key' = '" + text + "' has an empty column name: write the key columns"
            + " separated by commas, e.g. key = 'id, region'.");
      }
      columns.add(column);
    }
    return List.copyOf(columns);
  }
}
