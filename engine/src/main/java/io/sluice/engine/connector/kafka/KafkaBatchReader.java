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
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
  private final KafkaConsumer<byte[], byte[]> consumer;
  /** The watermark's event-time column in {@code schema}, or -1. */
  private final int eventTimeColumn;

  KafkaBatchReader(String source, KafkaOptions options, TableSchema recordSchema, TableSchema schema,
      KafkaConsumer<byte[], byte[]> consumer, int eventTimeColumn) {
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
    for (int p = 0; p < to.partitions(); p++) {
      long start = from.next(p);
      if (start >= 0 && start < to.next(p)) {
        partitions.add(new TopicPartition(options.topic, p));
      } else if (start > to.next(p) && to.next(p) >= 0) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Batch of kafka source '" + source + "' ends before it"
            + " starts in partition " + p + " of topic '" + options.topic + "' (" + start + " > " + to.next(p) + ").");
      }
    }
    if (partitions.isEmpty()) {
      return 0;
    }
    Rows rows = new Rows(request, batches);
    try {
      assignPaused(consumer, partitions);
      for (TopicPartition partition : partitions) {
        consumer.seek(partition, from.next(partition.partition()));
      }
      consumer.resume(partitions);
      int open = partitions.size();
      long[] reached = new long[to.partitions()];
      for (TopicPartition partition : partitions) {
        reached[partition.partition()] = from.next(partition.partition());
      }
      long lastProgress = System.nanoTime();
      while (open > 0) {
        ConsumerRecords<byte[], byte[]> records = poll(partitions, from, to);
        boolean progress = false;
        for (TopicPartition partition : records.partitions()) {
          int p = partition.partition();
          long end = to.next(p);
          if (reached[p] >= end) {
            continue;
          }
          rows.startPartition(p);
          for (ConsumerRecord<byte[], byte[]> record : records.records(partition)) {
            if (record.offset() >= end) {
              break;
            }
            rows.add(record);
          }
          progress = true;
        }
        // the position passes transaction markers and aborted records too
        for (TopicPartition partition : partitions) {
          int p = partition.partition();
          if (reached[p] < to.next(p)) {
            long position = consumer.position(partition, options.timeout());
            if (position > reached[p]) {
              reached[p] = position;
              progress = true;
            }
            if (reached[p] >= to.next(p)) {
              consumer.pause(List.of(partition));
              open--;
            }
          }
        }
        if (progress) {
          lastProgress = System.nanoTime();
        } else if (System.nanoTime() - lastProgress > options.timeoutMillis * 1_000_000) {
          TopicPartition late = null;
          for (TopicPartition partition : partitions) {
            if (reached[partition.partition()] < to.next(partition.partition())) {
              late = partition;
              break;
            }
          }
          throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + source + "' read nothing for "
              + options.timeoutMillis + " ms (option 'properties.default.api.timeout.ms') from topic '" + options.topic
              + "', partition " + late.partition() + ", offset " + reached[late.partition()] + ", while the batch"
              + " reads up to offset " + to.next(late.partition()) + " at '" + options.bootstrapServers
              + "': is the broker running and reachable?");
        }
      }
      rows.flush();
      return rows.decoder.dropped();
    } catch (KafkaException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Kafka source '" + source + "' failed reading topic '"
          + options.topic + "' at '" + options.bootstrapServers + "': " + message(e), e);
    } finally {
      // paused rather than unassigned, so that fetches still under way end quietly
      consumer.pause(consumer.assignment());
    }
  }

  private ConsumerRecords<byte[], byte[]> poll(List<TopicPartition> partitions, KafkaOffsets from, KafkaOffsets to) {
    try {
      return consumer.poll(POLL);
    } catch (OffsetOutOfRangeException e) {
      StringBuilder where = new StringBuilder();
      e.offsetOutOfRangePartitions().forEach((partition, offset) -> where.append(where.length() == 0 ? "" : "; ")
          .append("partition ").append(partition.partition()).append(" from offset ").append(offset));
      throw new SluiceException(ErrorCode.IO_ERROR, "Records of topic '" + options.topic + "' that kafka source '"
          + source + "' must read are no longer on the broker (" + where + "), deleted by retention or by a"
          + " truncation. The checkpoint's offsets cannot be read again; start the query with a new checkpoint.", e);
    }
  }

  /**
   * Keeps {@code partitions} assigned to the consumer, paused. Partitions stay assigned between
   * batches: the consumer warns when it learns end offsets of partitions it does not hold.
   */
  static void assignPaused(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
    java.util.Set<TopicPartition> assigned = consumer.assignment();
    if (!assigned.containsAll(partitions)) {
      java.util.Set<TopicPartition> all = new java.util.HashSet<>(assigned);
      all.addAll(partitions);
      consumer.assign(all);
      consumer.pause(all);
      // a position for every assigned partition, else a poll fails; batches seek where they read
      java.util.Set<TopicPartition> added = new java.util.HashSet<>(partitions);
      added.removeAll(assigned);
      consumer.seekToBeginning(added);
    }
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
    private final RecordHeadersJson headers;
    /** The event-time column among the requested ones, or null; with it, the partition of each row of the batch. */
    private final LongVector eventTimes;
    private final int[] rowPartition;
    private long[] partitionMax = new long[0];
    private final io.sluice.catalog.connector.PartEventTimes partEventTimes;
    private String[] places = new String[0];
    private String[] names = new String[0];
    /** The format gives rows with kinds, possibly two per record. */
    private final boolean changelog;
    /** The record being decoded, whose metadata fills each row it gives. */
    private ConsumerRecord<byte[], byte[]> current;

    Rows(ScanRequest request, BatchConsumer batches) {
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
      headers = headersColumn == null ? null : new RecordHeadersJson();
      int eventTimeAt = -1;
      for (int j = 0; j < columns.length; j++) {
        if (columns[j] == eventTimeColumn) {
          eventTimeAt = j;
        }
      }
      eventTimes = eventTimeAt < 0 ? null : (LongVector) batch.columns[eventTimeAt];
      rowPartition = eventTimes == null ? null : new int[Batch.DEFAULT_CAPACITY];
      partEventTimes = request.partEventTimes();
      Batch decodedBatch = new Batch(decoded, 0);
      changelog = options.format.changelog();
      decoder = new TextRecordDecoder(options.format, recordSchema, decodedColumns, decodedBatch, full -> {
        batch.size = full.size;
        batch.kinds = Rows.this.decoder.kinds();
        reportEventTimes();
        batches.accept(batch);
        batch.reset();
      }, request.rejects());
      decoder.onRowStart(this::writeMetadata);
    }

    void startPartition(int partition) {
      if (partition >= places.length) {
        places = java.util.Arrays.copyOf(places, partition + 1);
        names = java.util.Arrays.copyOf(names, partition + 1);
      }
      if (places[partition] == null) {
        names[partition] = "topic '" + options.topic + "', partition " + partition;
        places[partition] = names[partition] + ", offset ";
      }
      decoder.setPlace(places[partition], names[partition]);
    }

    /** Reports the largest event time of each partition among the batch's rows. */
    private void reportEventTimes() {
      if (eventTimes == null) {
        return;
      }
      for (int row = 0; row < batch.size; row++) {
        int p = rowPartition[row];
        if (p >= partitionMax.length) {
          int old = partitionMax.length;
          partitionMax = java.util.Arrays.copyOf(partitionMax, p + 1);
          java.util.Arrays.fill(partitionMax, old, partitionMax.length, Long.MIN_VALUE);
        }
        if (!eventTimes.isNull(row) && eventTimes.values[row] > partitionMax[p]) {
          partitionMax[p] = eventTimes.values[row];
        }
      }
      for (int p = 0; p < partitionMax.length; p++) {
        if (partitionMax[p] != Long.MIN_VALUE) {
          partEventTimes.observe(p, partitionMax[p]);
          partitionMax[p] = Long.MIN_VALUE;
        }
      }
    }

    void add(ConsumerRecord<byte[], byte[]> record) {
      byte[] value = record.value();
      if (value == null && changelog) {
        return; // the tombstone Debezium sends after a delete, for log compaction: no change of its own
      }
      current = record;
      if (!changelog) {
        writeMetadata(decoder.nextRow()); // a changelog decoder calls it for each row a record gives
      }
      if (value == null) {
        decoder.decode(EMPTY, 0, 0, record.offset()); // a tombstone: no row can come of it
      } else {
        decoder.decode(value, 0, value.length, record.offset());
      }
      // rows the decoder dropped are filled again by the next record
      int next = decoder.nextRow();
      if (keyColumn != null) {
        keyColumn.rewindTo(next);
      }
      if (headersColumn != null) {
        headersColumn.rewindTo(next);
      }
    }

    /** Writes the current record's partition, offset, timestamp, key and headers into {@code row}. */
    private void writeMetadata(int row) {
      ConsumerRecord<byte[], byte[]> record = current;
      if (rowPartition != null) {
        rowPartition[row] = record.partition();
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
    }

    void flush() {
      decoder.flush();
    }
  }

  private static final byte[] EMPTY = new byte[0];
}
