package io.sluice.engine.exec;

import io.sluice.catalog.data.BatchConsumer;
import java.util.List;

/**
 * A running operator: pushes all of its output to a consumer. Pipeline breakers (hash tables,
 * sorts) first run their inputs to completion. Public as a type so that translators can wire
 * operators together; how an operator runs stays inside this package.
 */
public abstract class ExecNode {
  final String name;
  final List<ExecNode> inputs;
  long rowsOut;

  ExecNode(String name, List<ExecNode> inputs) {
    this.name = name;
    this.inputs = inputs;
  }

  /** Runs the node, pushing every output batch to {@code out}. */
  final void run(BatchConsumer out) {
    execute(batch -> {
      io.sluice.engine.result.Cancellation.checkCurrent(); // a cancelled statement stops within a batch
      rowsOut += batch.rowCount();
      out.accept(batch);
    });
  }

  abstract void execute(BatchConsumer out);

  /** For source scans: rows read from the source so far (a scan shared by two branches reads them once). */
  long rowsRead() {
    return rowsOut;
  }

  /**
   * For stream source scans: the time spent inside the source since the last call, in
   * nanoseconds, for the read phase of a micro-batch ({@link ReadTime}).
   */
  long takeReadNanos() {
    return 0;
  }

  void profile(StringBuilder sb, int depth) {
    sb.append("  ".repeat(depth)).append(name).append(": ").append(rowsOut).append(" rows\n");
    for (ExecNode input : inputs) {
      input.profile(sb, depth + 1);
    }
  }
}
