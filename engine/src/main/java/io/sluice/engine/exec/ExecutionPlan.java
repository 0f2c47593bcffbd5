package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** A physical plan turned into running operators, with its generated code compiled. */
public final class ExecutionPlan {
  private final ExecNode root;
  private final List<String> generatedSources;

  ExecutionPlan(ExecNode root, List<String> generatedSources) {
    this.root = root;
    this.generatedSources = List.copyOf(generatedSources);
  }

  /** Runs the plan once, pushing every output batch to {@code out}. */
  public void run(BatchConsumer out) {
    root.run(out);
  }

  /** The source of every class generated for the plan, in plan order. */
  public List<String> generatedSources() {
    return generatedSources;
  }

  /** Rows each operator produced in the last run, as an indented tree. */
  public String profile() {
    StringBuilder sb = new StringBuilder();
    root.profile(sb, 0);
    return sb.toString();
  }
}
