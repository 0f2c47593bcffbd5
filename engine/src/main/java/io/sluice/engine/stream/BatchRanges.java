package io.sluice.engine.stream;

import io.sluice.catalog.stream.StreamSource;
import java.util.IdentityHashMap;
import java.util.Map;

/** The offset range each source reads in the micro-batch that is running. */
public final class BatchRanges {
  /** A source's range: rows after {@code start} up to and including {@code end}. */
  public record Range(String start, String end) {}

  private final Map<StreamSource, Range> ranges = new IdentityHashMap<>();

  public void set(StreamSource source, String start, String end) {
    ranges.put(source, new Range(start, end));
  }

  /** The source's range in the current batch; null when none was set. */
  public Range get(StreamSource source) {
    return ranges.get(source);
  }
}
