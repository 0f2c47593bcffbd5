package io.sluice.runtime.operator;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.runtime.batch.BatchContext;
import io.sluice.runtime.kernel.KeyGroups;
import io.sluice.runtime.parallel.OrderedSplitRunner;
import io.sluice.runtime.parallel.WorkerPool;
import io.sluice.runtime.state.KeyGroupedState;
import io.sluice.runtime.state.StateFormat;
import io.sluice.runtime.state.StateIO;
import io.sluice.runtime.state.StatefulOperator;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.function.Supplier;

/**
 * A keyed operator run as one instance per worker, each owning a contiguous range of {@link
 * KeyGroups key groups}: every input batch's rows are routed by key group into one selection
 * vector per instance (no object per row), the instances take their rows on the workers at once,
 * and at the end of a batch they emit on the query's thread, window by window in the order of their
 * ranges: the output is in key-group order (each key group's keys in the order they came), the same
 * at every parallelism from 2 up. With one instance the operator's own code runs as it is, without
 * routing, and emits in its own order (the order keys came in): sorting a window's groups by key
 * group cost parallelism 1 about a quarter more CPU on Nexmark q5h, which emits 3 M rows.
 *
 * <p>State: with one instance its snapshots and deltas are the operator's own, byte for byte;
 * with several, after the operator's header, a marker, the number of key groups and per instance
 * its range and its own snapshot (or delta). A restore recreates the instances that wrote the
 * state, deltas apply to them, and before the next batch (or the next base of deltas) their keys
 * are cut along key groups into this run's instances, so a query restarted with another
 * parallelism keeps its state; the first checkpoint after such a change is a full snapshot. An
 * operator whose instances cannot join (DISTINCT aggregates, when fewer instances own what more
 * saved) keeps the saved instances, run by this run's workers.
 */
public final class KeyGroupedOperator<T extends Operator & KeyGroupedState> extends AbstractOperator
    implements StatefulOperator {
  /** Where a snapshot of several instances differs from one instance's: where that one's first long is. */
  private static final long MARKER = Long.MIN_VALUE + 0x4B6579L;

  private final Supplier<T> factory;
  private final KeyGroups keyGroups;
  private final int parallelism;
  private final WorkerPool pool;
  private KeyGroupedState[] instances;
  /** The instance owning each key group. */
  private int[] owner;
  /** Restored instances not yet cut to this run's parallelism. */
  private boolean cutPending;
  /** The instances changed since the last full snapshot: no delta can describe the change. */
  private boolean layoutChanged;
  private boolean opened;
  private int[] groupOf = new int[Batch.DEFAULT_CAPACITY];
  private int[][] selections = new int[0][];
  private int[] counts = new int[0];
  private Batch[] views = new Batch[0];
  private InstanceContext[] contexts = new InstanceContext[0];
  /** Per instance: its input of the current batch ({@link #views}, at {@link #port}). */
  private Runnable[] tasks = new Runnable[0];
  /** The tasks of the instances that have rows in the current input batch. */
  private Runnable[] running = new Runnable[0];
  private int port;

  /**
   * {@code parallelism} instances made by {@code factory}, whose rows are keyed by {@code
   * keyGroups}, run on {@code pool} (null with one instance).
   */
  public KeyGroupedOperator(Supplier<T> factory, KeyGroups keyGroups, int parallelism, WorkerPool pool) {
    this(factory, keyGroups, parallelism, pool, factory.get());
  }

  private KeyGroupedOperator(Supplier<T> factory, KeyGroups keyGroups, int parallelism, WorkerPool pool, T first) {
    super(first.name());
    this.factory = factory;
    this.keyGroups = keyGroups;
    this.parallelism = parallelism;
    this.pool = pool;
    KeyGroupedState[] made = new KeyGroupedState[parallelism];
    made[0] = first;
    for (int i = 1; i < parallelism; i++) {
      made[i] = factory.get();
    }
    layout(made);
  }

  /** How many instances run now. */
  public int instances() {
    return instances.length;
  }

  private void layout(KeyGroupedState[] made) {
    instances = made;
    for (int i = 0; i < made.length && made.length > 1; i++) {
      made[i].emitInKeyGroupOrder();
    }
    int n = made.length;
    owner = new int[KeyGroups.COUNT];
    for (int g = 0; g < KeyGroups.COUNT; g++) {
      owner[g] = KeyGroups.owner(g, n);
    }
    selections = new int[n][];
    counts = new int[n];
    views = new Batch[n];
    contexts = new InstanceContext[n];
    tasks = new Runnable[n];
    running = new Runnable[n];
    for (int i = 0; i < n; i++) {
      int instance = i;
      tasks[i] = () -> operator(instance).input(port, views[instance]);
      if (opened) {
        openInstance(i);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private T operator(int instance) {
    return (T) instances[instance];
  }

  /** Opens instance {@code i}: alone, in the query's context; one of several, in its own, which keeps late-row counts until the workers are done. */
  private void openInstance(int i) {
    contexts[i] = instances.length == 1 ? null : new InstanceContext(context);
    operator(i).open(contexts[i] == null ? context : contexts[i], batch -> output.accept(batch));
  }

  @Override
  public void open(BatchContext context, BatchConsumer output) {
    super.open(context, output);
    opened = true;
    for (int i = 0; i < instances.length; i++) {
      openInstance(i);
    }
  }

  @Override
  public void startBatch() {
    cutToParallelism();
    for (int i = 0; i < instances.length; i++) {
      operator(i).startBatch();
    }
  }

  @Override
  public void input(int port, Batch batch) {
    int n = instances.length;
    if (n == 1) {
      operator(0).input(port, batch);
      return;
    }
    int rows = batch.rowCount();
    if (rows == 0) {
      return;
    }
    if (groupOf.length < rows) {
      groupOf = new int[Math.max(rows, groupOf.length * 2)];
    }
    keyGroups.of(batch, groupOf);
    for (int i = 0; i < n; i++) {
      counts[i] = 0;
      if (selections[i] == null || selections[i].length < rows) {
        selections[i] = new int[Math.max(rows, Batch.DEFAULT_CAPACITY)];
      }
    }
    int[] selection = batch.selection;
    for (int k = 0; k < rows; k++) {
      int i = owner[groupOf[k]];
      selections[i][counts[i]++] = selection == null ? k : selection[k];
    }
    // the instances with rows, in order: the first runs on this thread, the others on workers
    this.port = port;
    int used = 0;
    for (int i = 0; i < n; i++) {
      if (counts[i] == 0) {
        continue;
      }
      Batch view = views[i];
      if (view == null || view.columns != batch.columns) {
        view = views[i] = new Batch(batch.columns, 0);
      }
      view.size = batch.size;
      view.selection = selections[i];
      view.selectedCount = counts[i];
      view.kinds = batch.kinds;
      running[used++] = tasks[i];
    }
    try {
      if (used == 1 || pool == null) {
        for (int k = 0; k < used; k++) {
          running[k].run();
        }
      } else {
        pool.runTogether(running, used);
      }
    } catch (OrderedSplitRunner.WorkerInterruptedException e) {
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "The query was stopped while its workers ran", e);
    } finally {
      flushLateRows();
    }
  }

  private void flushLateRows() {
    for (InstanceContext instance : contexts) {
      if (instance != null) {
        instance.flushLateRows();
      }
    }
  }

  @Override
  public void endBatch() {
    if (instances.length > 1) {
      // window by window, each instance's groups after the one before's: key-group order at any parallelism
      while (true) {
        long next = Long.MAX_VALUE;
        for (KeyGroupedState instance : instances) {
          next = Math.min(next, instance.nextClosing());
        }
        if (next == Long.MAX_VALUE) {
          break;
        }
        for (KeyGroupedState instance : instances) {
          instance.closeWindowsThrough(next);
        }
      }
    }
    for (int i = 0; i < instances.length; i++) {
      operator(i).endBatch();
    }
    flushLateRows();
  }

  @Override
  public void finish() {
    for (int i = 0; i < instances.length; i++) {
      operator(i).finish();
    }
  }

  @Override
  public boolean pendingOutput() {
    for (int i = 0; i < instances.length; i++) {
      if (operator(i).pendingOutput()) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String lastChoice() {
    return instances.length == 1 ? operator(0).lastChoice() : instances[0].lastChoiceOf(instances);
  }

  @Override
  public void close() {
    try {
      for (int i = 0; i < instances.length; i++) {
        operator(i).close();
      }
    } finally {
      if (pool != null) {
        pool.close();
      }
    }
  }

  // --- state

  @Override
  public StateFormat stateFormat() {
    return instances[0].stateFormat();
  }

  @Override
  public long stateRows() {
    long rows = 0;
    for (KeyGroupedState instance : instances) {
      rows += instance.stateRows();
    }
    return rows;
  }

  @Override
  public long stateBytes() {
    long bytes = 0;
    for (KeyGroupedState instance : instances) {
      bytes += instance.stateBytes();
    }
    return bytes;
  }

  @Override
  public long growthBytes(int rows) {
    long bytes = 0;
    for (KeyGroupedState instance : instances) {
      bytes += instance.growthBytes(rows);
    }
    return bytes;
  }

  @Override
  public void snapshot(DataOutput out) throws IOException {
    cutToParallelism();
    layoutChanged = false;
    if (instances.length == 1) {
      instances[0].snapshot(out);
      return;
    }
    writeInstances(out, false);
  }

  @Override
  public void restore(DataInput in) throws IOException {
    KeyGroupedState[] restored = readInstances(in, false);
    layout(restored);
    cutPending = restored.length != parallelism;
  }

  @Override
  public void markDeltaBase() {
    cutToParallelism();
    for (KeyGroupedState instance : instances) {
      instance.markDeltaBase();
    }
  }

  @Override
  public boolean deltaReady() {
    if (layoutChanged || cutPending) {
      return false;
    }
    for (KeyGroupedState instance : instances) {
      if (!instance.deltaReady()) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void snapshotDelta(DataOutput out) throws IOException {
    if (instances.length == 1) {
      instances[0].snapshotDelta(out);
      return;
    }
    writeInstances(out, true);
  }

  @Override
  public void applyDelta(DataInput in) throws IOException {
    readInstances(in, true);
  }

  /** The header, the marker, the number of key groups, then per instance its range and its snapshot or delta. */
  private void writeInstances(DataOutput out, boolean delta) throws IOException {
    stateFormat().writeHeader(out);
    out.writeLong(MARKER);
    out.writeInt(KeyGroups.COUNT);
    out.writeInt(instances.length);
    for (int i = 0; i < instances.length; i++) {
      out.writeInt(KeyGroups.first(i, instances.length));
      out.writeInt(KeyGroups.first(i + 1, instances.length));
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream one = new DataOutputStream(bytes);
      if (delta) {
        instances[i].snapshotDelta(one);
      } else {
        instances[i].snapshot(one);
      }
      one.flush();
      out.writeInt(bytes.size());
      bytes.writeTo(asStream(out));
    }
  }

  /**
   * Reads what {@link #writeInstances} or one instance wrote: a snapshot into new instances
   * (returned), a delta into the current ones, which must be the instances that wrote it.
   */
  private KeyGroupedState[] readInstances(DataInput in, boolean delta) throws IOException {
    StateFormat format = stateFormat();
    format.readHeader(in);
    long first = in.readLong();
    if (first != MARKER) {
      // one instance's own bytes: give it back the header and the long this read
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      DataOutputStream prefix = new DataOutputStream(head);
      format.writeHeader(prefix);
      prefix.writeLong(first);
      DataInput whole = new DataInputStream(new SequenceInputStream(new ByteArrayInputStream(head.toByteArray()),
          new DataInputStream(fromDataInput(in))));
      if (delta) {
        if (instances.length != 1) {
          throw StateIO.corrupt("a delta of one instance of " + name() + " on " + instances.length);
        }
        instances[0].applyDelta(whole);
        return instances;
      }
      KeyGroupedState one = factory.get();
      one.restore(whole);
      return new KeyGroupedState[] {one};
    }
    StateIO.expect(in, KeyGroups.COUNT, "the number of key groups");
    int n = in.readInt();
    if (n < 2 || n > KeyGroups.COUNT) {
      throw StateIO.corrupt(n + " instances of " + name());
    }
    if (delta && n != instances.length) {
      throw StateIO.corrupt("a delta of " + n + " instances of " + name() + " on " + instances.length);
    }
    KeyGroupedState[] read = delta ? instances : new KeyGroupedState[n];
    for (int i = 0; i < n; i++) {
      StateIO.expect(in, KeyGroups.first(i, n), "the first key group of instance " + i);
      StateIO.expect(in, KeyGroups.first(i + 1, n), "the end of the key groups of instance " + i);
      byte[] bytes = new byte[StateIO.readCount(in, Integer.MAX_VALUE, "bytes of an instance's state")];
      in.readFully(bytes);
      DataInput one = new DataInputStream(new ByteArrayInputStream(bytes));
      if (delta) {
        read[i].applyDelta(one);
      } else {
        read[i] = factory.get();
        read[i].restore(one);
      }
    }
    return read;
  }

  /**
   * Cuts restored instances into this run's: each new instance takes the keys of its key-group
   * range from every saved instance whose range meets it. Keeps the saved instances when joining
   * pieces is not possible for this operator.
   */
  private void cutToParallelism() {
    if (!cutPending) {
      return;
    }
    cutPending = false;
    int from = instances.length;
    int to = parallelism;
    if (to < from && !instances[0].canAbsorb()) {
      return;
    }
    try {
      byte[][] saved = new byte[from][];
      for (int i = 0; i < from; i++) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        instances[i].snapshot(new DataOutputStream(bytes));
        saved[i] = bytes.toByteArray();
        operator(i).close();
      }
      KeyGroupedState[] made = new KeyGroupedState[to];
      for (int j = 0; j < to; j++) {
        int first = KeyGroups.first(j, to);
        int end = KeyGroups.first(j + 1, to);
        for (int i = 0; i < from; i++) {
          if (KeyGroups.first(i + 1, from) <= first || KeyGroups.first(i, from) >= end) {
            continue;
          }
          KeyGroupedState piece = factory.get();
          piece.restore(new DataInputStream(new ByteArrayInputStream(saved[i])));
          piece.retainKeyGroups(first, end);
          if (made[j] == null) {
            made[j] = piece;
          } else {
            made[j].absorb(piece);
            ((Operator) piece).close();
          }
        }
      }
      layout(made);
      layoutChanged = true;
    } catch (IOException e) {
      throw new SluiceException(ErrorCode.INTERNAL_ERROR, "Cannot cut the state of " + name() + " from " + from
          + " to " + to + " instances: " + e.getMessage(), e);
    }
  }

  private static java.io.OutputStream asStream(DataOutput out) {
    if (out instanceof java.io.OutputStream) {
      return (java.io.OutputStream) out;
    }
    return new java.io.OutputStream() {
      @Override
      public void write(int b) throws IOException {
        out.write(b);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
      }
    };
  }

  /** {@code in} as a stream for reads of known length (what a restore does): each read takes exactly what it asks. */
  private static InputStream fromDataInput(DataInput in) {
    if (in instanceof InputStream) {
      return (InputStream) in;
    }
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          return in.readUnsignedByte();
        } catch (java.io.EOFException e) {
          return -1;
        }
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        in.readFully(b, off, len);
        return len;
      }
    };
  }

  /**
   * An instance's view of the batch's context: rows it counts late are kept until its input on a
   * worker has ended, then passed on from the query's thread.
   */
  private static final class InstanceContext implements BatchContext {
    private final BatchContext parent;
    private long lateRows;

    InstanceContext(BatchContext parent) {
      this.parent = parent;
    }

    @Override
    public long watermark() {
      return parent.watermark();
    }

    @Override
    public long batchTime() {
      return parent.batchTime();
    }

    @Override
    public void countLateRows(long rows) {
      lateRows += rows;
    }

    void flushLateRows() {
      if (lateRows > 0) {
        parent.countLateRows(lateRows);
        lateRows = 0;
      }
    }

    @Override
    public void stateExpiresAt(long millis) {
      parent.stateExpiresAt(millis);
    }

    @Override
    public void stateWaitsUntil(long eventTime) {
      parent.stateWaitsUntil(eventTime);
    }
  }
}
