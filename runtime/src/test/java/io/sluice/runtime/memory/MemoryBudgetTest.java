package io.sluice.runtime.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import org.junit.jupiter.api.Test;

/** The budget's option values, its default, and the accounting of a database's memory against it. */
class MemoryBudgetTest {
  @Test
  void sizesAreReadWithTheirUnits() {
    assertEquals(512L << 20, MemoryBudget.parse("512m"));
    assertEquals(2L << 30, MemoryBudget.parse("2g"));
    assertEquals(2L << 30, MemoryBudget.parse(" 2G "));
    assertEquals(1536L << 20, MemoryBudget.parse("1536 MB"));
    assertEquals(64L << 10, MemoryBudget.parse("64KiB"));
    assertEquals(1048576, MemoryBudget.parse("1048576"));
    assertEquals(1000, MemoryBudget.parse("1000 bytes"));
    assertEquals(1L << 40, MemoryBudget.parse("1t"));
  }

  @Test
  void badSizesAreRefusedNamingTheValue() {
    for (String bad : new String[] {"lots", "0", "-1g", "2x", "1.5g", "", "g", "2 g b", "99999999999999t"}) {
      SluiceException e = assertThrows(SluiceException.class, () -> MemoryBudget.parse(bad), bad);
      assertEquals(ErrorCode.INVALID_OPTION, e.code());
      assertTrue(e.getMessage().contains("'pipeline.state.memory'") && e.getMessage().contains("not '" + bad + "'"),
          e.getMessage());
    }
  }

  @Test
  void theDefaultIsHalfTheMaximumHeap() {
    long expected = Runtime.getRuntime().maxMemory() / 100 * MemoryBudget.DEFAULT_HEAP_PERCENT;
    assertEquals(expected, MemoryBudget.of(null, new MemoryPool()).limitBytes());
    assertEquals(expected, MemoryBudget.of(" ", new MemoryPool()).limitBytes());
    assertEquals(1L << 30, MemoryBudget.of("1g", new MemoryPool()).limitBytes());
  }

  @Test
  void accountsOfOnePoolAddUpAgainstEachBudget() {
    MemoryPool pool = new MemoryPool();
    MemoryBudget small = new MemoryBudget(1000, pool);
    MemoryBudget large = new MemoryBudget(10_000, pool);
    MemoryAccount q1 = small.account("query q1");
    MemoryAccount q2 = large.account("query q2");
    q1.set(600);
    assertFalse(small.exceeded());
    assertEquals(400, small.availableBytes());
    q2.set(500);
    assertEquals(1100, pool.usedBytes());
    assertTrue(small.exceeded(), "the two queries together are over the small budget");
    assertFalse(large.exceeded());
    assertEquals(0, small.availableBytes());
    q2.set(300); // an account is set to what its owner holds, not changed by it
    assertEquals(900, pool.usedBytes());
    assertFalse(small.exceeded());
    q1.close();
    assertEquals(300, pool.usedBytes());
    q1.set(5000); // a closed account holds nothing from then on
    assertEquals(300, pool.usedBytes());
    assertEquals("q2 holds 300 bytes of 9.77 KiB", "q2 holds " + large);
  }
}
