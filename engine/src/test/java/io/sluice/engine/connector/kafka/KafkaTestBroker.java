package io.sluice.engine.connector.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node Kafka broker (KRaft, one combined controller and broker) in the test JVM,
 * started with Kafka's own cluster test kit. Sized for a small machine: few threads, one
 * partition per topic unless asked, no replication.
 */
final class KafkaTestBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private final KafkaProducer<byte[], byte[]> producer;
  private final Admin admin;

  private KafkaTestBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
    Properties properties = new Properties();
    properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    properties.put(ProducerConfig.ACKS_CONFIG, "all");
    properties.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    this.producer = new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
    this.admin = cluster.admin();
  }

  static KafkaTestBroker start(Path folder) throws Exception {
    TestKitNodes nodes = new TestKitNodes.Builder()
        .setCombined(true)
        .setNumBrokerNodes(1)
        .setNumControllerNodes(1)
        .setBaseDirectory(folder)
        .build();
    KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(nodes)
        .setConfigProp("num.network.threads", "1")
        .setConfigProp("num.io.threads", "2")
        .setConfigProp("background.threads", "2")
        .setConfigProp("num.partitions", "1")
        .setConfigProp("offsets.topic.replication.factor", "1")
        .setConfigProp("offsets.topic.num.partitions", "1")
        .setConfigProp("transaction.state.log.replication.factor", "1")
        .setConfigProp("transaction.state.log.min.isr", "1")
        .setConfigProp("transaction.state.log.num.partitions", "1")
        .setConfigProp("group.initial.rebalance.delay.ms", "0")
        // tests send records stamped in 1970: time-based retention would delete them at its next check
        .setConfigProp("log.retention.ms", "-1")
        .build();
    try {
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaTestBroker(cluster);
    } catch (Exception | Error e) {
      cluster.close();
      throw e;
    }
  }

  String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  void createTopic(String topic, int partitions) throws Exception {
    admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
  }

  /** Grows {@code topic} to {@code partitions} partitions. */
  void addPartitions(String topic, int partitions) throws Exception {
    admin.createPartitions(java.util.Map.of(topic, org.apache.kafka.clients.admin.NewPartitions.increaseTo(partitions)))
        .all().get();
  }

  /** Sends {@code values} to one partition of {@code topic} and waits until the broker has them. */
  void send(String topic, int partition, String... values) throws Exception {
    for (String value : values) {
      producer.send(new ProducerRecord<>(topic, partition, null, value.getBytes(StandardCharsets.UTF_8)));
    }
    producer.flush();
  }

  /** Sends one record with a key (or null) and headers to one partition. */
  void send(String topic, int partition, String key, String value, List<Header> headers) throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, null, key == null ? null : key.getBytes(StandardCharsets.UTF_8),
        value.getBytes(StandardCharsets.UTF_8), headers)).get();
  }

  /** Sends one record with a key and no value (a tombstone) to one partition. */
  void sendTombstone(String topic, int partition, String key) throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, key.getBytes(StandardCharsets.UTF_8), null)).get();
  }

  /** Sends one record with a timestamp to one partition. */
  void send(String topic, int partition, long timestamp, String value) throws Exception {
    producer.send(new ProducerRecord<>(topic, partition, timestamp, null, value.getBytes(StandardCharsets.UTF_8),
        List.of())).get();
  }

  /**
   * Every committed record of {@code topic} as a {@code read_committed} consumer sees it, partition
   * by partition in offset order, each as {@code key|value} (or the value alone when the record
   * has no key; {@code null} for a tombstone).
   */
  List<String> readCommitted(String topic) {
    Properties properties = new Properties();
    properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
    properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    List<String> records = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(),
        new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      for (PartitionInfo info : consumer.partitionsFor(topic)) {
        partitions.add(new TopicPartition(topic, info.partition()));
      }
      partitions.sort(Comparator.comparingInt(TopicPartition::partition));
      Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
      for (TopicPartition partition : partitions) {
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
        while (consumer.position(partition) < ends.get(partition)) {
          for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofSeconds(1))) {
            String value = record.value() == null ? "null" : new String(record.value(), StandardCharsets.UTF_8);
            records.add(record.key() == null ? value : new String(record.key(), StandardCharsets.UTF_8) + "|" + value);
          }
        }
      }
    }
    return records;
  }

  /** Stops the broker (its controller and logs stay): clients see it go away. */
  void stopBroker() {
    kafka.server.BrokerServer server = cluster.brokers().values().iterator().next();
    server.shutdown();
    server.awaitShutdown();
  }

  /** Starts the stopped broker again, on the same port (the test kit keeps its sockets' ports), with its logs. */
  void startBroker() throws Exception {
    cluster.brokers().values().iterator().next().startup();
    cluster.waitForReadyBrokers();
  }

  /** The offset a consumer group committed for one partition, or -1. */
  long committedOffset(String group, String topic, int partition) throws Exception {
    OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get()
        .get(new TopicPartition(topic, partition));
    return committed == null ? -1 : committed.offset();
  }

  @Override
  public void close() throws Exception {
    try {
      producer.close();
      admin.close();
    } finally {
      cluster.close();
    }
  }

}
