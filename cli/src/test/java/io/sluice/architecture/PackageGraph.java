package io.sluice.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which package of Sluice uses which, from the compiled classes: one node per package (a
 * sub-package is a node of its own), one edge per pair of packages with at least one class-level
 * dependency, and the cycles among them (strongly connected components of more than one package).
 */
final class PackageGraph {
  static final String ROOT = "io.sluice";

  /** Edges by origin package, then target package, with the class-level dependency that shows each. */
  private final Map<String, Map<String, Edge>> edges = new TreeMap<>();
  private final Set<String> packages = new TreeSet<>();

  /** One package-level edge: how many class-level dependencies make it, and the first of them by name (stable output). */
  record Edge(String from, String to, int count, String example) {
    @Override
    public String toString() {
      return from + " -> " + to;
    }
  }

  PackageGraph(JavaClasses classes) {
    for (JavaClass type : classes) {
      if (!inSluice(type.getPackageName())) {
        continue;
      }
      packages.add(type.getPackageName());
      for (Dependency dependency : type.getDirectDependenciesFromSelf()) {
        String from = dependency.getOriginClass().getPackageName();
        String to = dependency.getTargetClass().getBaseComponentType().getPackageName();
        if (from.equals(to) || !inSluice(to)) {
          continue;
        }
        edges.computeIfAbsent(from, k -> new TreeMap<>()).merge(to,
            new Edge(from, to, 1, dependency.getOriginClass().getName() + " -> " + dependency.getTargetClass().getName()),
            (old, added) -> new Edge(old.from(), old.to(), old.count() + 1,
                old.example().compareTo(added.example()) <= 0 ? old.example() : added.example()));
      }
    }
  }

  private static boolean inSluice(String packageName) {
    return packageName.equals(ROOT) || packageName.startsWith(ROOT + ".");
  }

  /** Every edge, in order of origin and target. */
  List<Edge> edges() {
    List<Edge> all = new ArrayList<>();
    for (Map<String, Edge> out : edges.values()) {
      all.addAll(out.values());
    }
    return all;
  }

  /** The package cycles: each a sorted set of packages that reach one another, largest first. */
  List<Set<String>> cycles() {
    List<Set<String>> cycles = new ArrayList<>();
    for (Set<String> component : new Tarjan().components()) {
      if (component.size() > 1) {
        cycles.add(component);
      }
    }
    cycles.sort((a, b) -> a.size() != b.size() ? b.size() - a.size() : a.toString().compareTo(b.toString()));
    return cycles;
  }

  /** The edges that lie on a cycle (both ends in one cycle). Removing them all leaves no cycle. */
  List<Edge> cycleEdges() {
    Map<String, Integer> componentOf = new HashMap<>();
    List<Set<String>> cycles = cycles();
    for (int i = 0; i < cycles.size(); i++) {
      for (String p : cycles.get(i)) {
        componentOf.put(p, i);
      }
    }
    List<Edge> result = new ArrayList<>();
    for (Edge e : edges()) {
      Integer a = componentOf.get(e.from());
      if (a != null && a.equals(componentOf.get(e.to()))) {
        result.add(e);
      }
    }
    return result;
  }

  /** The graph as text: every package with the packages it uses, then the cycles. */
  String render() {
    StringBuilder text = new StringBuilder();
    text.append("Packages of ").append(ROOT).append(" (").append(packages.size()).append(") and the packages each uses")
        .append(" (class-level dependencies in brackets):\n");
    for (String p : packages) {
      text.append(shortName(p)).append('\n');
      for (Edge e : edges.getOrDefault(p, Map.of()).values()) {
        text.append("  -> ").append(shortName(e.to())).append(" [").append(e.count()).append("]\n");
      }
    }
    List<Set<String>> cycles = cycles();
    text.append('\n').append(cycles.size()).append(cycles.size() == 1 ? " cycle" : " cycles").append(":\n");
    for (Set<String> cycle : cycles) {
      List<String> names = new ArrayList<>();
      for (String p : cycle) {
        names.add(shortName(p));
      }
      text.append("  ").append(String.join(" <-> ", names)).append('\n');
    }
    List<Edge> onCycles = cycleEdges();
    text.append('\n').append(onCycles.size()).append(" edges lie on cycles:\n");
    for (Edge e : onCycles) {
      text.append("  ").append(shortName(e.from())).append(" -> ").append(shortName(e.to()))
          .append("   e.g. ").append(e.example()).append('\n');
    }
    return text.toString();
  }

  /** {@code engine.exec} for {@code io.sluice.engine.exec}. */
  static String shortName(String packageName) {
    return packageName.equals(ROOT) ? ROOT : packageName.substring(ROOT.length() + 1);
  }

  /** Tarjan's strongly connected components, iteratively (no recursion depth limit). */
  private final class Tarjan {
    private final Map<String, Integer> index = new HashMap<>();
    private final Map<String, Integer> low = new HashMap<>();
    private final Deque<String> stack = new ArrayDeque<>();
    private final Set<String> onStack = new TreeSet<>();
    private final List<Set<String>> components = new ArrayList<>();
    private int next;

    List<Set<String>> components() {
      for (String p : packages) {
        if (!index.containsKey(p)) {
          visit(p);
        }
      }
      return components;
    }

    private List<String> successors(String p) {
      return new ArrayList<>(edges.getOrDefault(p, Map.of()).keySet());
    }

    private void visit(String start) {
      Deque<Object[]> work = new ArrayDeque<>();
      enter(start);
      work.push(new Object[] {start, successors(start), 0});
      while (!work.isEmpty()) {
        Object[] frame = work.peek();
        String p = (String) frame[0];
        @SuppressWarnings("unchecked")
        List<String> next = (List<String>) frame[1];
        int i = (Integer) frame[2];
        if (i < next.size()) {
          frame[2] = i + 1;
          String q = next.get(i);
          if (!index.containsKey(q)) {
            enter(q);
            work.push(new Object[] {q, successors(q), 0});
          } else if (onStack.contains(q)) {
            low.put(p, Math.min(low.get(p), index.get(q)));
          }
          continue;
        }
        work.pop();
        if (!work.isEmpty()) {
          String parent = (String) work.peek()[0];
          low.put(parent, Math.min(low.get(parent), low.get(p)));
        }
        if (low.get(p).equals(index.get(p))) {
          Set<String> component = new TreeSet<>();
          String q;
          do {
            q = stack.pop();
            onStack.remove(q);
            component.add(q);
          } while (!q.equals(p));
          components.add(component);
        }
      }
    }

    private void enter(String p) {
      index.put(p, next);
      low.put(p, next);
      next++;
      stack.push(p);
      onStack.add(p);
    }
  }
}
