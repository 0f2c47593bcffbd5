package io.sluice.engine.connector.kafka;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.NameMatcher;
import io.sluice.catalog.SluiceException;
import io.sluice.engine.connector.files.FilesOptions;
import io.sluice.engine.connector.files.TextRecordDecoder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/** The checked options of a {@code kafka} source. */
final class KafkaOptions {
  static final String CONNECTOR = "connector";
  static final String TOPIC = "topic";
  static final String TOPIC_PATTERN = "topic-pattern";
  static final String BOOTSTRAP_SERVERS = "bootstrap-servers";
  static final String FORMAT = "format";
  static final String STARTUP = "scan.startup";
  static final String STARTUP_TIMESTAMP = "scan.startup.timestamp";
  static final String STARTUP_OFFSETS = "scan.startup.offsets";
  static final String IDLE_TIMEOUT = "scan.watermark.idle-timeout";
  /** What a batch does when the broker does not answer: 'fail' (the default) or 'wait' until it does. */
  static final String BROKER_UNAVAILABLE = "broker-unavailable";
  static final String MAX_RECORDS_PER_TRIGGER = "max-records-per-trigger";
  static final String METADATA_COLUMNS = "metadata-columns";
  /** The in-memory table that receives malformed records; the engine reads it from the definition. */
  static final String REJECTS_TABLE = "rejects-table";
  /** Prefix of options passed to Kafka's consumer as they are, without the prefix. */
  static final String PROPERTIES_PREFIX = "properties.";

  /** Consumer settings the source owns: offsets live in Sluice's checkpoint, never in a consumer group. */
  private static final List<String> FIXED_PROPERTIES = List.of(ConsumerConfig.GROUP_ID_CONFIG,
      ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
      ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
      ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG);

  /** Where a query without a checkpoint starts reading. */
  enum Startup {
    EARLIEST, LATEST,
    /** Each partition at its first record with a timestamp at or after {@link #startupTimestamp}. */
    TIMESTAMP,
    /** The partitions {@link #startupOffsets} lists at their offsets, the others at their beginning. */
    OFFSETS;

    String optionValue() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The one topic read, or null when {@link #topicPattern} chooses them. */
  final String topic;
  /** The topics read, matched whole against every topic's name; null when {@link #topic} names one. */
  final java.util.regex.Pattern topicPattern;
  /** The topic read, or the pattern of those read, for messages: "topic 't'" or "the topics matching 'p'". */
  final String topics;
  final String bootstrapServers;
  final TextRecordDecoder.Format format;
  final Startup startup;
  /** Epoch milliseconds, for {@link Startup#TIMESTAMP}. */
  final long startupTimestamp;
  /** Start offsets by partition, for {@link Startup#OFFSETS}. */
  final KafkaOffsets startupOffsets;
  /** Most records per batch over all partitions; 0 for no limit. */
  final long maxRecordsPerTrigger;
  final boolean metadataColumns;
  /** How long a partition may go without records before the watermark stops waiting for it; MAX_VALUE: never. */
  final long idleTimeoutMillis;
  /** Whether a batch waits for a broker that does not answer, rather than failing the query. */
  final boolean waitsForBroker;
  /** The consumer's configuration: the user's {@code properties.*} and the source's own settings. */
  final Properties consumerProperties;
  /** How long a request to the broker may take before the source gives up with an error. */
  final long timeoutMillis;

  private KafkaOptions(String source, Map<String, String> options) {
    List<String> keys = new ArrayList<>(List.of(CONNECTOR, TOPIC, TOPIC_PATTERN, BOOTSTRAP_SERVERS, FORMAT, STARTUP,
        STARTUP_TIMESTAMP, STARTUP_OFFSETS, IDLE_TIMEOUT, BROKER_UNAVAILABLE, REJECTS_TABLE,
        MAX_RECORDS_PER_TRIGGER, METADATA_COLUMNS, TextRecordDecoder.Format.NORMALIZE));
    keys.addAll(TextRecordDecoder.OPTION_KEYS);
    Map<String, String> formatOptions = new HashMap<>();
    Properties consumer = new Properties();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (key.startsWith(PROPERTIES_PREFIX)) {
        String property = key.substring(PROPERTIES_PREFIX.length());
        if (FIXED_PROPERTIES.contains(property)) {
          throw invalid("Option '" + key + "' of source '" + source + "' cannot be set: the kafka source sets '"
              + property + "' itself (offsets are kept in Sluice's checkpoint, not in a consumer group).");
        }
        consumer.setProperty(property, option.getValue());
      } else if (!keys.contains(key)) {
        throw invalid("Unknown option '" + key + "' for connector 'kafka'." + NameMatcher.hint(key, keys)
            + " Valid options: " + String.join(", ", keys) + ", and properties.* for Kafka's consumer.");
      } else if (key.equals(FORMAT) || key.equals(TextRecordDecoder.Format.NORMALIZE)
          || TextRecordDecoder.OPTION_KEYS.contains(key)) {
        formatOptions.put(key, option.getValue());
      }
    }
    if (options.containsKey(TOPIC) == options.containsKey(TOPIC_PATTERN)) {
      throw invalid("Source '" + source + "' needs exactly one of option '" + TOPIC + "' (the topic to read) and"
          + " option '" + TOPIC_PATTERN + "' (a regular expression that every topic read matches whole).");
    }
    topic = options.containsKey(TOPIC) ? required(options, TOPIC, "the topic to read") : null;
    topicPattern = topic == null ? parsePattern(source, required(options, TOPIC_PATTERN, "the topics to read")) : null;
    bootstrapServers = required(options, BOOTSTRAP_SERVERS, "host:port of one or more brokers");
    format = TextRecordDecoder.format("kafka", formatOptions, true);
    startup = parseStartup(options.get(STARTUP));
    startupTimestamp = startup == Startup.TIMESTAMP ? parseTimestamp(source, options.get(STARTUP_TIMESTAMP)) : -1;
    startupOffsets = startup == Startup.OFFSETS ? parseOffsets(source, topic, options.get(STARTUP_OFFSETS)) : null;
    topics = topic != null ? "topic '" + topic + "'" : "the topics matching '" + topicPattern.pattern() + "'";
    for (String key : List.of(STARTUP_TIMESTAMP, STARTUP_OFFSETS)) {
      if (options.containsKey(key) && !key.equals(STARTUP + "." + startup.optionValue())) {
        throw invalid("Option '" + key + "' of source '" + source + "' applies with '" + STARTUP + "' = '"
            + key.substring(STARTUP.length() + 1) + "', not '" + startup.optionValue() + "'.");
      }
    }
    maxRecordsPerTrigger = FilesOptions.parsePositiveLong(options, MAX_RECORDS_PER_TRIGGER);
    metadataColumns = parseBoolean(options, METADATA_COLUMNS);
    String unavailable = options.getOrDefault(BROKER_UNAVAILABLE, "fail").trim().toLowerCase(Locale.ROOT);
    if (!unavailable.equals("fail") && !unavailable.equals("wait")) {
      throw invalid("Option '" + BROKER_UNAVAILABLE + "' of source '" + source + "' takes 'fail' or 'wait', not '"
          + options.get(BROKER_UNAVAILABLE) + "'.");
    }
    waitsForBroker = unavailable.equals("wait");
    idleTimeoutMillis = options.containsKey(IDLE_TIMEOUT)
        ? io.sluice.catalog.Durations.positiveMillis(IDLE_TIMEOUT, options.get(IDLE_TIMEOUT)) : Long.MAX_VALUE;

    consumer.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    consumer.putIfAbsent(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    consumer.putIfAbsent(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "30000");
    consumer.putIfAbsent(ConsumerConfig.CLIENT_ID_CONFIG, "sluice-" + source);
    consumer.setProperty(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    consumer.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    consumer.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
    consumerProperties = consumer;
    try {
      timeoutMillis = Long.parseLong(consumer.getProperty(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG).trim());
    } catch (NumberFormatException e) {
      throw invalid("Option 'properties." + ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG + "' of source '" + source
          + "' must be a number of milliseconds.");
    }
  }

  private static java.util.regex.Pattern parsePattern(String source, String text) {
    try {
      return java.util.regex.Pattern.compile(text);
    } catch (java.util.regex.PatternSyntaxException e) {
      throw invalid("Option '" + TOPIC_PATTERN + "' of source '" + source + "' is not a regular expression: "
          + e.getDescription() + " near index " + e.getIndex() + " of '" + text + "'.");
    }
  }

  Duration timeout() {
    return Duration.ofMillis(timeoutMillis);
  }

  static KafkaOptions parse(String source, Map<String, String> options) {
    return new KafkaOptions(source, new LinkedHashMap<>(options));
  }

  static String required(Map<String, String> options, String key, String what) {
    String value = options.get(key);
    if (value == null || value.isBlank()) {
      throw invalid("Option '" + key + "' is required for connector 'kafka': " + what + ".");
    }
    return value.trim();
  }

  private static Startup parseStartup(String text) {
    if (text == null) {
      return Startup.EARLIEST;
    }
    List<String> names = new ArrayList<>();
    for (Startup startup : Startup.values()) {
      if (startup.optionValue().equalsIgnoreCase(text.trim())) {
        return startup;
      }
      names.add(startup.optionValue());
    }
    throw invalid("Unknown value '" + text + "' for option '" + STARTUP + "': valid values are "
        + String.join(", ", names) + "." + NameMatcher.hint(text, names));
  }

  private static long parseTimestamp(String source, String text) {
    if (text == null || text.isBlank()) {
      throw invalid("Source '" + source + "' starts at a timestamp ('" + STARTUP + "' = 'timestamp'): option '"
          + STARTUP_TIMESTAMP + "' must give it, as '2024-01-01 00:00:00' (UTC) or epoch milliseconds.");
    }
    String trimmed = text.trim();
    try {
      return Long.parseLong(trimmed);
    } catch (NumberFormatException notMillis) {
      try {
        return io.sluice.catalog.data.Values.timestampFromJava(java.time.LocalDateTime.parse(trimmed.replace(' ', 'T')));
      } catch (java.time.format.DateTimeParseException e) {
        throw invalid("Option '" + STARTUP_TIMESTAMP + "' of source '" + source + "' is '" + text + "', neither a"
            + " timestamp ('2024-01-01 00:00:00', UTC) nor epoch milliseconds.");
      }
    }
  }

  private static KafkaOffsets parseOffsets(String source, String topic, String text) {
    if (text == null || text.isBlank()) {
      throw invalid("Source '" + source + "' starts at given offsets ('" + STARTUP + "' = 'offsets'): option '"
          + STARTUP_OFFSETS + "' must list them as " + offsetsForm(topic) + ".");
    }
    try {
      return KafkaOffsets.parse(text.replace(" ", ""), source, topic);
    } catch (SluiceException e) {
      throw invalid("Option '" + STARTUP_OFFSETS + "' of source '" + source + "' = '" + text + "' is not a list of "
          + offsetsForm(topic) + ".");
    }
  }

  private static String offsetsForm(String topic) {
    return topic != null ? "partition:offset pairs, e.g. '0:42, 1:300'"
        : "topic:partition:offset entries (with 'topic-pattern'), e.g. 'orders-a:0:42, orders-b:1:300'";
  }

  private static boolean parseBoolean(Map<String, String> options, String key) {
    String text = options.get(key);
    if (text == null || text.trim().equalsIgnoreCase("false")) {
      return false;
    }
    if (text.trim().equalsIgnoreCase("true")) {
      return true;
    }
    throw invalid("Option '" + key + "' must be true or false, not '" + text + "'.");
  }

  static SluiceException invalid(String message) {
    return new SluiceException(ErrorCode.INVALID_OPTION, message);
  }
}
