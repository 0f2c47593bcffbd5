package io.sluice.runtime.kernel;

import static io.sluice.runtime.kernel.TestRows.BIGINT;
import static io.sluice.runtime.kernel.TestRows.VARCHAR;
import static io.sluice.runtime.kernel.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ids of keys against a map of the keys seen so far: a pair of BIGINT keys (packed into one long
 * while its values fit in an int, then moved to the general layout), a single one and a mixed pair
 * give every key the id of its first appearance, NULLs equal to each other, and find nothing new.
 */
class KeyTableTest {
  private static final int[] BOTH = {0, 1};

  /** Rows of two BIGINT keys; from {@code wideFrom} on, some are NULL or beyond an int. */
  private static List<List<Object>> pairs(Random random, int n, int wideFrom) {
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(row(value(random, i >= wideFrom), value(random, i >= wideFrom)));
    }
    return rows;
  }

  private static Long value(Random random, boolean wide) {
    int pick = random.nextInt(20);
    if (wide && pick == 0) {
      return null;
    }
    if (wide && pick == 1) {
      return (random.nextBoolean() ? 1L : -1L) * ((1L << 31) + random.nextInt(3));
    }
    return (long) random.nextInt(300) - (pick == 2 ? 150 : 0) + (pick == 3 ? Integer.MAX_VALUE - 299 : 0);
  }

  /** Adds {@code rows} in batches and checks each id against first appearance; then finds them all again. */
  private static void checkIds(List<DataType> types, List<List<Object>> rows, Random random) {
    KeyTable table = new KeyTable(types);
    Map<List<Object>, Integer> expected = new HashMap<>();
    int position = 0;
    for (Batch batch : TestRows.batches(types, rows, 97, random)) {
      int[] ids = table.groupIdsFor(batch, BOTH);
      for (int k = 0; k < batch.rowCount(); k++) {
        List<Object> key = rows.get(position++);
        Integer id = expected.computeIfAbsent(key, unused -> expected.size());
        assertEquals(id, ids[k], "row " + (position - 1) + " " + key);
      }
    }
    assertEquals(expected.size(), table.size());
    position = 0;
    for (Batch batch : TestRows.batches(types, rows, 61, random)) {
      int[] ids = table.find(batch, BOTH);
      for (int k = 0; k < batch.rowCount(); k++) {
        assertEquals(expected.get(rows.get(position++)), ids[k]);
      }
    }
    List<List<Object>> absent = List.of(row(1L << 40, 1L), row(-7_000L, 123_456_789L));
    int[] none = table.find(TestRows.dense(types, absent), BOTH);
    assertEquals(-1, none[0]);
    assertEquals(-1, none[1]);
  }

  @Test
  void aPairOfLongsGetsTheIdsOfItsFirstAppearancePackedAndAfterItsValuesOutgrowAnInt() {
    for (int seed = 0; seed < 4; seed++) {
      Random random = new Random(seed);
      checkIds(List.of(BIGINT, BIGINT), pairs(random, 5_000, 5_000), random); // packed throughout
      checkIds(List.of(BIGINT, BIGINT), pairs(random, 5_000, 2_500), random); // unpacked half way
      checkIds(List.of(BIGINT, BIGINT), pairs(random, 5_000, 0), random);
    }
  }

  @Test
  void aMixedPairKeepsTheGeneralLayout() {
    Random random = new Random(9);
    List<List<Object>> rows = new ArrayList<>();
    for (int i = 0; i < 3_000; i++) {
      rows.add(row(value(random, true), random.nextInt(10) == 0 ? null : "k" + random.nextInt(40)));
    }
    checkIds(List.of(BIGINT, VARCHAR), rows, random);
  }

  @Test
  void aClearedTablePacksAgainAndStillUnpacks() {
    Random random = new Random(3);
    KeyTable table = new KeyTable(List.of(BIGINT, BIGINT));
    table.groupIdsFor(TestRows.dense(List.of(BIGINT, BIGINT), List.of(row(null, 1L), row(1L << 33, 2L))), BOTH);
    assertEquals(2, table.size());
    table.clear();
    assertEquals(0, table.size());
    List<List<Object>> rows = pairs(random, 2_000, 1_000);
    int[] ids = table.groupIdsFor(TestRows.dense(List.of(BIGINT, BIGINT), rows.subList(0, 1_000)), BOTH).clone();
    int[] again = table.groupIdsFor(TestRows.dense(List.of(BIGINT, BIGINT), rows), BOTH);
    for (int k = 0; k < 1_000; k++) {
      assertEquals(ids[k], again[k], "a key keeps its id when the table unpacks");
    }
  }
}
