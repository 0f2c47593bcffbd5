package io.sluice.optimizer;

import static io.sluice.optimizer.SeedExampleTest.find;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CUMULATE and SESSION: validation of their arguments, and the physical nodes they plan to. */
class WindowFunctionPlanTest {

  private static PhysicalNode plan(String sql) {
    QueryPlanner planner = TestCatalog.planner();
    return planner.optimize(TestCatalog.analyze(planner, sql), Set.of()).physical();
  }

  private static <T extends PhysicalNode> T only(PhysicalNode plan, Class<T> type) {
    List<T> found = find(plan, type);
    assertEquals(1, found.size(), plan.explain());
    return found.get(0);
  }

  private static SluiceException refused(String sql) {
    return assertThrows(SluiceException.class, () -> plan(sql));
  }

  @Test
  void cumulatePlansAWindowTableFunctionWithItsStepAsTheSlide() {
    PhysicalWindowTableFunction w = only(plan("SELECT window_end, COUNT(*) FROM TABLE(CUMULATE(TABLE clicks,"
        + " DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR, INTERVAL '5' MINUTE)) GROUP BY window_end"),
        PhysicalWindowTableFunction.class);
    assertEquals(PhysicalWindowTableFunction.Kind.CUMULATE, w.kind());
    assertEquals(2, w.timeColumn());
    assertEquals(3_600_000, w.sizeMillis());
    assertEquals(60_000, w.slideMillis());
    assertEquals(300_000, w.offsetMillis());
    // a row is in 30.5 of a cycle's 60 windows on average
    assertEquals(10_000 * 30.5, w.rows(), 1e-6);
    assertTrue(w.explain().contains("Cumulate(time=ts, size=3600000 ms, step=60000 ms, offset=300000 ms)"),
        w.explain());
  }

  @Test
  void sessionKeysFromPartitionByOrFromADescriptorPlanAlike() {
    for (String keys : List.of("TABLE clicks PARTITION BY (usr, page), DESCRIPTOR(ts)",
        "TABLE clicks, DESCRIPTOR(ts), DESCRIPTOR(usr, page)")) {
      PhysicalSessionWindow s = only(plan("SELECT * FROM TABLE(SESSION(" + keys + ", INTERVAL '30' SECOND))"),
          PhysicalSessionWindow.class);
      assertArrayEquals(new int[] {0, 1}, s.keyColumns(), keys);
      assertEquals(2, s.timeColumn());
      assertEquals(30_000, s.gapMillis());
      assertEquals(List.of("usr", "page", "ts", "window_start", "window_end"), s.rowType().getFieldNames());
    }
  }

  @Test
  void sessionWithoutKeysAndInASubquery() {
    PhysicalSessionWindow s = only(plan("SELECT n FROM (SELECT window_start, COUNT(*) AS n FROM TABLE(SESSION("
        + "TABLE clicks, DESCRIPTOR(ts), INTERVAL '30' SECOND)) GROUP BY window_start) WHERE n > 1"),
        PhysicalSessionWindow.class);
    assertArrayEquals(new int[0], s.keyColumns());
    assertTrue(s.explain().contains("Session(time=ts, gap=30000 ms)"), s.explain());
  }

  @Test
  void argumentErrorsCarryTheirCodeAndPosition() {
    SluiceException step = refused("SELECT * FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts),\n"
        + "  INTERVAL '0' SECOND, INTERVAL '1' MINUTE))");
    assertEquals(ErrorCode.INVALID_ARGUMENT, step.code());
    assertEquals(2, step.line());
    assertEquals(3, step.column());

    SluiceException multiple = refused("SELECT * FROM TABLE(CUMULATE(TABLE clicks, DESCRIPTOR(ts),"
        + " INTERVAL '7' SECOND, INTERVAL '1' MINUTE))");
    assertEquals(ErrorCode.INVALID_ARGUMENT, multiple.code());
    assertTrue(multiple.getMessage().contains("whole multiple of its step"), multiple.getMessage());
    assertEquals(81, multiple.column());

    SluiceException gap = refused("SELECT * FROM TABLE(SESSION(TABLE clicks PARTITION BY usr, DESCRIPTOR(ts),"
        + " INTERVAL -'1' SECOND))");
    assertEquals(ErrorCode.INVALID_ARGUMENT, gap.code());
    assertEquals(76, gap.column());

    SluiceException order = refused("SELECT * FROM TABLE(SESSION(TABLE clicks PARTITION BY usr ORDER BY page,"
        + " DESCRIPTOR(ts), INTERVAL '1' SECOND))");
    assertEquals(ErrorCode.VALIDATION_ERROR, order.code());
    assertEquals(68, order.column());

    assertEquals(ErrorCode.TYPE_MISMATCH, refused("SELECT * FROM TABLE(SESSION(TABLE clicks, DESCRIPTOR(usr),"
        + " INTERVAL '1' SECOND))").code());
    assertEquals(ErrorCode.UNKNOWN_COLUMN, refused("SELECT * FROM TABLE(SESSION(TABLE clicks PARTITION BY who,"
        + " DESCRIPTOR(ts), INTERVAL '1' SECOND))").code());
  }

  @Test
  void theValidatorKnowsCumulateAndOneSession() {
    assertTrue(QueryPlanner.operatorNames().containsAll(Set.of("CUMULATE", "SESSION", "TUMBLE", "HOP")));
  }
}
