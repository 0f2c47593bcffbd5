package io.sluice.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.engine.result.BatchProgress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LiveResultTest {
  private static BatchProgress batch(long start, long rows) {
    return new BatchProgress("q1", 0, start, rows, 0, 0, new BatchProgress.Phases(0, 0, 0, 0, 0), Map.of(), null, 0,
        List.of());
  }

  @Test
  void theRateCountsTheRecentBatchesWithAndWithoutInput() {
    long now = 100_000;
    // 10 rows in each of two batches, a batch of the watermark only between them, all in the last 4 s
    List<BatchProgress> progress = List.of(batch(now - 60_000, 1000), batch(now - 4_000, 10), batch(now - 3_000, 0),
        batch(now - 2_000, 10));
    assertEquals(5.0, LiveResult.recentRate(progress, now), 1e-9);
    assertEquals(0.0, LiveResult.recentRate(List.of(batch(now - 60_000, 1000)), now), "nothing recent");
    assertEquals(0.0, LiveResult.recentRate(List.of(), now));
  }
}
