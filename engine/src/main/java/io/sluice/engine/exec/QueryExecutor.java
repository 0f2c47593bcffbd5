package io.sluice.engine.exec;

import io.sluice.catalog.DataType;
import io.sluice.catalog.ErrorCode;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.TypeKind;
import io.sluice.catalog.connector.ScanRequest;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.BatchConsumer;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.kernel.AggregateKind;
import io.sluice.runtime.kernel.AggregateSpec;
import io.sluice.runtime.kernel.HashAggregator;
import io.sluice.runtime.kernel.HashJoiner;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.kernel.JoinKind;
import io.sluice.runtime.kernel.SortKey;
import io.sluice.runtime.kernel.SessionAssigner;
import io.sluice.runtime.kernel.SetOperation;
import io.sluice.runtime.kernel.Sorter;
import io.sluice.runtime.kernel.WindowAssigner;
import io.sluice.runtime.kernel.WindowEvaluator;
import io.sluice.runtime.kernel.WindowFunctionSpec;
import io.sluice.optimizer.TypeMapping;
import io.sluice.optimizer.physical.PhysicalAssertSingleValue;
import io.sluice.optimizer.physical.PhysicalFilterProject;
import io.sluice.optimizer.physical.PhysicalHashAggregate;
import io.sluice.optimizer.physical.PhysicalHashJoin;
import io.sluice.optimizer.physical.PhysicalLimit;
import io.sluice.optimizer.physical.PhysicalNestedLoopJoin;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.physical.PhysicalScan;
import io.sluice.optimizer.physical.PhysicalSessionWindow;
import io.sluice.optimizer.physical.PhysicalSetOperation;
import io.sluice.optimizer.physical.PhysicalSort;
import io.sluice.optimizer.physical.PhysicalUnion;
import io.sluice.optimizer.physical.PhysicalValues;
import io.sluice.optimizer.physical.PhysicalVisitor;
import io.sluice.optimizer.physical.PhysicalWindow;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;

/** Turns physical plans into running operators and runs them. */
public final class QueryExecutor {
  private final CodeCache codeCache;
  /** Where rejects tables are found by name; null when there is none (tests of plans alone). */
  private final io.sluice.catalog.Catalog catalog;

  public QueryExecutor(CodeCache codeCache) {
    this(codeCache, null);
  }

  public QueryExecutor(CodeCache codeCache, io.sluice.catalog.Catalog catalog) {
    this.codeCache = codeCache;
    this.catalog = catalog;
  }

  /**
   * The counter of the rows a scan of {@code tableName} rejects, which also writes them to the
   * table's rejects table when its definition names one (option {@code 'rejects-table'}).
   */
  private RejectCounts rejectCounts(String tableName) {
    io.sluice.catalog.Catalog.Entry entry = catalog == null ? null : catalog.find(tableName);
    String target = entry == null ? null : entry.definition().options().get(REJECTS_TABLE_OPTION);
    if (target == null) {
      return new RejectCounts(tableName, null, null);
    }
    io.sluice.catalog.Catalog.Entry rejects = catalog.get(target);
    // An in-memory table is a TABLE made without a connector: the rows go into it batch by batch.
    if (rejects.kind() != io.sluice.catalog.TableKind.TABLE || rejects.definition().options().containsKey("connector")
        || !(rejects.table() instanceof io.sluice.catalog.connector.WritableTable)) {
      throw new SluiceException(ErrorCode.VALIDATION_ERROR, "Table '" + target + "' (option 'rejects-table' of '"
          + tableName + "') must be an in-memory table.");
    }
    return new RejectCounts(entry.name(), (io.sluice.catalog.connector.WritableTable) rejects.table(), target);
  }

  /** The option of a file table or source that names its rejects table. */
  public static final String REJECTS_TABLE_OPTION = "rejects-table";

  /** Builds the operators of {@code plan}, compiling its generated code. */
  public ExecutionPlan prepare(PhysicalNode plan) {
    Builder builder = new Builder(null, null);
    ExecNode root = plan.accept(builder);
    return new ExecutionPlan(root, builder.sources, List.of(), List.of(), builder.rejects);
  }

  /**
   * Builds the operators of a continuous query: each run of the plan is one micro-batch, source
   * scans read the ranges in {@code ranges}, and stateful operators keep their state between runs.
   *
   * @throws SluiceException UNSUPPORTED for an operator that cannot yet run over a stream
   */
  public ExecutionPlan prepareStreaming(PhysicalNode plan, io.sluice.engine.stream.BatchRanges ranges,
      io.sluice.catalog.stream.OutputMode mode) {
    Builder builder = new Builder(ranges, mode);
    ExecNode root = plan.accept(builder);
    ranges.dropLateRows(builder.waitsOnWatermark);
    return new ExecutionPlan(root, builder.sources, builder.sourceScans, builder.states, builder.rejects);
  }

  /** Whether the plan reads a stream source anywhere. */
  public static boolean readsStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalScan && ((PhysicalScan) plan).table() instanceof io.sluice.engine.stream.SourceTable) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (readsStreams(input)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The input column of a windowed aggregate's window: a group key that is window_end, or
   * window_start plus the size to reach the last end a row can have. {@code closedUpstream}
   * when the window operator emits a window's rows only once it is final (SESSION). {@code fixed}
   * when the column's value is the window's end minus {@code addToEnd} for every row (window_end,
   * and window_start of TUMBLE and HOP; not CUMULATE's start, nor a session's bounds). {@code end}
   * when the column is window_end itself (a session's start says nothing of its end).
   */
  record WindowKey(int column, long addToEnd, boolean closedUpstream, boolean fixed, boolean end) {}

  /** The window an aggregate groups by, or null if it groups by none; its window_end when it groups by that. */
  static WindowKey windowKey(PhysicalHashAggregate aggregate) {
    WindowKey found = null;
    for (int key : aggregate.groupKeys()) {
      WindowKey k = windowColumn(aggregate.input(0), key, key);
      if (k != null && (found == null || k.end())) {
        found = k;
      }
    }
    return found;
  }

  /**
   * The position among an aggregate's group keys of a session's window_end, or -1: an aggregate
   * over sessions in update mode drops a group once the watermark passes it.
   */
  static int sessionEndKey(PhysicalHashAggregate aggregate) {
    int[] keys = aggregate.groupKeys();
    for (int i = 0; i < keys.length; i++) {
      WindowKey k = windowColumn(aggregate.input(0), keys[i], keys[i]);
      if (k != null && k.closedUpstream() && k.end()) {
        return i;
      }
    }
    return -1;
  }

  private static WindowKey windowColumn(PhysicalNode node, int column, int inputColumn) {
    if (node instanceof io.sluice.optimizer.physical.PhysicalWindowTableFunction) {
      io.sluice.optimizer.physical.PhysicalWindowTableFunction w =
          (io.sluice.optimizer.physical.PhysicalWindowTableFunction) node;
      if (column == w.windowEndColumn()) {
        return new WindowKey(inputColumn, 0, false, true, true);
      }
      if (column == w.windowStartColumn()) {
        // for CUMULATE the size is the cycle's: rows of one start wait for its last window
        return new WindowKey(inputColumn, w.sizeMillis(), false,
            w.kind() != io.sluice.optimizer.physical.PhysicalWindowTableFunction.Kind.CUMULATE, false);
      }
      return null;
    }
    if (node instanceof PhysicalSessionWindow) {
      PhysicalSessionWindow w = (PhysicalSessionWindow) node;
      boolean bound = column == w.windowStartColumn() || column == w.windowEndColumn();
      return bound ? new WindowKey(inputColumn, 0, true, false, column == w.windowEndColumn()) : null;
    }
    if (node instanceof PhysicalFilterProject) {
      RexNode e = ((PhysicalFilterProject) node).projects().get(column);
      if (e instanceof org.apache.calcite.rex.RexInputRef) {
        return windowColumn(node.input(0), ((org.apache.calcite.rex.RexInputRef) e).getIndex(), inputColumn);
      }
    }
    if (node instanceof PhysicalHashAggregate) {
      // a windowed aggregation's window columns are window columns of its output: it emits each
      // window's rows once, when the watermark passes the window's end
      PhysicalHashAggregate aggregate = (PhysicalHashAggregate) node;
      int[] keys = aggregate.groupKeys();
      if (column < keys.length && windowKey(aggregate) != null) {
        return windowColumn(aggregate.input(0), keys[column], inputColumn);
      }
    }
    return null;
  }

  /**
   * Whether the plan emits rows of a stream only once the watermark passes them: windowed
   * aggregation, or session windows (which close when the watermark passes their end).
   */
  public static boolean needsWatermark(PhysicalNode plan) {
    if (plan instanceof PhysicalSessionWindow && readsStreams(plan)) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (needsWatermark(input)) {
        return true;
      }
    }
    return windowAggregatesStreams(plan);
  }

  /** Whether the plan aggregates a stream by window. */
  public static boolean windowAggregatesStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalHashAggregate && readsStreams(plan)
        && windowKey((PhysicalHashAggregate) plan) != null) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (windowAggregatesStreams(input)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Why the rows the plan emits over a stream may change after they are emitted (so it cannot run
   * in append mode), or null when every row is final when emitted.
   */
  public static String whyNotAppendOnly(PhysicalNode plan) {
    if (!readsStreams(plan)) {
      return null;
    }
    if (plan instanceof PhysicalHashAggregate && windowKey((PhysicalHashAggregate) plan) == null) {
      return "This query aggregates a stream without a window, so its rows change as data arrives";
    }
    if (plan instanceof PhysicalFilterProject && StreamRanks.matches((PhysicalFilterProject) plan)) {
      String why = StreamRanks.whyNotAppendOnly((PhysicalFilterProject) plan);
      if (why != null) {
        return why;
      }
    }
    if (plan instanceof PhysicalHashJoin || plan instanceof PhysicalNestedLoopJoin) {
      String why = StreamJoins.whyNotAppendOnly(plan);
      if (why != null) {
        return why;
      }
    }
    for (PhysicalNode input : plan.inputs()) {
      String why = whyNotAppendOnly(input);
      if (why != null) {
        return why;
      }
    }
    return null;
  }

  /**
   * A node's streaming traits for EXPLAIN: {@code bounded} when it reads no stream, otherwise
   * {@code stream} with {@code changelog} when the rows it emits can change later, or
   * {@code append} when each row is final when emitted.
   */
  public static String streamTraits(PhysicalNode node) {
    return streamTraits(node, java.util.Set.of());
  }

  /**
   * A node's streaming traits in a query whose nodes {@code updated} emit a changelog because it
   * runs in update mode ({@link #sessionChangelogs}).
   */
  public static String streamTraits(PhysicalNode node, java.util.Set<PhysicalNode> updated) {
    if (!readsStreams(node)) {
      return "bounded";
    }
    if (updated.contains(node)) {
      return "stream, changelog of sessions as they grow";
    }
    return whyNotAppendOnly(node) == null ? "stream, append" : "stream, changelog";
  }

  /**
   * The nodes of {@code plan} that, run in update mode, emit a changelog although their rows
   * could be final (append mode): SESSION windows shown as they grow and merge, and the filters,
   * projections, unions, window assigners and aggregates over sessions that carry those changes
   * up. Operators that take only final rows (joins, other windows) run their inputs in append
   * mode, as the builder does.
   */
  public static java.util.Set<PhysicalNode> sessionChangelogs(PhysicalNode plan) {
    java.util.Set<PhysicalNode> updated = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    markSessionChangelogs(plan, true, updated);
    return updated;
  }

  private static boolean markSessionChangelogs(PhysicalNode node, boolean update, java.util.Set<PhysicalNode> updated) {
    boolean passes = node instanceof PhysicalFilterProject && !StreamRanks.matches((PhysicalFilterProject) node)
        || node instanceof PhysicalUnion || node instanceof io.sluice.optimizer.physical.PhysicalWindowTableFunction;
    WindowKey window = node instanceof PhysicalHashAggregate ? windowKey((PhysicalHashAggregate) node) : null;
    boolean overSessions = window != null && window.closedUpstream();
    boolean inputsUpdate = update && (passes || overSessions);
    boolean inputChanges = false;
    for (PhysicalNode input : node.inputs()) {
      inputChanges |= markSessionChangelogs(input, inputsUpdate, updated);
    }
    boolean changes = update && readsStreams(node)
        && (node instanceof PhysicalSessionWindow || (passes || overSessions) && inputChanges);
    if (changes) {
      updated.add(node);
    }
    return changes;
  }

  /** Whether the plan aggregates a stream without a window: its result changes as rows arrive. */
  public static boolean aggregatesStreams(PhysicalNode plan) {
    if (plan instanceof PhysicalHashAggregate && readsStreams(plan)
        && windowKey((PhysicalHashAggregate) plan) == null) {
      return true;
    }
    for (PhysicalNode input : plan.inputs()) {
      if (aggregatesStreams(input)) {
        return true;
      }
    }
    return false;
  }

  /** Runs {@code plan} and returns its output as dense batches owned by the caller. */
  public List<Batch> collect(PhysicalNode plan, List<DataType> types) {
    List<Batch> result = new ArrayList<>();
    prepare(plan).run(batch -> {
      if (batch.rowCount() > 0) {
        result.add(Batches.compactCopy(batch, types));
      }
    });
    return result;
  }

  /** What makes two stream scans alike: the same source (by identity), columns and pushed predicates. */
  private record ScanKey(io.sluice.catalog.stream.StreamSource source, List<Integer> columns, String predicates) {}

  /** A scan of a stream source, possibly feeding several branches of the plan ({@code uses}). */
  private abstract static class StreamScan extends ExecNode {
    int uses = 1;

    StreamScan(String name) {
      super(name, List.of());
    }
  }

  /** Thrown through a pipeline when a LIMIT has all the rows it needs. Carries no stack trace. */
  private static final class LimitReached extends RuntimeException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super(null, null, false, false);
    }
  }

  private final class Builder implements PhysicalVisitor<ExecNode>, PlanContext {
    final List<String> sources = new ArrayList<>();
    final List<ExecNode> sourceScans = new ArrayList<>();
    final List<OperatorState> states = new ArrayList<>();
    /** The rejected rows of each scan. */
    final List<RejectCounts> rejects = new ArrayList<>();
    /** Stream scans by source and request, so that branches scanning a source alike share one read. */
    final java.util.Map<ScanKey, StreamScan> streamScans = new java.util.HashMap<>();
    /** Non-null when building a continuous query. */
    final io.sluice.engine.stream.BatchRanges ranges;
    /**
     * The output mode of the operator being built: the query's for the operators whose rows reach
     * the sink, append below a stateful operator (which takes only rows that are final).
     */
    io.sluice.catalog.stream.OutputMode mode;
    boolean waitsOnWatermark;

    Builder(io.sluice.engine.stream.BatchRanges ranges, io.sluice.catalog.stream.OutputMode mode) {
      this.ranges = ranges;
      this.mode = mode;
    }

    @Override
    public ExecNode build(PhysicalNode node) {
      return node.accept(this);
    }

    @Override
    public io.sluice.engine.stream.BatchRanges ranges() {
      return ranges;
    }

    @Override
    public io.sluice.catalog.stream.OutputMode mode() {
      return mode;
    }

    @Override
    public <T extends OperatorState> T stateful(T operator) {
      states.add(operator);
      return operator;
    }

    @Override
    public void waitsOnWatermark() {
      waitsOnWatermark = true;
    }

    @Override
    public ExecNode buildAppendOnly(PhysicalNode node) {
      return buildIn(io.sluice.catalog.stream.OutputMode.APPEND, node);
    }

    @Override
    public ExecNode buildChangelog(PhysicalNode node) {
      return buildIn(io.sluice.catalog.stream.OutputMode.UPDATE, node);
    }

    private ExecNode buildIn(io.sluice.catalog.stream.OutputMode inputMode, PhysicalNode node) {
      io.sluice.catalog.stream.OutputMode saved = mode;
      mode = inputMode;
      try {
        return node.accept(this);
      } finally {
        mode = saved;
      }
    }

    /** Whether {@code node} is part of a continuous query and reads a stream. */
    private boolean streaming(PhysicalNode node) {
      return ranges != null && readsStreams(node);
    }

    private void observe(io.sluice.engine.stream.SourceTable table, io.sluice.catalog.data.LongVector time,
        Batch batch) {
      long max = Long.MIN_VALUE;
      int n = batch.rowCount();
      for (int k = 0; k < n; k++) {
        int row = batch.row(k);
        if (!time.isNull(row) && time.values[row] > max) {
          max = time.values[row];
        }
      }
      if (max != Long.MIN_VALUE) {
        ranges.observeEventTime(table.source(), max);
      }
    }

    /** Refuses operators that cannot run incrementally over a stream yet. */
    private void streamingCheck(PhysicalNode node, String what) {
      if (ranges != null && readsStreams(node)) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, what + " over a stream is not supported yet;"
            + " continuous queries run filters, projections, UNION ALL, aggregations, windows, joins, deduplication"
            + " and Top-N over streams");
      }
    }

    @Override
    public FilterProject compile(RelDataType inputType, RexNode condition, List<RexNode> projects,
        RelDataType outputType) {
      FilterProjectCompiler.Compiled compiled =
          new FilterProjectCompiler(codeCache).compile(inputType, condition, projects, outputType);
      sources.add(compiled.source());
      return compiled.newInstance();
    }

    @Override
    public ExecNode visit(PhysicalScan scan) {
      RejectCounts rejected = rejectCounts(scan.tableName());
      ScanRequest request = new ScanRequest(scan.columns(), scan.predicates(), rejected);
      if (scan.table() instanceof io.sluice.engine.stream.SourceTable) {
        io.sluice.engine.stream.SourceTable table = (io.sluice.engine.stream.SourceTable) scan.table();
        if (ranges == null) {
          table.scan(request, batch -> { }); // explains that a source needs a continuous query
        }
        // branches of one query that scan a source alike (Nexmark q5 reads bid twice) share one
        // read per batch: the first to run reads and keeps the rows, the others replay them
        ScanKey key = new ScanKey(table.source(), java.util.Arrays.stream(scan.columns()).boxed().toList(),
            String.valueOf(scan.predicates()));
        StreamScan same = streamScans.get(key);
        if (same != null) {
          same.uses++;
          return same;
        }
        int eventTime = table.eventTimeColumn();
        int[] requested = scan.columns();
        int position = -1;
        for (int i = 0; i < requested.length; i++) {
          if (requested[i] == eventTime) {
            position = i;
          }
        }
        // the event-time column is read even when the query does not use it: it moves the watermark;
        // with a late-rows sink every column is read, so late rows reach it whole
        int[] read = requested;
        int[] viewMap = null;
        if (ranges.keepsLateRows()) {
          read = new int[table.schema().size()];
          for (int i = 0; i < read.length; i++) {
            read[i] = i;
          }
          viewMap = requested;
          position = eventTime;
        } else if (eventTime >= 0 && position < 0) {
          read = java.util.Arrays.copyOf(requested, requested.length + 1);
          read[requested.length] = eventTime;
          position = requested.length;
          viewMap = java.util.Arrays.copyOf(requested, requested.length);
          for (int i = 0; i < viewMap.length; i++) {
            viewMap[i] = i;
          }
        }
        int[] columnsOut = viewMap;
        io.sluice.engine.stream.BatchRanges lettersOf = ranges;
        ScanRequest sourceRequest = new ScanRequest(read, scan.predicates(),
            rejected.withDeadLetters(lettersOf::deadLetters));
        rejects.add(rejected); // committed with the batch: see ExecutionPlan.commitRejects
        int timeAt = position;
        io.sluice.engine.stream.BatchRanges batchRanges = ranges;
        List<DataType> readTypes = new ArrayList<>();
        for (int c : read) {
          readTypes.add(table.schema().types().get(c));
        }
        StreamScan node = new StreamScan("Scan " + scan.tableName() + " (stream)") {
          private final Batch view = new Batch(new io.sluice.catalog.data.ColumnVector[requested.length], 0);
          private int[] kept = new int[0];
          private int[] late = new int[0];
          private long readInBatch = -1;
          private List<Batch> forReplay;
          private int replays;
          private long read;
          /** Rows the source gave before the batch being passed on, in this micro-batch. */
          private long sourceRowsBefore;
          private io.sluice.engine.stream.BatchRanges.Range readRange;
          /** Passing on rows another branch read: compacted copies, whose positions say nothing. */
          private boolean replaying;

          @Override
          long rowsRead() {
            return read;
          }

          @Override
          void execute(BatchConsumer out) {
            if (readInBatch == batchRanges.batchNumber()) {
              // another branch read this batch already: replay its rows
              replaying = true;
              try {
                for (Batch b : forReplay) {
                  project(b, out);
                }
              } finally {
                replaying = false;
              }
              if (++replays == uses - 1) {
                forReplay = null;
              }
              return;
            }
            readInBatch = batchRanges.batchNumber();
            forReplay = uses > 1 ? new ArrayList<>() : null;
            replays = 0;
            io.sluice.engine.stream.BatchRanges.Range range = batchRanges.get(table.source());
            if (range == null || range.start().equals(range.end())) {
              return;
            }
            long watermark = batchRanges.watermark();
            boolean dropLate = timeAt >= 0 && batchRanges.dropsLateRows()
                && watermark != io.sluice.engine.stream.BatchRanges.NO_WATERMARK;
            readRange = range;
            sourceRowsBefore = 0;
            table.source().read(range.start(), range.end(), sourceRequest, batch -> {
              try {
                readSourceBatch(batch, out, watermark, dropLate);
              } finally {
                sourceRowsBefore += batch.size;
              }
            });
          }

          private void readSourceBatch(Batch batch, BatchConsumer out, long watermark, boolean dropLate) {
            {
              if (timeAt < 0) {
                forward(batch, out);
                return;
              }
              io.sluice.catalog.data.LongVector time = (io.sluice.catalog.data.LongVector) batch.columns[timeAt];
              observe(table, time, batch);
              if (!dropLate) {
                forward(batch, out);
                return;
              }
              int n = batch.rowCount();
              if (kept.length < n) {
                kept = new int[Math.max(n, Batch.DEFAULT_CAPACITY)];
                late = new int[kept.length];
              }
              int keptCount = 0;
              int lateCount = 0;
              for (int k = 0; k < n; k++) {
                int row = batch.row(k);
                if (!time.isNull(row) && time.values[row] < watermark) {
                  late[lateCount++] = row;
                } else {
                  kept[keptCount++] = row;
                }
              }
              if (lateCount == 0) {
                forward(batch, out);
                return;
              }
              batchRanges.lateRows(table, batch, late, lateCount);
              if (keptCount == 0) {
                return;
              }
              int[] selection = batch.selection;
              int selected = batch.selectedCount;
              batch.selection = kept;
              batch.selectedCount = keptCount;
              forward(batch, out);
              batch.selection = selection;
              batch.selectedCount = selected;
            }
          }

          /** Rows read from the source (late rows left out): kept for the branches that replay them, and passed on. */
          private void forward(Batch batch, BatchConsumer out) {
            if (forReplay != null) {
              forReplay.add(Batches.compactCopy(batch, readTypes));
            }
            read += batch.rowCount();
            project(batch, out);
          }

          private void project(Batch batch, BatchConsumer out) {
            if (columnsOut == null) {
              passOn(batch, out);
              return;
            }
            for (int i = 0; i < columnsOut.length; i++) {
              view.columns[i] = batch.columns[columnsOut[i]];
            }
            view.size = batch.size;
            view.selection = batch.selection;
            view.selectedCount = batch.selectedCount;
            passOn(view, out);
          }

          /** Passes rows on, telling where they are in the source so that a row that fails can be named by it. */
          private void passOn(Batch batch, BatchConsumer out) {
            batchRanges.scanned(scan.tableName(), replaying ? null : readRange, batch, sourceRowsBefore);
            out.accept(batch);
          }
        };
        sourceScans.add(node);
        streamScans.put(key, node);
        return node;
      }
      rejects.add(rejected);
      return new ExecNode("Scan " + scan.tableName(), List.of()) {
        @Override
        void execute(BatchConsumer out) {
          try {
            scan.table().scan(request, out);
          } finally {
            rejected.flush(); // the rows it rejected, even when a later operator failed
          }
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalFilterProject node) {
      if (streaming(node) && StreamRanks.matches(node)) {
        return StreamRanks.build(this, node);
      }
      ExecNode input = node.input(0).accept(this);
      FilterProject program = compile(node.input(0).rowType(), node.condition(), node.projects(), node.rowType());
      RowFailures.Shape shape = new RowFailures.Shape(node.name(), node.input(0).rowType().getFieldNames(),
          TypeMapping.toDataTypes(node.input(0).rowType()),
          org.apache.calcite.plan.RelOptUtil.InputFinder.bits(node.projects(), node.condition()).toArray());
      io.sluice.engine.stream.BatchRanges batchRanges = ranges;
      return new ExecNode(node.name(), List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          io.sluice.engine.stream.DeadLetters deadLetters = batchRanges == null ? null : batchRanges.deadLetters();
          input.run(batch -> {
            Batch result = RowFailures.process(program, batch, shape, deadLetters, batchRanges);
            if (result.rowCount() > 0) {
              result.kinds = batch.kinds;
              out.accept(result);
            }
          });
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalHashAggregate node) {
      List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      List<AggregateSpec> specs = new ArrayList<>();
      for (AggregateCall call : node.aggregates()) {
        specs.add(aggregateSpec(call, inputTypes));
      }
      String inputChanges = streaming(node) ? whyNotAppendOnly(node.input(0)) : null;
      if (inputChanges != null) {
        checkRetractable(node, specs, inputChanges);
      }
      WindowKey window = streaming(node) ? windowKey(node) : null;
      // over sessions in update mode the input is the sessions' changelog: rows move to a group
      // of new bounds as their session grows or merges
      boolean sessionUpdates = window != null && window.closedUpstream()
          && mode == io.sluice.catalog.stream.OutputMode.UPDATE;
      int sessionEnd = sessionUpdates ? sessionEndKey(node) : -1;
      if (sessionUpdates) {
        checkSessionUpdates(node, specs, sessionEnd);
      }
      ExecNode input = !streaming(node) ? node.input(0).accept(this)
          : inputChanges != null || sessionUpdates ? buildChangelog(node.input(0)) : buildAppendOnly(node.input(0));
      int[] keys = node.groupKeys();
      if (streaming(node)) {
        if (sessionUpdates) {
          waitsOnWatermark();
          return stateful(new StreamAggregates.GroupAggregate(input, inputTypes, keys, specs, mode, ranges, true,
              sessionEnd));
        }
        if (window != null && window.closedUpstream()) {
          return new StreamAggregates.ClosedWindowAggregate(input, inputTypes, keys, specs);
        }
        if (window != null) {
          waitsOnWatermark();
          // group keys that are the window's start or end are the same for every row of a window:
          // each window's table groups by the other keys only
          long[] windowOffsets = new long[keys.length];
          for (int i = 0; i < keys.length; i++) {
            WindowKey k = windowColumn(node.input(0), keys[i], keys[i]);
            windowOffsets[i] = k == null || !k.fixed() || !window.fixed() ? -1 : k.addToEnd();
          }
          return stateful(new StreamAggregates.WindowAggregate(input, inputTypes, keys, windowOffsets, specs,
              window.column(), window.addToEnd(), ranges, mode));
        }
        return stateful(new StreamAggregates.GroupAggregate(input, inputTypes, keys, specs, mode, ranges,
            inputChanges != null, -1));
      }
      return new ExecNode("HashAggregate", List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          HashAggregator aggregator = new HashAggregator(inputTypes, keys, specs);
          input.run(aggregator::add);
          aggregator.emit(out);
        }
      };
    }

    /**
     * Refuses an aggregation over rows that change (its input retracts rows) that cannot take
     * retractions: a windowed one, or one computing an aggregate that cannot give a row back.
     */
    private void checkRetractable(PhysicalHashAggregate node, List<AggregateSpec> specs, String inputChanges) {
      String why = Character.toLowerCase(inputChanges.charAt(0)) + inputChanges.substring(1);
      if (windowKey(node) != null) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "A windowed aggregation over rows that change is not"
            + " supported yet: " + why + ". Aggregate by window first (its rows are final once the window closes),"
            + " or aggregate without a window.");
      }
      for (int i = 0; i < specs.size(); i++) {
        String reason = HashAggregator.whyNotRetractable(specs.get(i));
        if (reason != null) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate "
              + node.aggregates().get(i).getAggregation().getName() + " cannot run over rows that change (" + why
              + "): " + reason + ".");
        }
      }
    }

    /**
     * Refuses an aggregation over SESSION windows in update mode that cannot take its input's
     * changelog: one that does not group by window_end (nothing would tell when a group is final,
     * so its state would grow forever), or one computing an aggregate that cannot give a row back.
     */
    private void checkSessionUpdates(PhysicalHashAggregate node, List<AggregateSpec> specs, int sessionEnd) {
      if (sessionEnd < 0) {
        throw new SluiceException(ErrorCode.UNSUPPORTED, "An aggregate over SESSION windows in update mode must group"
            + " by window_end: a group is final, and its state dropped, once the watermark passes its window_end,"
            + " and a session's start says nothing of its end. Add window_end to the GROUP BY, or use"
            + " SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
      }
      for (int i = 0; i < specs.size(); i++) {
        String reason = HashAggregator.whyNotRetractable(specs.get(i));
        if (reason != null) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "The aggregate "
              + node.aggregates().get(i).getAggregation().getName() + " cannot run over SESSION windows in update"
              + " mode, where a session's rows leave its group as the session grows or merges: " + reason
              + ". Use SET 'pipeline.output-mode' = 'append' (each session's result once, when it closes).");
        }
      }
    }

    @Override
    public ExecNode visit(PhysicalHashJoin node) {
      if (streaming(node)) {
        return StreamJoins.build(this, node);
      }
      ExecNode left = node.input(0).accept(this);
      ExecNode right = node.input(1).accept(this);
      JoinCondition residual = node.residual() == null ? null : condition(node.pairRowType(), node.residual());
      boolean buildLeft = node.buildSide() == PhysicalHashJoin.BuildSide.LEFT;
      List<DataType> leftTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      List<DataType> rightTypes = TypeMapping.toDataTypes(node.input(1).rowType());
      JoinKind kind = joinKind(node.joinType());
      int[] leftKeys = node.leftKeys();
      int[] rightKeys = node.rightKeys();
      return new ExecNode("HashJoin " + kind.name().toLowerCase(java.util.Locale.ROOT), List.of(left, right)) {
        @Override
        void execute(BatchConsumer out) {
          HashJoiner joiner = new HashJoiner(kind, leftTypes, rightTypes, leftKeys, rightKeys,
              buildLeft ? HashJoiner.BuildSide.LEFT : HashJoiner.BuildSide.RIGHT, residual);
          (buildLeft ? left : right).run(joiner::build);
          joiner.finishBuild();
          (buildLeft ? right : left).run(batch -> joiner.probe(batch, out));
          joiner.finish(out);
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalNestedLoopJoin node) {
      if (streaming(node)) {
        return StreamJoins.build(this, node);
      }
      ExecNode left = node.input(0).accept(this);
      ExecNode right = node.input(1).accept(this);
      JoinCondition condition = node.condition() == null ? null : condition(node.pairRowType(), node.condition());
      List<DataType> leftTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      List<DataType> rightTypes = TypeMapping.toDataTypes(node.input(1).rowType());
      JoinKind kind = joinKind(node.joinType());
      return new ExecNode("NestedLoopJoin " + kind.name().toLowerCase(java.util.Locale.ROOT), List.of(left, right)) {
        @Override
        void execute(BatchConsumer out) {
          HashJoiner joiner = HashJoiner.nestedLoop(kind, leftTypes, rightTypes, HashJoiner.BuildSide.RIGHT, condition);
          right.run(joiner::build);
          joiner.finishBuild();
          left.run(batch -> joiner.probe(batch, out));
          joiner.finish(out);
        }
      };
    }

    @Override
    public JoinCondition condition(RelDataType pairType, RexNode condition) {
      return JoinCondition.of(compile(pairType, condition, identity(pairType), pairType));
    }

    @Override
    public ExecNode visit(PhysicalSort node) {
      streamingCheck(node, "ORDER BY");
      ExecNode input = node.input(0).accept(this);
      List<DataType> types = TypeMapping.toDataTypes(node.rowType());
      List<SortKey> keys = sortKeys(node);
      long offset = node.offset();
      long limit = node.limit();
      return new ExecNode(node.name(), List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          Sorter sorter = new Sorter(types, keys, offset, limit);
          input.run(sorter::add);
          sorter.emit(out);
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalLimit node) {
      streamingCheck(node, "LIMIT");
      ExecNode input = node.input(0).accept(this);
      long offset = node.offset();
      long limit = node.limit();
      return new ExecNode("Limit", List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          if (limit == 0) {
            return;
          }
          long[] seen = {0};
          long end = limit < 0 ? Long.MAX_VALUE : offset + limit;
          int[][] selection = {new int[Batch.DEFAULT_CAPACITY]};
          try {
            input.run(batch -> {
              int n = batch.rowCount();
              long first = seen[0];
              seen[0] += n;
              if (seen[0] <= offset) {
                return;
              }
              int from = (int) Math.max(0, offset - first);
              int to = (int) Math.min(n, end - first);
              if (from > 0 || to < n) {
                if (selection[0].length < n) {
                  selection[0] = new int[n];
                }
                int[] sel = selection[0];
                for (int k = from; k < to; k++) {
                  sel[k - from] = batch.row(k);
                }
                int[] saved = batch.selection;
                int savedCount = batch.selectedCount;
                batch.selection = sel;
                batch.selectedCount = to - from;
                out.accept(batch);
                batch.selection = saved;
                batch.selectedCount = savedCount;
              } else {
                out.accept(batch);
              }
              if (seen[0] >= end) {
                throw new LimitReached();
              }
            });
          } catch (LimitReached done) {
            // the limit has its rows; the input stops here
          }
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalWindow node) {
      if (streaming(node)) {
        return StreamRanks.buildWindow(this, node);
      }
      ExecNode input = node.input(0).accept(this);
      List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      WindowSpecs specs = new WindowSpecs(node, inputTypes);
      int[] partition = specs.partitionKeys();
      List<SortKey> order = specs.orderKeys();
      List<WindowFunctionSpec> functions = specs.functions();
      return new ExecNode("Window", List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          WindowEvaluator evaluator = new WindowEvaluator(inputTypes, partition, order, functions);
          input.run(evaluator::add);
          evaluator.emit(out);
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalUnion node) {
      List<ExecNode> inputs = new ArrayList<>();
      for (PhysicalNode input : node.inputs()) {
        inputs.add(input.accept(this));
      }
      return new ExecNode("UnionAll", inputs) {
        @Override
        void execute(BatchConsumer out) {
          for (ExecNode input : inputs) {
            input.run(out);
          }
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalSetOperation node) {
      streamingCheck(node, "INTERSECT or EXCEPT");
      ExecNode left = node.input(0).accept(this);
      ExecNode right = node.input(1).accept(this);
      List<DataType> types = TypeMapping.toDataTypes(node.rowType());
      SetOperation.Kind kind = node.kind() == PhysicalSetOperation.Kind.INTERSECT
          ? SetOperation.Kind.INTERSECT : SetOperation.Kind.EXCEPT;
      boolean all = node.all();
      return new ExecNode(node.name(), List.of(left, right)) {
        @Override
        void execute(BatchConsumer out) {
          SetOperation operation = new SetOperation(kind, all, types);
          left.run(operation::addLeft);
          right.run(operation::addRight);
          operation.emit(out);
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalAssertSingleValue node) {
      ExecNode input = node.input(0).accept(this);
      int countColumn = node.countColumn();
      return new ExecNode("AssertSingleValue", List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          Batch view = new Batch(new io.sluice.catalog.data.ColumnVector[countColumn], 0);
          input.run(batch -> {
            io.sluice.catalog.data.LongVector counts = (io.sluice.catalog.data.LongVector) batch.columns[countColumn];
            int n = batch.rowCount();
            for (int k = 0; k < n; k++) {
              int row = batch.row(k);
              if (!counts.isNull(row) && counts.values[row] > 1) {
                throw new SluiceException(ErrorCode.CARDINALITY_VIOLATION,
                    "More than one row returned by a subquery used as an expression");
              }
            }
            System.arraycopy(batch.columns, 0, view.columns, 0, countColumn);
            view.size = batch.size;
            view.selection = batch.selection;
            view.selectedCount = batch.selectedCount;
            out.accept(view);
          });
        }
      };
    }

    @Override
    public ExecNode visit(io.sluice.optimizer.physical.PhysicalWindowTableFunction node) {
      ExecNode input = node.input(0).accept(this);
      List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      WindowAssigner assigner;
      switch (node.kind()) {
        case TUMBLE:
          assigner = WindowAssigner.tumble(inputTypes, node.timeColumn(), node.sizeMillis(), node.offsetMillis());
          break;
        case HOP:
          assigner = WindowAssigner.hop(inputTypes, node.timeColumn(), node.sizeMillis(), node.slideMillis(),
              node.offsetMillis());
          break;
        default:
          assigner = WindowAssigner.cumulate(inputTypes, node.timeColumn(), node.sizeMillis(), node.slideMillis(),
              node.offsetMillis());
      }
      return new ExecNode(node.name(), List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          input.run(batch -> assigner.process(batch, out));
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalSessionWindow node) {
      if (streaming(node)) {
        return StreamSessions.build(this, node);
      }
      ExecNode input = node.input(0).accept(this);
      List<DataType> inputTypes = TypeMapping.toDataTypes(node.input(0).rowType());
      int[] keys = node.keyColumns();
      return new ExecNode(node.name(), List.of(input)) {
        @Override
        void execute(BatchConsumer out) {
          SessionAssigner assigner = new SessionAssigner(inputTypes, keys, node.timeColumn(), node.gapMillis());
          input.run(assigner::add);
          assigner.emit(out);
        }
      };
    }

    @Override
    public ExecNode visit(PhysicalValues node) {
      List<DataType> types = TypeMapping.toDataTypes(node.rowType());
      List<List<RexLiteral>> tuples = node.tuples();
      Batch batch = Batch.allocate(types, Math.max(1, tuples.size()));
      for (int r = 0; r < tuples.size(); r++) {
        for (int c = 0; c < types.size(); c++) {
          Literals.write(batch.columns[c], r, Literals.toInternal(tuples.get(r).get(c), types.get(c)));
        }
      }
      batch.size = tuples.size();
      return new ExecNode("Values", List.of()) {
        @Override
        void execute(BatchConsumer out) {
          if (batch.size > 0) {
            out.accept(batch);
          }
        }
      };
    }
  }

  static List<RexNode> identity(RelDataType rowType) {
    List<RexNode> refs = new ArrayList<>();
    for (int i = 0; i < rowType.getFieldCount(); i++) {
      refs.add(new org.apache.calcite.rex.RexInputRef(i, rowType.getFieldList().get(i).getType()));
    }
    return refs;
  }

  static List<SortKey> sortKeys(PhysicalSort node) {
    List<SortKey> keys = new ArrayList<>();
    for (RelFieldCollation c : node.collation().getFieldCollations()) {
      boolean descending = c.getDirection().isDescending();
      RelFieldCollation.NullDirection nulls = c.nullDirection == RelFieldCollation.NullDirection.UNSPECIFIED
          ? c.getDirection().defaultNullDirection() : c.nullDirection;
      keys.add(new SortKey(c.getFieldIndex(), descending, nulls == RelFieldCollation.NullDirection.FIRST));
    }
    return keys;
  }

  static JoinKind joinKind(JoinRelType type) {
    switch (type) {
      case INNER: return JoinKind.INNER;
      case LEFT: return JoinKind.LEFT;
      case RIGHT: return JoinKind.RIGHT;
      case FULL: return JoinKind.FULL;
      case SEMI: return JoinKind.SEMI;
      case ANTI: return JoinKind.ANTI;
      default:
        throw new SluiceException(ErrorCode.UNSUPPORTED, "Join type " + type + " is not supported");
    }
  }

  static AggregateSpec aggregateSpec(AggregateCall call, List<DataType> inputTypes) {
    DataType resultType = TypeMapping.toDataType(call.getType());
    List<Integer> args = call.getArgList();
    AggregateKind kind;
    switch (call.getAggregation().getKind()) {
      case COUNT:
        if (args.size() > 1) {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "COUNT with several arguments is not supported yet");
        }
        kind = args.isEmpty() ? AggregateKind.COUNT_STAR : AggregateKind.COUNT;
        break;
      case SUM: kind = AggregateKind.SUM; break;
      case SUM0: kind = AggregateKind.SUM0; break;
      case AVG: kind = AggregateKind.AVG; break;
      case MIN:
        kind = resultType.kind() == TypeKind.BOOLEAN ? AggregateKind.BOOL_AND : AggregateKind.MIN;
        break;
      case MAX:
        kind = resultType.kind() == TypeKind.BOOLEAN ? AggregateKind.BOOL_OR : AggregateKind.MAX;
        break;
      case ANY_VALUE: kind = AggregateKind.ANY_VALUE; break;
      case SINGLE_VALUE: kind = AggregateKind.SINGLE_VALUE; break;
      default: {
        String name = call.getAggregation().getName();
        if (name.equalsIgnoreCase("BOOL_AND") || name.equalsIgnoreCase("EVERY")) {
          kind = AggregateKind.BOOL_AND;
        } else if (name.equalsIgnoreCase("BOOL_OR") || name.equalsIgnoreCase("SOME")) {
          kind = AggregateKind.BOOL_OR;
        } else {
          throw new SluiceException(ErrorCode.UNSUPPORTED, "Aggregate function " + name + " is not supported yet");
        }
      }
    }
    return new AggregateSpec(kind, args.isEmpty() ? -1 : args.get(0), call.isDistinct(), call.filterArg,
        resultType);
  }
}
