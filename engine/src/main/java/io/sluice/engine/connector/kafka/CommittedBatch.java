package io.sluice.engine.connector.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The id of the last batch a kafka sink committed, kept by Kafka itself in the same transaction
 * as the batch's records: a consumer group named like the sink's transactional id holds, for
 * partition 0 of the sink's topic, an "offset" that is the batch id. Nothing consumes with this
 * group; it is a record of the sink's commits that Kafka makes visible atomically with them.
 */
final class CommittedBatch {
  private static final String METADATA = "sluice batch id";

  private CommittedBatch() {}

  /** Adds "batch {@code batchId} committed" to the producer's open transaction. */
  static void addTo(KafkaProducer<byte[], byte[]> producer, KafkaSinkOptions options, String transactionalId,
      long batchId) {
    producer.sendOffsetsToTransaction(Map.of(partition(options), new OffsetAndMetadata(batchId, METADATA)),
        new ConsumerGroupMetadata(transactionalId));
  }

  /**
   * The last batch id committed, or -1 before the first. Call after {@code initTransactions}, so
   * no transaction of an earlier producer is still pending; stable offsets only are read.
   */
  static long read(KafkaSinkOptions options, String transactionalId) {
    Properties properties = new Properties();
    for (String key : options.producerProperties.stringPropertyNames()) {
      if (AdminClientConfig.configNames().contains(key)) {
        properties.setProperty(key, options.producerProperties.getProperty(key));
      }
    }
    try (Admin admin = Admin.create(properties)) {
      Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(transactionalId,
          new ListConsumerGroupOffsetsOptions().requireStable(true)).partitionsToOffsetAndMetadata()
          .get(60, TimeUnit.SECONDS);
      OffsetAndMetadata committed = offsets.get(partition(options));
      return committed == null ? -1 : committed.offset();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof KafkaException ? (KafkaException) e.getCause()
          : new KafkaException(e.getCause());
    } catch (java.util.concurrent.TimeoutException e) {
      throw new KafkaException("no answer within 60 seconds", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new KafkaException("interrupted", e);
    }
  }

  private static TopicPartition partition(KafkaSinkOptions options) {
    return new TopicPartition(options.topic, 0);
  }
}
