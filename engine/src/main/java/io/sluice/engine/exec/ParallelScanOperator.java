package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.connector.HandOverSplit;
import io.sluice.catalog.connector.RangeSplit;
import io.sluice.catalog.connector.ScanSplit;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.catalog.data.Batches;
import io.sluice.engine.result.Cancellation;
import io.sluice.runtime.batch.BatchContext;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.operator.AbstractOperator;
import io.sluice.runtime.parallel.BatchPool;
import io.sluice.runtime.parallel.OrderedSplitRunner;
import io.sluice.runtime.parallel.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * A scan and the compiled filter/projection over it, run by the query's workers when the scan's
 * read cuts into splits: each worker reads a split and runs the filter/projection over its rows
 * (with its own instance of the compiled code), and the query's thread passes the splits' rows
 * on in split order, so the output is the same, row for row and in order, as on one thread.
 * When a read does not cut (one file, a short range, a shared scan) the two operators run on the
 * query's thread as they always did.
 *
 * <p>A split that hands its batches over ({@link HandOverSplit}: the generators) passes them to
 * the query's thread as they are, in frames ({@link HandedBatch}) that the query's thread gives
 * back once it has passed them on; other splits' rows are copied out of their reader's buffer.
 *
 * <p>A row that fails an expression on a worker makes the query's thread read that split again
 * alone, so that the error names the row's place in the source, or the row goes to the
 * dead-letter sink, exactly as on one thread.
 */
public final class ParallelScanOperator extends AbstractOperator {
  /** The name of what runs when a read does not cut: the filter/projection over the scan, or the scan alone. */
  private final String serialName;
  /** The filter/projection over the scan; null when the scan's rows pass on as they are. */
  private final FilterProjectOperator filterProject;
  private final SplitScan scan;
  /** Makes an instance of the filter/projection's compiled code for a worker; null without one. */
  private final Supplier<FilterProject> programs;
  /** Makes a stage a worker runs over each split's output (a partial aggregation), or null for none. */
  private final Supplier<SplitStage> stages;
  private final Supplier<WorkerPool> pool;
  private final int parallelism;
  /** The query thread's wait for the splits: the read phase of a batch read on workers. */
  private final ReadTime waited = new ReadTime();
  /** The batches splits' results are copied into, each given back once the query's thread has passed it on. */
  private final BatchPool batches;
  /**
   * Frames given back: batches handed over by splits, with their view and program, reused together,
   * the one given back last first (still in the caches, where the oldest is not).
   */
  private final ConcurrentLinkedDeque<HandedBatch> frames = new ConcurrentLinkedDeque<>();
  private final AtomicLong framesMade = new AtomicLong();
  /** What the splits read ahead of the one the query's thread passes on may hold, in bytes. */
  private long aheadBytes = OrderedSplitRunner.aheadBytesOfHeap();
  /** One per worker thread, each with its own compiled program; made on first use. */
  private ArrayBlockingQueue<Lane> lanes;
  /** The stage on the query's thread, for a read that does not cut and for splits read again; made on first use. */
  private SplitStage serialStage;
  /** The stage running on the query's thread now (taken from {@link #serialStage}), or null. */
  private SplitStage serialRunning;
  /** What the stages of the lanes hold ({@link SplitStage#heldBytes}), as each worker last told. */
  private final LongAdder lanesHeld = new LongAdder();

  /**
   * What one worker thread uses: the scan's worker side, an instance of the compiled code (or
   * null) and of the stage (or null).
   */
  private static final class Lane {
    final SplitScan.Worker scan;
    final FilterProject program;
    final SplitStage stage;
    /** What {@link #stage} held when this lane's worker last told {@link #lanesHeld}. */
    long held;

    Lane(SplitScan.Worker scan, FilterProject program, SplitStage stage) {
      this.scan = scan;
      this.program = program;
      this.stage = stage;
    }
  }

  private ParallelScanOperator(String name, String serialName, FilterProjectOperator filterProject, SplitScan scan,
      Supplier<FilterProject> programs, Supplier<SplitStage> stages, List<DataType> outputTypes,
      Supplier<WorkerPool> pool, int parallelism) {
    super(name);
    this.serialName = serialName;
    this.filterProject = filterProject;
    this.scan = scan;
    this.programs = programs;
    this.stages = stages;
    this.pool = pool;
    this.parallelism = parallelism;
    this.batches = new BatchPool(outputTypes);
  }

  /**
   * Runs {@code filterProject} over {@code scan} (a node whose operator {@link #splits}) on
   * {@code parallelism} workers of {@code pool}; {@code programs} makes an instance of its compiled
   * code for each worker, whose output has {@code outputTypes}. The node shows the scan below it.
   */
  public static OperatorNode overFilterProject(FilterProjectOperator filterProject, OperatorNode scan,
      Supplier<FilterProject> programs, List<DataType> outputTypes, Supplier<WorkerPool> pool, int parallelism,
      BatchContext context) {
    ParallelScanOperator operator = new ParallelScanOperator(workersName(filterProject.name(), parallelism),
        filterProject.name(), filterProject, (SplitScan) scan.operator(), programs, null, outputTypes, pool,
        parallelism);
    return OperatorNode.of(operator, context, List.of(), List.of(scan));
  }

  /** Runs {@code scan} (a node whose operator {@link #splits}), whose rows of {@code outputTypes} pass on as they are, on workers. */
  public static OperatorNode overScan(OperatorNode scan, List<DataType> outputTypes, Supplier<WorkerPool> pool,
      int parallelism, BatchContext context) {
    ParallelScanOperator operator = new ParallelScanOperator(workersName(scan.name, parallelism), scan.name, null,
        (SplitScan) scan.operator(), null, null, outputTypes, pool, parallelism);
    return OperatorNode.of(operator, context, List.of(), List.of());
  }

  /**
   * The scan of {@code node} (a node of this operator) with {@code stages} run over each split's
   * rows on the workers (and over the whole read on the query's thread when it does not cut): what
   * passes on is the stage's output, of {@code stageTypes}, shown as {@code stageName} over the scan.
   */
  public static OperatorNode withStage(OperatorNode node, String stageName, Supplier<SplitStage> stages,
      List<DataType> stageTypes) {
    ParallelScanOperator scan = (ParallelScanOperator) node.operator();
    if (scan.stages != null) {
      throw new IllegalStateException(scan.name() + " already has a stage");
    }
    ParallelScanOperator staged = new ParallelScanOperator(workersName(stageName + " over " + scan.serialName,
        scan.parallelism), scan.serialName, scan.filterProject, scan.scan, scan.programs, stages, stageTypes,
        scan.pool, scan.parallelism);
    return OperatorNode.of(staged, node.context(), List.of(), node.inputs);
  }

  /** Whether a stage runs over each split's rows ({@link #withStage}). */
  public boolean hasStage() {
    return stages != null;
  }

  private static String workersName(String name, int parallelism) {
    return name + " (" + parallelism + " workers)";
  }

  /** Bounds the bytes the splits ahead of the one passed on may hold (a test's small bound). */
  void aheadBytes(long bytes) {
    aheadBytes = bytes;
  }

  /** The batches (copies and frames) this scan's splits have been given so far: the most that were under way at once. */
  long batchesAllocated() {
    return batches.allocated() + framesMade.get();
  }

  /**
   * Heap bytes the stages hold now: the partial groups of the workers' aggregations (kept between
   * splits) and of the one on the query's thread. Not state (a checkpoint never holds them) but
   * memory, which the budget of a continuous query counts beside its state. Called on the query's thread.
   */
  public long heldBytes() {
    SplitStage serial = serialRunning != null ? serialRunning : serialStage;
    return lanesHeld.sum() + (serial == null ? 0 : serial.heldBytes());
  }

  /** On a worker, after its stage took or gave rows: tells {@link #heldBytes} what the stage holds now. */
  private void tell(Lane lane) {
    long now = lane.stage.heldBytes();
    if (now != lane.held) {
      lanesHeld.add(now - lane.held);
      lane.held = now;
    }
  }

  /** Whether {@code node} is a scan that may be read in splits. */
  public static boolean splits(OperatorNode node) {
    return node.operator() instanceof SplitScan;
  }

  @Override
  public void input(int port, Batch batch) {
    throw new IllegalStateException(name() + " has no input");
  }

  /** Reads the scan of this batch, on the workers when the read cuts into splits. */
  @Override
  public void endBatch() {
    BatchConsumer out = output;
    WorkerPool workers = pool.get();
    // a scan run while another holds the workers (its consumer runs this one) reads on this thread
    if (!workers.reserve()) {
      runSerially(out);
      return;
    }
    try {
      List<ScanSplit> splits = scan.splits(parallelism);
      if (splits.size() < 2) {
        runSerially(out);
        return;
      }
      try {
        runSplits(workers, splits, out);
      } finally {
        scan.endSplitRun();
      }
    } finally {
      workers.release();
    }
  }

  private void runSerially(BatchConsumer out) {
    if (stages == null) {
      readSerially(out);
      return;
    }
    SplitStage stage = serialStage();
    serialStage = null; // taken while it runs: a failed run leaves no rows in it for the next
    serialRunning = stage;
    try {
      readSerially(batch -> stage.accept(batch, out));
      stage.finish(out);
    } finally {
      serialRunning = null;
    }
    serialStage = stage;
  }

  /** The read on the query's thread alone: the scan, and the filter/projection over it. */
  private void readSerially(BatchConsumer out) {
    BatchConsumer processing = filterProject == null ? out : filterProject.processing(out);
    scan.read(batch -> {
      Cancellation.checkCurrent(); // a cancelled statement stops within a batch
      processing.accept(batch);
    });
  }

  private void runSplits(WorkerPool workers, List<ScanSplit> splits, BatchConsumer out) {
    if (lanes == null) {
      lanes = new ArrayBlockingQueue<>(workers.threads());
    }
    List<OrderedSplitRunner.SplitTask<HandedBatch, SplitResult>> tasks = new ArrayList<>(splits.size());
    for (ScanSplit split : splits) {
      if (split instanceof HandOverSplit && stages == null) {
        tasks.add(handOff -> readFramesOnWorker((HandOverSplit) split, handOff));
      } else {
        tasks.add(handOff -> readOnWorker(split, handOff));
      }
    }
    long[] sourceRowsBefore = {0};
    long[] passedOn = {0};
    // splits whose guessed start the split before did not confirm: what a worker gave is dropped, and they are read here
    boolean[] restart = new boolean[splits.size()];
    Cancellation cancellation = Cancellation.current();
    // the read phase, seen from the query's thread: waiting for the splits, not passing their rows on
    waited.readStarts();
    try {
      OrderedSplitRunner.twoSplitsPerWorker(workers, aheadBytes).run(tasks, new OrderedSplitRunner.ResultConsumer<>() {
        @Override
        public void item(int split, HandedBatch handed) {
          waited.chunkArrives();
          if (!restart[split]) {
            passedOn[0] += handed.rows.rowCount();
            out.accept(handed.rows);
          }
          giveBack(handed);
          waited.chunkPassedOn();
        }

        @Override
        public void end(int split, SplitResult result) {
          waited.chunkArrives();
          ScanSplit read = splits.get(split);
          RangeSplit range = read instanceof RangeSplit ? (RangeSplit) read : null;
          if (restart[split]) {
            range.restartWherePreviousEnded();
            long[] rows = {0};
            readAgain(counted(range, rows), sourceRowsBefore[0], out);
            sourceRowsBefore[0] += rows[0];
          } else {
            if (range != null) {
              range.place();
              result.rejects.shiftBy(range.linesBefore(), range.rowsBefore());
            }
            if (result.readAgain) {
              readAgain(read, sourceRowsBefore[0], SkippedRows.after(passedOn[0], out));
            } else {
              scan.apply(result);
            }
            sourceRowsBefore[0] += result.sourceRows;
          }
          if (range != null && !range.endsWhereNextBegins() && split + 1 < restart.length) {
            restart[split + 1] = true;
          }
          passedOn[0] = 0;
          waited.chunkPassedOn();
        }
      }, () -> {
        if (cancellation != null) {
          cancellation.check();
        }
      });
    } catch (OrderedSplitRunner.WorkerInterruptedException e) {
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "The query was stopped while its workers ran", e);
    } finally {
      waited.readEnds();
      scan.countReadTime(waited.take());
    }
  }

  /** {@code split} read on the query's thread, the rows it gives counted into {@code sourceRows[0]}. */
  private static ScanSplit counted(ScanSplit split, long[] sourceRows) {
    return (rejects, consumer) -> split.read(rejects, batch -> {
      sourceRows[0] += batch.size;
      consumer.accept(batch);
    });
  }

  /**
   * Reads {@code split} again on the query's thread, after a row failed on a worker, passing on to
   * {@code out} (which skips the rows the worker already passed on).
   */
  private void readAgain(ScanSplit split, long sourceRowsBefore, BatchConsumer out) {
    if (stages == null) {
      scan.readSerially(split, sourceRowsBefore, filterProject == null ? out : filterProject.processing(out));
      return;
    }
    SplitStage stage = serialStage();
    serialStage = null;
    serialRunning = stage;
    try {
      BatchConsumer toStage = batch -> stage.accept(batch, out);
      scan.readSerially(split, sourceRowsBefore, filterProject == null ? toStage : filterProject.processing(toStage));
      stage.finish(out);
    } finally {
      serialRunning = null;
    }
    serialStage = stage;
  }

  /**
   * Reads one split on a worker: runs the compiled code over its rows, and the stage over what
   * comes out, and hands the output to the query's thread in pooled copies as it goes
   * ({@code handOff} waits while the query's thread is too far behind).
   */
  private SplitResult readOnWorker(ScanSplit split, OrderedSplitRunner.Output<HandedBatch> handOff) {
    Lane free = lanes.poll();
    Lane lane = free != null ? free : new Lane(scan.newWorker(), programs == null ? null : programs.get(),
        stages == null ? null : stages.get());
    SplitResult result = new SplitResult();
    BatchConsumer keep = output -> {
      Batch owned = batches.take();
      Batches.compactInto(output, owned);
      put(handOff, HandedBatch.copy(owned), BatchPool.retainedBytes(owned));
    };
    try {
      readRange(split, result, () -> split.read(result.rejects, source -> {
        Batch output = process(lane.scan, lane.program, source, result);
        if (output == null) {
          return;
        }
        if (lane.stage != null) {
          lane.stage.accept(output, keep);
          tell(lane);
        } else {
          keep.accept(output);
        }
      }));
      if (lane.stage != null) {
        lane.stage.finish(result.readAgain ? batch -> {} : keep);
        tell(lane);
      }
    } catch (RuntimeException | Error e) {
      // a lane whose read failed is dropped with whatever its stage held; the next split makes a new one
      lanesHeld.add(-lane.held);
      throw e;
    }
    lanes.offer(lane);
    return result;
  }

  /**
   * Reads one split that hands its batches over on a worker: each batch is read into a frame's
   * source batch, run through the frame's view and program, and the frame handed to the query's
   * thread as it is; a frame with nothing to pass on is reused at once.
   */
  private SplitResult readFramesOnWorker(HandOverSplit split, OrderedSplitRunner.Output<HandedBatch> handOff) {
    SplitResult result = new SplitResult();
    HandedBatch[] filling = {null};
    readRange(split, result, () -> split.readHandingOver(result.rejects, () -> {
      if (filling[0] == null) {
        filling[0] = takeFrame();
      }
      return filling[0].source;
    }, source -> {
      HandedBatch frame = filling[0] != null ? filling[0] : takeFrame();
      filling[0] = null;
      frame.source = source;
      Batch output = process(frame.view, frame.program, source, result);
      if (output == null) {
        frames.offerFirst(frame);
        return;
      }
      frame.rows = output;
      put(handOff, frame, Math.max(BatchPool.retainedBytes(source), BatchPool.retainedBytes(output)));
    }));
    if (filling[0] != null) {
      frames.offerFirst(filling[0]);
    }
    return result;
  }

  /**
   * Runs {@code read} of {@code split} on a worker. A range split numbers its lines from its own
   * start, so a malformed row that fails it there would be named wrongly: the query's thread reads
   * it again instead, in its place, to fail with the row's line in the file.
   */
  private static void readRange(ScanSplit split, SplitResult result, Runnable read) {
    try {
      read.run();
    } catch (SluiceException e) {
      if (!(split instanceof RangeSplit) || e.code() != ErrorCode.MALFORMED_INPUT) {
        throw e;
      }
      result.readAgain = true;
    }
  }

  /**
   * The rows of {@code source} to pass on, through the scan's {@code view} and the compiled
   * {@code program} (or null): null when there are none, or when a row failed an expression and
   * the query's thread must read the split again.
   */
  private static Batch process(SplitScan.Worker view, FilterProject program, Batch source, SplitResult result) {
    if (Thread.interrupted()) {
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "The query was stopped while its workers ran");
    }
    result.sourceRows += source.size;
    Batch passed = view.pass(source, result);
    if (passed == null || result.readAgain) {
      return null;
    }
    result.keptRows += passed.rowCount();
    Batch output = passed;
    try {
      if (program != null) {
        output = program.process(passed);
      }
    } catch (SluiceException e) {
      if (!RowFailures.isDataError(e)) {
        throw e;
      }
      result.readAgain = true; // the query's thread finds the row and does with it what it would
      return null;
    }
    if (output.rowCount() == 0) {
      return null;
    }
    output.kinds = passed.kinds;
    return output;
  }

  private static void put(OrderedSplitRunner.Output<HandedBatch> handOff, HandedBatch handed, long bytes) {
    try {
      handOff.put(handed, bytes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException(ErrorCode.QUERY_CANCELLED, "The query was stopped while its workers ran", e);
    }
  }

  /** A frame given back, or a new one with its own view and program. */
  private HandedBatch takeFrame() {
    HandedBatch frame = frames.pollFirst();
    if (frame != null) {
      return frame;
    }
    framesMade.incrementAndGet();
    return HandedBatch.frame(scan.newWorker(), programs == null ? null : programs.get());
  }

  /** Gives {@code handed}, passed on, back for reuse. */
  private void giveBack(HandedBatch handed) {
    if (handed.isFrame()) {
      handed.rows = null;
      frames.offerFirst(handed);
    } else {
      batches.giveBack(handed.rows);
    }
  }

  /** The stage on the query's thread, made on first use. */
  private SplitStage serialStage() {
    if (serialStage == null) {
      serialStage = stages.get();
    }
    return serialStage;
  }
}
