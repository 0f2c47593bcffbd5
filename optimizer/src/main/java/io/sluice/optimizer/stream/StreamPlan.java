package io.sluice.optimizer.stream;

import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A physical plan with the streaming traits of every node ({@link StreamTraitDerivation}),
 * derived once for the output mode the query runs in. Immutable; the runtime and EXPLAIN read the
 * decisions here instead of walking the plan again.
 */
public final class StreamPlan {
  private final PhysicalNode root;
  private final Map<PhysicalNode, StreamTraits> traits;
  private final boolean aggregatesWithoutWindow;
  private final boolean aggregatesByWindow;
  private final boolean waitsOnWatermark;
  private final boolean emitsSessionChanges;

  StreamPlan(PhysicalNode root, IdentityHashMap<PhysicalNode, StreamTraits> traits, boolean aggregatesWithoutWindow,
      boolean aggregatesByWindow, boolean waitsOnWatermark, boolean emitsSessionChanges) {
    this.root = root;
    this.traits = Collections.unmodifiableMap(new IdentityHashMap<>(traits));
    this.aggregatesWithoutWindow = aggregatesWithoutWindow;
    this.aggregatesByWindow = aggregatesByWindow;
    this.waitsOnWatermark = waitsOnWatermark;
    this.emitsSessionChanges = emitsSessionChanges;
  }

  public PhysicalNode root() {
    return root;
  }

  /** The traits of {@code node}, a node of this plan. */
  public StreamTraits traits(PhysicalNode node) {
    StreamTraits t = traits.get(node);
    if (t == null) {
      throw new IllegalArgumentException("not a node of this plan: " + node.name());
    }
    return t;
  }

  /** The traits of the root: what the query emits. */
  public StreamTraits rootTraits() {
    return traits(root);
  }

  /** Whether the plan reads a stream: it runs as a continuous query. */
  public boolean readsStream() {
    return rootTraits().unbounded();
  }

  /** The output mode the plan runs in; null when it was derived before the mode was chosen. */
  public OutputMode mode() {
    return rootTraits().runMode();
  }

  /** Why the query's rows change after they are emitted (so append mode cannot take it), or null. */
  public String whyNotAppendOnly() {
    return rootTraits().whyChangelog();
  }

  /** Whether it aggregates a stream without a window: its result changes as rows arrive. */
  public boolean aggregatesWithoutWindow() {
    return aggregatesWithoutWindow;
  }

  /**
   * Whether the last stateful operator before the output is a regular join: its changelog cannot be
   * turned into a whole result every batch (complete mode), even over an aggregation.
   */
  public boolean joinsLast() {
    PhysicalNode node = root;
    while (traits(node).operator() == null && node.inputs().size() == 1) {
      node = node.input(0);
    }
    return traits(node).operator() instanceof RegularJoin;
  }

  /** Whether it aggregates a stream by event-time window. */
  public boolean aggregatesByWindow() {
    return aggregatesByWindow;
  }

  /** Whether it emits rows only once the watermark passes them (windows, sessions): it needs a watermark. */
  public boolean waitsOnWatermark() {
    return waitsOnWatermark;
  }

  /**
   * Whether some operator keeps rows until the watermark passes them: then scans drop rows older
   * than the watermark (late rows), since state the watermark released is never needed again.
   */
  public boolean dropsLateRows() {
    for (PhysicalNode node : traits.keySet()) {
      StreamTraits t = traits.get(node);
      if (t.operator() != null && t.operator().waitsOnWatermark(t.runMode())) {
        return true;
      }
    }
    return false;
  }

  /** Whether some node emits SESSION windows as they grow (update mode). */
  public boolean emitsSessionChanges() {
    return emitsSessionChanges;
  }

  /** The stream sources it reads, by name. */
  public Map<String, StreamTable> sources() {
    return StreamInputs.sources(root);
  }

  /**
   * One line per operator that keeps state between batches, in the order they are built (inputs
   * first): its name and what it keeps ({@code "SessionWindows - the rows of each open session..."}).
   */
  public List<String> explainState() {
    List<String> lines = new ArrayList<>();
    collectState(root, lines);
    return lines;
  }

  private void collectState(PhysicalNode node, List<String> lines) {
    StreamTraits t = traits(node);
    StreamOperator operator = t.operator();
    List<PhysicalNode> inputs = node.inputs();
    if (operator instanceof TableJoin && !((TableJoin) operator).streamLeft()) {
      inputs = List.of(node.input(1), node.input(0)); // the stream side is built first
    }
    for (PhysicalNode input : inputs) {
      collectState(input, lines);
    }
    String line = operator == null ? null : operator.explainState(t.runMode());
    if (line != null) {
      lines.add(line);
    }
  }

  /** The plan as an indented tree, each node with its traits. */
  public String explain() {
    return root.explain(node -> traits(node).explain(node));
  }
}
