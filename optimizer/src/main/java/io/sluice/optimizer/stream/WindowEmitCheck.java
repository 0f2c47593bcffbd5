package io.sluice.optimizer.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.catalog.stream.WindowEmit;
import io.sluice.optimizer.physical.PhysicalNode;

/**
 * What the session's early and late firing options ({@link WindowEmit}) do to a continuous query's
 * plan: a windowed aggregation that emits before its window closes, or updates a window after it,
 * writes a changelog, so append mode cannot take it; and an allowed lateness lets rows through
 * that other operators waiting on the watermark (joins, deduplication, Top-N) already let go, so
 * it is refused in a query that has them. Over SESSION windows (update mode) the session operator
 * honours both: it holds a session's changes for the delay, and keeps a session for the lateness.
 */
public final class WindowEmitCheck {
  private WindowEmitCheck() {}

  /**
   * Why the windowed aggregations of {@code plan} (derived before the mode was chosen) emit a
   * changelog under {@code emit}, or null when they do not.
   */
  public static String whyChangelog(StreamPlan plan, WindowEmit emit) {
    if (!emit.isSet() || !plan.aggregatesByWindow()) {
      return null;
    }
    return "With " + options(emit) + " a windowed aggregation emits its windows "
        + (emit.earlyFireMillis() > 0 ? "before they close and " : "") + "updates them "
        + (emit.allowedLatenessMillis() > 0 ? "for late rows after they close" : "as rows arrive")
        + ", so its rows change after they are emitted";
  }

  /**
   * Refuses an allowed lateness in a plan (derived in the mode it runs in) where an operator other
   * than a windowed aggregation in update mode waits on the watermark.
   */
  public static void check(StreamPlan plan, WindowEmit emit) {
    if (emit.allowedLatenessMillis() == 0) {
      return;
    }
    String other = otherWaiting(plan, plan.root());
    if (other != null) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, "Option '" + WindowEmit.ALLOWED_LATENESS
          + "' applies to windowed aggregations in update mode only, but this query's " + other
          + " also waits on the watermark and has let go of the rows a late row would meet. SET '"
          + WindowEmit.ALLOWED_LATENESS + "' = 'off' for this query, or run the aggregation as a query of its own.");
    }
  }

  /**
   * Whether the operator keeps what a late row within the lateness would meet: a windowed
   * aggregation in update mode, and in update mode the SESSION windows and the aggregation over
   * their changelog, which keep a session (and its groups) until the watermark passes its end plus
   * the lateness.
   */
  private static boolean takesLateRows(StreamOperator operator, OutputMode mode) {
    return mode == OutputMode.UPDATE && (operator instanceof WindowAggregate || operator instanceof SessionWindow
        || operator instanceof GroupAggregate && ((GroupAggregate) operator).sessionEndKey() >= 0);
  }

  private static String otherWaiting(StreamPlan plan, PhysicalNode node) {
    StreamTraits traits = plan.traits(node);
    StreamOperator operator = traits.operator();
    if (operator != null && operator.waitsOnWatermark(traits.runMode()) && !takesLateRows(operator, traits.runMode())) {
      return operator.operatorName(traits.runMode());
    }
    for (PhysicalNode input : node.inputs()) {
      String other = otherWaiting(plan, input);
      if (other != null) {
        return other;
      }
    }
    return null;
  }

  private static String options(WindowEmit emit) {
    return emit.earlyFireMillis() > 0 && emit.allowedLatenessMillis() > 0
        ? "'" + WindowEmit.EARLY_FIRE + "' and '" + WindowEmit.ALLOWED_LATENESS + "'"
        : "'" + (emit.earlyFireMillis() > 0 ? WindowEmit.EARLY_FIRE : WindowEmit.ALLOWED_LATENESS) + "'";
  }
}
