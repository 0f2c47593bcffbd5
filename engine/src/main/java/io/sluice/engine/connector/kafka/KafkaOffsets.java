package io.sluice.engine.connector.kafka;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * The position of a {@code kafka} source: per partition it reads, the offset of the next record
 * to read. The partitions are the source's parts, numbered in a fixed order that only grows, so
 * that the watermark kept per part stays with its partition: a partition (or, with a topic
 * pattern, a topic) that appears later is appended.
 *
 * <p>Its text is kept in the checkpoint's offset log. Over one topic it lists the partitions in
 * order, e.g. {@code 0:15,1:20,2:0}; partitions are numbered from 0 without gaps (Kafka's rule),
 * so part {@code p} is partition {@code p}, and a partition the position does not know yet is -1.
 * Over the topics of a pattern each entry names its topic, in part order:
 * {@code orders-a:0:15,orders-b:0:3} (a topic name holds no {@code :} or {@code ,}).
 */
final class KafkaOffsets {
  /** The one topic of a source without a pattern, whose entries do not name it; null with a pattern. */
  private final String topic;
  private final List<TopicPartition> parts;
  private final long[] next;
  private final Map<TopicPartition, Integer> index = new HashMap<>();

  private KafkaOffsets(String topic, List<TopicPartition> parts, long[] next) {
    this.topic = topic;
    this.parts = List.copyOf(parts);
    this.next = next;
    for (int i = 0; i < this.parts.size(); i++) {
      index.put(this.parts.get(i), i);
    }
  }

  /** Offsets of partitions 0, 1, ... of one topic; -1 for a partition not known. */
  static KafkaOffsets ofTopic(String topic, long[] next) {
    List<TopicPartition> parts = new ArrayList<>(next.length);
    for (int p = 0; p < next.length; p++) {
      parts.add(new TopicPartition(topic, p));
    }
    return new KafkaOffsets(topic, parts, next);
  }

  int parts() {
    return parts.size();
  }

  TopicPartition part(int part) {
    return parts.get(part);
  }

  /** The next offset to read in part {@code part}, or -1 when the position does not know it yet. */
  long next(int part) {
    return part < next.length ? next[part] : -1;
  }

  /** The next offset to read in {@code partition}, or -1 when the position does not know it. */
  long next(TopicPartition partition) {
    Integer at = index.get(partition);
    return at == null ? -1 : next[at];
  }

  /** The part of {@code partition}, or -1. */
  int indexOf(TopicPartition partition) {
    Integer at = index.get(partition);
    return at == null || next[at] < 0 ? -1 : at;
  }

  /**
   * This position with each of {@code partitions} at {@code offsets}: a known one changes its
   * offset, a new one becomes the next part (over one topic, at its partition number).
   */
  KafkaOffsets with(List<TopicPartition> partitions, Map<TopicPartition, Long> offsets) {
    if (topic != null) {
      int size = next.length;
      for (TopicPartition partition : partitions) {
        size = Math.max(size, partition.partition() + 1);
      }
      long[] updated = Arrays.copyOf(next, size);
      Arrays.fill(updated, next.length, size, -1);
      for (TopicPartition partition : partitions) {
        updated[partition.partition()] = offsets.get(partition);
      }
      return ofTopic(topic, updated);
    }
    List<TopicPartition> all = new ArrayList<>(parts);
    long[] updated = Arrays.copyOf(next, parts.size() + partitions.size());
    int size = parts.size();
    for (TopicPartition partition : partitions) {
      Integer at = index.get(partition);
      if (at == null) {
        all.add(partition);
        at = size++;
      }
      updated[at] = offsets.get(partition);
    }
    return new KafkaOffsets(null, all, Arrays.copyOf(updated, size));
  }

  /** This position with part {@code i} at {@code next[i]}, for every part. */
  KafkaOffsets withNext(long[] offsets) {
    return new KafkaOffsets(topic, parts, offsets.clone());
  }

  String text() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < next.length; i++) {
      if (next[i] < 0) {
        continue;
      }
      if (text.length() > 0) {
        text.append(',');
      }
      TopicPartition part = parts.get(i);
      if (topic == null) {
        text.append(part.topic()).append(':');
      }
      text.append(part.partition()).append(':').append(next[i]);
    }
    return text.toString();
  }

  /**
   * Parses offsets of one topic ({@code topic} given: entries {@code partition:offset}) or of the
   * topics of a pattern ({@code topic} null: entries {@code topic:partition:offset}).
   */
  static KafkaOffsets parse(String text, String source, String topic) {
    if (topic != null) {
      return parseOneTopic(text, source, topic);
    }
    List<TopicPartition> parts = new ArrayList<>();
    List<Long> offsets = new ArrayList<>();
    if (!text.isEmpty()) {
      for (String entry : text.split(",")) {
        int last = entry.lastIndexOf(':');
        int first = last <= 0 ? -1 : entry.lastIndexOf(':', last - 1);
        if (first <= 0) {
          throw damaged(text, source, "topics of its pattern", entry);
        }
        long[] numbers = numbers(entry.substring(first + 1), text, source, "topics of its pattern");
        TopicPartition part = new TopicPartition(entry.substring(0, first), (int) numbers[0]);
        if (parts.contains(part)) {
          throw damaged(text, source, "topics of its pattern", entry);
        }
        parts.add(part);
        offsets.add(numbers[1]);
      }
    }
    long[] next = new long[offsets.size()];
    for (int i = 0; i < next.length; i++) {
      next[i] = offsets.get(i);
    }
    return new KafkaOffsets(null, parts, next);
  }

  private static KafkaOffsets parseOneTopic(String text, String source, String topic) {
    long[] next = new long[0];
    if (!text.isEmpty()) {
      for (String entry : text.split(",")) {
        long[] numbers = numbers(entry, text, source, "topic '" + topic + "'");
        int partition = (int) numbers[0];
        if (partition >= next.length) {
          int old = next.length;
          next = Arrays.copyOf(next, partition + 1);
          Arrays.fill(next, old, next.length, -1);
        }
        next[partition] = numbers[1];
      }
    }
    return ofTopic(topic, next);
  }

  /** The partition and offset of an entry {@code partition:offset}. */
  private static long[] numbers(String entry, String text, String source, String topics) {
    int colon = entry.indexOf(':');
    try {
      if (colon < 0) {
        throw new NumberFormatException();
      }
      int partition = Integer.parseInt(entry.substring(0, colon));
      long offset = Long.parseLong(entry.substring(colon + 1));
      if (partition < 0 || offset < 0 || partition > 1_000_000) {
        throw new NumberFormatException();
      }
      return new long[] {partition, offset};
    } catch (NumberFormatException e) {
      throw damaged(text, source, topics, entry);
    }
  }

  private static SluiceException damaged(String text, String source, String topics, String entry) {
    return new SluiceException(ErrorCode.INVALID_ARGUMENT, "Offset '" + text + "' of kafka source '" + source
        + "' (" + topics + ") is not a list of partition:offset pairs; entry '" + entry + "' is wrong.");
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaOffsets other && parts.equals(other.parts) && Arrays.equals(next, other.next);
  }

  @Override
  public int hashCode() {
    return parts.hashCode() * 31 + Arrays.hashCode(next);
  }
}
