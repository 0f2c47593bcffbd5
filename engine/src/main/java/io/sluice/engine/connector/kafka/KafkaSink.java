package io.sluice.engine.connector.kafka;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableDefinition;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.RowKind;
import java.io.IOException;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka topic as a sink ({@code CREATE SINK ... WITH (connector = 'kafka')}), exactly once:
 * each micro-batch is written in one Kafka transaction, so {@code read_committed} consumers see
 * all of a batch or none of it.
 *
 * <p>The producer's {@code transactional.id} comes from the sink and the query writing to it
 * (option {@code transactional-id}, by default {@code sluice-<sink>-<topic>-<query id>}, the query
 * id kept by the query's checkpoint, so the same across restarts, and another for another query
 * or another process's query into a sink of the same name); opening the producer
 * ({@code initTransactions}) fences any earlier producer with that id, a process killed
 * mid-batch say, and aborts its open transaction.
 *
 * <p>A batch committed to Kafka just before a crash, but not yet in the query's checkpoint, is
 * run again on restart with the same id. To recognise it, every transaction also commits, through
 * {@code sendOffsetsToTransaction}, the batch id into a consumer group named like the
 * transactional id ({@link CommittedBatch}); that commit is part of the transaction, visible
 * if and only if the batch's records are. After the fencing, the sink reads the group's
 * committed batch id once, and a batch at or below it is skipped. (Reading the topic's
 * committed tail for a batch id in a header was the alternative: it costs a scan back past
 * other producers' records and fails for a batch that wrote no records; a consumer group entry
 * costs one request.)
 */
final class KafkaSink implements StreamSink {
  /** How long closing waits for the producer's network thread: between batches nothing is left to send. */
  private static final java.time.Duration CLOSE_TIMEOUT = java.time.Duration.ofSeconds(30);
  private final KafkaSinkOptions options;
  private final TableSchema declared;
  /** The producer, opened by the first batch after a start or a failure; guarded by this. */
  private KafkaProducer<byte[], byte[]> producer;
  /** The highest batch id committed to the topic, known once the producer is open. */
  private long lastCommitted = -1;
  private boolean writing;
  /** The transactional id of the query writing (see {@link #startQuery}). */
  private String transactionalId;

  private KafkaSink(KafkaSinkOptions options, TableSchema declared) {
    this.options = options;
    this.declared = declared;
    this.transactionalId = options.transactionalId;
  }

  @Override
  public synchronized void startQuery(String queryId) {
    String id = options.transactionalIdGiven ? options.transactionalId : options.transactionalId + "-" + queryId;
    if (!id.equals(transactionalId)) {
      if (!writing) {
        discardProducer(); // another query's producer: this one fences only its own earlier runs
      }
      transactionalId = id;
      lastCommitted = -1;
    }
  }

  /** The transactional id the next producer opens with. */
  synchronized String transactionalId() {
    return transactionalId;
  }

  static KafkaSink open(TableDefinition definition) {
    KafkaSinkOptions options = KafkaSinkOptions.parse(definition.name(), definition.options());
    TableSchema schema = definition.schema();
    KafkaSink sink = new KafkaSink(options, schema == null || schema.size() == 0 ? null : schema);
    if (sink.declared != null) {
      sink.keyIndexes(sink.declared);
    }
    return sink;
  }

  @Override
  public TableSchema schema() {
    return declared;
  }

  @Override
  public boolean takesChangelog() {
    return options.format.carriesChanges();
  }

  @Override
  public void check(OutputMode mode, TableSchema schema) {
    String format = "format '" + options.format.optionValue() + "'";
    if (mode == OutputMode.COMPLETE) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Kafka sink '" + options.sink + "' cannot take complete output"
          + " (the whole result again every batch): a topic cannot replace what it holds. "
          + (options.format.carriesChanges() ? "Use SET 'pipeline.output-mode' = 'update', which " + format
          + " writes as a changelog." : "Use SET 'pipeline.output-mode' = 'update' with format 'upsert-json' (and a"
          + " key) or 'debezium-json'."));
    }
    if (mode == OutputMode.UPDATE && !options.format.carriesChanges()) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Kafka sink '" + options.sink + "' in " + format
          + " takes only inserts, but the query writes a changelog (+I, -U, +U, -D) in update mode: use format"
          + " 'upsert-json' (with key = '...') or 'debezium-json', or make the query append-only.");
    }
    keyIndexes(schema);
  }

  /** The positions of the key columns in {@code schema}; refuses a key column it lacks. */
  private int[] keyIndexes(TableSchema schema) {
    int[] indexes = new int[options.keyColumns.size()];
    for (int k = 0; k < indexes.length; k++) {
      String column = options.keyColumns.get(k);
      indexes[k] = schema.indexOf(column);
      if (indexes[k] < 0) {
        throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Key column '" + column + "' of kafka sink '"
            + options.sink + "' is not among the columns written: " + String.join(", ", schema.names()) + ".");
      }
    }
    return indexes;
  }

  @Override
  public synchronized BatchWriter open(long batchId, OutputMode mode, TableSchema schema) {
    TableSchema rows = schema == null ? declared : schema;
    check(mode, rows);
    if (writing) {
      throw new SluiceException(ErrorCode.CHECKPOINT_IN_USE, "Kafka sink '" + options.sink + "' is already writing a"
          + " batch: one query at a time may write to it (its transactional id is '" + transactionalId
          + "').");
    }
    KafkaProducer<byte[], byte[]> open = producer();
    if (batchId <= lastCommitted) {
      return IGNORED_BATCH;
    }
    KafkaRecordEncoder encoder = new KafkaRecordEncoder(options, rows, keyIndexes(rows));
    call("begin the transaction of batch " + batchId, open::beginTransaction);
    writing = true;
    return new Writer(open, batchId, encoder);
  }

  /** The open producer: on first use it fences earlier producers of the id and learns the last committed batch. */
  private KafkaProducer<byte[], byte[]> producer() {
    if (producer == null) {
      KafkaProducer<byte[], byte[]> created;
      try {
        Properties properties = new Properties();
        properties.putAll(options.producerProperties);
        properties.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        created = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
      } catch (KafkaException e) {
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Cannot create the Kafka producer of sink '" + options.sink
            + "': " + KafkaBatchReader.message(e) + " (check its properties.* options)", e);
      }
      try {
        created.initTransactions();
        requireTopic(created);
        lastCommitted = CommittedBatch.read(options, transactionalId);
      } catch (RuntimeException e) {
        created.close();
        throw failure("start writing (fence earlier writers and read the last committed batch)", e);
      }
      producer = created;
    }
    return producer;
  }

  /**
   * Makes sure the topic exists before the first transaction: asking for its partitions lets a
   * broker that creates topics on use create it, and one that does not fails here with the topic's
   * name. Without it a first batch without records commits its batch id on a partition that does not
   * exist, which the broker answers only by letting the producer time out.
   */
  private void requireTopic(KafkaProducer<byte[], byte[]> created) {
    try {
      created.partitionsFor(options.topic);
    } catch (org.apache.kafka.common.errors.TimeoutException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Topic '" + options.topic + "' of kafka sink '" + options.sink
          + "' does not exist at '" + options.bootstrapServers + "', and the broker did not create it (its"
          + " auto.create.topics.enable is off, or it did not answer within 'properties.max.block.ms'): create the"
          + " topic first.", e);
    }
  }

  @Override
  public synchronized void release() {
    if (producer != null && !writing) {
      KafkaProducer<byte[], byte[]> closing = producer;
      producer = null;
      UninterruptedClose.run(() -> {
        try {
          closing.close(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
          // closing is best effort: the query has ended
        }
      });
    }
  }

  /** Closes the producer after a failure, so the next batch starts over with a new one. */
  private synchronized void discardProducer() {
    if (producer != null) {
      try {
        producer.close(java.time.Duration.ZERO);
      } catch (RuntimeException e) {
        // already failed; the next batch opens a new producer and fences this one
      }
      producer = null;
    }
  }

  private synchronized void finished(long batchId, boolean committed) {
    writing = false;
    if (committed) {
      lastCommitted = batchId;
    }
  }

  private void call(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      discardProducer();
      throw failure(what, e);
    }
  }

  private SluiceException failure(String what, RuntimeException e) {
    if (e instanceof SluiceException) {
      return (SluiceException) e;
    }
    if (e instanceof ProducerFencedException) {
      return new SluiceException(ErrorCode.IO_ERROR, "Kafka sink '" + options.sink + "' could not " + what
          + ": another producer with transactional id '" + transactionalId + "' took over (is another"
          + " process writing to sink '" + options.sink + "'? give each its own option 'transactional-id').", e);
    }
    return new SluiceException(ErrorCode.IO_ERROR, "Kafka sink '" + options.sink + "' could not " + what
        + " on topic '" + options.topic + "' at '" + options.bootstrapServers + "': " + KafkaBatchReader.message(e), e);
  }

  @Override
  public String describe() {
    return "kafka topic " + options.topic + " at " + options.bootstrapServers + " ("
        + options.format.optionValue() + ")";
  }

  /** One batch's transaction. */
  private final class Writer implements BatchWriter {
    private final KafkaProducer<byte[], byte[]> producer;
    private final long batchId;
    private final KafkaRecordEncoder encoder;
    private boolean done;

    Writer(KafkaProducer<byte[], byte[]> producer, long batchId, KafkaRecordEncoder encoder) {
      this.producer = producer;
      this.batchId = batchId;
      this.encoder = encoder;
    }

    @Override
    public void write(Batch batch, byte[] kinds) {
      int rowCount = batch.rowCount();
      try {
        for (int k = 0; k < rowCount; k++) {
          int row = batch.row(k);
          byte kind = kinds == null ? RowKind.INSERT : kinds[row];
          if (encoder.writes(kind)) {
            producer.send(new ProducerRecord<>(options.topic, encoder.key(batch, row), encoder.value(batch, row, kind)));
          }
        }
      } catch (IOException e) {
        throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Kafka sink '" + options.sink + "' could not encode a row"
            + " of batch " + batchId + ": " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw failure("write batch " + batchId, e);
      }
    }

    @Override
    public void commit() {
      call("commit batch " + batchId, () -> {
        CommittedBatch.addTo(producer, options, transactionalId, batchId);
        producer.commitTransaction();
      });
      done = true;
      finished(batchId, true);
    }

    @Override
    public void close() {
      if (done) {
        return;
      }
      done = true;
      try {
        producer.abortTransaction();
      } catch (RuntimeException e) {
        discardProducer(); // the next batch fences and aborts it with a new producer
      }
      finished(batchId, false);
    }
  }

}
