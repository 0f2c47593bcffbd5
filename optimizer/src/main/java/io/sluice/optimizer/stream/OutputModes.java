package io.sluice.optimizer.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalLimit;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalSort;
import java.util.Locale;

/** Chooses the output mode a continuous query runs in from the traits of its plan's root and what the session asks for. */
public final class OutputModes {
  /** The session option that asks for an output mode. */
  public static final String OPTION = "pipeline.output-mode";

  private OutputModes() {}

  /**
   * The mode {@code requested} (null: none asked for) if the query can run in it, otherwise the
   * one its plan implies: complete for an aggregation without a window, update when its rows
   * change, append when each row is final when emitted. Complete mode takes any aggregation at
   * the top of the query, windowed ones too (every window kept, as Spark's complete mode does).
   *
   * @param plan the plan derived before the mode was chosen
   * @throws SluiceException when the query cannot run in the requested mode, saying which would do
   */
  public static OutputMode choose(StreamPlan plan, String requested) {
    return choose(plan, requested, WindowEmit.DEFAULT);
  }

  /**
   * As {@link #choose(StreamPlan, String)}, with windowed aggregations emitting as {@code emit}
   * says: early or late firing makes them a changelog ({@link WindowEmitCheck}).
   */
  public static OutputMode choose(StreamPlan plan, String requested, WindowEmit emit) {
    boolean aggregates = plan.aggregatesWithoutWindow() && !plan.joinsLast();
    String changes = plan.whyNotAppendOnly();
    if (changes == null) {
      changes = WindowEmitCheck.whyChangelog(plan, emit);
    }
    if (requested == null) {
      return aggregates ? OutputMode.COMPLETE : changes != null ? OutputMode.UPDATE : OutputMode.APPEND;
    }
    switch (requested.toLowerCase(Locale.ROOT)) {
      case "append":
        if (changes != null) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, changes + ", so append mode cannot take it. Use SET"
              + " 'pipeline.output-mode' = 'update' (a changelog of +I, -U, +U and -D rows)"
              + (aggregates ? " or 'complete' (the whole result every batch)" : "") + ".");
        }
        return OutputMode.APPEND;
      case "complete":
        if (!aggregatesAtTop(plan.root())) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Complete mode rewrites the whole result every batch,"
              + " which needs an aggregation at the top of the query (under ORDER BY, LIMIT, filters and"
              + " projections only); this query has none there: use append or update mode.");
        }
        return OutputMode.COMPLETE;
      case "update":
        return OutputMode.UPDATE;
      default:
        throw new SluiceException(ErrorCode.INVALID_OPTION, "Option 'pipeline.output-mode' takes 'append', 'update'"
            + " or 'complete', not '" + requested + "'");
    }
  }

  /**
   * Whether {@code node} is an aggregation, or a sort, limit, filter or projection over one: in
   * complete mode such an aggregation emits its whole result every batch, which the nodes above
   * it (a sort each batch, say) take whole.
   */
  public static boolean aggregatesAtTop(PhysicalNode node) {
    PhysicalNode top = node;
    while (top instanceof PhysicalSort || top instanceof PhysicalLimit
        || top instanceof PhysicalFilterProject && RowNumberFilter.of(top) == null) {
      top = top.input(0);
    }
    return top instanceof PhysicalHashAggregate;
  }

  /**
   * The mode a SELECT over streams shows its rows in: as they come, a changelog (update) when they
   * change later, else append.
   */
  public static OutputMode forSelect(StreamPlan plan) {
    return forSelect(plan, WindowEmit.DEFAULT);
  }

  /** As {@link #forSelect(StreamPlan)}, with windowed aggregations emitting as {@code emit} says. */
  public static OutputMode forSelect(StreamPlan plan, WindowEmit emit) {
    return plan.whyNotAppendOnly() != null || WindowEmitCheck.whyChangelog(plan, emit) != null
        ? OutputMode.UPDATE : OutputMode.APPEND;
  }
}
