package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.runtime.state.StatefulOperator;
import io.sluice.runtime.state.backend.DiskStateBackend;
import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Saves and restores the state of a query's stateful operators, in plan order: a full snapshot of
 * each, or for a checkpoint a delta where the operator has one and the checkpoint takes it
 * ({@link BatchLog#fullSnapshotDue}, told how large a snapshot would be now); on restore a snapshot and then its deltas, in order, each
 * read to its last byte.
 */
final class OperatorSnapshots {
  /**
   * With the disk state backend, a full snapshot for a checkpoint goes to a file in its state
   * folder once past the operators' cache share of the budget, or this.
   */
  static final int SPILL_AT = 8 << 20;

  private final List<StatefulOperator> states;
  /** The disk state backend, or null: its folder, once made, is where large snapshots go on the way to a checkpoint. */
  private final Supplier<DiskStateBackend> disk;
  /** Snapshots of the last capture that went to files: deleted at the next. */
  private final List<SnapshotFile> spilled = new ArrayList<>();
  /** Pages of the last capture, lent to its checkpoint: back to the pool at the next. */
  private final List<SnapshotPages> lent = new ArrayList<>();
  private final SnapshotPages.Pool pages = new SnapshotPages.Pool();
  /** Each operator's last full snapshot's length, whether on the heap or in a file. */
  private final long[] lengths;
  /** Each operator's {@code stateBytes()} when its last full snapshot was taken or restored. */
  private final long[] snapshotStateBytes;

  OperatorSnapshots(List<StatefulOperator> states) {
    this(states, () -> null);
  }

  OperatorSnapshots(List<StatefulOperator> states, Supplier<DiskStateBackend> disk) {
    this.states = states;
    this.disk = disk;
    this.lengths = new long[states.size()];
    this.snapshotStateBytes = new long[states.size()];
  }

  /**
   * Each operator's state as it is between batches. With {@code log} (a checkpoint the state is
   * committed to), an operator whose delta is ready and whose log takes one gives its delta, and
   * every operator's record of changes starts again from here; the bytes are then lent to the
   * log, in pages it must not keep once it has committed them (they hold the next capture).
   */
  List<QueryState.Operator> capture(BatchLog log) {
    deleteSpilled();
    // only a checkpoint's copy goes to a file: it is written out before the next capture
    DiskStateBackend backend = log == null ? null : disk.get();
    Path folder = backend == null ? null : backend.folder();
    long spillAt = spillAt(backend);
    List<QueryState.Operator> operators = new ArrayList<>();
    for (int i = 0; i < states.size(); i++) {
      StatefulOperator state = states.get(i);
      boolean deltaPossible = log != null && state.deltaReady();
      boolean due = !deltaPossible || log.fullSnapshotDue(i, nextSnapshotBytes(i));
      if (deltaPossible && (!due || log.snapshotInBackground(i))) {
        SnapshotPages delta = write(state, true, null, SPILL_AT).pages();
        lent.add(delta);
        if (!due) {
          operators.add(QueryState.Operator.deltaOf(state.operatorName(), delta));
        } else {
          // the checkpoint owns this copy until it has written it: it is neither lent nor spilled
          snapshotStateBytes[i] = state.stateBytes();
          SnapshotBuffer written = write(state, false, folder, spillAt);
          SnapshotSource snapshot = written.file() != null ? written.file() : written.pages();
          lengths[i] = snapshot.length();
          operators.add(QueryState.Operator.deltaWithSnapshot(state.operatorName(), delta, snapshot));
        }
      } else {
        snapshotStateBytes[i] = state.stateBytes();
        SnapshotBuffer written = write(state, false, folder, spillAt);
        SnapshotFile file = written.file();
        if (file != null) {
          spilled.add(file);
          lengths[i] = file.length();
          operators.add(new QueryState.Operator(state.operatorName(), file));
        } else if (log != null) {
          SnapshotPages snapshot = written.pages();
          lent.add(snapshot);
          lengths[i] = snapshot.length();
          operators.add(new QueryState.Operator(state.operatorName(), snapshot));
        } else {
          SnapshotPages snapshot = written.pages();
          byte[] bytes = snapshot.toByteArray(); // the caller keeps this state
          snapshot.release();
          lengths[i] = bytes.length;
          operators.add(new QueryState.Operator(state.operatorName(), bytes));
        }
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

  private SnapshotBuffer write(StatefulOperator state, boolean delta, Path folder, long spillAt) {
    SnapshotBuffer bytes = new SnapshotBuffer(pages, folder, spillAt);
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
    return bytes;
  }

  /** The size past which a full snapshot goes to a file: the operators' cache share of the budget, at most {@link #SPILL_AT}. */
  private static long spillAt(DiskStateBackend backend) {
    return backend == null ? Long.MAX_VALUE : Math.max(1 << 12, Math.min(SPILL_AT, backend.cacheBytes()));
  }

  /** Lets go of what the captures hold between batches (spilled files, free pages): the query has ended. */
  void release() {
    deleteSpilled();
    pages.clear();
  }

  /**
   * Deletes the files the last capture's snapshots went to and takes back the pages lent to its
   * checkpoint: the checkpoint has them by now.
   */
  void deleteSpilled() {
    for (SnapshotPages p : lent) {
      p.release();
    }
    lent.clear();
    for (SnapshotFile file : spilled) {
      try {
        file.delete();
      } catch (IOException e) {
        // the state folder, and the file with it, is deleted when the query ends
      }
    }
    spilled.clear();
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
    if (then <= 0 || lengths[i] == 0) {
      return Math.max(now, lengths[i]);
    }
    return (long) (lengths[i] * ((double) now / then));
  }

  /**
   * What the next full snapshot of the operators' state together will take on the heap while it
   * is written (the memory budget keeps room for it): {@link #nextSnapshotBytes} summed over the
   * operators saved at least once; with the disk state backend at most the size past which a
   * snapshot goes to a file instead.
   */
  long fullSnapshotBytes() {
    DiskStateBackend backend = disk.get();
    long bytes = 0;
    for (int i = 0; i < states.size(); i++) {
      long next = lengths[i] == 0 ? 0 : nextSnapshotBytes(i);
      bytes += backend == null ? next : Math.min(next, spillAt(backend));
    }
    return bytes;
  }

  /** Restores operator {@code i} from its saved snapshot and deltas. */
  void restore(int i, QueryState.Operator saved) {
    StatefulOperator operator = states.get(i);
    if (saved.deltaOnly()) {
      throw new IllegalStateException("a delta alone is not a state to restore");
    }
    try (InputStream state = saved.openState()) {
      read(operator, state, -1);
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, "Cannot read the saved state of " + operator.operatorName() + ": "
          + e.getMessage(), e);
    }
    lengths[i] = saved.stateLength();
    snapshotStateBytes[i] = operator.stateBytes();
    for (int d = 0; d < saved.deltas().size(); d++) {
      read(operator, new ByteArrayInputStream(saved.deltas().get(d)), d);
    }
  }

  private static void read(StatefulOperator operator, InputStream input, int delta) {
    String what = "The saved state of " + operator.operatorName() + (delta < 0 ? "" : " (delta " + (delta + 1) + ")");
    try {
      if (delta < 0) {
        operator.restore(new DataInputStream(input));
      } else {
        operator.applyDelta(new DataInputStream(input));
      }
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, what + " is truncated or corrupt: " + e.getMessage(), e);
    }
    int more;
    try {
      more = input.read() < 0 ? 0 : 1 + input.available();
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.IO_ERROR, what + " cannot be read: " + e.getMessage(), e);
    }
    if (more > 0) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, what + " has " + more + " bytes more than the operator reads");
    }
  }
}
