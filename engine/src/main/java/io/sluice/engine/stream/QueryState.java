package io.sluice.engine.stream;

import io.sluice.engine.batch.BatchRanges;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a continuous query is between two micro-batches: all a fresh query of the same statement
 * needs to go on from there as if it were the same query ({@link StreamingQuery#state},
 * {@link StreamingQuery#resumeFrom}). That is the id of the next batch, each source's committed
 * offset and largest event time read, the watermark, when state next waits on the watermark or
 * expires, and the snapshot of each stateful operator in plan order.
 *
 * @param nextBatchId the id the next batch runs under
 * @param offsets per source, by catalog name: the offset up to which batches committed
 * @param maxEventTimes per source that showed an event time: the largest read
 * @param watermark the watermark the next batch runs with ({@link BatchRanges#NO_WATERMARK} for none)
 * @param nextStateDeadline the smallest event time state waits on, or {@link Long#MAX_VALUE}
 * @param nextExpiry the earliest processing time state expires at, or {@link Long#MAX_VALUE}
 * @param operators each stateful operator's name, snapshot ({@link io.sluice.runtime.state.StatefulOperator#snapshot})
 *     and the deltas to apply after it
 */
public record QueryState(long nextBatchId, Map<String, String> offsets, Map<String, Long> maxEventTimes,
    long watermark, long nextStateDeadline, long nextExpiry, List<Operator> operators) {

  /** Version of the format {@link #writeTo} writes: 2 adds each operator's deltas. */
  private static final int FORMAT_VERSION = 2;

  /**
   * Refuses to let query {@code queryId}, over {@code sources} with stateful operators {@code
   * states} in plan order, go on from this state when it was saved by a query over other sources
   * or with other stateful operators.
   */
  void checkFits(String queryId, java.util.Set<String> sources,
      List<io.sluice.runtime.state.StatefulOperator> states) {
    if (!offsets.keySet().equals(sources) || !sources.containsAll(maxEventTimes.keySet())) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The saved state is of a query over "
          + String.join(", ", offsets.keySet()) + ", and query " + queryId + " reads " + String.join(", ", sources));
    }
    List<String> saved = new ArrayList<>();
    for (Operator o : operators) {
      saved.add(o.name());
    }
    List<String> planned = new ArrayList<>();
    for (io.sluice.runtime.state.StatefulOperator s : states) {
      planned.add(s.operatorName());
    }
    if (!saved.equals(planned)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "The saved state is of a query with stateful operators "
          + saved + ", and query " + queryId + " has " + planned);
    }
  }

  /**
   * One stateful operator's state: a full snapshot, then deltas ({@link
   * io.sluice.runtime.state.StatefulOperator#snapshotDelta}) applied in order. A state captured for a
   * checkpoint that already holds the operator's earlier state may be a delta alone: {@code
   * state} is then null and {@code deltas} the one delta on top of what the checkpoint holds.
   * The record owns the arrays, without defensive copies: a snapshot can be hundreds of megabytes,
   * taken every batch; neither the giver nor a reader may change them.
   *
   * <p>A state captured for a checkpoint may hold its bytes in pages or a file instead ({@code
   * stateFile} for a snapshot, {@code delta} for a delta alone, {@link SnapshotSource}): those are
   * lent to the checkpoint for its commit and may be reused once it returns.
   */
  public record Operator(String name, byte[] state, List<byte[]> deltas, SnapshotSource stateFile,
      SnapshotSource delta) {
    public Operator {
      deltas = List.copyOf(deltas);
    }

    /** A snapshot on the heap (or none: a delta alone) with the deltas after it. */
    public Operator(String name, byte[] state, List<byte[]> deltas) {
      this(name, state, deltas, null, null);
    }

    /** A full snapshot without deltas. */
    public Operator(String name, byte[] state) {
      this(name, state, List.of());
    }

    /** A full snapshot held outside one heap array ({@code state} is then null). */
    public Operator(String name, SnapshotSource stateFile) {
      this(name, null, List.of(), stateFile, null);
    }

    /** A delta alone, on top of the state a checkpoint holds, held outside one heap array. */
    public static Operator deltaOf(String name, SnapshotSource delta) {
      return new Operator(name, null, List.of(), null, delta);
    }

    /** Whether this is a delta on top of a state kept elsewhere (a checkpoint's), not a state of its own. */
    public boolean deltaOnly() {
      return state == null && stateFile == null;
    }

    /** The bytes of the full snapshot, from the heap, its pages or its file. */
    public java.io.InputStream openState() throws IOException {
      return stateFile != null ? stateFile.open() : new java.io.ByteArrayInputStream(state);
    }

    /** The length of the full snapshot. */
    public long stateLength() {
      return stateFile != null ? stateFile.length() : state.length;
    }
  }

  public QueryState {
    offsets = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(offsets));
    maxEventTimes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(maxEventTimes));
    operators = List.copyOf(operators);
  }

  /** Writes the state (for a checkpoint). */
  public void writeTo(DataOutput out) throws IOException {
    out.writeInt(FORMAT_VERSION);
    out.writeLong(nextBatchId);
    out.writeInt(offsets.size());
    for (Map.Entry<String, String> e : offsets.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeUTF(e.getValue());
    }
    out.writeInt(maxEventTimes.size());
    for (Map.Entry<String, Long> e : maxEventTimes.entrySet()) {
      out.writeUTF(e.getKey());
      out.writeLong(e.getValue());
    }
    out.writeLong(watermark);
    out.writeLong(nextStateDeadline);
    out.writeLong(nextExpiry);
    out.writeInt(operators.size());
    for (Operator o : operators) {
      if (o.deltaOnly()) {
        throw new IllegalStateException("the state of " + o.name() + " is a delta on a checkpoint's state");
      }
      out.writeUTF(o.name());
      if (o.stateLength() > Integer.MAX_VALUE) {
        throw new IOException("the state of " + o.name() + " takes " + o.stateLength() + " bytes, over 2 GiB");
      }
      out.writeInt((int) o.stateLength());
      try (java.io.InputStream in = o.openState()) {
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
          out.write(buffer, 0, n);
        }
      }
      out.writeInt(o.deltas.size());
      for (byte[] delta : o.deltas) {
        out.writeInt(delta.length);
        out.write(delta);
      }
    }
  }

  /** Reads a state written by {@link #writeTo}. */
  public static QueryState readFrom(DataInput in) throws IOException {
    int version = in.readInt();
    if (version != 1 && version != FORMAT_VERSION) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Query state of format version " + version
          + " cannot be read; this version reads " + FORMAT_VERSION);
    }
    long nextBatchId = in.readLong();
    Map<String, String> offsets = new LinkedHashMap<>();
    for (int i = count(in); i > 0; i--) {
      offsets.put(in.readUTF(), in.readUTF());
    }
    Map<String, Long> times = new LinkedHashMap<>();
    for (int i = count(in); i > 0; i--) {
      times.put(in.readUTF(), in.readLong());
    }
    long watermark = in.readLong();
    long deadline = in.readLong();
    long expiry = in.readLong();
    List<Operator> operators = new ArrayList<>();
    for (int i = count(in); i > 0; i--) {
      String name = in.readUTF();
      byte[] state = new byte[count(in)];
      in.readFully(state);
      List<byte[]> deltas = new ArrayList<>();
      for (int d = version == 1 ? 0 : count(in); d > 0; d--) {
        byte[] delta = new byte[count(in)];
        in.readFully(delta);
        deltas.add(delta);
      }
      operators.add(new Operator(name, state, deltas));
    }
    return new QueryState(nextBatchId, offsets, times, watermark, deadline, expiry, operators);
  }

  private static int count(DataInput in) throws IOException {
    int n = in.readInt();
    if (n < 0) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Query state is corrupt: a negative count " + n);
    }
    return n;
  }
}
