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
