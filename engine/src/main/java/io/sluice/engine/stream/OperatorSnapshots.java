package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.state.StatefulOperator;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Saves and restores the state of a query's stateful operators, in plan order: a full snapshot of
 * each, or for a checkpoint a delta where the operator has one and the checkpoint takes it
 * ({@link BatchLog#fullSnapshotDue}, told how large a snapshot would be now); on restore a snapshot and then its deltas, in order, each
 * read to its last byte.
 */
final class OperatorSnapshots {
  private final List<StatefulOperator> states;
  /** Each operator's last snapshot (or delta) size, to size the next one's buffer. */
  private final int[] sizes;
  private final int[] deltaSizes;
  /** Each operator's {@code stateBytes()} when its last full snapshot was taken or restored. */
  private final long[] snapshotStateBytes;

  OperatorSnapshots(List<StatefulOperator> states) {
    this.states = states;
    this.sizes = new int[states.size()];
    this.deltaSizes = new int[states.size()];
    this.snapshotStateBytes = new long[states.size()];
  }

  /**
   * Each operator's state as it is between batches. With {@code log} (a checkpoint the state is
   * committed to), an operator whose delta is ready and whose log takes one gives its delta, and
   * every operator's record of changes starts again from here.
   */
  List<QueryState.Operator> capture(BatchLog log) {
    List<QueryState.Operator> operators = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      StatefulOperator state = states.get(i);
      if (log != null && state.deltaReady() && !log.fullSnapshotDue(i, nextSnapshotBytes(i))) {
        byte[] delta = write(state, deltaSizes, i, true);
        operators.add(new QueryState.Operator(state.operatorName(), null, List.of(delta)));
      } else {
        snapshotStateBytes[i] = state.stateBytes();
        operators.add(new QueryState.Operator(state.operatorName(), write(state, sizes, i, false)));
      }
    }
    if (log != null) {
      startRecordingChanges();
    }
    return operators;
  }

  /** Makes the state as it is now the base of every operator's next delta. */
  void startRecordingChanges() {
    for (StatefulOperator state : states) {
      state.markDeltaBase();
    }
  }

  private static byte[] write(StatefulOperator state, int[] sizes, int i, boolean delta) {
    // sized from the operator's last one: a large state is not copied as its buffer grows
    SnapshotBuffer bytes = new SnapshotBuffer(sizes[i] + (sizes[i] >> 3));
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      if (delta) {
        state.snapshotDelta(out);
      } else {
        state.snapshot(out);
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot save the state of " + state.operatorName() + ": "
          + e.getMessage(), e);
    }
    byte[] result = bytes.toByteArray();
    sizes[i] = result.length;
    return result;
  }

  /**
   * About the bytes operator {@code i}'s full snapshot would take now: its last full snapshot
   * scaled by how its state ({@link StatefulOperator#stateBytes()}) grew or shrank since, so that a
   * state that grew through deltas is not measured by the snapshot it outgrew. Without a snapshot
   * yet, its state bytes.
   */
  long nextSnapshotBytes(int i) {
    long now = states.get(i).stateBytes();
    long then = snapshotStateBytes[i];
    if (then <= 0 || sizes[i] == 0) {
      return Math.max(now, sizes[i]);
    }
    return (long) (sizes[i] * ((double) now / then));
  }

  /**
   * What the next full snapshot of the operators' state together will take on the heap while it
   * is written (the memory budget keeps room for it): {@link #nextSnapshotBytes} summed over the
   * operators saved at least once.
   */
  long fullSnapshotBytes() {
    long bytes = 0;
    for (int i = 0; i < states.size(); i++) {
      bytes += sizes[i] == 0 ? 0 : nextSnapshotBytes(i);
    }
    return bytes;
  }

  /** Restores operator {@code i} from its saved snapshot and deltas. */
  void restore(int i, QueryState.Operator saved) {
    StatefulOperator operator = states.get(i);
    if (saved.deltaOnly()) {
      throw new IllegalStateException("a delta alone is not a state to restore");
    }
    read(operator, saved.state(), -1);
    sizes[i] = saved.state().length;
    snapshotStateBytes[i] = operator.stateBytes();
    for (int d = 0; d < saved.deltas().size(); d++) {
      read(operator, saved.deltas().get(d), d);
    }
  }

  private static void read(StatefulOperator operator, byte[] bytes, int delta) {
    String what = "The saved state of " + operator.operatorName() + (delta < 0 ? "" : " (delta " + (delta + 1) + ")");
    ByteArrayInputStream input = new ByteArrayInputStream(bytes);
    try {
      if (delta < 0) {
        operator.restore(new DataInputStream(input));
      } else {
        operator.applyDelta(new DataInputStream(input));
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, what + " is truncated or corrupt: " + e.getMessage(), e);
    }
    if (input.available() > 0) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, what + " has " + input.available()
          + " bytes more than the operator reads");
    }
  }
}
