package io.sluice.runtime.function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ValueSetTest {
  @Test
  void longsAreFoundAndOthersAreNot() {
    long[] values = new long[100_000];
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) i << 32; // differ only in their high bits
    }
    ValueSet set = ValueSet.ofLongs(values);
    for (long v : values) {
      assertTrue(set.contains(v));
    }
    assertFalse(set.contains(1L));
    assertFalse(set.contains(-1L << 32));
    assertFalse(set.contains(Long.MIN_VALUE));
  }

  @Test
  void zeroAndExtremesAreValuesLikeAnyOther() {
    ValueSet set = ValueSet.ofLongs(new long[] {0, Long.MIN_VALUE, Long.MAX_VALUE, 0});
    assertTrue(set.contains(0L));
    assertTrue(set.contains(Long.MIN_VALUE));
    assertTrue(set.contains(Long.MAX_VALUE));
    assertFalse(set.contains(1L));
    assertFalse(ValueSet.ofLongs(new long[] {5}).contains(0L));
  }

  @Test
  void doublesCompareAsSqlEquals() {
    ValueSet set = ValueSet.ofDoubles(new double[] {0.0, 1.5, Double.NaN});
    assertTrue(set.contains(-0.0));
    assertTrue(set.contains(1.5));
    assertFalse(set.contains(Double.NaN));
    assertFalse(set.contains(1.5000001));
  }

  @Test
  void textIsMatchedInsideALargerBuffer() {
    ValueSet set = ValueSet.ofTexts(new byte[][] {utf8("a"), utf8("😀"), utf8(""), utf8("ab")});
    byte[] buffer = utf8("xab😀y");
    assertTrue(set.contains(buffer, 1, 1));
    assertTrue(set.contains(buffer, 1, 2));
    assertTrue(set.contains(buffer, 3, 4));
    assertTrue(set.contains(buffer, 0, 0));
    assertFalse(set.contains(buffer, 0, 2));
    assertFalse(set.contains(utf8("A"), 0, 1));
  }

  @Test
  void indexesCountDistinctValuesInTheOrderTheyCame() {
    ValueSet longs = ValueSet.ofLongs(new long[] {7, 3, 7, -1});
    assertEquals(3, longs.size());
    assertEquals(0, longs.indexOf(7L));
    assertEquals(1, longs.indexOf(3L));
    assertEquals(2, longs.indexOf(-1L));
    assertEquals(-1, longs.indexOf(4L));
    ValueSet texts = ValueSet.ofTexts(new byte[][] {utf8("b"), utf8("a"), utf8("b")});
    assertEquals(2, texts.size());
    assertEquals(1, texts.indexOf(utf8("xa"), 1, 1));
    assertEquals(-1, texts.indexOf(utf8("c"), 0, 1));
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
