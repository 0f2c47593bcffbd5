package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/** A physical plan turned into running operators, with its generated code compiled. */
public final class ExecutionPlan {
  private final ExecNode root;
  private final List<String> generatedSources;
  private final List<ExecNode> sourceScans;
  private final List<OperatorState> states;
  private long sourceRowsReported;

  ExecutionPlan(ExecNode root, List<String> generatedSources) {
    this(root, generatedSources, List.of(), List.of());
  }

  ExecutionPlan(ExecNode root, List<String> generatedSources, List<ExecNode> sourceScans,
      List<OperatorState> states) {
    this.root = root;
    this.generatedSources = List.copyOf(generatedSources);
    this.sourceScans = List.copyOf(sourceScans);
    this.states = List.copyOf(states);
  }

  /** The stateful operators of a continuous query, in plan order (inputs first). */
  public List<OperatorState> states() {
    return states;
  }

  /** Whether some operator holds rows it will emit later (the output so far is a prefix of the final one). */
  public boolean pendingOutput() {
    for (OperatorState state : states) {
      if (state.pendingOutput()) {
        return true;
      }
    }
    return false;
  }

  /** Rows read from stream sources since the last call. */
  public long sourceRows() {
    long total = 0;
    for (ExecNode scan : sourceScans) {
      total += scan.rowsRead();
    }
    long delta = total - sourceRowsReported;
    sourceRowsReported = total;
    return delta;
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
