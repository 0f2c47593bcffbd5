package io.sluice.optimizer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.calcite.plan.Contexts;
import org.apache.calcite.plan.RelOptListener;
import org.apache.calcite.plan.RelOptRule;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.tools.RelBuilder;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.opentest4j.TestAbortedException;

/**
 * Before/after plan tests for every rule and rewrite of {@link RuleBatches#DEFAULT}, read from
 * {@code src/test/resources/rules/*.txt}. Each case analyzes its SQL, runs the batches before the
 * one under test (or the batches named by {@code prepare:}), prints the plan ("before"), applies
 * only the rule under test (a HepPlanner holding that one rule instance, run to a fixed point) or
 * only the rewrite, and prints the plan again ("after").
 *
 * <p>To rewrite the expected plans from the actual output (the {@code expect:} lines and
 * {@code known-bug:} lines are kept as written), run:
 * <pre>
 *   cd /work/main && mvn -B -o test -pl optimizer -Dtest=RulePlanTest -Dsluice.rewrite=true
 * </pre>
 * and review the change with {@code git diff optimizer/src/test/resources/rules}.
 *
 * <p>Case format (lines starting with {@code #} outside {@code sql:} are comments):
 * <pre>
 * === case-name
 * rule: FILTER_INTO_JOIN             CoreRules field name or our rule's name; add
 *                                    "in batch-name" when the rule is in two batches
 * rewrite: decorrelation             instead of rule: a rewrite batch
 * prepare: default                   optional: default (batches before), none, or a, b, ...
 * then: JOIN_TO_MULTI_JOIN           optional: rules applied after preparation
 * expect: change                     or no-change: whether the rule must change the plan
 * known-bug: what is wrong           optional: the expect: line is what should happen but does
 *                                    not yet; the case is skipped until it does, then fails so
 *                                    the marker is removed
 * sql:
 * SELECT ...
 * before:
 * (plan, RelOptUtil.toString form)
 * after:
 * (plan, or no-change)
 * </pre>
 */
class RulePlanTest {
  static final boolean REWRITE = Boolean.getBoolean("sluice.rewrite");
  /** A rule applied alone that fires this often is undoing its own work. */
  static final int SINGLE_RULE_LIMIT = 1_000;

  static Path rulesDirectory() {
    String base = System.getProperty("basedir", System.getProperty("user.dir"));
    Path dir = Paths.get(base, "src", "test", "resources", "rules");
    if (!Files.isDirectory(dir)) {
      dir = Paths.get(base, "optimizer", "src", "test", "resources", "rules");
    }
    return dir;
  }

  // ---------------------------------------------------------------- the cases

  @TestFactory
  Stream<DynamicNode> rules() throws IOException {
    List<DynamicNode> files = new ArrayList<>();
    for (Path file : caseFiles()) {
      CaseFile parsed = CaseFile.parse(file);
      List<DynamicNode> tests = new ArrayList<>();
      for (Case c : parsed.cases) {
        tests.add(DynamicTest.dynamicTest(c.name, () -> run(parsed, c)));
      }
      if (REWRITE) {
        // after all cases of the file ran and recorded their actual plans
        tests.add(DynamicTest.dynamicTest("(rewrite " + file.getFileName() + ")", parsed::write));
      }
      files.add(DynamicContainer.dynamicContainer(file.getFileName().toString(), tests));
    }
    return files.stream();
  }

  /** Every rule of every rule batch, and every rewrite, has a case that fires and one that must not. */
  @Test
  void everyRuleHasAFiringAndANonFiringCase() throws IOException {
    Set<String> fires = new LinkedHashSet<>();
    Set<String> doesNotFire = new LinkedHashSet<>();
    for (Path file : caseFiles()) {
      for (Case c : CaseFile.parse(file).cases) {
        Target target = Target.resolve(c);
        (c.expectChange ? fires : doesNotFire).add(target.key());
      }
    }
    List<String> missing = new ArrayList<>();
    for (RuleBatch batch : RuleBatches.DEFAULT) {
      List<String> keys = new ArrayList<>();
      if (batch.rewrite() != null) {
        keys.add(batch.name());
      }
      for (RelOptRule rule : batch.rules()) {
        keys.add(batch.name() + "/" + RuleNames.name(rule));
      }
      for (String key : keys) {
        if (!fires.contains(key)) {
          missing.add(key + " (no case where it changes the plan)");
        }
        if (!doesNotFire.contains(key)) {
          missing.add(key + " (no case where it must not fire)");
        }
      }
    }
    assertTrue(missing.isEmpty(), "Rules without plan tests:\n  " + String.join("\n  ", missing));
  }

  private static List<Path> caseFiles() throws IOException {
    try (Stream<Path> s = Files.list(rulesDirectory())) {
      return s.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
    }
  }

  private static void run(CaseFile file, Case c) {
    Target target = Target.resolve(c);
    QueryPlanner planner = TestCatalog.planner();
    RelNode plan = TestCatalog.analyze(planner, c.sql);
    plan = prepare(plan, c, target);
    String before = print(plan);
    int[] fired = {0};
    RelNode after;
    if (target.rule == null) {
      RelBuilder builder = RelBuilder.proto(Contexts.empty()).create(plan.getCluster(), null);
      after = target.batch.rewrite().apply(plan, builder);
    } else {
      after = applyAlone(plan, target.rule, target.batch, fired);
    }
    String afterText = print(after);
    boolean changed = !afterText.equals(before);
    String afterExpectedForm = changed ? afterText : "no-change";
    c.actualBefore = before;
    c.actualAfter = afterExpectedForm;

    if (c.knownBug != null) {
      if (changed == c.expectChange) {
        fail("Known bug appears fixed (" + c.knownBug + "): remove the known-bug line of case '" + c.name
            + "' in " + file.path.getFileName() + " and rewrite the expected plans");
      }
      throw new TestAbortedException("known bug: " + c.knownBug);
    }
    if (target.rule != null) {
      assertTrue(fired[0] < SINGLE_RULE_LIMIT, target.key() + " did not reach a fixed point alone");
    }
    if (c.expectChange) {
      assertNotEquals(before, afterText, target.key() + " was expected to change the plan but did not");
    } else {
      assertEquals(before, afterText, target.key() + " must not fire here");
    }
    if (!REWRITE) {
      assertEquals(c.before, before, "plan before " + target.key() + " (rewrite with -Dsluice.rewrite=true)");
      assertEquals(c.after, afterExpectedForm, "plan after " + target.key() + " (rewrite with -Dsluice.rewrite=true)");
    }
  }

  private static RelNode prepare(RelNode plan, Case c, Target target) {
    List<RuleBatch> batches = new ArrayList<>();
    String prepare = c.prepare == null ? "default" : c.prepare;
    if (prepare.equals("default")) {
      for (RuleBatch b : RuleBatches.DEFAULT) {
        if (b == target.batch) {
          break;
        }
        batches.add(b);
      }
    } else if (!prepare.equals("none")) {
      for (String name : prepare.split(",")) {
        batches.add(batchNamed(name.trim()));
      }
    }
    RelNode prepared = new LogicalOptimizer(batches).optimize(plan, Set.of(), new OptimizerTrace());
    if (c.then != null) {
      for (String name : c.then.split(",")) {
        String[] parts = name.trim().split("\\s+in\\s+");
        Target then = Target.resolveRule(parts[0], parts.length > 1 ? parts[1] : null);
        prepared = applyAlone(prepared, then.rule, then.batch, new int[1]);
      }
    }
    return prepared;
  }

  /** Applies one rule instance alone, to a fixed point, counting its productions. */
  static RelNode applyAlone(RelNode plan, RelOptRule rule, RuleBatch batch, int[] fired) {
    HepProgramBuilder program = new HepProgramBuilder().addMatchOrder(batch.order())
        .addMatchLimit(SINGLE_RULE_LIMIT).addRuleInstance(rule);
    HepPlanner hep = new HepPlanner(program.build());
    hep.addListener(new RelOptListener() {
      @Override
      public void relEquivalenceFound(RelEquivalenceEvent event) {}

      @Override
      public void ruleAttempted(RuleAttemptedEvent event) {}

      @Override
      public void ruleProductionSucceeded(RuleProductionEvent event) {
        if (!event.isBefore()) {
          fired[0]++;
        }
      }

      @Override
      public void relDiscarded(RelDiscardedEvent event) {}

      @Override
      public void relChosen(RelChosenEvent event) {}
    });
    hep.setRoot(plan);
    return hep.findBestExp();
  }

  static String print(RelNode rel) {
    return RelOptUtil.toString(rel).stripTrailing();
  }

  static RuleBatch batchNamed(String name) {
    for (RuleBatch b : RuleBatches.DEFAULT) {
      if (b.name().equals(name)) {
        return b;
      }
    }
    throw new IllegalArgumentException("no batch '" + name + "'");
  }

  // ---------------------------------------------------------------- rule names

  /**
   * Rules are named by their CoreRules field (FILTER_INTO_JOIN), which {@link CalciteRules} repeats
   * for the ones the batches use; ours by their description.
   */
  static final class RuleNames {
    private static final Map<RelOptRule, String> CORE = new IdentityHashMap<>();

    static {
      for (CalciteRules rule : CalciteRules.values()) {
        CORE.put(rule.rule(), rule.name());
      }
      for (Field f : CoreRules.class.getFields()) {
        if (Modifier.isStatic(f.getModifiers()) && RelOptRule.class.isAssignableFrom(f.getType())) {
          try {
            CORE.putIfAbsent((RelOptRule) f.get(null), f.getName());
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }

    static String name(RelOptRule rule) {
      String core = CORE.get(rule);
      return core != null ? core : rule.toString();
    }
  }

  /** What a case tests: a rule in a batch, or a rewrite batch (rule null). */
  record Target(RuleBatch batch, RelOptRule rule) {
    String key() {
      return rule == null ? batch.name() : batch.name() + "/" + RuleNames.name(rule);
    }

    static Target resolve(Case c) {
      if (c.rewrite != null) {
        RuleBatch b = batchNamed(c.rewrite);
        if (b.rewrite() == null) {
          throw new IllegalArgumentException("batch '" + c.rewrite + "' is not a rewrite");
        }
        return new Target(b, null);
      }
      if (c.rule == null) {
        throw new IllegalArgumentException("case '" + c.name + "' names no rule: and no rewrite:");
      }
      String[] parts = c.rule.split("\\s+in\\s+");
      return resolveRule(parts[0].trim(), parts.length > 1 ? parts[1].trim() : null);
    }

    static Target resolveRule(String name, String batchName) {
      List<Target> found = new ArrayList<>();
      for (RuleBatch b : RuleBatches.DEFAULT) {
        if (batchName != null && !b.name().equals(batchName)) {
          continue;
        }
        for (RelOptRule r : b.rules()) {
          if (RuleNames.name(r).equals(name)) {
            found.add(new Target(b, r));
          }
        }
      }
      if (found.isEmpty()) {
        throw new IllegalArgumentException("no rule '" + name + "'" + (batchName == null ? "" : " in " + batchName));
      }
      if (found.size() > 1) {
        List<String> names = new ArrayList<>();
        found.forEach(t -> names.add(t.batch.name()));
        throw new IllegalArgumentException("rule '" + name + "' is in several batches " + names
            + ": write 'rule: " + name + " in <batch>'");
      }
      return found.get(0);
    }
  }

  // ---------------------------------------------------------------- the file format

  /** One case of a file, with what the run produced (for rewriting). */
  static final class Case {
    final List<String> comments = new ArrayList<>();
    final Map<String, String> header = new LinkedHashMap<>();
    String name;
    String rule;
    String rewrite;
    String prepare;
    String then;
    boolean expectChange;
    String knownBug;
    String sql;
    String before;
    String after;
    String actualBefore;
    String actualAfter;
  }

  static final class CaseFile {
    final Path path;
    final List<Case> cases = new ArrayList<>();
    final List<String> trailingComments = new ArrayList<>();

    private CaseFile(Path path) {
      this.path = path;
    }

    static CaseFile parse(Path path) {
      List<String> lines;
      try {
        lines = Files.readAllLines(path, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      CaseFile file = new CaseFile(path);
      List<String> comments = new ArrayList<>();
      Case current = null;
      String section = null;
      StringBuilder text = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        String where = path.getFileName() + ":" + (i + 1);
        if (line.startsWith("=== ")) {
          if (current != null) {
            file.finish(current, section, text, where);
          }
          current = new Case();
          current.name = line.substring(4).trim();
          current.comments.addAll(comments);
          comments.clear();
          section = "header";
          text.setLength(0);
          continue;
        }
        if (current == null) {
          if (!line.isBlank()) {
            comments.add(line);
          }
          continue;
        }
        if (!"sql".equals(section) && line.startsWith("#")) {
          // comments belong to the case that follows (or, in a header, to this one)
          (("header".equals(section)) ? current.comments : comments).add(line);
          continue;
        }
        if (line.equals("sql:") || line.equals("before:") || line.equals("after:")) {
          file.store(current, section, text);
          section = line.substring(0, line.length() - 1);
          text.setLength(0);
          continue;
        }
        if ("header".equals(section)) {
          if (line.isBlank()) {
            continue;
          }
          int colon = line.indexOf(':');
          if (colon < 0) {
            throw new IllegalArgumentException(where + ": expected 'key: value', got '" + line + "'");
          }
          current.header.put(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
          continue;
        }
        text.append(line).append('\n');
      }
      if (current != null) {
        file.finish(current, section, text, path.getFileName() + ":end");
      }
      file.trailingComments.addAll(comments);
      return file;
    }

    private void store(Case c, String section, StringBuilder text) {
      String value = text.toString().strip();
      if ("sql".equals(section)) {
        c.sql = value;
      } else if ("before".equals(section)) {
        c.before = text.toString().stripTrailing();
      } else if ("after".equals(section)) {
        c.after = text.toString().stripTrailing();
      }
    }

    private void finish(Case c, String section, StringBuilder text, String where) {
      store(c, section, text);
      c.rule = c.header.get("rule");
      c.rewrite = c.header.get("rewrite");
      c.prepare = c.header.get("prepare");
      c.then = c.header.get("then");
      c.knownBug = c.header.get("known-bug");
      String expect = c.header.get("expect");
      if (!"change".equals(expect) && !"no-change".equals(expect)) {
        throw new IllegalArgumentException(where + ": case '" + c.name + "' needs 'expect: change' or 'expect: no-change'");
      }
      c.expectChange = expect.equals("change");
      if (c.sql == null) {
        throw new IllegalArgumentException(where + ": case '" + c.name + "' has no sql:");
      }
      c.before = c.before == null ? "" : c.before;
      c.after = c.after == null ? "" : c.after;
      cases.add(c);
    }

    /** Writes the file back with the actual plans of the cases that ran. */
    void write() throws IOException {
      StringBuilder sb = new StringBuilder();
      for (Case c : cases) {
        for (String comment : c.comments) {
          sb.append(comment).append('\n');
        }
        sb.append("=== ").append(c.name).append('\n');
        for (Map.Entry<String, String> h : c.header.entrySet()) {
          sb.append(h.getKey()).append(": ").append(h.getValue()).append('\n');
        }
        boolean useActual = c.actualBefore != null;
        sb.append("sql:\n").append(c.sql).append('\n');
        sb.append("before:\n").append(useActual ? c.actualBefore : c.before).append('\n');
        sb.append("after:\n").append(useActual ? c.actualAfter : c.after).append("\n\n");
      }
      for (String comment : trailingComments) {
        sb.append(comment).append('\n');
      }
      String text = sb.toString().stripTrailing() + "\n";
      if (!text.equals(Files.readString(path, StandardCharsets.UTF_8))) {
        Files.writeString(path, text, StandardCharsets.UTF_8);
      }
    }
  }
}
