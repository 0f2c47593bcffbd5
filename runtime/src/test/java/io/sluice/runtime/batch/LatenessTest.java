package io.sluice.runtime.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The one lateness rule at its edges, as Spark's watermark predicates have it (a row is dropped
 * when {@code eventTime <= watermark}; a window is evicted when {@code window.end <= watermark}).
 */
class LatenessTest {
  @Test
  void aRowAtTheWatermarkIsLateAndOneAfterItIsNot() {
    assertTrue(Lateness.isLate(999, 1_000));
    assertTrue(Lateness.isLate(1_000, 1_000));
    assertFalse(Lateness.isLate(1_001, 1_000));
  }

  @Test
  void aWindowClosesWhenItsEndReachesTheWatermark() {
    assertFalse(Lateness.isClosed(10_000, 9_999));
    assertTrue(Lateness.isClosed(10_000, 10_000));
    assertEquals(10_000, Lateness.releasedAt(10_000), "a batch is due once the watermark reaches the end");
  }

  @Test
  void nothingIsLateOrClosedBeforeTheFirstWatermark() {
    assertFalse(Lateness.isLate(Long.MIN_VALUE, Long.MIN_VALUE));
    assertFalse(Lateness.isClosed(Long.MIN_VALUE, Long.MIN_VALUE));
    assertTrue(Lateness.isClosed(Long.MAX_VALUE, Long.MAX_VALUE), "the end of input closes every window");
  }
}
