package io.sluice.runtime.kernel;

import io.sluice.catalog.DataType;
import io.sluice.runtime.state.StateIO;
import java.util.List;

/**
 * The open sessions of some keys as {@link SessionWindowState} writes them in snapshots and deltas:
 * per key how many sessions, per session (by key, in order of start) its bounds and row count, the
 * sessions' rows in that order, and for sessions shown as they change how many of each session's
 * first rows were shown with which bounds.
 */
record SessionSnapshot(int[] perKey, long[] starts, long[] ends, int[] counts, ColumnarRows rows, int[] shown,
    long[] shownStarts, long[] shownEnds) {

  /** Writes the sessions as {@link #read} reads them; the rows shown only for sessions shown as they change. */
  void writeTo(java.io.DataOutput out, boolean changes) throws java.io.IOException {
    int sessions = counts.length;
    StateIO.writeArray(out, perKey, perKey.length);
    out.writeInt(sessions);
    StateIO.writeArray(out, starts, sessions);
    StateIO.writeArray(out, ends, sessions);
    StateIO.writeArray(out, counts, sessions);
    rows.writeTo(out);
    if (changes) {
      StateIO.writeArray(out, shown, sessions);
      StateIO.writeArray(out, shownStarts, sessions);
      StateIO.writeArray(out, shownEnds, sessions);
    }
  }

  /** Reads the sessions of {@code keyCount} keys and checks they add up. */
  static SessionSnapshot read(java.io.DataInput in, int keyCount, List<DataType> inputTypes, boolean changes)
      throws java.io.IOException {
    int[] perKey = StateIO.readInts(in, keyCount, "sessions per key");
    int sessions = StateIO.readCount(in, Integer.MAX_VALUE, "a session count");
    long[] starts = StateIO.readLongs(in, sessions, "session starts");
    long[] ends = StateIO.readLongs(in, sessions, "session ends");
    int[] counts = StateIO.readInts(in, sessions, "session row counts");
    ColumnarRows open = new ColumnarRows(inputTypes);
    open.readFrom(in);
    int[] shown = changes ? StateIO.readInts(in, sessions, "rows shown per session") : new int[sessions];
    long[] shownStarts = changes ? StateIO.readLongs(in, sessions, "shown session starts") : new long[sessions];
    long[] shownEnds = changes ? StateIO.readLongs(in, sessions, "shown session ends") : new long[sessions];
    long total = 0;
    long sessionsOfKeys = 0;
    for (int key = 0; key < keyCount; key++) {
      sessionsOfKeys += perKey[key];
    }
    for (int s = 0; s < sessions; s++) {
      if (counts[s] <= 0 || starts[s] >= ends[s]) {
        throw StateIO.corrupt("session " + s + " of " + counts[s] + " rows in [" + starts[s] + ", " + ends[s] + ")");
      }
      if (shown[s] < 0 || shown[s] > counts[s]) {
        throw StateIO.corrupt("session " + s + " of " + counts[s] + " rows with " + shown[s] + " shown");
      }
      total += counts[s];
    }
    if (sessionsOfKeys != sessions || total != open.size()) {
      throw StateIO.corrupt(sessions + " sessions of " + total + " rows for keys with " + sessionsOfKeys
          + " sessions and " + open.size() + " rows");
    }
    return new SessionSnapshot(perKey, starts, ends, counts, open, shown, shownStarts, shownEnds);
  }
}
