package io.sluice.engine.stream;

import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TableSchema;
import io.sluice.catalog.connector.StreamSink;
import io.sluice.catalog.connector.StreamSource;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.batch.DeadLetters;
import io.sluice.engine.batch.QueryWatermark;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.result.BatchProgress;
import io.sluice.engine.result.LiveQuery;
import io.sluice.engine.table.SourceTable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A continuous query: runs its compiled plan over micro-batches of its sources, on its own
 * thread, writing each batch's output to the sink under the batch's id.
 *
 * <p>Each batch's range is decided before it runs (every source's {@link
 * StreamSource#nextEndOffset}), so a batch can be run again with the same boundaries. Operator
 * state lives in the plan's operators between batches.
 */
public final class StreamingQuery implements LiveQuery {
  private static final long IDLE_POLL_MILLIS = 10;

  private final String id;
  private final String text;
  private final String sinkName;
  private final QuerySinks sinks;
  private final Map<String, SourceTable> sources;
  /** The compiled plan with the operators' state; dropped when the query fails for want of memory. */
  private volatile ExecutionPlan plan;
  /** Checks the state against the memory budget during and after each batch, or null. */
  private final StateMemoryGuard memoryGuard;
  private final BatchRanges ranges;
  private final OutputMode mode;
  private final Trigger trigger;
  private final TableSchema outputSchema;
  private final BatchConsumer listener;

  private final Map<String, String> committed = new LinkedHashMap<>();
  private final ProgressHistory progress;
  private long nextBatchId;
  private long idleRounds;
  private volatile Status status = Status.RUNNING;
  private volatile boolean stopRequested;
  /** Set (guarded by this) when the thread releases its sources and sinks: stop() then leaves it uninterrupted. */
  private boolean releasing;
  /** Whether a thread runs (or ran) the batch loop, and whether that loop has released everything it held. */
  private boolean looping;
  private boolean ended;
  private long inputRowsTotal;
  private long outputRowsTotal;
  private volatile Throwable failure;
  private Thread thread;
  private long previousStart = -1;
  private java.util.function.LongSupplier processingClock = System::currentTimeMillis;
  private BatchLog log;
  /** Whether the sources have ended for good and the batch that closes every window runs: the plan's last. */
  private boolean inputEnded;
  private final OperatorSnapshots snapshots;
  /** A batch that started before a crash and runs again with its recorded boundaries, or null. */
  private Redo redo;
  /** Makes a batch's rejects durable before its commit record, or null. */
  private final Runnable rejectsSaver;
  private final String planText;
  private final Object stepLock = new Object();
  private final BatchClock clock = new BatchClock();
  /** The first batch its checkpoint can replay, as of its last commit; null without a checkpoint. */
  private volatile Long firstReplayableBatch;

  /** The recorded boundaries of a batch to run again. */
  private record Redo(long batchId, Map<String, String> endOffsets, long watermark, long batchTime) {}

  StreamingQuery(StreamingQueryBuilder builder) {
    this.id = builder.id;
    this.text = builder.text;
    this.sinkName = builder.sinkName;
    this.sinks = new QuerySinks(builder.sink, builder.lateSink, builder.lateSchema, builder.deadLetterSink);
    this.sources = builder.sources;
    this.plan = builder.plan;
    this.ranges = builder.ranges;
    this.mode = builder.mode;
    this.trigger = builder.trigger;
    this.outputSchema = builder.outputSchema;
    this.listener = builder.listener;
    this.progress = new ProgressHistory(builder.progressFile);
    this.planText = builder.planText;
    this.rejectsSaver = builder.rejectsSaver;
    this.memoryGuard = builder.memoryBudget == null ? null
        : new StateMemoryGuard(id, plan.states(), plan::workerBytes, builder.memoryBudget);
    if (memoryGuard != null) {
      plan.checkStateAroundInput(memoryGuard);
    }
    this.snapshots = new OperatorSnapshots(plan.states(), ranges::diskState);
    for (Map.Entry<String, SourceTable> e : sources.entrySet()) {
      committed.put(e.getKey(), e.getValue().source().initialOffset());
    }
  }

  /** A query of {@code id} running {@code text}, to be described in full before it is built. */
  public static StreamingQueryBuilder builder(String id, String text) {
    return new StreamingQueryBuilder(id, text);
  }

  @Override
  public String id() {
    return id;
  }

  public String text() {
    return text;
  }

  @Override
  public String sinkName() {
    return sinkName;
  }

  public OutputMode mode() {
    return mode;
  }

  /** The columns of the rows the query writes. */
  public TableSchema outputSchema() {
    return outputSchema;
  }

  public Trigger trigger() {
    return trigger;
  }

  @Override
  public String triggerText() {
    return trigger.toString();
  }

  @Override
  public boolean endsWhenCaughtUp() {
    return trigger.stopsWhenCaughtUp();
  }

  @Override
  public Status status() {
    return status;
  }

  /** Why the query failed, or null. */
  @Override
  public Throwable failure() {
    return failure;
  }

  /** The processing-time clock the query reads at each batch start (tests set a manual one). */
  public void setClock(java.util.function.LongSupplier clock) {
    this.processingClock = clock;
  }



  /**
   * Records every batch in {@code log} (a checkpoint): its boundaries before it runs, the state
   * after it once its output is committed.
   */
  public void recordBatchesIn(BatchLog log) {
    this.log = log;
    snapshots.startRecordingChanges(); // the state is the log's: restored from it, or empty
  }

  /**
   * Makes the next batch, {@code batchId}, run with boundaries recorded before a crash (the
   * checkpoint's write-ahead record) instead of asking the sources: the same rows, watermark and
   * processing time as the first time, so the same output.
   */
  public synchronized void redoBatch(long batchId, Map<String, String> endOffsets, long watermark, long batchTime) {
    if (batchId != nextBatchId) {
      throw new IllegalStateException("batch " + batchId + " cannot run again: the next batch is " + nextBatchId);
    }
    if (!endOffsets.keySet().equals(sources.keySet())) {
      throw new SluiceException(ErrorCode.CHECKPOINT_INCOMPATIBLE, "Batch " + batchId + " was recorded over sources "
          + endOffsets.keySet() + ", and query " + id + " reads " + sources.keySet());
    }
    redo = new Redo(batchId, new LinkedHashMap<>(endOffsets), watermark, batchTime);
  }

  /** Its physical plan with streaming traits, as EXPLAIN prints it ("" when not given). */
  public String planText() {
    return planText;
  }


  /** Whether the query records its batches in a checkpoint ({@link #recordBatchesIn}). */
  public synchronized boolean checkpointed() {
    return log != null;
  }

  @Override
  public Long firstReplayableBatch() {
    return firstReplayableBatch;
  }

  /** The compiled plan (for state and profile). */
  public ExecutionPlan plan() {
    return plan;
  }

  /**
   * The query's state between batches, from which {@link #resumeFrom} makes a fresh query of the
   * same statement go on as this one would. Only between batches: for a query with the manual
   * trigger on the thread that steps it, for any other once it has ended.
   */
  public synchronized QueryState state() {
    if (plan == null) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + id + " ran out of memory and let go of its"
          + " state: it goes on from its checkpoint only");
    }
    if (status == Status.RUNNING && trigger.kind() != Trigger.Kind.MANUAL) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Query " + id + " is running: its state can be saved"
          + " between batches only, once it has stopped");
    }
    return captureState(nextBatchId, committed, ranges.watermark(), null);
  }

  /** The state between batches; with {@code log}, as committed to it (deltas where it takes them). */
  private QueryState captureState(long nextBatch, Map<String, String> offsets, long watermark, BatchLog log) {
    Map<String, Long> maxEventTimes = new LinkedHashMap<>();
    for (Map.Entry<String, SourceTable> e : sources.entrySet()) {
      Long max = ranges.maxEventTime(e.getValue().source());
      if (max != null) {
        maxEventTimes.put(e.getKey(), max);
      }
    }
    List<QueryState.Operator> operators = snapshots.capture(log);
    reserveCheckpointCopy();
    return new QueryState(nextBatch, offsets, maxEventTimes, watermark, ranges.nextStateDeadline(),
        ranges.nextExpiry(), operators);
  }

  /** Counts room for the next checkpoint's serialized copy of the state against the memory budget. */
  private void reserveCheckpointCopy() {
    if (memoryGuard != null) {
      memoryGuard.reserveForCopy(snapshots.fullSnapshotBytes());
    }
  }

  /**
   * Makes this query, not started yet, go on from {@code state}, saved by a query of the same
   * statement ({@link #state}): its next batch reads from the saved offsets with the saved
   * watermark and operator state, under the saved batch id. A state of a query over other sources
   * or with other stateful operators is refused.
   */
  public synchronized void resumeFrom(QueryState state) {
    if (thread != null || nextBatchId != 0 || status != Status.RUNNING) {
      throw new IllegalStateException("query " + id + " has already run: only a new query resumes from a state");
    }
    List<io.sluice.runtime.state.StatefulOperator> states = plan.states();
    state.checkFits(id, sources.keySet(), states);
    for (int i = 0; i < states.size(); i++) {
      snapshots.restore(i, state.operators().get(i));
    }
    reserveCheckpointCopy();
    committed.putAll(state.offsets());
    for (Map.Entry<String, Long> e : state.maxEventTimes().entrySet()) {
      ranges.observeEventTime(sources.get(e.getKey()).source(), e.getValue());
    }
    ranges.advanceWatermark(state.watermark());
    ranges.resetStateDeadline();
    ranges.stateWaitsUntil(state.nextStateDeadline());
    ranges.stateExpiresAt(state.nextExpiry());
    nextBatchId = state.nextBatchId();
  }

  /** Starts the query's thread; a query with the manual trigger runs only when {@link #step} is called. */
  public synchronized void start() {
    if (trigger.kind() == Trigger.Kind.MANUAL) {
      return;
    }
    thread = new Thread(this::loop, "sluice-stream-" + id);
    thread.setDaemon(true);
    thread.start();
  }

  /** Runs batches on the calling thread until the query ends; for runners that wait anyway. */
  public void runHere() {
    loop();
  }

  /**
   * Asks the query to stop at the next batch boundary and returns at once: a batch that is running
   * finishes and commits (sink and checkpoint), and no other starts. {@link #awaitEnd} waits for it.
   */
  public void requestStop() {
    stopRequested = true;
    synchronized (this) {
      notifyAll(); // a query pausing between batches looks at once
    }
  }

  /** Rows read from the sources in the batches this query committed since it started. */
  @Override
  public synchronized long inputRowsTotal() {
    return inputRowsTotal;
  }

  /** Rows written to the sink in the batches this query committed since it started. */
  @Override
  public synchronized long outputRowsTotal() {
    return outputRowsTotal;
  }

  /** Asks the query to stop after the batch that is running, and waits for it. */
  public void stop() {
    stopRequested = true;
    Thread t;
    synchronized (this) {
      t = thread;
      if (t == null && trigger.kind() == Trigger.Kind.MANUAL) {
        if (status == Status.RUNNING) {
          status = Status.STOPPED; // manual trigger: no batch runs after this
        }
        end();
      }
      notifyAll();
      if (t != null && t != Thread.currentThread() && !releasing) {
        t.interrupt(); // wakes it from a wait or a trigger's sleep
      }
    }
    if (t != null && t != Thread.currentThread()) {
      try {
        t.join(30_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Waits until the query has processed every row its sources had when this was called (or
   * has ended). Rethrows the query's failure.
   */
  public void processAllAvailable() {
    if (trigger.kind() == Trigger.Kind.MANUAL) {
      while (step()) {
        // each step runs one batch
      }
      return;
    }
    synchronized (this) {
      long seen = idleRounds;
      while (status == Status.RUNNING && idleRounds <= seen + 1) {
        try {
          wait(100);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
    if (failure != null) {
      throw failure instanceof SluiceException ? (SluiceException) failure
          : new SluiceException(ErrorCode.INTERNAL_ERROR, "Query " + id + " failed: " + failure, failure);
    }
  }

  /** Waits until the query is no longer running (a manual query runs its batches here). */
  public void awaitEnd() throws InterruptedException {
    if (trigger.kind() == Trigger.Kind.MANUAL) {
      processAllAvailable();
      return;
    }
    synchronized (this) {
      awaitEndLocked();
    }
  }

  /**
   * Waits until the status is no longer running and, for a query with a thread, until its loop
   * has released the checkpoint lock and the connections: the status changes first, and a caller
   * that opens the same checkpoint next must find it free.
   */
  private void awaitEndLocked() throws InterruptedException {
    while (status == Status.RUNNING || looping && !ended) {
      wait(200);
    }
  }


  /** The last batches' progress, oldest first. */
  @Override
  public synchronized List<BatchProgress> progress() {
    return progress.list();
  }

  /** Batches run so far. */
  @Override
  public synchronized long batches() {
    return nextBatchId;
  }

  /** What one round of the loop did. */
  private enum Round { RAN, IDLE, FINISHED }

  private void loop() {
    synchronized (this) {
      looping = true;
    }
    try {
      while (!stopRequested) {
        long started = System.currentTimeMillis();
        Round round = round(started);
        if (round == Round.FINISHED) {
          break;
        }
        if (round == Round.IDLE) {
          pause(trigger.kind() == Trigger.Kind.INTERVAL ? trigger.intervalMillis() : IDLE_POLL_MILLIS, started);
        } else if (trigger.kind() == Trigger.Kind.INTERVAL) {
          pause(trigger.intervalMillis(), started);
        }
      }
      if (status == Status.RUNNING) {
        status = Status.STOPPED;
      }
    } catch (Throwable t) {
      fail(t);
    } finally {
      end();
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }

  /** Closes the batch log and lets the sources and sinks release their connections (a Kafka consumer or producer). */
  private void end() {
    synchronized (this) {
      releasing = true;
    }
    closeLog();
    closePlan(plan);
    snapshots.release();
    ranges.closeDiskState();
    if (memoryGuard != null) {
      memoryGuard.close();
    }
    for (SourceTable table : sources.values()) {
      table.source().release();
    }
    sinks.release();
  }

  /** Closes the plan's operators (spill files, disk stores) and worker threads; a failure to close fails the query. */
  private void closePlan(ExecutionPlan running) {
    if (running == null) {
      return;
    }
    try {
      running.close();
    } catch (RuntimeException e) {
      if (failure == null) {
        failure = e;
        status = Status.FAILED;
      } else {
        failure.addSuppressed(e);
      }
    }
  }

  private void closeLog() {
    BatchLog l = log;
    if (l != null) {
      log = null;
      l.close();
    }
  }

  private void fail(Throwable t) {
    if (t instanceof OutOfMemoryError || t instanceof SluiceException
        && ((SluiceException) t).code() == ErrorCode.OUT_OF_MEMORY) {
      ExecutionPlan dropped = plan;
      plan = null; // the state is half updated and may fill the heap: let it go (the checkpoint has it)
      snapshots.release();
      if (t instanceof OutOfMemoryError) {
        t = memoryGuard != null ? memoryGuard.outOfMemory((OutOfMemoryError) t)
            : new SluiceException(ErrorCode.OUT_OF_MEMORY, "Query " + id + " ran out of Java heap: " + t.getMessage(),
                t);
      }
      failure = t;
      closePlan(dropped); // its operators let go of what they hold outside the heap too
    }
    failure = t;
    status = stopRequested ? Status.STOPPED : Status.FAILED;
  }

  /**
   * Runs one batch if there is new data, or the watermark has released state, or the sources
   * have ended and state still holds rows (then the watermark moves to the end of time, so every
   * window closes).
   */
  private Round round(long started) {
    long t0 = System.nanoTime();
    if (redo != null) {
      ranges.advanceWatermark(redo.watermark());
      runBatch(started, t0, redo.endOffsets());
      return trigger.kind() == Trigger.Kind.ONCE ? finish() : Round.RAN;
    }
    Map<String, String> ends = new LinkedHashMap<>();
    boolean newData = false;
    for (Map.Entry<String, SourceTable> e : sources.entrySet()) {
      String start = committed.get(e.getKey());
      String end = e.getValue().source().nextEndOffset(start);
      ends.put(e.getKey(), end);
      newData |= !end.equals(start);
    }
    // a batch without new rows still runs at once when the watermark has closed windows that wait,
    // and when keyed state outlived the state time-to-live (unless 'pipeline.no-data-batches' is off)
    boolean stateDue = ranges.noDataBatches() && (ranges.nextStateDeadline() != Long.MAX_VALUE
        && ranges.watermark() >= ranges.nextStateDeadline()
        || ranges.nextExpiry() != Long.MAX_VALUE && processingClock.getAsLong() >= ranges.nextExpiry());
    if (!newData && !stateDue) {
      boolean finished = true;
      for (Map.Entry<String, SourceTable> e : sources.entrySet()) {
        finished &= e.getValue().source().isFinished(committed.get(e.getKey()));
      }
      if (finished && ranges.watermark() != Long.MAX_VALUE && waitsOnTime()) {
        // the input has ended: every window and time bound is complete
        ranges.advanceWatermark(Long.MAX_VALUE);
        inputEnded = true;
        runBatch(started, t0, ends);
        return Round.RAN;
      }
      idle();
      if (finished || trigger.stopsWhenCaughtUp()) {
        status = Status.FINISHED;
        return Round.FINISHED;
      }
      return Round.IDLE;
    }
    runBatch(started, t0, ends);
    return trigger.kind() == Trigger.Kind.ONCE ? finish() : Round.RAN;
  }

  private Round finish() {
    status = Status.FINISHED;
    return Round.FINISHED;
  }

  /** Whether some state waits on event time (open windows, pending rows) and would be released at the end of input. */
  private boolean waitsOnTime() {
    return ranges.nextStateDeadline() != Long.MAX_VALUE || plan.pendingOutput();
  }

  /**
   * For the {@code manual} trigger: runs the next batch on the calling thread if there is one to
   * run (new data, or state the watermark released). Returns whether a batch ran.
   */
  public boolean step() {
    synchronized (stepLock) { // two sessions stepping one query run its batches one after the other
      return stepLocked();
    }
  }

  private boolean stepLocked() {
    if (status != Status.RUNNING) {
      throwFailure();
      return false;
    }
    try {
      Round round = round(System.currentTimeMillis());
      return round == Round.RAN;
    } catch (RuntimeException | Error e) {
      fail(e);
      end();
      throwFailure();
      return false;
    } finally {
      if (status != Status.RUNNING) {
        end();
      }
      synchronized (this) {
        notifyAll();
      }
    }
  }

  @Override
  public String waitingFor() {
    for (SourceTable table : sources.values()) {
      String waiting = table.source().waitingFor();
      if (waiting != null) {
        return waiting;
      }
    }
    return null;
  }

  private void throwFailure() {
    if (failure != null) {
      throw failure instanceof SluiceException ? (SluiceException) failure
          : new SluiceException(ErrorCode.INTERNAL_ERROR, "Query " + id + " failed: " + failure, failure);
    }
  }

  private void runBatch(long started, long t0, Map<String, String> ends) {
    long batchId;
    synchronized (this) {
      batchId = nextBatchId;
    }
    for (Map.Entry<String, SourceTable> e : sources.entrySet()) {
      ranges.set(e.getValue().source(), committed.get(e.getKey()), ends.get(e.getKey()));
    }
    long watermark = ranges.watermark();
    ranges.resetStateDeadline();
    long batchTime = redo != null ? redo.batchTime() : processingClock.getAsLong();
    ranges.startBatch(batchTime);
    ranges.eventTimeStats().reset();
    clock.start(t0);
    if (log != null && redo == null) {
      long since = System.nanoTime();
      long bytes = log.bytesWritten();
      log.started(batchId, committed, ends, watermark, batchTime);
      clock.checkpointed(since, log.bytesWritten() - bytes);
    }
    boolean rerun = redo != null;
    redo = null;
    clock.planEnds();
    long[] rows = {0};
    sinks.start(() -> log != null ? log.queryId() : java.util.UUID.randomUUID().toString());
    DeadLetterBuffer deadLetters = sinks.deadLetterBuffer(batchId);
    ranges.sendDeadLettersTo(deadLetters);
    StreamSink.BatchWriter lateWriter = sinks.openLateRows(batchId, ranges, clock);
    try (StreamSink.BatchWriter writer = sinks.output().open(batchId, mode, outputSchema)) {
      BatchConsumer output = batch -> {
        rows[0] += batch.rowCount();
        long since = System.nanoTime(); // per output chunk: the sink phase
        writer.write(batch, batch.kinds);
        if (listener != null) {
          listener.accept(batch);
        }
        clock.sinkWrote(since);
      };
      if (inputEnded) {
        plan.runLast(output); // its operators finish after it
      } else {
        plan.run(output);
      }
      if (memoryGuard != null) {
        memoryGuard.check(); // what the batch's end added (emitted rows kept for retraction)
      }
      clock.runEnds();
      if (lateWriter != null) {
        lateWriter.commit();
      }
      if (deadLetters != null) {
        sinks.commitDeadLetters(deadLetters);
      }
      writer.commit();
      clock.sinkCommitted();
      plan.commitRejects(rerun);
      if (rejectsSaver != null) {
        rejectsSaver.run();
      }
      advanceWatermark();
      if (log != null) {
        long since = System.nanoTime();
        long bytes = log.bytesWritten();
        Map<String, String> after = new LinkedHashMap<>(committed);
        after.putAll(ends);
        log.committed(batchId, captureState(batchId + 1, after, ranges.watermark(), log), rows[0]);
        clock.checkpointed(since, log.bytesWritten() - bytes);
        firstReplayableBatch = log.firstReplayableBatch();
      }
      clock.commitEnds();
      long input = plan.sourceRows();
      long[] malformed = plan.takeMalformedRows();
      double sincePrevious = previousStart < 0 ? 0 : (started - previousStart) / 1000.0;
      BatchProgress p = new BatchProgress(id, batchId, started, input, rows[0],
          sincePrevious <= 0 ? 0 : input / sincePrevious, clock.phases(plan.takeReadNanos()),
          log == null ? null : clock.checkpoint(), new LinkedHashMap<>(ends),
          watermark == BatchRanges.NO_WATERMARK ? null : watermark, ranges.takeLateRows(), malformed[0], malformed[1],
          deadLetters == null ? 0 : deadLetters.size(), plan.operatorProgress(), eventTimeRead());
      previousStart = started;
      progress.write(p);
      synchronized (this) {
        committed.putAll(ends);
        nextBatchId++;
        inputRowsTotal += p.inputRows();
        outputRowsTotal += p.outputRows();
        progress.keep(p);
      }
    } catch (RuntimeException e) {
      throw new SluiceException(e instanceof SluiceException ? ((SluiceException) e).code() : ErrorCode.INTERNAL_ERROR,
          "Query " + id + " failed in batch " + batchId + " (offsets " + rangesText(ends) + "): " + e.getMessage(), e);
    } finally {
      if (lateWriter != null) {
        lateWriter.close();
      }
    }
  }

  /** The event times the batch that ran read, or null when it read none. */
  private BatchProgress.EventTime eventTimeRead() {
    io.sluice.engine.batch.EventTimeStats stats = ranges.eventTimeStats();
    return stats.count() == 0 ? null : new BatchProgress.EventTime(stats.min(), stats.max(), stats.avg());
  }

  /** Moves the watermark for the next batch as the inputs' watermarks and the policy allow ({@link QueryWatermark}). */
  private void advanceWatermark() {
    long candidate = QueryWatermark.candidate(sources.values(), ranges);
    if (candidate != BatchRanges.NO_WATERMARK) {
      ranges.advanceWatermark(candidate);
    }
  }

  /** The watermark the next batch runs with, or null before any. */
  @Override
  public Long watermark() {
    long w = ranges.watermark();
    return w == BatchRanges.NO_WATERMARK ? null : w;
  }

  private String rangesText(Map<String, String> ends) {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : ends.entrySet()) {
      sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey()).append(' ').append(committed.get(e.getKey()))
          .append("..").append(e.getValue());
    }
    return sb.toString();
  }

  private synchronized void idle() {
    idleRounds++;
    notifyAll();
  }

  private void pause(long millis, long startedAt) {
    long wait = startedAt + millis - System.currentTimeMillis();
    if (wait <= 0) {
      return;
    }
    synchronized (this) {
      try {
        wait(wait);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        stopRequested = true;
      }
    }
  }

  /** Notifies a waiting query that new data may be there (after an append to a memory source). */
  public synchronized void wakeUp() {
    notifyAll();
  }
}
