package io.sluice.engine.connector.kafka;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.BytesVector;
import io.sluice.catalog.data.ColumnVector;
import io.sluice.catalog.data.LongVector;
import io.sluice.engine.connector.files.TextRecordDecoder;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads one batch of a kafka source: per partition, the records from the start offset up to (not
 * including) the end offset, decoded into rows. Records past a partition's end offset that a
 * poll returns are skipped, and the partition is paused once it reached its end.
 */
final class KafkaBatchReader {
  private static final Duration POLL = Duration.ofMillis(200);

  private final String source;
  private final KafkaOptions options;
  private final TableSchema recordSchema;
  private final TableSchema schema;
  private final KafkaConsumer<byte[], ByteBuffer> consumer;
  /** The watermark's event-time column in {@code schema}, or -1. */
  private final int eventTimeColumn;
  private final BrokerWait brokerWait;
  /**
   * Per partition, the consumer's position after the last batch that read it, while nothing else
   * moved it (a failed read or a new assignment forgets them all); kept by the source across batches.
   */
  private final Map<TopicPartition, Long> positions;

  KafkaBatchReader(String source, KafkaOptions options, TableSchema recordSchema, TableSchema schema,
      KafkaConsumer<byte[], ByteBuffer> consumer, Map<TopicPartition, Long> positions, int eventTimeColumn,
      BrokerWait brokerWait) {
    this.positions = positions;
    this.brokerWait = brokerWait;
    this.eventTimeColumn = eventTimeColumn;
    this.source = source;
    this.options = options;
    this.recordSchema = recordSchema;
    this.schema = schema;
    this.consumer = consumer;
  }

  /** Reads the batch's records; returns how many were dropped as malformed. */
  long read(KafkaOffsets from, KafkaOffsets to, ScanRequest request, BatchConsumer batches) {
    List<TopicPartition> partitions = new ArrayList<>();
    for (int i = 0; i < to.parts(); i++) {
      TopicPartition part = to.part(i);
      long start = from.next(part);
      if (start >= 0 && start < to.next(i)) {
        partitions.add(part);
      } else if (start > to.next(i) && to.next(i) >= 0) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Batch of kafka source '" + source + "' ends before it"
            + " starts in partition " + part.partition() + " of topic '" + part.topic() + "' (" + start + " > "
            + to.next(i) + ").");
      }
    }
    if (partitions.isEmpty()) {
      return 0;
    }
    Rows rows = new Rows(request, batches, to);
    boolean read = false;
    try {
      if (assignPaused(consumer, partitions)) {
        positions.clear();
      }
      for (TopicPartition partition : partitions) {
        // a batch that starts where the last one ended keeps what the consumer fetched ahead: a seek drops it
        Long position = positions.remove(partition);
        if (position == null || position != from.next(partition)) {
          consumer.seek(partition, from.next(partition));
        }
      }
      consumer.resume(partitions);
      int open = partitions.size();
      long[] reached = new long[to.parts()];
      for (TopicPartition partition : partitions) {
        reached[to.indexOf(partition)] = from.next(partition);
      }
      long lastProgress = System.nanoTime();
      while (open > 0) {
        ConsumerRecords<byte[], ByteBuffer> records = poll();
        boolean progress = false;
        for (TopicPartition partition : records.partitions()) {
          int part = to.indexOf(partition);
          long end = to.next(part);
          if (part < 0 || reached[part] >= end) {
            continue;
          }
          rows.startPart(part);
          for (ConsumerRecord<byte[], ByteBuffer> record : records.records(partition)) {
            if (record.offset() >= end) {
              break;
            }
            rows.add(record);
          }
          progress = true;
        }
        // the position passes transaction markers and aborted records too
        for (TopicPartition partition : partitions) {
          int part = to.indexOf(partition);
          if (reached[part] < to.next(part)) {
            long position = position(partition);
            if (position > reached[part]) {
              reached[part] = position;
              progress = true;
            }
            if (reached[part] >= to.next(part)) {
              consumer.pause(List.of(partition));
              open--;
            }
          }
        }
        if (progress) {
          lastProgress = System.nanoTime();
          brokerWait.answered();
        } else if (System.nanoTime() - lastProgress > options.timeoutMillis * 1_000_000 && options.waitsForBroker) {
          brokerWait.notAnswering("read " + options.topics); // the batch goes on from where it is once it answers
        } else if (System.nanoTime() - lastProgress > options.timeoutMillis * 1_000_000) {
          int late = -1;
          for (TopicPartition partition : partitions) {
            int part = to.indexOf(partition);
            if (reached[part] < to.next(part)) {
              late = part;
              break;
            }
          }
          throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + source + "' read nothing for "
              + options.timeoutMillis + " ms (option 'properties.default.api.timeout.ms') from topic '"
              + to.part(late).topic() + "', partition " + to.part(late).partition() + ", offset " + reached[late]
              + ", while the batch reads up to offset " + to.next(late) + " at '" + options.bootstrapServers
              + "': is the broker running and reachable?");
        }
      }
      rows.flush();
      for (TopicPartition partition : partitions) {
        positions.put(partition, reached[to.indexOf(partition)]);
      }
      read = true;
      return rows.decoder.dropped();
    } catch (KafkaException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + source + "' failed reading " + options.topics
          + " at '" + options.bootstrapServers + "': " + message(e), e);
    } finally {
      if (!read) {
        positions.clear(); // where a failed read left the consumer is not known: the next batch seeks
      }
      // paused rather than unassigned, so that fetches still under way end quietly
      consumer.pause(consumer.assignment());
    }
  }

  /** The consumer's position in {@code partition}, or -1 when the broker did not answer and the source waits for it. */
  private long position(TopicPartition partition) {
    try {
      return consumer.position(partition, options.timeout());
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      if (!options.waitsForBroker) {
        throw e;
      }
      brokerWait.notAnswering("read " + options.topics);
      return -1;
    }
  }

  private ConsumerRecords<byte[], ByteBuffer> poll() {
    try {
      return consumer.poll(POLL);
    } catch (OffsetOutOfRangeException e) {
      StringBuilder where = new StringBuilder();
      e.offsetOutOfRangePartitions().forEach((partition, offset) -> where.append(where.length() == 0 ? "" : "; ")
          .append(options.topic == null ? "topic '" + partition.topic() + "' " : "")
          .append("partition ").append(partition.partition()).append(" from offset ").append(offset));
      throw new SluiceException(ErrorCode.IO_ERROR, "Records of " + options.topics + " that kafka source '"
          + source + "' must read are no longer on the broker (" + where + "), deleted by retention or by a"
          + " truncation. The checkpoint's offsets cannot be read again; start the query with a new checkpoint.", e);
    }
  }

  /**
   * Keeps {@code partitions} assigned to the consumer, paused; true when it assigned new ones.
   * Partitions stay assigned between batches: the consumer warns when it learns end offsets of
   * partitions it does not hold.
   */
  static boolean assignPaused(KafkaConsumer<byte[], ByteBuffer> consumer, List<TopicPartition> partitions) {
    java.util.Set<TopicPartition> assigned = consumer.assignment();
    if (assigned.containsAll(partitions)) {
      return false;
    }
    java.util.Set<TopicPartition> all = new java.util.HashSet<>(assigned);
    all.addAll(partitions);
    consumer.assign(all);
    consumer.pause(all);
    // a position for every assigned partition, else a poll fails; batches seek where they read
    java.util.Set<TopicPartition> added = new java.util.HashSet<>(partitions);
    added.removeAll(assigned);
    consumer.seekToBeginning(added);
    return true;
  }

  static String message(Throwable e) {
    String message = e.getMessage();
    if (e.getCause() != null && e.getCause().getMessage() != null && e.getCause() != e) {
      message = (message == null ? "" : message + ": ") + e.getCause().getMessage();
    }
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /**
   * Turns records into rows of the requested columns: the record's own columns through the text
   * decoder, the metadata columns written here into the row the decoder fills next (and taken
   * back when the decoder drops the record).
   */
  private final class Rows {
    private final Batch batch;
    private final TextRecordDecoder decoder;
    private final LongVector partitionColumn;
    private final LongVector offsetColumn;
    private final LongVector timestampColumn;
    private final BytesVector keyColumn;
    private final BytesVector headersColumn;
    private final BytesVector topicColumn;
    private final RecordHeadersJson headers;
    /** The event-time column among the requested ones, or null; with it, the part of each row of the batch. */
    private final LongVector eventTimes;
    private final int[] rowPart;
    private long[] partMax = new long[0];
    private final io.sluice.catalog.connector.PartEventTimes partEventTimes;
    /** The batch's parts (partitions), and per part its name in errors and its topic's name as UTF-8. */
    private final KafkaOffsets parts;
    private final String[] places;
    private final String[] names;
    private final byte[][] topicNames;
    /** The part of the records being decoded. */
    private int currentPart;
    /** The format gives rows with kinds, possibly two per record. */
    private final boolean changelog;
    /** The format reads each record's key with its value (upserts by key). */
    private final boolean keyed;
    /** The value of the record being decoded, in place in the fetched bytes. */
    private final RecordValue value = new RecordValue();
    /** The record being decoded, whose metadata fills each row it gives. */
    private ConsumerRecord<byte[], ByteBuffer> current;

    Rows(ScanRequest request, BatchConsumer batches, KafkaOffsets parts) {
      this.parts = parts;
      places = new String[parts.parts()];
      names = new String[parts.parts()];
      topicNames = new byte[parts.parts()][];
      int[] columns = request.columns();
      List<DataType> types = new ArrayList<>(columns.length);
      int recordColumns = 0;
      for (int c : columns) {
        types.add(schema.column(c).type());
        if (c < recordSchema.size()) {
          recordColumns++;
        }
      }
      batch = Batch.allocate(types, Batch.DEFAULT_CAPACITY);
      ColumnVector[] decoded = new ColumnVector[recordColumns];
      int[] decodedColumns = new int[recordColumns];
      ColumnVector[] metadata = new ColumnVector[KafkaSource.METADATA_COLUMNS.size()];
      int k = 0;
      for (int j = 0; j < columns.length; j++) {
        int c = columns[j];
        if (c < recordSchema.size()) {
          decoded[k] = batch.columns[j];
          decodedColumns[k++] = c;
        } else {
          metadata[c - recordSchema.size()] = batch.columns[j];
        }
      }
      partitionColumn = (LongVector) metadata[0];
      offsetColumn = (LongVector) metadata[1];
      timestampColumn = (LongVector) metadata[2];
      keyColumn = (BytesVector) metadata[3];
      headersColumn = (BytesVector) metadata[4];
      topicColumn = (BytesVector) metadata[5];
      headers = headersColumn == null ? null : new RecordHeadersJson();
      int eventTimeAt = -1;
      for (int j = 0; j < columns.length; j++) {
        if (columns[j] == eventTimeColumn) {
          eventTimeAt = j;
        }
      }
      eventTimes = eventTimeAt < 0 ? null : (LongVector) batch.columns[eventTimeAt];
      rowPart = eventTimes == null ? null : new int[Batch.DEFAULT_CAPACITY];
      partEventTimes = request.partEventTimes();
      Batch decodedBatch = new Batch(decoded, 0);
      changelog = options.format.changelog();
      keyed = options.format.keyed();
      decoder = new TextRecordDecoder(options.format, recordSchema, decodedColumns, decodedBatch, full -> {
        batch.size = full.size;
        batch.kinds = Rows.this.decoder.kinds();
        reportEventTimes();
        batches.accept(batch);
        batch.reset();
      }, request.rejects());
      decoder.onRowStart(this::writeMetadata);
    }

    void startPart(int part) {
      if (places[part] == null) {
        TopicPartition partition = parts.part(part);
        names[part] = "topic '" + partition.topic() + "', partition " + partition.partition();
        places[part] = names[part] + ", offset ";
        topicNames[part] = partition.topic().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      }
      currentPart = part;
      decoder.setPlace(places[part], names[part]);
    }

    /** Reports the largest event time of each part among the batch's rows. */
    private void reportEventTimes() {
      if (eventTimes == null) {
        return;
      }
      for (int row = 0; row < batch.size; row++) {
        int p = rowPart[row];
        if (p >= partMax.length) {
          int old = partMax.length;
          partMax = java.util.Arrays.copyOf(partMax, p + 1);
          java.util.Arrays.fill(partMax, old, partMax.length, Long.MIN_VALUE);
        }
        if (!eventTimes.isNull(row) && eventTimes.values[row] > partMax[p]) {
          partMax[p] = eventTimes.values[row];
        }
      }
      for (int p = 0; p < partMax.length; p++) {
        if (partMax[p] != Long.MIN_VALUE) {
          partEventTimes.observe(p, partMax[p]);
          partMax[p] = Long.MIN_VALUE;
        }
      }
    }

    void add(ConsumerRecord<byte[], ByteBuffer> record) {
      value.set(record.value());
      if (keyed) {
        current = record;
        decoder.decodeKeyed(record.key(), value.bytes, value.offset, value.length, record.offset());
        rewindMetadata();
        return;
      }
      if (value.bytes == null && changelog) {
        return; // the tombstone Debezium sends after a delete, for log compaction: no change of its own
      }
      current = record;
      if (!changelog) {
        writeMetadata(decoder.nextRow()); // a changelog decoder calls it for each row a record gives
      }
      if (value.bytes == null) {
        decoder.decode(EMPTY, 0, 0, record.offset()); // a tombstone: no row can come of it
      } else if (changelog) {
        // a delete may hold only the key
        decoder.decode(record.key(), value.bytes, value.offset, value.length, record.offset());
      } else {
        decoder.decode(value.bytes, value.offset, value.length, record.offset());
      }
      rewindMetadata();
    }

    /** Rows the decoder dropped are filled again by the next record: so are their variable-length metadata. */
    private void rewindMetadata() {
      int next = decoder.nextRow();
      if (keyColumn != null) {
        keyColumn.rewindTo(next);
      }
      if (headersColumn != null) {
        headersColumn.rewindTo(next);
      }
      if (topicColumn != null) {
        topicColumn.rewindTo(next);
      }
    }

    /** Writes the current record's partition, offset, timestamp, key and headers into {@code row}. */
    private void writeMetadata(int row) {
      ConsumerRecord<byte[], ByteBuffer> record = current;
      if (rowPart != null) {
        rowPart[row] = currentPart;
      }
      if (partitionColumn != null) {
        partitionColumn.values[row] = record.partition();
      }
      if (offsetColumn != null) {
        offsetColumn.values[row] = record.offset();
      }
      if (timestampColumn != null) {
        timestampColumn.values[row] = record.timestamp();
      }
      if (keyColumn != null) {
        if (record.key() == null) {
          keyColumn.setNullAt(row);
        } else {
          keyColumn.set(row, record.key());
        }
      }
      if (headersColumn != null) {
        headers.write(record.headers(), headersColumn, row);
      }
      if (topicColumn != null) {
        topicColumn.set(row, topicNames[currentPart]);
      }
    }

    void flush() {
      decoder.flush();
    }
  }

  private static final byte[] EMPTY = new byte[0];
}
