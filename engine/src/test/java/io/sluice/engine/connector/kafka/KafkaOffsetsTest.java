package io.sluice.engine.connector.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.SluiceException;
import org.junit.jupiter.api.Test;

/** The kafka source's offsets as text and the split of a batch's record limit over partitions. */
class KafkaOffsetsTest {
  @Test
  void offsetsRoundTripThroughTheirText() {
    KafkaOffsets offsets = KafkaOffsets.parse("0:15,2:0,1:20", "s", "t");
    assertEquals("0:15,1:20,2:0", offsets.text());
    assertEquals(20, offsets.next(1));
    assertEquals(-1, offsets.next(3), "a partition the position does not know");
    assertEquals("", KafkaOffsets.parse("", "s", "t").text());
    assertEquals("0:5,2:7", KafkaOffsets.parse("2:7,0:5", "s", "t").text(), "a gap stays a gap");
  }

  @Test
  void offsetsOfTopicsOfAPatternKeepTheirOrderAndGrowAtTheEnd() {
    KafkaOffsets offsets = KafkaOffsets.parse("b:0:5,a:1:7", "s", null);
    assertEquals("b:0:5,a:1:7", offsets.text(), "the order is the parts' order, not sorted");
    assertEquals(7, offsets.next(new org.apache.kafka.common.TopicPartition("a", 1)));
    assertEquals(-1, offsets.next(new org.apache.kafka.common.TopicPartition("a", 0)));
    org.apache.kafka.common.TopicPartition added = new org.apache.kafka.common.TopicPartition("a", 0);
    KafkaOffsets grown = offsets.with(java.util.List.of(added), java.util.Map.of(added, 0L));
    assertEquals("b:0:5,a:1:7,a:0:0", grown.text());
    assertEquals(2, grown.indexOf(added));
    assertEquals("", KafkaOffsets.parse("", "s", null).text());
    SluiceException error = assertThrows(SluiceException.class, () -> KafkaOffsets.parse("b:0:5,7", "s", null));
    assertTrue(error.getMessage().contains("entry '7'"), error.getMessage());
  }

  @Test
  void aDamagedOffsetIsRefusedWithTheEntryAtFault() {
    SluiceException error = assertThrows(SluiceException.class, () -> KafkaOffsets.parse("0:15,1:x", "s", "t"));
    assertTrue(error.getMessage().contains("entry '1:x'"), error.getMessage());
    assertTrue(error.getMessage().contains("kafka source 's' (topic 't')"), error.getMessage());
  }

  @Test
  void theRecordLimitIsSplitInProportionAndUsedInFull() {
    assertArrayEquals(new long[] {3, 0, 9}, RecordBudget.split(new long[] {3, 0, 9}, 12, 0), "no limit");
    assertArrayEquals(new long[] {3, 0, 9}, RecordBudget.split(new long[] {3, 0, 9}, 12, 20), "under the limit");
    assertArrayEquals(new long[] {1, 0, 3}, RecordBudget.split(new long[] {3, 0, 9}, 12, 4));
    long[] take = RecordBudget.split(new long[] {1, 1, 1}, 3, 2);
    assertEquals(2, take[0] + take[1] + take[2], "the rounding remainder is given out");
    assertArrayEquals(new long[] {1, 0}, RecordBudget.split(new long[] {1, 1000}, 1001, 1));
  }
}
