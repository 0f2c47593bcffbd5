package io.sluice.engine.exec;

import io.sluice.catalog.ByteSizes;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.result.BatchProgress;
import io.sluice.runtime.parallel.WorkerPool;
import io.sluice.runtime.spill.SpillSpace;
import io.sluice.runtime.state.StatefulOperator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/** A physical plan turned into running operators, with its generated code compiled. */
public final class ExecutionPlan {
  private final OperatorNode root;
  private final List<String> generatedSources;
  private final List<OperatorNode> sourceScans;
  private final List<OperatorNode.Stateful> stateful;
  private final List<RejectCounts> rejects;
  /** The run-time operators of the plan, inputs first: each finishes and closes once. */
  private final List<OperatorNode> operators = new ArrayList<>();
  /** Where the plan's operators spill; emptied when a run ends. */
  private final SpillSpace spillSpace;
  private long sourceRowsReported;
  /** The plan's worker threads, or null when it has none. */
  private WorkerPool workers;
  /** Whether the plan runs once per micro-batch: its workers then live until {@link #close}. */
  private boolean continuous;

  ExecutionPlan(OperatorNode root, List<String> generatedSources) {
    this(root, generatedSources, List.of(), List.of(), List.of(), SpillSpace.unlimited());
  }

  public ExecutionPlan(OperatorNode root, List<String> generatedSources, List<OperatorNode> sourceScans,
      List<OperatorNode.Stateful> stateful, List<RejectCounts> rejects, SpillSpace spillSpace) {
    this.root = root;
    this.spillSpace = spillSpace;
    this.rejects = List.copyOf(rejects);
    this.generatedSources = List.copyOf(generatedSources);
    this.sourceScans = List.copyOf(sourceScans);
    this.stateful = List.copyOf(stateful);
    collectOperators(root, Collections.newSetFromMap(new IdentityHashMap<>()), operators);
  }

  /**
   * Gives the plan its worker threads (null for none); a continuous plan keeps them between its
   * runs, until {@link #close}, a bounded one stops them when its run ends. Returns this plan.
   */
  public ExecutionPlan withWorkers(WorkerPool pool, boolean runsPerBatch) {
    this.workers = pool;
    this.continuous = runsPerBatch;
    return this;
  }

  /**
   * Closes every run-time operator of the plan, once each, and stops its worker threads: a
   * continuous query calls this when it ends (stopped, finished, failed or cancelled), a bounded
   * plan when its run ends. Every operator is closed even when one fails to; the first failure is
   * thrown then.
   */
  public void close() {
    RuntimeException failure = null;
    for (OperatorNode operator : operators) {
      try {
        operator.closeOperator();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = e;
        } else {
          failure.addSuppressed(e);
        }
      }
    }
    if (workers != null) {
      workers.close();
    }
    if (failure != null) {
      throw failure;
    }
  }

  /**
   * The state of each stateful operator of a continuous query, in plan order (inputs first): what
   * checkpoints save and restore, and what the memory budget counts.
   */
  public List<StatefulOperator> states() {
    List<StatefulOperator> states = new ArrayList<>(stateful.size());
    for (OperatorNode.Stateful node : stateful) {
      states.add(node.state());
    }
    return states;
  }

  /**
   * Heap bytes the plan holds beside its operators' state: the partial groups of the aggregations
   * its scans' workers run ({@link ParallelScanOperator#heldBytes}). Called on the query's thread.
   */
  public long workerBytes() {
    long bytes = 0;
    for (int i = 0; i < operators.size(); i++) {
      if (operators.get(i).operator() instanceof ParallelScanOperator scan) {
        bytes += scan.heldBytes();
      }
    }
    return bytes;
  }

  /**
   * Each stateful operator's state size and what it chose for its last batch from that batch's
   * statistics (a metric, never saved), in the order of {@link #states}: for the batch's progress.
   */
  public List<BatchProgress.Operator> operatorProgress() {
    List<BatchProgress.Operator> operators = new ArrayList<>(stateful.size());
    for (OperatorNode.Stateful node : stateful) {
      StatefulOperator state = node.state();
      operators.add(new BatchProgress.Operator(state.operatorName(), state.stateRows(), state.stateBytes(),
          node.lastChoice()));
    }
    return List.copyOf(operators);
  }

  /** Runs {@code check} around each chunk of input any stateful operator takes. */
  public void checkStateAroundInput(InputCheck check) {
    for (OperatorNode.Stateful node : stateful) {
      node.checkAroundInput(check);
    }
  }

  /** Whether some operator holds rows it will emit later (the output so far is a prefix of the final one). */
  public boolean pendingOutput() {
    for (OperatorNode.Stateful node : stateful) {
      if (node.pendingOutput()) {
        return true;
      }
    }
    return false;
  }

  /** Rows read from stream sources since the last call. */
  public long sourceRows() {
    long total = 0;
    for (OperatorNode scan : sourceScans) {
      total += scan.rowsRead();
    }
    long delta = total - sourceRowsReported;
    sourceRowsReported = total;
    return delta;
  }

  /**
   * Time spent inside stream sources since the last call, in nanoseconds: the read phase of a
   * micro-batch ({@link ReadTime}), disjoint from the time the plan's operators take.
   */
  public long takeReadNanos() {
    long total = 0;
    for (OperatorNode scan : sourceScans) {
      total += scan.takeReadNanos();
    }
    return total;
  }

  /**
   * Malformed rows the plan's scans rejected since the last call, as {dropped, kept with NULL
   * fields}: for the progress record of a micro-batch.
   */
  public long[] takeMalformedRows() {
    long[] total = new long[2];
    for (RejectCounts counts : rejects) {
      long[] delta = counts.takeCounts();
      total[0] += delta[0];
      total[1] += delta[1];
    }
    return total;
  }

  /**
   * Writes the rows a micro-batch rejected to their rejects tables, once the batch has committed;
   * for a batch run again after a crash ({@code rerun}), without the rows its first run wrote.
   */
  public void commitRejects(boolean rerun) {
    for (RejectCounts counts : rejects) {
      counts.flush(rerun);
    }
  }

  /** Forgets the rejected rows of a micro-batch that did not commit. */
  public void discardRejects() {
    for (RejectCounts counts : rejects) {
      counts.discard();
    }
  }

  /**
   * What the plan's scans rejected so far, one sentence per file: "dropped 3 malformed rows of
   * data/raw.csv (table raw; first at line 4, column 2: 'x' is not a valid INTEGER)".
   */
  public List<String> warnings() {
    List<String> warnings = new ArrayList<>();
    for (RejectCounts counts : rejects) {
      warnings.addAll(counts.messages());
    }
    return warnings;
  }

  /**
   * Runs the plan once, pushing every output batch to {@code out}. Spill files the run wrote are
   * deleted when it ends, however it ends.
   */
  public void run(BatchConsumer out) {
    if (!continuous) {
      lastRun(); // a bounded plan runs once: its input ends with this run
    }
    try {
      root.run(out);
    } finally {
      spillSpace.close();
      if (!continuous) {
        close();
      }
    }
  }

  /**
   * Runs the last batch of a continuous plan, whose input has ended for good: every operator that
   * runs in it finishes after the batch ({@link io.sluice.runtime.operator.Operator#finish}).
   */
  public void runLast(BatchConsumer out) {
    lastRun();
    run(out);
  }

  private void lastRun() {
    for (OperatorNode operator : operators) {
      operator.lastRun();
    }
  }

  /** The run-time operators of the plan under {@code node}, inputs first, each once (a shared scan appears twice). */
  private static void collectOperators(OperatorNode node, Set<OperatorNode> seen, List<OperatorNode> operators) {
    if (!seen.add(node)) {
      return;
    }
    for (OperatorNode input : node.inputs) {
      collectOperators(input, seen, operators);
    }
    operators.add(node);
  }

  /** Where the plan's operators spill, and what they spilled so far. */
  public SpillSpace spillSpace() {
    return spillSpace;
  }

  /** The source of every class generated for the plan, in plan order. */
  public List<String> generatedSources() {
    return generatedSources;
  }

  /** Rows each operator produced in the last run, as an indented tree. */
  public String profile() {
    StringBuilder sb = new StringBuilder();
    root.profile(sb, 0);
    if (spillSpace.filesWritten() > 0) {
      sb.append("Spilled ").append(ByteSizes.text(spillSpace.bytesWritten())).append(" to disk in ")
          .append(spillSpace.filesWritten()).append(" files\n");
    }
    for (String warning : warnings()) {
      sb.append("Warning: ").append(warning).append('\n');
    }
    return sb.toString();
  }
}
