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
 * it is refused in a query that has them. SESSION windows honour neither: both options are refused
 * over them, with the reason.
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
    if (emit.isSet() && readsSessions(plan, plan.root())) {
      throw new SluiceException(ErrorCode.UNSUPPORTED, options(emit) + " applies to TUMBLE, HOP and CUMULATE"
          + " windows, not to SESSION windows: a session's bounds move as rows arrive and sessions merge, so a"
          + " result emitted early or updated late would belong to no window that stays (and a late row could"
          + " merge sessions already emitted and dropped). In update mode a SESSION aggregation already emits"
          + " each batch's changes as a changelog (-D of a session that grew or merged, +I of the new one):"
          + " SET the option" + (emit.earlyFireMillis() > 0 && emit.allowedLatenessMillis() > 0 ? "s" : "")
          + " to 'off' for this query, or use a TUMBLE, HOP or CUMULATE window.");
    }
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

  private static boolean readsSessions(StreamPlan plan, PhysicalNode node) {
    if (plan.traits(node).operator() instanceof SessionWindow) {
      return true;
    }
    for (PhysicalNode input : node.inputs()) {
      if (readsSessions(plan, input)) {
        return true;
      }
    }
    return false;
  }

  private static String otherWaiting(StreamPlan plan, PhysicalNode node) {
    StreamTraits traits = plan.traits(node);
    StreamOperator operator = traits.operator();
    if (operator != null && operator.waitsOnWatermark(traits.runMode())
        && !(operator instanceof WindowAggregate && traits.runMode() == OutputMode.UPDATE)) {
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
