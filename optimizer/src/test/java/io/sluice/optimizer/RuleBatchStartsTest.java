package io.sluice.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Join;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A rule batch runs only on a plan holding a node its rules can start from, and builds its rules
 * when it first does ({@link RuleBatch#mayChange}): the nodes each batch declares are checked here
 * against its rules' first operands, and skipping is checked to give the plans that running every
 * batch gives.
 */
class RuleBatchStartsTest {

  /** Every rule's first operand is of a kind its batch declares, so no plan a rule could change is skipped. */
  @Test
  void everyRuleStartsOnANodeItsBatchDeclares() {
    for (RuleBatch batch : RuleBatches.DEFAULT) {
      if (batch.rewrite() != null) {
        continue;
      }
      List<Class<? extends RelNode>> declared = batch.starts().kinds();
      for (RelOptRule rule : batch.rules()) {
        Class<?> first = rule.getOperand().getMatchedClass();
        assertTrue(declared.stream().anyMatch(kind -> kind.isAssignableFrom(first)),
            batch.name() + ": " + rule + " starts on " + first.getName() + ", which the batch does not declare "
                + declared);
      }
      for (Class<? extends RelNode> kind : declared) {
        assertTrue(batch.rules().stream().anyMatch(rule -> kind.isAssignableFrom(rule.getOperand().getMatchedClass())),
            batch.name() + " declares " + kind.getName() + ", on which none of its rules starts");
      }
    }
  }

  static Stream<String> queries() {
    return Stream.concat(OptimizerPipelineTest.queries().stream(), Stream.of(
        "SELECT 1",
        "SELECT count(*) FROM (VALUES (1), (2)) t(x)",
        "SELECT name FROM customer",
        "SELECT name FROM customer WHERE id = 3",
        "SELECT city, STDDEV_POP(id) FROM customer GROUP BY city",
        "SELECT id, SUM(id) OVER (ORDER BY id) FROM customer",
        "SELECT id, (SELECT COUNT(*) FROM sales) FROM customer",
        "SELECT id FROM customer WHERE EXISTS (SELECT 1 FROM sales WHERE sales.id = customer.id)",
        "SELECT * FROM customer c LEFT JOIN sales s ON c.id = s.id WHERE s.id IS NULL"));
  }

  /**
   * Along the pipeline, each batch gives the plan that the same rules give when run on every plan:
   * skipping a batch never loses a change.
   */
  @ParameterizedTest
  @MethodSource("queries")
  void skippingABatchGivesThePlanRunningItGives(String sql) {
    QueryPlanner planner = TestCatalog.planner();
    RelNode plan = TestCatalog.analyze(planner, sql);
    for (RuleBatch batch : RuleBatches.DEFAULT) {
      RelNode skipping = new LogicalOptimizer(List.of(batch)).optimize(plan, Set.of(), new OptimizerTrace());
      RelNode always = new LogicalOptimizer(List.of(alwaysRunning(batch)))
          .optimize(plan, Set.of(), new OptimizerTrace());
      assertEquals(RelOptUtil.toString(always), RelOptUtil.toString(skipping), batch.name() + " on " + sql);
      plan = skipping;
    }
  }

  @Test
  void aShortQueryRunsNeitherTheJoinNorTheAggregateBatches() {
    QueryPlanner planner = TestCatalog.planner();
    RelNode plan = TestCatalog.analyze(planner, "SELECT 1");
    List<String> mayChange = new ArrayList<>();
    for (RuleBatch batch : RuleBatches.DEFAULT) {
      if (batch.mayChange(plan)) {
        mayChange.add(batch.name());
      }
    }
    // Calcite's converter makes SELECT 1 one VALUES node: only the rewrites remain
    assertEquals(List.of("decorrelation", "in-lists", "projection-pruning"), mayChange);
  }

  /** The aggregate rewrite's rule matches only STDDEV and VARIANCE calls: a COUNT leaves it unbuilt. */
  @Test
  void onlyAStatisticalAggregateStartsTheAggregateRewrite() {
    QueryPlanner planner = TestCatalog.planner();
    RuleBatch rewrite = RulePlanTest.batchNamed("aggregate-rewrite");
    assertFalse(rewrite.mayChange(
        TestCatalog.analyze(planner, "SELECT city, COUNT(*), AVG(id) FROM customer GROUP BY city")));
    assertTrue(rewrite.mayChange(
        TestCatalog.analyze(planner, "SELECT city, VAR_SAMP(id) FROM customer GROUP BY city")));
  }

  @Test
  void aBatchBuildsItsRulesWhenItFirstRunsOnAPlanTheyStartFrom() {
    AtomicInteger built = new AtomicInteger();
    RuleBatch joins = RuleBatch.rules("joins", "a test batch", false, HepMatchOrder.DEPTH_FIRST,
        RuleBatch.startsOn(Join.class), () -> {
          built.incrementAndGet();
          return List.of(CalciteRules.JOIN_PUSH_EXPRESSIONS.rule());
        });
    LogicalOptimizer optimizer = new LogicalOptimizer(List.of(joins));
    QueryPlanner planner = TestCatalog.planner();

    RelNode noJoin = TestCatalog.analyze(planner, "SELECT name FROM customer WHERE id > 2");
    assertFalse(joins.mayChange(noJoin));
    OptimizerTrace trace = new OptimizerTrace();
    assertEquals(RelOptUtil.toString(noJoin), RelOptUtil.toString(optimizer.optimize(noJoin, Set.of(), trace)));
    assertEquals(0, built.get());
    assertEquals(List.of(), trace.runs().get(0).rulesFired());

    RelNode join = TestCatalog.analyze(planner, "SELECT c.name FROM customer c JOIN sales s ON c.id + 1 = s.id");
    assertTrue(joins.mayChange(join));
    optimizer.optimize(join, Set.of(), new OptimizerTrace());
    optimizer.optimize(join, Set.of(), new OptimizerTrace());
    assertEquals(1, built.get());
  }

  /** The batch with the same rules, run whatever the plan holds. */
  private static RuleBatch alwaysRunning(RuleBatch batch) {
    if (batch.rewrite() != null) {
      return batch;
    }
    return RuleBatch.rules(batch.name(), batch.reason(), batch.required(), batch.order(),
        RuleBatch.startsOn(RelNode.class), batch::rules);
  }
}
