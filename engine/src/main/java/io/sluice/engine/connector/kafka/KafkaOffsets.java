package io.sluice.engine.connector.kafka;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.util.Arrays;

/**
 * The position of a {@code kafka} source: per partition of its topic, the offset of the next
 * record to read. Its text, kept in the checkpoint's offset log, lists the partitions in order,
 * e.g. {@code 0:15,1:20,2:0}. Partitions are numbered from 0 without gaps (Kafka's rule), so
 * the position is an array indexed by partition; a partition the position does not know yet
 * (added to the topic later) is -1.
 */
final class KafkaOffsets {
  private final long[] next;

  KafkaOffsets(long[] next) {
    this.next = next;
  }

  int partitions() {
    return next.length;
  }

  /** The next offset to read in {@code partition}, or -1 when the position does not know the partition. */
  long next(int partition) {
    return partition < next.length ? next[partition] : -1;
  }

  String text() {
    StringBuilder text = new StringBuilder();
    for (int p = 0; p < next.length; p++) {
      if (next[p] < 0) {
        continue;
      }
      if (text.length() > 0) {
        text.append(',');
      }
      text.append(p).append(':').append(next[p]);
    }
    return text.toString();
  }

  static KafkaOffsets parse(String text, String source, String topic) {
    if (text.isEmpty()) {
      return new KafkaOffsets(new long[0]);
    }
    String[] entries = text.split(",");
    long[] next = new long[0];
    for (String entry : entries) {
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
        if (partition >= next.length) {
          int old = next.length;
          next = Arrays.copyOf(next, partition + 1);
          Arrays.fill(next, old, next.length, -1);
        }
        next[partition] = offset;
      } catch (NumberFormatException e) {
        throw new SluiceException(ErrorCode.INVALID_ARGUMENT, "Offset '" + text + "' of kafka source '" + source
            + "' (topic '" + topic + "') is not a list of partition:offset pairs; entry '" + entry + "' is wrong.");
      }
    }
    return new KafkaOffsets(next);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KafkaOffsets other && Arrays.equals(next, other.next);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(next);
  }
}
