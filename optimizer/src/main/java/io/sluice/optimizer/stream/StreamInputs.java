package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/** What a subtree of a physical plan reads: whether any stream, which sources, and its inputs named for messages. */
public final class StreamInputs {
  private StreamInputs() {}

  /** Whether the plan reads a stream source anywhere. */
  public static boolean readsStream(PhysicalNode plan) {
    if (plan instanceof PhysicalScan && ((PhysicalScan) plan).table() instanceof StreamTable) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (readsStream(input)) {
        return true;
      }
    }
    return false;
  }

  /** The stream sources the plan reads, by name, in plan order. */
  public static Map<String, StreamTable> sources(PhysicalNode plan) {
    Map<String, StreamTable> sources = new LinkedHashMap<>();
    collectSources(plan, sources);
    return sources;
  }

  private static void collectSources(PhysicalNode node, Map<String, StreamTable> sources) {
    if (node instanceof PhysicalScan && ((PhysicalScan) node).table() instanceof StreamTable) {
      StreamTable table = (StreamTable) ((PhysicalScan) node).table();
      sources.put(table.name(), table);
    }
    for (PhysicalNode input : node.inputs()) {
      collectSources(input, sources);
    }
  }

  /** "stream 's'", "table 't'", or the names of what an input reads, for messages. */
  public static String describe(PhysicalNode input) {
    Set<String> names = new LinkedHashSet<>();
    collectScans(input, names);
    if (names.isEmpty()) {
      return "a bounded input";
    }
    if (names.size() == 1) {
      return names.iterator().next();
    }
    return "the input reading " + String.join(", ", names);
  }

  private static void collectScans(PhysicalNode node, Set<String> names) {
    if (node instanceof PhysicalScan) {
      PhysicalScan scan = (PhysicalScan) node;
      names.add((scan.table() instanceof StreamTable ? "stream '" : "table '") + scan.tableName() + "'");
    }
    for (PhysicalNode input : node.inputs()) {
      collectScans(input, names);
    }
  }
}
