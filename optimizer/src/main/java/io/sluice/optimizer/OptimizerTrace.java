package io.sluice.optimizer;

import java.util.ArrayList;
import java.util.List;

/** What each batch of the logical optimizer did: time taken and the rules that changed the plan. */
public final class OptimizerTrace {
  /** One batch's record; {@code skipped} when switched off by the session. */
  public record BatchRun(String name, boolean skipped, long nanos, List<String> rulesFired, boolean changed) {}

  private final List<BatchRun> runs = new ArrayList<>();

  void add(BatchRun run) {
    runs.add(run);
  }

  public List<BatchRun> runs() {
    return runs;
  }

  /** One line per batch, for EXPLAIN. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    for (BatchRun run : runs) {
      sb.append(String.format("%-22s", run.name()));
      if (run.skipped()) {
        sb.append("  switched off\n");
        continue;
      }
      sb.append(String.format(" %8.2f ms", run.nanos() / 1e6));
      if (run.rulesFired().isEmpty()) {
        sb.append("  (no change)");
      } else {
        sb.append("  ").append(summarize(run.rulesFired()));
      }
      sb.append('\n');
    }
    return sb.toString();
  }

  private static String summarize(List<String> fired) {
    java.util.LinkedHashMap<String, Integer> counts = new java.util.LinkedHashMap<>();
    for (String r : fired) {
      counts.merge(r, 1, Integer::sum);
    }
    StringBuilder sb = new StringBuilder();
    for (java.util.Map.Entry<String, Integer> e : counts.entrySet()) {
      if (sb.length() > 0) {
        sb.append(", ");
      }
      sb.append(e.getKey());
      if (e.getValue() > 1) {
        sb.append(" x").append(e.getValue());
      }
    }
    return sb.toString();
  }
}
