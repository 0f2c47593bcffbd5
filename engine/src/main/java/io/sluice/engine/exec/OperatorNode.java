package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import io.sluice.engine.result.Cancellation;
import io.sluice.runtime.batch.BatchContext;
import io.sluice.runtime.operator.EnoughInput;
import io.sluice.runtime.operator.Operator;
import io.sluice.runtime.state.StatefulOperator;
import java.util.List;

/**
 * Runs a run-time {@link Operator} as a node of the pushed plan: each run starts the operator's
 * batch, feeds it every batch of each input it needs, port by port, then ends its batch. The operator is
 * opened on its first run, with output going to whoever runs the node at the time; it finishes after
 * the batch of its plan's last run (its input has ended for good), and is closed once, when its plan
 * closes ({@link ExecutionPlan#close}), however the query ended. Every operator of a plan runs this
 * way, the scans (which have no input and read at the end of their batch) and the compiled
 * filter/projection included. Public as a type so that translators can wire operators together;
 * how an operator runs stays inside this package.
 */
public class OperatorNode {
  final String name;
  /** The inputs as EXPLAIN ANALYZE shows them (and the plan walks them to finish and close operators). */
  final List<OperatorNode> inputs;
  /** Rows the node passed on in the plan's runs so far. */
  long rowsOut;
  private final Operator operator;
  private final BatchContext context;
  /** The inputs in port order: the order they run in, which may differ from the order they are shown in. */
  private final List<OperatorNode> portInputs;
  private final BatchConsumer[] ports;
  private BatchConsumer downstream;
  private boolean opened;
  /** Run around each chunk of input the operator takes (the memory budget's check), or null. */
  private InputCheck inputCheck;
  /** Whether the next run is the plan's last: the operator finishes after its batch. */
  private boolean lastRun;
  private boolean finished;
  private boolean closed;

  private OperatorNode(Operator operator, BatchContext context, List<OperatorNode> portInputs,
      List<OperatorNode> shown) {
    this.name = operator.name();
    this.inputs = shown;
    this.operator = operator;
    this.context = context;
    this.portInputs = portInputs;
    this.ports = new BatchConsumer[portInputs.size()];
    for (int p = 0; p < ports.length; p++) {
      int port = p;
      ports[p] = batch -> {
        if (inputCheck != null) {
          inputCheck.beforeInput(((Stateful) this).state(), batch.rowCount());
        }
        operator.input(port, batch);
        if (inputCheck != null) {
          inputCheck.afterInput();
        }
      };
    }
  }

  /** A node running {@code operator}, which keeps no state between batches, over {@code inputs} (its ports in order). */
  public static OperatorNode of(Operator operator, BatchContext context, OperatorNode... inputs) {
    return of(operator, context, List.of(inputs), List.of(inputs));
  }

  /**
   * {@link #of(Operator, BatchContext, OperatorNode...)} whose inputs are shown (EXPLAIN ANALYZE) in
   * another order than their ports: a hash join takes its build side first and shows the query's order.
   */
  public static OperatorNode of(Operator operator, BatchContext context, List<OperatorNode> portInputs,
      List<OperatorNode> shown) {
    if (operator instanceof StatefulOperator) {
      throw new IllegalArgumentException(operator.name() + " keeps state: build it with stateful()");
    }
    return new OperatorNode(operator, context, portInputs, shown);
  }

  /** A node running a stateful {@code operator} over {@code inputs} (its ports in order): register it as stateful. */
  public static <T extends Operator & StatefulOperator> Stateful stateful(T operator, BatchContext context,
      OperatorNode... inputs) {
    return new Stateful(operator, context, List.of(inputs), List.of(inputs));
  }

  /**
   * {@link #stateful(Operator, BatchContext, OperatorNode...)} whose inputs are shown (EXPLAIN ANALYZE)
   * in another order than their ports: a join keeps the order of the query's sides.
   */
  public static <T extends Operator & StatefulOperator> Stateful stateful(T operator, BatchContext context,
      List<OperatorNode> portInputs, List<OperatorNode> shown) {
    return new Stateful(operator, context, portInputs, shown);
  }

  /** Runs the node, pushing every output batch to {@code out}. */
  final void run(BatchConsumer out) {
    execute(batch -> {
      Cancellation.checkCurrent(); // a cancelled statement stops within a batch
      rowsOut += batch.rowCount();
      out.accept(batch);
    });
  }

  /** The context the node's operator runs its batches in. */
  BatchContext context() {
    return context;
  }

  /** The operator this node runs: translators look at a scan's to share it or read it on workers. */
  public Operator operator() {
    return operator;
  }

  /** For source scans: rows read from the source so far (a scan shared by two branches reads them once). */
  long rowsRead() {
    return operator instanceof SplitScan ? ((SplitScan) operator).rowsRead() : rowsOut;
  }

  /**
   * For stream source scans: the time spent inside the source since the last call, in
   * nanoseconds, for the read phase of a micro-batch ({@link ReadTime}).
   */
  long takeReadNanos() {
    return operator instanceof SplitScan ? ((SplitScan) operator).takeReadNanos() : 0;
  }

  void profile(StringBuilder sb, int depth) {
    // a scan counts its rows itself: workers read them outside the node's runs
    long rows = operator instanceof SplitScan ? ((SplitScan) operator).rowsPassed() : rowsOut;
    sb.append("  ".repeat(depth)).append(name).append(": ").append(rows).append(" rows\n");
    for (OperatorNode input : inputs) {
      input.profile(sb, depth + 1);
    }
  }

  private void execute(BatchConsumer out) {
    downstream = out;
    if (!opened) {
      operator.open(context, batch -> downstream.accept(batch));
      opened = true;
    }
    operator.startBatch();
    for (int p = 0; p < ports.length; p++) {
      if (operator.needsInput(p)) {
        try {
          portInputs.get(p).run(ports[p]);
        } catch (EnoughInput enough) {
          if (!enough.isFrom(operator)) {
            throw enough; // an operator further up has what it needs: the whole pipeline stops
          }
        }
      }
    }
    operator.endBatch();
    if (lastRun && !finished) {
      finished = true;
      operator.finish();
    }
    downstream = null;
  }

  /** Says that the next run is the plan's last: its input ends with it. */
  void lastRun() {
    lastRun = true;
  }

  /** Closes the operator, once: releases what it holds (spill files, disk stores). */
  void closeOperator() {
    if (!closed) {
      closed = true;
      operator.close();
    }
  }

  /**
   * A node whose operator keeps state between batches. Its state ({@link #state}: snapshot,
   * restore, format, size) is what checkpoints save; what the operator reports about its last batch
   * ({@link #pendingOutput}, {@link #lastChoice}) is metrics, never saved.
   */
  public static final class Stateful extends OperatorNode {
    private final Operator operator;
    private final StatefulOperator state;

    private Stateful(Operator operator, BatchContext context, List<OperatorNode> portInputs, List<OperatorNode> shown) {
      super(operator, context, portInputs, shown);
      this.operator = operator;
      this.state = (StatefulOperator) operator;
    }

    /** The operator's state, as checkpoints and the memory budget see it. */
    public StatefulOperator state() {
      return state;
    }

    /** Whether the operator holds rows it will emit later (open windows, pending outer join rows). */
    boolean pendingOutput() {
      return operator.pendingOutput();
    }

    /** What the operator chose for its last batch from that batch's statistics, or null. */
    String lastChoice() {
      return operator.lastChoice();
    }

    /** Runs {@code check} around each chunk of input the operator takes (the memory budget's check). */
    void checkAroundInput(InputCheck check) {
      super.inputCheck = check;
    }
  }
}
