package io.sluice.optimizer.stream;

import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the optimizer decided about one node of a plan over streams: whether it reads a stream,
 * how its output evolves, which of its columns carry event time that the watermark bounds and
 * whose watermarks those are, the operator it runs as with the state that needs, and the output
 * mode it runs in (append below operators that take only final rows).
 *
 * @param unbounded whether the node reads a stream (a node that does not is a bounded batch input)
 * @param changelog how its rows evolve
 * @param whyChangelog why its rows change after they are emitted, in words for users; null when
 *     they are final when emitted (sessions shown as they grow aside, see {@code sessionChanges})
 * @param sessionChanges whether it emits the changelog of SESSION windows as they grow and merge
 *     (update mode only)
 * @param eventTime its output columns that carry event time, and how far behind the watermark they can be
 * @param watermarks the sources whose watermarks drive its event time
 * @param operator the stateful operator it runs as, or null when it keeps no state between batches
 * @param runMode the output mode it runs in; null when the query's mode is not decided
 */
public record StreamTraits(boolean unbounded, ChangelogMode changelog, String whyChangelog,
    boolean sessionChanges, Map<Integer, EventTimeColumns.TimeColumn> eventTime, Set<String> watermarks,
    StreamOperator operator, OutputMode runMode) {
  public StreamTraits {
    eventTime = Map.copyOf(eventTime);
    watermarks = Set.copyOf(watermarks);
  }

  /** The traits of a node that reads no stream. */
  static StreamTraits bounded() {
    return new StreamTraits(false, ChangelogMode.INSERT_ONLY, null, false, Map.of(), Set.of(), null, null);
  }

  /** Whether its rows are final when emitted. */
  public boolean appendOnly() {
    return whyChangelog == null && !sessionChanges;
  }

  /** The state it needs between batches, or null when it keeps none. */
  public StateNeed state() {
    return operator == null ? null : operator.state();
  }

  /**
   * One EXPLAIN line's traits: {@code bounded}, or {@code stream}, what it emits in the output mode
   * it runs in ({@code append}, a {@code changelog}, or {@code complete}: the whole result every
   * batch), its event-time columns, and its operator with the state it keeps.
   */
  public String explain(PhysicalNode node) {
    if (!unbounded) {
      return "bounded";
    }
    List<String> names = node.rowType().getFieldNames();
    StringBuilder sb = new StringBuilder("stream, ");
    if (sessionChanges) {
      sb.append("changelog of sessions as they grow");
    } else if (runMode == OutputMode.COMPLETE && !changelog.insertOnly()) {
      sb.append("complete"); // the whole result every batch, not its changes
    } else {
      sb.append(changelog.explain(names));
    }
    if (!eventTime.isEmpty()) {
      sb.append(", event time=[");
      String separator = "";
      for (int column = 0; column < names.size(); column++) {
        if (eventTime.containsKey(column)) {
          sb.append(separator).append(names.get(column));
          separator = ", ";
        }
      }
      sb.append(']');
    }
    if (operator != null) {
      sb.append(", ").append(operator.name()).append(' ').append(operator.state().explain());
    }
    return sb.toString();
  }
}
