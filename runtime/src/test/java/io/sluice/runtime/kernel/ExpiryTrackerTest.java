package io.sluice.runtime.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ExpiryTrackerTest {
  @Test
  void keysExpireTheTimeToLiveAfterTheirLastTouch() {
    ExpiryTracker expiry = new ExpiryTracker(10);
    expiry.touch(new int[] {0, 1, 2, 3}, 4, 100);
    expiry.touch(2, 105);
    assertEquals(110, expiry.nextExpiry());
    assertFalse(expiry.due(109));
    assertTrue(expiry.due(110));
    assertEquals(3, expiry.sweep(110, id -> true));
    assertArrayEquals(new int[] {0, 1, 3}, Arrays.copyOf(expiry.dead(), expiry.deadCount()));
    assertArrayEquals(new int[] {2}, Arrays.copyOf(expiry.live(), expiry.liveCount()));
    assertEquals(1, expiry.size());
    assertEquals(115, expiry.nextExpiry());
    // id 2 is now id 0; a new key gets the next id
    expiry.touch(1, 112);
    assertEquals(1, expiry.sweep(115, id -> true));
    assertArrayEquals(new int[] {0}, Arrays.copyOf(expiry.dead(), expiry.deadCount()));
    assertEquals(122, expiry.nextExpiry());
  }

  @Test
  void aKeyThatCannotExpireIsCheckedAgainOneTimeToLiveLater() {
    ExpiryTracker expiry = new ExpiryTracker(10);
    expiry.touch(0, 0);
    expiry.touch(1, 0);
    assertEquals(1, expiry.sweep(20, id -> id == 1));
    assertEquals(30, expiry.nextExpiry());
    assertFalse(expiry.due(29));
  }
}
