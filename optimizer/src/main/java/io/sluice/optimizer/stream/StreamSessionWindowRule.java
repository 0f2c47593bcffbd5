package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.StreamSessionWindow;

/**
 * Turns SESSION windows over a stream into a {@link StreamSessionWindow}, deciding how it emits: in
 * update mode every batch the sessions that grew or merged, as a changelog; otherwise each session
 * once, whole, when the watermark closes it.
 */
final class StreamSessionWindowRule {
  private StreamSessionWindowRule() {}

  static StreamSessionWindow convert(PhysicalSessionWindow window, OutputMode mode) {
    return new StreamSessionWindow(window.input(0), window.keyColumns(), window.timeColumn(), window.gapMillis(),
        window.rowType(), window.rows(), mode == OutputMode.UPDATE);
  }
}
