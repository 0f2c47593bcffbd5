package io.sluice.optimizer.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.DeduplicationScope;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.StreamDeduplicate;

/**
 * Turns a filter that keeps the first row of a ROW_NUMBER ranking over a stream ({@code rn = 1},
 * {@code rn <= 1}) into a {@link StreamDeduplicate}: the first row per key by the order (held until
 * the watermark makes it final when the order is an event time), or the first to arrive without an
 * order, released by the watermark when a watermarked event time is among the keys, or, within the
 * watermark ({@link DeduplicationScope}), once the watermark passes the first row's event time plus
 * its source's delay.
 */
final class StreamDeduplicateRule {
  private StreamDeduplicateRule() {}

  /** The deduplication {@code node} runs as, or null when it is none. */
  static StreamDeduplicate convert(PhysicalNode node, OutputMode mode, DeduplicationScope scope) {
    RowNumberFilter filter = RowNumberFilter.of(node);
    if (filter == null || !filter.deduplicate()) {
      return null;
    }
    StreamDeduplicate deduplicate = filter.toNode(StreamDeduplicate::new, mode);
    if (!scope.withinWatermark() || deduplicate.ordered() || deduplicate.windowed()) {
      return deduplicate;
    }
    PhysicalNode input = deduplicate.input(0);
    int column = deduplicate.releasedKey() >= 0 ? deduplicate.partitionKeys()[deduplicate.releasedKey()] : -1;
    for (int c = 0; column < 0 && c < input.rowType().getFieldCount(); c++) {
      if (RowNumberFilter.isWatermarkedEventTime(input, c)) {
        column = c;
      }
    }
    if (column < 0) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Option '" + DeduplicationScope.OPTION + "' keeps a key"
          + " until the watermark passes its first row's event time plus the watermark delay, but the rows this"
          + " query deduplicates carry no event-time column of a source with a watermark. Keep the source's"
          + " event-time column in the rows ROW_NUMBER() numbers (it need not be a PARTITION BY key), declare a"
          + " WATERMARK on the source, or SET '" + DeduplicationScope.OPTION + "' = 'off' to keep keys for the"
          + " whole query.");
    }
    StreamTable source = RowNumberFilter.watermarkedSource(input, column);
    return deduplicate.keptWithinWatermark(
        new StreamDeduplicate.WithinWatermark(column, source.watermark().delayMillis()));
  }
}
