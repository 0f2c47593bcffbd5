package io.sluice.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.catalog.connector.ColumnPredicate;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * The example every design discussion starts from: a small customer table joined with a large
 * sales table, filtered on the sales date.
 */
class SeedExampleTest {
  /** As written in the design notes; DATE is a reserved word, see {@link #seedTextAsWritten}. */
  static final String SEED_AS_WRITTEN = "SELECT customer.name, sales.amount FROM customer JOIN sales"
      + " ON customer.id = sales.id WHERE sales.date > DATE '2015-01-01'";

  @Test
  void seed() {
    check(OptimizerPipelineTest.SEED);
  }

  @Test
  void seedTextAsWritten() {
    check(SEED_AS_WRITTEN);
  }

  private static void check(String sql) {
    QueryPlanner planner = TestCatalog.planner();
    PhysicalNode plan = planner.optimize(TestCatalog.analyze(planner, sql), Set.of()).physical();
    String explain = plan.explain();

    PhysicalScan sales = scanOf(plan, "sales");
    PhysicalScan customer = scanOf(plan, "customer");
    assertEquals(List.of("id", "date", "amount"), columnNames(sales), explain);
    assertEquals(List.of("id", "name"), columnNames(customer), explain);

    List<ColumnPredicate> pushed = sales.predicates();
    assertFalse(pushed.isEmpty(), "date predicate pushed into the sales scan\n" + explain);
    ColumnPredicate date = pushed.get(0);
    assertEquals(1, pushed.size(), explain);
    assertEquals("date", sales.table().schema().column(date.column()).name(), explain);
    assertEquals(ColumnPredicate.Operator.GREATER_THAN, date.operator(), explain);
    assertEquals(LocalDate.of(2015, 1, 1).toEpochDay(), date.value(), "days since 1970-01-01");
    assertEquals(List.of(), customer.predicates(), explain);

    List<PhysicalHashJoin> joins = find(plan, PhysicalHashJoin.class);
    assertEquals(1, joins.size(), explain);
    PhysicalHashJoin join = joins.get(0);
    PhysicalNode build = join.buildSide() == PhysicalHashJoin.BuildSide.LEFT ? join.input(0) : join.input(1);
    PhysicalNode probe = join.buildSide() == PhysicalHashJoin.BuildSide.LEFT ? join.input(1) : join.input(0);
    assertTrue(find(build, PhysicalScan.class).contains(customer), "builds on customer\n" + explain);
    assertTrue(find(probe, PhysicalScan.class).contains(sales), "probes with sales\n" + explain);
    assertEquals(1, join.leftKeys().length, explain);
    String leftKey = join.input(0).rowType().getFieldNames().get(join.leftKeys()[0]);
    String rightKey = join.input(1).rowType().getFieldNames().get(join.rightKeys()[0]);
    assertEquals("id", leftKey.replaceAll("\\d+$", ""), explain);
    assertEquals("id", rightKey.replaceAll("\\d+$", ""), explain);
    assertEquals(List.of("name", "amount"), plan.rowType().getFieldNames(), explain);
  }

  static List<String> columnNames(PhysicalScan scan) {
    List<String> names = new ArrayList<>();
    for (int c : scan.columns()) {
      names.add(scan.table().schema().column(c).name());
    }
    return names;
  }

  /** The one scan of {@code table} in the plan. */
  static PhysicalScan scanOf(PhysicalNode plan, String table) {
    PhysicalScan found = null;
    for (PhysicalScan scan : find(plan, PhysicalScan.class)) {
      if (scan.tableName().equalsIgnoreCase(table)) {
        assertEquals(null, found, "one scan of " + table + "\n" + plan.explain());
        found = scan;
      }
    }
    assertNotNull(found, "a scan of " + table + "\n" + plan.explain());
    return found;
  }

  /** Every node of the given class, in pre-order. */
  static <T extends PhysicalNode> List<T> find(PhysicalNode plan, Class<T> type) {
    List<T> found = new ArrayList<>();
    collect(plan, type, found);
    return found;
  }

  private static <T extends PhysicalNode> void collect(PhysicalNode node, Class<T> type, List<T> found) {
    if (type.isInstance(node)) {
      found.add(type.cast(node));
    }
    for (PhysicalNode input : node.inputs()) {
      collect(input, type, found);
    }
  }
}
