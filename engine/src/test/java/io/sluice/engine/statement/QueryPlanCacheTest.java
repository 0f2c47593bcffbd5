package io.sluice.engine.statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.catalog.TableSchema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueryPlanCacheTest {
  private static QueryPlanCache.Entry entry() {
    return new QueryPlanCache.Entry(null, List.of(), new TableSchema(List.of()));
  }

  @Test
  void findsByTextCatalogVersionAndOptions() {
    QueryPlanCache cache = new QueryPlanCache();
    QueryPlanCache.Entry entry = entry();
    cache.put(new QueryPlanCache.Key("SELECT 1", 3, Map.of()), entry);
    assertSame(entry, cache.find(new QueryPlanCache.Key("SELECT 1", 3, Map.of())));
    assertNull(cache.find(new QueryPlanCache.Key("SELECT 1", 4, Map.of())), "a newer catalog misses");
    assertNull(cache.find(new QueryPlanCache.Key("SELECT 1", 3, Map.of("optimizer.batch.join-reorder", "off"))),
        "other options miss");
    assertNull(cache.find(new QueryPlanCache.Key("SELECT 2", 3, Map.of())));
    assertEquals(1, cache.hits());
  }

  @Test
  void dropsTheLeastRecentlyUsedBeyondItsCapacity() {
    QueryPlanCache cache = new QueryPlanCache();
    for (int i = 0; i <= QueryPlanCache.CAPACITY; i++) {
      cache.put(new QueryPlanCache.Key("SELECT " + i, 1, Map.of()), entry());
      // the first query stays in use, so the second is the least recently used
      assertNotNull(cache.find(new QueryPlanCache.Key("SELECT 0", 1, Map.of())));
    }
    assertEquals(QueryPlanCache.CAPACITY, cache.size());
    assertNull(cache.find(new QueryPlanCache.Key("SELECT 1", 1, Map.of())));
    assertNotNull(cache.find(new QueryPlanCache.Key("SELECT 0", 1, Map.of())));
  }
}
