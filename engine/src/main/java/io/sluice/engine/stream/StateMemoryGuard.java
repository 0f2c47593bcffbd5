package io.sluice.engine.stream;

import io.sluice.catalog.ByteSizes;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.runtime.memory.MemoryAccount;
import io.sluice.runtime.memory.MemoryBudget;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Keeps a continuous query's state within its memory budget ({@code pipeline.state.memory}):
 * after every chunk of input a stateful operator takes and after every batch, it sets the query's
 * account to the bytes its operators hold, and once the database's queries hold more than the
 * budget it stops the batch with an error of SQLSTATE 53200 that names the query, the largest
 * operator, the sizes and what helps. The batch is then not committed, so the checkpoint keeps the
 * state after the last committed batch and the query goes on from there once restarted.
 *
 * <p>A check sums {@link StatefulOperator#stateBytes()} (arithmetic over array lengths) and makes
 * one atomic add: no allocation, so it runs per chunk of input (a few thousand rows), often
 * enough that one huge batch cannot fill the heap before it is seen. Before a chunk it also counts
 * what the chunk may make the operator's tables allocate ({@link StatefulOperator#growthBytes}), so
 * the error comes before a table doubles past the budget, not after.
 *
 * <p>The partial groups the workers of a parallel scan hold (a two-phase GROUP BY at {@code
 * pipeline.parallelism} above 1) are no operator's state, but they are heap the query takes: each
 * check counts them too ({@code workerBytes}).
 */
final class StateMemoryGuard implements io.sluice.engine.exec.InputCheck {
  private final String queryId;
  private final List<StatefulOperator> states;
  private final MemoryBudget budget;
  private final MemoryAccount account;
  /** What the plan's workers hold beside the state: partial groups. */
  private final LongSupplier workerBytes;
  /** Room kept for the checkpoint's serialized copy of the state: twice its full snapshot's size (its buffer as it grows). */
  private long copyBytes;

  StateMemoryGuard(String queryId, List<StatefulOperator> states, LongSupplier workerBytes, MemoryBudget budget) {
    this.queryId = queryId;
    this.states = states;
    this.workerBytes = workerBytes;
    this.budget = budget;
    this.account = budget.account("query " + queryId);
  }

  /**
   * Before a chunk of input: accounts the state with the bytes the chunk may make {@code operator}'s
   * tables allocate, and throws the budget error if that is over the budget, before they grow (a
   * hash table doubles: checked only after, the state could pass the budget by one doubling).
   */
  @Override
  public void beforeInput(StatefulOperator operator, int rows) {
    long growth = operator.growthBytes(rows);
    if (growth > 0) {
      check(growth);
    }
  }

  /** Checks after a chunk of input: {@link #check}. */
  @Override
  public void afterInput() {
    check();
  }

  /** Accounts the query's state as it is now; throws the budget error once the database is over its budget. */
  void check() {
    check(0);
  }

  private void check(long growth) {
    long total = 0;
    for (int i = 0; i < states.size(); i++) {
      total += states.get(i).stateBytes();
    }
    long workers = workerBytes.getAsLong();
    account.set(total + copyBytes + growth + workers);
    if (budget.exceeded()) {
      throw exceeded(total, growth, workers);
    }
  }

  /**
   * The query's checkpoint serializes the state after each batch into about {@code snapshotBytes}
   * (a full snapshot of it as it is now): room for that copy, and for its buffer as it grows, is counted against
   * the budget as the state is, so a checkpoint does not fill the heap the state left.
   */
  void reserveForCopy(long snapshotBytes) {
    copyBytes = 2 * snapshotBytes;
  }

  /** Gives the query's memory back to the database's pool: it holds no state from now on. */
  void close() {
    account.close();
  }

  private SluiceException exceeded(long total, long growth, long workers) {
    StatefulOperator largest = null;
    long largestBytes = -1;
    for (StatefulOperator state : states) {
      long bytes = state.stateBytes();
      if (bytes > largestBytes) {
        largest = state;
        largestBytes = bytes;
      }
    }
    long all = budget.usedBytes();
    long own = total + copyBytes + growth + workers;
    String copy = (copyBytes > 0 ? ", room for its checkpoint's copy " + ByteSizes.text(copyBytes) : "")
        + (workers > 0 ? ", partial groups on its workers " + ByteSizes.text(workers) : "")
        + (growth > 0 ? ", and its tables would grow by " + ByteSizes.text(growth) + " for the next rows" : "");
    String others = all > own ? "; the database's other queries hold " + ByteSizes.text(all - own) : "";
    return new SluiceException(ErrorCode.OUT_OF_MEMORY, "the state of query " + queryId + " outgrew the memory"
        + " budget: operator " + (largest == null ? "?" : largest.operatorName()) + " holds "
        + ByteSizes.text(largestBytes) + " (the query's state " + ByteSizes.text(total) + copy + others
        + "), over 'pipeline.state.memory' = " + ByteSizes.text(budget.limitBytes()) + ". " + REMEDIES);
  }

  /**
   * The error that replaces an {@link OutOfMemoryError} thrown while the query ran: the heap ran
   * out under the budget (state estimates too low, or memory taken by something else).
   */
  SluiceException outOfMemory(OutOfMemoryError error) {
    return new SluiceException(ErrorCode.OUT_OF_MEMORY, "Query " + queryId + " ran out of Java heap ("
        + error.getMessage() + ") with its state at about " + ByteSizes.text(account.bytes() - copyBytes) + ", a budget of "
        + ByteSizes.text(budget.limitBytes()) + " ('pipeline.state.memory') and a maximum heap of "
        + ByteSizes.text(Runtime.getRuntime().maxMemory()) + " (-Xmx). " + REMEDIES, error);
  }

  private static final String REMEDIES = "The batch was not committed: the checkpoint keeps the state after the last"
      + " committed batch. Started again with a larger budget (SET 'pipeline.state.memory' = '4g'; the default is "
      + MemoryBudget.DEFAULT_HEAP_PERCENT + "% of the heap) and a heap to match (java -Xmx), or with the disk state"
      + " backend (SET 'pipeline.state.backend' = 'disk', which keeps the groups of a GROUP BY or of"
      + " TUMBLE, HOP and CUMULATE windows, the values of a SELECT DISTINCT, the rows of a regular, interval or window join and"
      + " the partitions of a Top-N or deduplication on disk), the query"
      + " goes on from there. A state time-to-live (SET 'pipeline.state-ttl' = '1 hour') or a watermark on the source releases old"
      + " state, but it changes the operator's state, so a checkpoint written without it is refused: start such a"
      + " query on a new checkpoint folder (SET 'pipeline.checkpoint'), without the old state.";
}
