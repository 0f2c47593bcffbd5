package io.sluice.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PackageGraphTest {
  private static final String FIXTURE = "io.sluice.architecture.fixture";

  private final PackageGraph graph = new PackageGraph(new ClassFileImporter().importPackages(FIXTURE));

  @Test
  void findsTheCycleAndOnlyIt() {
    assertEquals(List.of(Set.of(FIXTURE + ".a", FIXTURE + ".b")), graph.cycles());
    assertEquals(List.of("architecture.fixture.a -> architecture.fixture.b",
            "architecture.fixture.b -> architecture.fixture.a"),
        graph.cycleEdges().stream().map(e -> PackageGraph.shortName(e.from()) + " -> " + PackageGraph.shortName(e.to()))
            .toList());
  }

  @Test
  void listsEveryEdgeWithAnExample() {
    assertEquals(3, graph.edges().size());
    PackageGraph.Edge toC = graph.edges().get(2);
    assertEquals(FIXTURE + ".c", toC.to());
    assertEquals(FIXTURE + ".b.B -> " + FIXTURE + ".c.C", toC.example());
    String text = graph.render();
    assertTrue(text.contains("1 cycle:\n  architecture.fixture.a <-> architecture.fixture.b\n"), text);
  }
}
