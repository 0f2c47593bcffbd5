package io.sluice.engine.connector.kafka;

import io.sluice.catalog.Column;
import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.BatchConsumer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteBufferDeserializer;

/**
 * A Kafka topic as a stream source ({@code CREATE SOURCE ... WITH (connector = 'kafka')}). Each
 * record's value is one row in format {@code json} or {@code csv}, or one or two changes of a
 * row in {@code debezium-json}, or an upsert or delete by key in {@code upsert-json} (changelogs:
 * {@link #changelogFormat}, {@link #changelogNeedsNormalize}), decoded by the files
 * connector's parsers with their malformed-row modes.
 *
 * <p>The position is a {@link KafkaOffsets}: the next offset per partition, kept in Sluice's
 * offset log, never committed to a consumer group. A batch's end offsets are read from the
 * broker (under {@code read_committed}, the last stable offsets) before it runs, and the batch
 * reads exactly the records between its start and end offsets, with {@code assign} and
 * {@code seek}, so a batch run again after a crash reads the same records.
 *
 * <p>With a watermark, the source's event time is per partition: the watermark builds on the
 * smallest over partitions of the largest event time each showed (reported through
 * {@link ScanRequest#partEventTimes}), leaving out partitions without new records for
 * {@code scan.watermark.idle-timeout}, so a partition that lags keeps its rows and a quiet one
 * does not hold every window open.
 *
 * <p>A partition the position does not know yet (every partition, when a query starts without
 * a checkpoint; a partition added to the topic later) first gets a batch that only fixes where
 * reading starts: the partition's end offset for {@code scan.startup = 'latest'}, else its
 * beginning. That batch reads nothing; the next ones read on from there.
 */
final class KafkaSource implements StreamSource {
  static final String PARTITION_COLUMN = "_partition";
  static final String OFFSET_COLUMN = "_offset";
  static final String TIMESTAMP_COLUMN = "_timestamp";
  static final String KEY_COLUMN = "_key";
  static final String HEADERS_COLUMN = "_headers";
  static final String TOPIC_COLUMN = "_topic";
  /** The metadata columns, in the order they follow the record's columns. */
  static final List<String> METADATA_COLUMNS = List.of(PARTITION_COLUMN, OFFSET_COLUMN, TIMESTAMP_COLUMN, KEY_COLUMN,
      HEADERS_COLUMN, TOPIC_COLUMN);

  private final String name;
  private final KafkaOptions options;
  private final TableSchema recordSchema;
  private final TableSchema schema;
  private final AtomicLong malformedRecordsDropped = new AtomicLong();
  private final BrokerWait brokerWait;
  /** The consumer, opened on first use; every use holds this source's lock (a consumer is single-threaded). */
  private KafkaConsumer<byte[], java.nio.ByteBuffer> consumer;
  /** Where the consumer stands in the partitions the last batches read ({@link KafkaBatchReader}). */
  private final Map<TopicPartition, Long> positions = new java.util.HashMap<>();

  /** The event-time column of the watermark in {@link #schema}, or -1 when the source declares none. */
  private final int eventTimeColumn;

  private KafkaSource(String name, KafkaOptions options, TableSchema recordSchema, TableSchema schema,
      int eventTimeColumn) {
    this.name = name;
    this.eventTimeColumn = eventTimeColumn;
    this.options = options;
    this.recordSchema = recordSchema;
    this.schema = schema;
    this.brokerWait = new BrokerWait(name, options.bootstrapServers);
  }

  static KafkaSource open(TableDefinition definition) {
    KafkaOptions options = KafkaOptions.parse(definition.name(), definition.options());
    TableSchema declared = definition.schema();
    if (declared == null || declared.size() == 0) {
      throw KafkaOptions.invalid("Source '" + definition.name() + "' must declare its columns: a kafka source"
          + " cannot infer them.");
    }
    TableSchema recordSchema = options.format.recordSchema(declared);
    List<Column> columns = new ArrayList<>(recordSchema.columns());
    if (options.metadataColumns) {
      for (String metadata : METADATA_COLUMNS) {
        if (declared.indexOf(metadata) >= 0) {
          throw KafkaOptions.invalid("Column '" + metadata + "' of source '" + definition.name() + "' clashes with"
              + " the metadata column option 'metadata-columns' adds; rename the column.");
        }
      }
      columns.add(new Column(PARTITION_COLUMN, DataType.of(TypeKind.INTEGER).withNullable(false)));
      columns.add(new Column(OFFSET_COLUMN, DataType.of(TypeKind.BIGINT).withNullable(false)));
      columns.add(new Column(TIMESTAMP_COLUMN, DataType.of(TypeKind.TIMESTAMP).withNullable(false)));
      columns.add(new Column(KEY_COLUMN, DataType.of(TypeKind.VARCHAR)));
      columns.add(new Column(HEADERS_COLUMN, DataType.of(TypeKind.VARCHAR)));
      columns.add(new Column(TOPIC_COLUMN, DataType.of(TypeKind.VARCHAR).withNullable(false)));
    }
    TableSchema schema = new TableSchema(columns);
    int eventTime = definition.watermark() == null ? -1 : schema.indexOf(definition.watermark().column());
    return new KafkaSource(definition.name(), options, recordSchema, schema, eventTime);
  }

  @Override
  public TableSchema schema() {
    return schema;
  }

  @Override
  public String initialOffset() {
    return ""; // no partition known: the first batch fixes where each partition starts
  }

  @Override
  public synchronized String nextEndOffset(String start) {
    KafkaOffsets position = KafkaOffsets.parse(start, name, options.topic);
    List<TopicPartition> partitions = partitions();
    if (KafkaBatchReader.assignPaused(consumer(), partitions)) {
      positions.clear();
    }
    List<TopicPartition> unknown = new ArrayList<>();
    List<TopicPartition> known = new ArrayList<>();
    for (TopicPartition partition : partitions) {
      (position.indexOf(partition) < 0 ? unknown : known).add(partition);
    }
    if (!unknown.isEmpty()) {
      // fix the start of the new partitions in a batch of its own, reading nothing
      return position.with(unknown, startOffsets(unknown, position.parts() == 0)).text();
    }
    Map<TopicPartition, Long> ends = withTimeout("read the end offsets of",
        () -> consumer().endOffsets(known, options.timeout()));
    long[] next = new long[position.parts()];
    long[] available = new long[next.length];
    long total = 0;
    for (int i = 0; i < next.length; i++) {
      next[i] = position.next(i);
      Long end = ends.get(position.part(i));
      available[i] = end == null || next[i] < 0 ? 0 : Math.max(0, end - next[i]); // a topic deleted meanwhile: no more
      total += available[i];
    }
    long[] take = RecordBudget.split(available, total, options.maxRecordsPerTrigger);
    for (int i = 0; i < next.length; i++) {
      next[i] += take[i];
    }
    return position.withNext(next).text();
  }

  /**
   * Where reading starts in partitions the position does not know: as {@code scan.startup} says
   * when the query starts ({@code first}), else (partitions added to the topic later) at their
   * beginning.
   */
  private Map<TopicPartition, Long> startOffsets(List<TopicPartition> unknown, boolean first) {
    KafkaOptions.Startup startup = first ? options.startup : KafkaOptions.Startup.EARLIEST;
    Map<TopicPartition, Long> starts = new java.util.HashMap<>(withTimeout("read the beginning offsets of",
        () -> consumer().beginningOffsets(unknown, options.timeout())));
    switch (startup) {
      case LATEST:
        starts.putAll(withTimeout("read the end offsets of", () -> consumer().endOffsets(unknown, options.timeout())));
        break;
      case TIMESTAMP: {
        Map<TopicPartition, Long> times = new java.util.HashMap<>();
        unknown.forEach(partition -> times.put(partition, options.startupTimestamp));
        Map<TopicPartition, org.apache.kafka.clients.consumer.OffsetAndTimestamp> found = withTimeout(
            "find the offsets at timestamp " + options.startupTimestamp + " in",
            () -> consumer().offsetsForTimes(times, options.timeout()));
        Map<TopicPartition, Long> ends = withTimeout("read the end offsets of",
            () -> consumer().endOffsets(unknown, options.timeout()));
        for (TopicPartition partition : unknown) {
          org.apache.kafka.clients.consumer.OffsetAndTimestamp at = found.get(partition);
          starts.put(partition, at == null ? ends.get(partition) : at.offset()); // none that late: only new records
        }
        break;
      }
      case OFFSETS:
        for (TopicPartition partition : unknown) {
          long given = options.startupOffsets.next(partition);
          if (given >= 0) {
            starts.put(partition, given);
          }
        }
        break;
      default:
        break;
    }
    return starts;
  }

  @Override
  public synchronized void read(String start, String end, ScanRequest request, BatchConsumer batches) {
    if (start.equals(end)) {
      return;
    }
    KafkaOffsets from = KafkaOffsets.parse(start, name, options.topic);
    KafkaOffsets to = KafkaOffsets.parse(end, name, options.topic);
    long dropped = new KafkaBatchReader(name, options, recordSchema, schema, consumer(), positions, eventTimeColumn,
        brokerWait).read(from, to, request, batches);
    malformedRecordsDropped.addAndGet(dropped);
  }

  /** Records dropped as malformed (mode {@code dropmalformed}) by the batches read so far, counted again when a batch is read again. */
  long malformedRecordsDropped() {
    return malformedRecordsDropped.get();
  }

  /** With a watermark, each partition is a part whose event time the watermark waits for (see {@link #partIdleTimeoutMillis}). */
  @Override
  public int parts(String offset) {
    return eventTimeColumn < 0 ? 0 : KafkaOffsets.parse(offset, name, options.topic).parts();
  }

  @Override
  public long partIdleTimeoutMillis() {
    return options.idleTimeoutMillis;
  }

  @Override
  public synchronized void release() {
    if (consumer != null) {
      KafkaConsumer<byte[], java.nio.ByteBuffer> closing = consumer;
      consumer = null;
      positions.clear();
      UninterruptedClose.run(() -> {
        try {
          closing.close(org.apache.kafka.clients.consumer.CloseOptions.timeout(options.timeout()));
        } catch (KafkaException e) {
          // closing is best effort: the query has ended
        }
      });
    }
  }

  /** Whether the consumer is open (for tests: a stopped query closes it). */
  synchronized boolean consumerOpen() {
    return consumer != null;
  }

  /** The partitions read: the topic's in partition order, or those of every topic the pattern matches, by topic. */
  private List<TopicPartition> partitions() {
    if (options.topic == null) {
      Map<String, List<PartitionInfo>> topics = withTimeout("find",
          () -> consumer().listTopics(options.timeout()));
      List<TopicPartition> partitions = new ArrayList<>();
      for (String topic : new java.util.TreeSet<>(topics.keySet())) {
        if (options.topicPattern.matcher(topic).matches()) {
          partitions.addAll(partitionsOf(topic, topics.get(topic)));
        }
      }
      return partitions; // none may match yet: the source waits for a topic that does
    }
    List<PartitionInfo> infos = withTimeout("list the partitions of",
        () -> consumer().partitionsFor(options.topic, options.timeout()));
    if (infos == null || infos.isEmpty()) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Topic '" + options.topic + "' of kafka source '" + name
          + "' does not exist on '" + options.bootstrapServers + "'.");
    }
    return partitionsOf(options.topic, infos);
  }

  private List<TopicPartition> partitionsOf(String topic, List<PartitionInfo> infos) {
    TopicPartition[] partitions = new TopicPartition[infos.size()];
    for (PartitionInfo info : infos) {
      if (info.partition() >= partitions.length) {
        throw new SluiceException(ErrorCode.IO_ERROR, "Topic '" + topic + "' of kafka source '" + name
            + "' reports partition " + info.partition() + " among only " + partitions.length + " partitions.");
      }
      partitions[info.partition()] = new TopicPartition(topic, info.partition());
    }
    return List.of(partitions);
  }

  private KafkaConsumer<byte[], java.nio.ByteBuffer> consumer() {
    if (consumer == null) {
      try {
        // values as views of the fetched bytes, decoded in place (RecordValue); keys, rarely read, as arrays
        consumer = new KafkaConsumer<>(options.consumerProperties, new ByteArrayDeserializer(),
            new ByteBufferDeserializer());
      } catch (KafkaException e) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Cannot create the Kafka consumer of source '" + name
            + "': " + KafkaBatchReader.message(e) + " (check its properties.* options)", e);
      }
    }
    return consumer;
  }

  private interface BrokerCall<T> {
    T call();
  }

  /** Calls the broker; one that does not answer fails the batch, or with 'broker-unavailable' = 'wait' is asked again. */
  private <T> T withTimeout(String what, BrokerCall<T> call) {
    while (true) {
      try {
        T answer = once(what, call);
        brokerWait.answered();
        return answer;
      } catch (SluiceException e) {
        if (!options.waitsForBroker || !(e.getCause() instanceof org.apache.kafka.common.errors.RetriableException)) {
          throw e;
        }
        brokerWait.notAnswering(what + " " + options.topics);
      }
    }
  }

  @Override
  public String waitingFor() {
    return brokerWait.waitingFor();
  }

  private <T> T once(String what, BrokerCall<T> call) {
    try {
      return call.call();
    } catch (TimeoutException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + name + "' could not " + what + " "
          + options.topics + " at '" + options.bootstrapServers + "' within " + options.timeoutMillis
          + " ms (option 'properties.default.api.timeout.ms'): is the broker running and reachable?", e);
    } catch (KafkaException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + name + "' could not " + what + " "
          + options.topics + " at '" + options.bootstrapServers + "': " + KafkaBatchReader.message(e), e);
    }
  }

  @Override
  public String changelogFormat() {
    return options.format.changelog() ? options.format.name() : null;
  }

  @Override
  public boolean changelogNeedsNormalize() {
    return options.format.needsNormalize();
  }

  @Override
  public String describe() {
    String topics = options.topic != null ? "topic " + options.topic : "topics matching " + options.topicPattern.pattern();
    return "kafka " + topics + " at " + options.bootstrapServers + " (" + options.format.name() + ")";
  }
}
