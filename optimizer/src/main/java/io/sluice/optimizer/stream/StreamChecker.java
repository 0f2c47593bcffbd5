package io.sluice.optimizer.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.StreamTable;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalLimit;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalSetOperation;
import io.sluice.optimizer.physical.PhysicalSort;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexVisitorImpl;

/**
 * Refuses what cannot run on a stream, once, before any operator is built (in the spirit of
 * Spark's unsupported-operation checker): each refusal says why and what to write instead. It
 * reads the traits {@link StreamTraitDerivation} decided, walking the plan from the root so that
 * the first problem a user would meet is the one reported.
 */
public final class StreamChecker {
  private final StreamPlan plan;
  private final RetractionSupport retraction;

  private StreamChecker(StreamPlan plan, RetractionSupport retraction) {
    this.plan = plan;
    this.retraction = retraction;
  }

  /**
   * Checks a plan derived for the output mode it runs in; {@code retraction} says which aggregate
   * functions can take rows back.
   *
   * @throws SluiceException UNSUPPORTED or VALIDATION_ERROR naming the problem and a rewrite
   */
  public static void check(StreamPlan plan, RetractionSupport retraction) {
    if (!plan.readsStream()) {
      return;
    }
    new StreamChecker(plan, retraction).check(plan.root());
  }

  private void check(PhysicalNode node) {
    StreamTraits traits = plan.traits(node);
    if (!traits.unbounded()) {
      return;
    }
    if (traits.operator() instanceof Rank) {
      Rank rank = (Rank) traits.operator();
      checkRank(rank, node, traits);
      check(node.input(0));
      return;
    }
    boolean sortsCompleteResult = (node instanceof PhysicalSort || node instanceof PhysicalLimit)
        && traits.runMode() == OutputMode.COMPLETE && OutputModes.aggregatesAtTop(node);
    if (node instanceof PhysicalSetOperation) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "INTERSECT or EXCEPT over a stream is not supported yet:"
          + " Sluice has no streaming set operator. Write it as the join it stands for, which runs over streams:"
          + " INTERSECT as SELECT DISTINCT a.x FROM a WHERE EXISTS (SELECT 1 FROM b WHERE b.x = a.x) (rows final"
          + " at once, append mode), EXCEPT as the same with NOT EXISTS (a changelog: a row goes when its first"
          + " match arrives); write b.x IS NOT DISTINCT FROM a.x where a NULL must match a NULL, as in INTERSECT."
          + " Both keep their inputs' rows for the whole query or until pipeline.state-ttl.");
    }
    if (!sortsCompleteResult && (node instanceof PhysicalSort || node instanceof PhysicalLimit)) {
      String what = node instanceof PhysicalSort ? "ORDER BY" : "LIMIT";
      throw new SluiceException(ErrorCode.UNSUPPORTED, what + " over a stream is not supported yet;"
          + " continuous queries run filters, projections, UNION ALL, aggregations, windows, joins, deduplication"
          + " and Top-N over streams, and " + what + " over an aggregation in complete mode (SET"
          + " 'pipeline.output-mode' = 'complete': the whole result, sorted, every batch); for the first rows per key"
          + " use ROW_NUMBER() (Top-N)");
    }
    if (node instanceof PhysicalHashAggregate) {
      checkAggregate((PhysicalHashAggregate) node, traits);
    }
    if (node instanceof PhysicalFilterProject filterProject) {
      refuseValuesPerRun(filterProject);
    }
    if (node instanceof PhysicalWindow) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "An OVER window over a stream is not supported yet: Sluice"
          + " has no streaming operator that emits each row with an aggregate of the rows before it. Over streams"
          + " ROW_NUMBER() works when a filter keeps its first rows: deduplication (WHERE rn = 1) and Top-N"
          + " (WHERE rn <= N); for a running aggregate per key, GROUP BY the key (update mode: each row updates its"
          + " key's row), or per window of time, aggregate over TUMBLE, HOP or CUMULATE.");
    }
    if (node instanceof PhysicalSessionWindow) {
      String changes = plan.traits(node.input(0)).whyChangelog();
      if (changes != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "SESSION over a stream keeps the rows it is given until"
            + " their session closes, so its input must only insert rows. " + changes + ". Apply SESSION to rows"
            + " that are only inserted (the source itself, or a windowed aggregation in append mode) and aggregate or"
            + " join after it.");
      }
    }
    if (StreamTraitDerivation.isJoin(node) && !(traits.operator() instanceof RegularJoin)) {
      checkJoin(JoinSpec.of(node)); // a regular join runs whatever its condition, over changelogs too
    }
    for (PhysicalNode input : node.inputs()) {
      check(input);
    }
  }

  /**
   * Refuses a function whose value differs from run to run (RANDOM()): a batch run again after a
   * crash must give the rows its first run gave, or exactly-once output would not hold.
   */
  private static void refuseValuesPerRun(PhysicalFilterProject node) {
    List<RexNode> expressions = new ArrayList<>(node.projects());
    if (node.condition() != null) {
      expressions.add(node.condition());
    }
    for (RexNode expression : expressions) {
      RexCall call = firstPerRunCall(expression);
      if (call != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, call.getOperator().getName() + "() gives another value"
            + " each time it runs, so a continuous query cannot use it: a batch run again after a crash must give the"
            + " rows its first run gave. Derive the value from the row instead (a hash of its key, its event time).");
      }
    }
  }

  private static RexCall firstPerRunCall(RexNode expression) {
    RexCall[] found = new RexCall[1];
    expression.accept(new RexVisitorImpl<Void>(true) {
      @Override
      public Void visitCall(RexCall call) {
        if (found[0] == null && !call.getOperator().isDeterministic()) {
          found[0] = call;
        }
        return super.visitCall(call);
      }
    });
    return found[0];
  }

  /**
   * Refuses an aggregation over rows that change that cannot take them: a windowed one, or one
   * computing an aggregate that cannot give a row back; and one over SESSION windows in update
   * mode that does not group by window_end (nothing would tell when a group is final).
   */
  private void checkAggregate(PhysicalHashAggregate node, StreamTraits traits) {
    String inputChanges = plan.traits(node.input(0)).whyChangelog();
    WindowKeys.WindowKey window = WindowKeys.windowKey(node);
    if (inputChanges != null) {
      String why = lowerFirst(inputChanges);
      if (window != null) {
        // Refused rather than run: a change may take back a row of a window the watermark already
        // closed (a CDC update of an old row), so no window's result would be final and its state could
        // never be dropped (dropping it would lose a later retraction and leave a wrong result).
        // Grouping by a computed start keeps every group and is exact
        throw new SluiceException(ErrorCode.UNSUPPORTED, "A windowed aggregation over rows that change is not"
            + " supported: " + why + ", and a change may take back a row of a window the watermark has already"
            + " closed, so no window's result would be final. Aggregate by window first (its rows are final once"
            + " the window closes), or group by the window's start instead, an aggregation without a window that"
            + " takes every change back from its group: for a tumbling window of a minute,"
            + " GROUP BY FLOOR(ts TO MINUTE) (see README, Aggregations over rows that change).");
      }
      NotRetractable aggregate = firstNotRetractable(node);
      if (aggregate != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate " + aggregate.name()
            + " cannot run over rows that change (" + why + "): " + aggregate.reason() + ". Use MIN or MAX in its"
            + " place (they retract), or, for a scalar subquery, join with the subquery's rows.");
      }
    }
    if (window != null && window.closedUpstream() && traits.runMode() == OutputMode.COMPLETE) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Complete mode over SESSION windows is not supported: a"
          + " session's rows arrive only once it closes, so the whole result would lack the open sessions. Use"
          + " SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes) or 'update'"
          + " (sessions as they grow and merge).");
    }
    boolean sessionUpdates = window != null && window.closedUpstream() && traits.runMode() == OutputMode.UPDATE;
    if (!sessionUpdates) {
      return;
    }
    if (WindowKeys.sessionEndKey(node) < 0) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "An aggregate over SESSION windows in update mode must group"
          + " by window_end: a group is final, and its state dropped, once the watermark passes its window_end,"
          + " and a session's start says nothing of its end. Add window_end to the GROUP BY, or use"
          + " SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
    }
    NotRetractable aggregate = firstNotRetractable(node);
    if (aggregate != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate " + aggregate.name()
          + " cannot run over SESSION windows in update mode, where a session's rows leave its group as the session"
          + " grows or merges: " + aggregate.reason()
          + ". Use SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
    }
  }

  /** An aggregate function that cannot take rows back, and why. */
  private record NotRetractable(String name, String reason) {}

  private NotRetractable firstNotRetractable(PhysicalHashAggregate node) {
    for (AggregateCall call : node.aggregates()) {
      String reason = retraction.whyNotRetractable(call, node.input(0).rowType());
      if (reason != null) {
        return new NotRetractable(call.getAggregation().getName(), reason);
      }
    }
    return null;
  }

  private void checkRank(Rank rank, PhysicalNode node, StreamTraits traits) {
    if (rank.limit() > Rank.MAX_ROWS_PER_KEY) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "A Top-N over a stream keeps at most " + Rank.MAX_ROWS_PER_KEY
          + " rows per key, and this query asks for " + rank.limit() + "; lower the bound on ROW_NUMBER()");
    }
    String inputChanges = plan.traits(node.input(0)).whyChangelog();
    if (inputChanges != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Deduplication and Top-N over rows that change are not"
          + " supported yet: " + lowerFirst(inputChanges) + ". Rank or deduplicate rows that are only inserted: put"
          + " the ROW_NUMBER() over the source itself, or over a windowed aggregation (its rows are final once the"
          + " window closes) partitioned by window_start and window_end.");
    }
    // the input only inserts (refused above otherwise), so the rows it changes are the ranking's own
    if (traits.runMode() == OutputMode.APPEND && traits.whyChangelog() != null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, traits.whyChangelog() + ", so append mode cannot take"
          + " it. Use SET 'pipeline.output-mode' = 'update' (a changelog of +I, -U, +U and -D rows).");
    }
  }

  /**
   * Refuses an interval join over a changelog (a regular join takes one and is not checked here), a
   * stream–table join that would wait on the stream forever, or one over the distinct values of a stream.
   */
  private void checkJoin(JoinSpec join) {
    boolean leftStreams = plan.traits(join.left()).unbounded();
    boolean rightStreams = plan.traits(join.right()).unbounded();
    if (leftStreams && rightStreams) {
      refuseChangelog(join.left());
      refuseChangelog(join.right());
    } else {
      // a changelog looked up in bounded data: each joined row carries its stream row's kind
      refuseDistinctOfStream(leftStreams ? join.left() : join.right());
    }
    String left = StreamInputs.describe(join.left());
    String right = StreamInputs.describe(join.right());
    JoinRelType type = join.type();
    if (leftStreams && rightStreams) {
      return; // an interval join: its bound was derived
    }
    String stream = leftStreams ? left : right;
    String table = leftStreams ? right : left;
    boolean tablePreserved = leftStreams ? type == JoinRelType.RIGHT || type == JoinRelType.FULL
        : type == JoinRelType.LEFT || type == JoinRelType.FULL;
    if (tablePreserved) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This " + join.typeName() + " JOIN keeps every row of "
          + table + " (bounded) even without a match in " + stream + ", but whether a"
          + " table row ever finds a match depends on stream rows that have not arrived yet, so its NULL-padded"
          + " row could never be emitted as final. Preserve the stream instead (stream LEFT JOIN table), or use"
          + " an INNER JOIN.");
    }
    if (!leftStreams && (type == JoinRelType.SEMI || type == JoinRelType.ANTI)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This query keeps rows of " + table
          + " by whether " + stream + " has a match (IN or EXISTS over a stream), which changes as"
          + " stream rows arrive, so no result would be final. Join the stream itself instead (e.g. SELECT"
          + " DISTINCT t.* FROM t JOIN s ON ...), or put the stream in the outer query and the table in the"
          + " subquery.");
    }
  }

  private void refuseChangelog(PhysicalNode input) {
    refuseDistinctOfStream(input);
    String why = plan.traits(input).whyChangelog();
    if (why != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, why + ", and a join of two streams over such a changelog"
          + " input (rows that are updated or retracted later) is not supported yet. Make the join's inputs"
          + " append-only, e.g. aggregate by window (TUMBLE, HOP) so that each row is final when emitted, or join"
          + " the changelog with a table.");
    }
  }

  private void refuseDistinctOfStream(PhysicalNode input) {
    String why = plan.traits(input).whyChangelog();
    if (why != null && isDistinctOfStream(input)) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "This join reads the distinct values of "
          + StreamInputs.describe(input) + " (as IN or EXISTS over a stream, or a GROUP BY without aggregates, does),"
          + " which change as stream rows arrive, so the join could never emit final rows. Join the stream itself"
          + " instead (e.g. SELECT DISTINCT t.* FROM t JOIN s ON ...), or put the stream in the outer query and the"
          + " table in the subquery.");
    }
  }

  /** Whether the input is the distinct values of a stream (how IN subqueries are decorrelated), under projections. */
  private static boolean isDistinctOfStream(PhysicalNode input) {
    PhysicalNode node = input;
    while (node instanceof PhysicalFilterProject) {
      node = node.input(0);
    }
    return node instanceof PhysicalHashAggregate && ((PhysicalHashAggregate) node).aggregates().isEmpty()
        && WindowKeys.windowKey((PhysicalHashAggregate) node) == null;
  }

  /**
   * Refuses a plan that emits rows only once the watermark passes them (windows, sessions) over
   * sources none of which declares a watermark: no window would ever be complete.
   */
  public static void requireWatermark(StreamPlan plan) {
    if (!plan.waitsOnWatermark()) {
      return;
    }
    for (StreamTable table : plan.sources().values()) {
      if (table.watermark() != null) {
        return;
      }
    }
    throw new SluiceException(ErrorCode.VALIDATION_ERROR, "This query groups rows by event-time window, but source "
        + String.join(", ", plan.sources().keySet()) + " has no watermark, so no window would ever be complete."
        + " Declare one: CREATE SOURCE ... (..., WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)");
  }

  static String lowerFirst(String text) {
    return Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }
}
