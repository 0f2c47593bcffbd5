package io.sluice.optimizer;

import static io.sluice.optimizer.SeedExampleTest.find;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalUnion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.junit.jupiter.api.Test;

/**
 * GROUPING SETS, ROLLUP and CUBE plan as a UNION ALL of one hash aggregate per grouping set,
 * each under a projection that puts NULL in the keys its set lacks and GROUPING(...) as a constant.
 */
class GroupingSetsPlanTest {

  private static PhysicalNode plan(String sql) {
    QueryPlanner planner = TestCatalog.planner();
    return planner.optimize(TestCatalog.analyze(planner, sql), Set.of()).physical();
  }

  private static PhysicalUnion onlyUnion(PhysicalNode plan) {
    List<PhysicalUnion> unions = find(plan, PhysicalUnion.class);
    assertEquals(1, unions.size(), plan.explain());
    return unions.get(0);
  }

  /**
   * Each branch's grouping keys (by name) mapped to the value of the last output column, which
   * the queries below make GROUPING(name, city); checks the branch shape on the way.
   */
  private static Map<List<String>, Long> branches(PhysicalNode plan) {
    PhysicalUnion union = onlyUnion(plan);
    int groupCount = 2;
    Map<List<String>, Long> result = new LinkedHashMap<>();
    for (PhysicalNode branch : union.inputs()) {
      PhysicalFilterProject project = assertInstanceOf(PhysicalFilterProject.class, branch, plan.explain());
      assertEquals(null, project.condition(), plan.explain());
      assertEquals(union.rowType(), project.rowType(), "every branch has the Aggregate's row type\n" + plan.explain());
      PhysicalHashAggregate hash = assertInstanceOf(PhysicalHashAggregate.class, project.input(0), plan.explain());
      List<String> inputNames = hash.input(0).rowType().getFieldNames();
      List<String> keys = new ArrayList<>();
      for (int key : hash.groupKeys()) {
        keys.add(inputNames.get(key));
      }
      // keys the set lacks are NULL; the ones it has come from the hash table, in order
      List<RexNode> projects = project.projects();
      int next = 0;
      for (int i = 0; i < groupCount; i++) {
        String name = union.rowType().getFieldNames().get(i);
        if (keys.contains(name)) {
          assertEquals(next++, ((RexInputRef) projects.get(i)).getIndex(), plan.explain());
        } else {
          assertTrue(((RexLiteral) projects.get(i)).isNull(), name + " is NULL\n" + plan.explain());
          assertTrue(union.rowType().getFieldList().get(i).getType().isNullable(), plan.explain());
        }
      }
      RexLiteral grouping = assertInstanceOf(RexLiteral.class, projects.get(projects.size() - 1), plan.explain());
      assertEquals(1, hash.aggregates().size(), "GROUPING is not computed by the hash table\n" + plan.explain());
      result.put(keys, grouping.getValueAs(Long.class));
    }
    assertEquals(union.inputs().size(), find(plan, PhysicalScan.class).size(),
        "the input is planned once per grouping set\n" + plan.explain());
    double rows = 0;
    for (PhysicalNode branch : union.inputs()) {
      rows += branch.rows();
    }
    assertEquals(rows, union.rows(), 1e-9, plan.explain());
    return result;
  }

  @Test
  void rollupIsAUnionOfThreeAggregates() {
    PhysicalNode plan = plan("SELECT name, city, COUNT(*) AS n, GROUPING(name, city) AS g"
        + " FROM customer GROUP BY ROLLUP(name, city)");
    Map<List<String>, Long> expected = new LinkedHashMap<>();
    expected.put(List.of("name", "city"), 0L);
    expected.put(List.of("name"), 1L);
    expected.put(List.of(), 3L);
    assertEquals(expected.keySet(), branches(plan).keySet(), plan.explain());
    assertEquals(expected, branches(plan), plan.explain());
    assertEquals(List.of("name", "city", "n", "g"), plan.rowType().getFieldNames());
  }

  @Test
  void cubeIsAUnionOfFourAggregates() {
    PhysicalNode plan = plan("SELECT name, city, SUM(id) AS total, GROUPING(name, city) AS g"
        + " FROM customer GROUP BY CUBE(name, city)");
    Map<List<String>, Long> expected = Map.of(
        List.of("name", "city"), 0L,
        List.of("name"), 1L,
        List.of("city"), 2L,
        List.of(), 3L);
    assertEquals(expected, branches(plan), plan.explain());
  }

  @Test
  void groupingSetsWithTheEmptySet() {
    PhysicalNode plan = plan("SELECT name, city, COUNT(DISTINCT id) AS ids, GROUPING(name, city) AS g"
        + " FROM customer GROUP BY GROUPING SETS ((name), (city), ())");
    Map<List<String>, Long> expected = Map.of(
        List.of("name"), 1L,
        List.of("city"), 2L,
        List.of(), 3L);
    assertEquals(expected, branches(plan), plan.explain());
    for (PhysicalHashAggregate hash : find(plan, PhysicalHashAggregate.class)) {
      assertTrue(hash.aggregates().get(0).isDistinct(), plan.explain());
      if (hash.groupKeys().length == 0) {
        assertEquals(1, hash.rows(), plan.explain());
      } else {
        assertTrue(hash.rows() >= 1 && hash.rows() <= 1_000, "at most the input's rows\n" + plan.explain());
      }
    }
  }

  @Test
  void plainGroupByIsOneHashAggregateWithoutUnion() {
    PhysicalNode plan = plan("SELECT city, COUNT(*) FROM customer GROUP BY city");
    assertEquals(List.of(), find(plan, PhysicalUnion.class), plan.explain());
    PhysicalHashAggregate hash = assertInstanceOf(PhysicalHashAggregate.class, plan, plan.explain());
    assertEquals(1, hash.groupKeys().length);
  }
}
