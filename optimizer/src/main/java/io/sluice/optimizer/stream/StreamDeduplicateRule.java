package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamDeduplicate;

/**
 * Turns a filter that keeps the first row of a ROW_NUMBER ranking over a stream ({@code rn = 1},
 * {@code rn <= 1}) into a {@link StreamDeduplicate}: the first row per key by the order (held until
 * the watermark makes it final when the order is an event time), or the first to arrive without an
 * order, released by the watermark when a watermarked event time is among the keys.
 */
final class StreamDeduplicateRule {
  private StreamDeduplicateRule() {}

  /** The deduplication {@code node} runs as, or null when it is none. */
  static StreamDeduplicate convert(PhysicalNode node, OutputMode mode) {
    RowNumberFilter filter = RowNumberFilter.of(node);
    return filter == null || !filter.deduplicate() ? null : filter.toNode(StreamDeduplicate::new, mode);
  }
}
