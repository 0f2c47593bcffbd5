package io.sluice.optimizer.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import java.util.Locale;

/** Chooses the output mode a continuous query runs in from the traits of its plan's root and what the session asks for. */
public final class OutputModes {
  /** The session option that asks for an output mode. */
  public static final String OPTION = "pipeline.output-mode";

  private OutputModes() {}

  /**
   * The mode {@code requested} (null: none asked for) if the query can run in it, otherwise the
   * one its plan implies: complete for an aggregation without a window, update when its rows
   * change, append when each row is final when emitted.
   *
   * @param plan the plan derived before the mode was chosen
   * @throws SluiceException when the query cannot run in the requested mode, saying which would do
   */
  public static OutputMode choose(StreamPlan plan, String requested) {
    boolean aggregates = plan.aggregatesWithoutWindow() && !plan.joinsLast();
    String changes = plan.whyNotAppendOnly();
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
        if (plan.aggregatesByWindow() && !aggregates) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "Complete mode would keep every window forever; a windowed"
              + " aggregation runs in append mode (each window once, when it closes) or update mode (changed windows"
              + " every batch).");
        }
        if (plan.joinsLast()) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Complete mode rewrites the whole result every batch,"
              + " which needs an aggregation last; this query ends with a join of two streams without a time bound,"
              + " whose output is a changelog: use update mode.");
        }
        if (!aggregates) {
          throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Complete mode rewrites the whole result every batch,"
              + " which needs an aggregation; this query has none: use append or update mode.");
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
   * The mode a SELECT over streams shows its rows in: as they come, a changelog (update) when they
   * change later, else append.
   */
  public static OutputMode forSelect(StreamPlan plan) {
    return plan.whyNotAppendOnly() != null ? OutputMode.UPDATE : OutputMode.APPEND;
  }
}
