package io.sluice.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the dependencies of Sluice's main classes pointing one way (DESIGN.md, "Modules" and
 * "Target layout"). It lives in the last module so that it sees every module's classes.
 *
 * <ul>
 *   <li>Modules: catalog, runtime, sql-parser, optimizer, codegen, engine, jdbc, cli, each using
 *       only those before it (runtime and sql-parser know nothing of each other).
 *   <li>The runtime module ({@code io.sluice.runtime}: operators, kernels, their state, what
 *       generated code implements and calls) uses catalog alone: no Calcite, planner, compiler or
 *       engine.
 *   <li>Run-time packages (data, operators, connectors, state, the helpers generated code calls)
 *       use neither Calcite nor the planner nor the compiler.
 *   <li>No package cycle anywhere: every cycle fails the test, with its packages and an example
 *       class dependency per edge; none may be frozen.
 *   <li>Faces (jdbc, server, cli) reaching past the session API ({@link #isSessionApi}), and run-time
 *       packages using codegen: the edges that do so today are frozen in {@value #FROZEN}. A new one
 *       fails the test; so does a listed one that is gone, so the list only shrinks. Rewrite the list
 *       (after removing such an edge, say) with {@code -Dsluice.architecture.refreeze=true}.
 * </ul>
 *
 * <p>Each run also writes the package graph with its cycles to {@code target/package-graph.txt}
 * ({@code bin/package-graph} prints it). Run it with {@code -am}: without it the other modules'
 * classes come from the shared {@code ~/.m2}, which may hold another branch's build.
 */
class LayeringTest {
  static final String FROZEN = "src/test/resources/architecture/frozen-package-edges.txt";
  static final String GRAPH = "target/package-graph.txt";

  /** Packages that run batches: no Calcite, no planner, no compiler, no parser. */
  static final String[] RUNTIME = {
      "io.sluice.catalog..", "io.sluice.runtime..",
      "io.sluice.engine.connector..", "io.sluice.engine.checkpoint..", "io.sluice.engine.stream..",
      "io.sluice.engine.exec..",
      "io.sluice.engine.table..", "io.sluice.engine.functions..", "io.sluice.engine.batch..",
      "io.sluice.engine.result.."};

  private static JavaClasses classes;
  private static PackageGraph graph;

  @BeforeAll
  static void importClasses() throws IOException {
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages(PackageGraph.ROOT);
    graph = new PackageGraph(classes);
    Files.createDirectories(Path.of(GRAPH).getParent());
    Files.writeString(Path.of(GRAPH), graph.render(), StandardCharsets.UTF_8);
  }

  @Test
  void modulesUseOnlyTheModulesBeforeThem() {
    layeredArchitecture().consideringOnlyDependenciesInLayers()
        .layer("catalog").definedBy("io.sluice.catalog..")
        .layer("runtime").definedBy("io.sluice.runtime..")
        .layer("sql-parser").definedBy("io.sluice.sqlparser..")
        .layer("optimizer").definedBy("io.sluice.optimizer..")
        .layer("codegen").definedBy("io.sluice.codegen..")
        .layer("engine").definedBy("io.sluice.engine..")
        .layer("jdbc").definedBy("io.sluice.jdbc..")
        .layer("server").definedBy("io.sluice.server..")
        .layer("cli").definedBy("io.sluice.cli..")
        .whereLayer("cli").mayNotBeAccessedByAnyLayer()
        .whereLayer("server").mayOnlyBeAccessedByLayers("cli")
        .whereLayer("jdbc").mayOnlyBeAccessedByLayers("server", "cli")
        .whereLayer("engine").mayOnlyBeAccessedByLayers("jdbc", "cli")
        .whereLayer("codegen").mayOnlyBeAccessedByLayers("engine")
        .whereLayer("runtime").mayOnlyBeAccessedByLayers("codegen", "engine", "jdbc", "cli")
        .whereLayer("optimizer").mayOnlyBeAccessedByLayers("codegen", "engine")
        .whereLayer("sql-parser").mayOnlyBeAccessedByLayers("optimizer", "engine", "jdbc", "server", "cli")
        .check(classes);
  }

  @Test
  void runtimePackagesUseNoPlanner() {
    noClasses().that().resideInAnyPackage(RUNTIME)
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..", "io.sluice.optimizer..",
            "io.sluice.sqlparser..", "org.codehaus.janino..", "org.codehaus.commons.compiler..")
        .because("the runtime obeys decisions the planner wrote into the plan; it never reads the plan")
        .check(classes);
  }

  /**
   * The engine's upper packages read top-down: the session API (io.sluice.engine) runs statements
   * through their handlers (engine.statement), which plan and launch queries on the packages
   * below; what statements return (engine.result) needs nothing of the engine. Nothing calls back up.
   */
  @Test
  void engineUpperPackagesPointDown() {
    noClasses().that().resideInAPackage("io.sluice.engine..").and().resideOutsideOfPackage("io.sluice.engine")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.engine")
        .because("the session API is the top of the engine: only the faces use it").check(classes);
    noClasses().that().resideInAPackage("io.sluice.engine..")
        .and().resideOutsideOfPackages("io.sluice.engine", "io.sluice.engine.statement..")
        .should().dependOnClassesThat().resideInAPackage("io.sluice.engine.statement..")
        .because("statement handlers are reached through the session only").check(classes);
    noClasses().that().resideInAPackage("io.sluice.engine.result..")
        .should().dependOnClassesThat().resideOutsideOfPackages("io.sluice.engine.result..", "io.sluice.catalog..",
            "java..")
        .because("the values the faces get from a statement depend only on catalog types").check(classes);
  }

  @Test
  void runtimeModuleUsesCatalogAlone() {
    noClasses().that().resideInAPackage("io.sluice.runtime..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.calcite..", "io.sluice.optimizer..",
            "io.sluice.codegen..", "io.sluice.engine..", "io.sluice.sqlparser..", "org.codehaus.janino..",
            "org.codehaus.commons.compiler..")
        .because("the runtime module sits below the planner and the compiler: what runs batches never reaches up")
        .check(classes);
  }

  /** Any package cycle fails, frozen or not: a cycle's packages can only be read all at once. */
  @Test
  void packagesFormNoCycle() {
    List<PackageGraph.Edge> onCycles = graph.cycleEdges();
    if (!onCycles.isEmpty()) {
      StringBuilder message = new StringBuilder("Package cycles (break them; they cannot be frozen):\n");
      for (Set<String> cycle : graph.cycles()) {
        message.append("  cycle:");
        for (String p : cycle) {
          message.append(' ').append(PackageGraph.shortName(p));
        }
        message.append('\n');
      }
      for (PackageGraph.Edge e : onCycles) {
        message.append("  ").append(line("cycle", e)).append("   e.g. ").append(e.example()).append('\n');
      }
      fail(message.append("Package graph: ").append(GRAPH).toString());
    }
  }

  @Test
  void noNewUpwardEdge() throws IOException {
    Set<String> now = violations();
    if (Boolean.getBoolean("sluice.architecture.refreeze")) {
      writeFrozen(now);
    }
    Set<String> frozen = readFrozen();
    Set<String> added = new TreeSet<>(now);
    added.removeAll(frozen);
    Set<String> gone = new TreeSet<>(frozen);
    gone.removeAll(now);
    if (!added.isEmpty() || !gone.isEmpty()) {
      StringBuilder message = new StringBuilder();
      if (!added.isEmpty()) {
        message.append("New package edges that point the wrong way:\n");
        for (String line : added) {
          message.append("  ").append(line).append("   e.g. ").append(example(line)).append('\n');
        }
      }
      if (!gone.isEmpty()) {
        message.append("Frozen edges that are gone (well done): delete these lines from ").append(FROZEN).append(":\n");
        for (String line : gone) {
          message.append("  ").append(line).append('\n');
        }
      }
      message.append("Package graph: ").append(GRAPH).append("; rewrite the list with -Dsluice.architecture.refreeze=true");
      fail(message.toString());
    }
    assertEquals(frozen, now);
  }

  /** Each frozen kind of violation as one line: its kind and the package edge, short names. */
  static Set<String> violations() {
    Set<String> lines = new TreeSet<>();
    for (PackageGraph.Edge e : graph.edges()) {
      String from = PackageGraph.shortName(e.from());
      String to = PackageGraph.shortName(e.to());
      if ((from.startsWith("jdbc") || from.startsWith("server") || from.startsWith("cli")) && !isSessionApi(to)) {
        lines.add(line("face", e));
      }
      if (isRuntime(e.from()) && to.startsWith("codegen")) {
        lines.add(line("runtime", e));
      }
    }
    return lines;
  }

  /**
   * What the faces (jdbc, server, cli) may use: each other; the engine's session API
   * (io.sluice.engine: Database, Session, Functions), the values statements return
   * (io.sluice.engine.result: rows, results, live queries and their progress) and the function
   * registry's metadata records (io.sluice.engine.functions, reached through Functions);
   * catalog's types and errors; and the pure parser module (io.sluice.sqlparser: script
   * splitting with positions, statement classification, parse errors), which holds no state and
   * reaches nothing of the engine.
   */
  private static boolean isSessionApi(String to) {
    return to.equals("jdbc") || to.startsWith("jdbc.") || to.equals("cli") || to.startsWith("cli.")
        || to.equals("server") || to.startsWith("server.")
        || to.equals("engine") || to.equals("engine.result") || to.equals("engine.functions")
        || to.equals("catalog") || to.startsWith("catalog.") || to.equals("sqlparser");
  }

  private static boolean isRuntime(String packageName) {
    for (String pattern : RUNTIME) {
      String prefix = pattern.substring(0, pattern.length() - 2);
      if (packageName.equals(prefix) || packageName.startsWith(prefix + ".")) {
        return true;
      }
    }
    return false;
  }

  private static String line(String kind, PackageGraph.Edge e) {
    return kind + " " + PackageGraph.shortName(e.from()) + " -> " + PackageGraph.shortName(e.to());
  }

  private static String example(String line) {
    String[] words = line.split(" ");
    for (PackageGraph.Edge e : graph.edges()) {
      if (PackageGraph.shortName(e.from()).equals(words[1]) && PackageGraph.shortName(e.to()).equals(words[3])) {
        return e.example();
      }
    }
    return "";
  }

  private static Set<String> readFrozen() throws IOException {
    Set<String> lines = new TreeSet<>();
    for (String line : Files.readAllLines(Path.of(FROZEN), StandardCharsets.UTF_8)) {
      String text = line.strip();
      if (!text.isEmpty() && !text.startsWith("#")) {
        lines.add(text);
      }
    }
    return lines;
  }

  private static void writeFrozen(Set<String> lines) throws IOException {
    List<String> text = new ArrayList<>();
    text.add("# Package edges that break the layering today, frozen by LayeringTest: a new one fails the test,");
    text.add("# and so does a line here whose edge is gone (the list only shrinks). Package cycles are never frozen:");
    text.add("# any cycle fails LayeringTest.packagesFormNoCycle. Kinds:");
    text.add("#   face     jdbc, server or cli uses more than the session API (io.sluice.engine, .result, .functions),"
        + " catalog and sqlparser");
    text.add("#   runtime  a run-time package uses the codegen module, which depends on the planner");
    text.add("# Rewrite: mvn -B -o test -pl cli -am -Dtest=LayeringTest -Dsurefire.failIfNoSpecifiedTests=false"
        + " -Dsluice.architecture.refreeze=true");
    text.addAll(lines);
    Files.write(Path.of(FROZEN), text, StandardCharsets.UTF_8);
  }
}
