package io.sluice.engine.connector.kafka;

import java.nio.ByteBuffer;

/**
 * A record's value as a range of a byte array, taken from the {@link ByteBuffer} the consumer's
 * {@code ByteBufferDeserializer} hands over: a view of the fetched bytes themselves, so the value
 * is not copied into an array of its own first (Kafka's {@code ByteArrayDeserializer} copies every
 * value, a quarter of a JSON source's CPU). Only a value outside the heap, which Kafka's consumer
 * does not make today, is copied, into an array kept for the next ones.
 *
 * <p>The range is valid while the record is being decoded; one instance is reused for every
 * record of a source.
 */
final class RecordValue {
  /** The array holding the value; null when the record has none (a tombstone). */
  byte[] bytes;
  /** Where the value starts in {@link #bytes}. */
  int offset;
  /** The value's length in bytes. */
  int length;
  private byte[] copy = new byte[0];

  /** Points at {@code value}, which may be null; leaves the buffer's position as it was. */
  void set(ByteBuffer value) {
    if (value == null) {
      bytes = null;
      offset = 0;
      length = 0;
    } else if (value.hasArray()) {
      bytes = value.array();
      offset = value.arrayOffset() + value.position();
      length = value.remaining();
    } else {
      length = value.remaining();
      if (copy.length < length) {
        copy = new byte[Math.max(length, copy.length * 2)];
      }
      value.duplicate().get(copy, 0, length);
      bytes = copy;
      offset = 0;
    }
  }
}
