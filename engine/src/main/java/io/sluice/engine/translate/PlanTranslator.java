package io.sluice.engine.translate;

import io.sluice.catalog.registry.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.codegen.FilterProjectCompiler;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.OperatorNode;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.exec.ParallelScanOperator;
import io.sluice.engine.exec.SharedOutput;
import io.sluice.engine.exec.RejectCounts;
import io.sluice.runtime.kernel.JoinCondition;
import io.sluice.runtime.parallel.WorkerPool;
import io.sluice.runtime.spill.SpillSpace;
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
import io.sluice.optimizer.physical.PhysicalWindowTableFunction;
import io.sluice.optimizer.physical.StreamDeduplicate;
import io.sluice.optimizer.physical.StreamDistinct;
import io.sluice.optimizer.physical.StreamGroupAggregate;
import io.sluice.optimizer.physical.StreamIntervalJoin;
import io.sluice.optimizer.physical.StreamRank;
import io.sluice.optimizer.physical.StreamRegularJoin;
import io.sluice.optimizer.physical.StreamSessionWindow;
import io.sluice.optimizer.physical.StreamTableJoin;
import io.sluice.optimizer.physical.StreamWindowAggregate;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.optimizer.stream.StreamTraits;
import io.sluice.runtime.generated.FilterProject;
import io.sluice.runtime.generated.QueryContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexShuttle;

/**
 * Turns one physical plan into running operators: dispatches each node to the translator of its
 * kind and holds what they share while one plan is translated (the generated sources, the stream
 * scans, the stateful operators, the rejects counters, and for a continuous query its batch
 * ranges and the streaming traits the optimizer decided for every node). One instance per plan.
 */
final class PlanTranslator implements PhysicalVisitor<OperatorNode> {
  /** Plans translated in this process, to name each plan's worker threads apart. */
  private static final AtomicLong PLANS = new AtomicLong();
  private final CodeCache codeCache;
  /** Where rejects tables are found by name; null when there is none (tests of plans alone). */
  private final Catalog catalog;
  /** Non-null when translating a continuous query. */
  private final BatchRanges ranges;
  /** The optimizer's decisions for every node of a continuous query; null for a bounded one. */
  private final StreamPlan streamPlan;
  private final List<String> sources = new ArrayList<>();
  private final List<OperatorNode> sourceScans = new ArrayList<>();
  private final List<OperatorNode.Stateful> states = new ArrayList<>();
  /** The rejected rows of each scan. */
  private final List<RejectCounts> rejects = new ArrayList<>();
  /** Stream scans by source and request, so that branches scanning a source alike share one read. */
  private final Map<ScanTranslator.Key, OperatorNode> streamScans = new HashMap<>();
  /**
   * Window aggregations of a continuous query that several branches compute alike (their subtrees
   * read the same): each is translated once and shared ({@link SharedOutput}); by subtree, with
   * how many branches take it until it is translated.
   */
  private final Map<String, Integer> alikeWindows = new HashMap<>();
  private final Map<String, SharedOutput> sharedWindows = new HashMap<>();
  /** Scans by subtree, counted as the plan reads them (a shared window's subtree once): 2 and more share one reader. */
  private final Map<String, Integer> scanReaders = new HashMap<>();
  /** Where the plan's sorts, aggregations and joins spill. */
  private final SpillSpace spillSpace;
  private final int parallelism;
  /**
   * Puts the values of a prepared plan's {@code ?} parameters into each expression before it is
   * compiled; null for a plan without parameters.
   */
  private final RexShuttle parameters;
  /** A prepared plan's programs, compiled at its first run with the parameters left in; null for other plans. */
  private final PreparedPrograms programs;
  /** Counts the programs whose source this plan's translation generates. */
  private final LongAdder programsGenerated;
  /** The plan's workers, made when an operator first asks for them. */
  private WorkerPool workers;

  /** A translator of a bounded plan ({@code ranges} null) or of a continuous query's. */
  PlanTranslator(CodeCache codeCache, Catalog catalog, BatchRanges ranges, StreamPlan streamPlan,
      SpillSpace spillSpace, int parallelism, LongAdder programsGenerated) {
    this(codeCache, catalog, ranges, streamPlan, spillSpace, parallelism, programsGenerated, null, null);
  }

  /**
   * A translator of a bounded plan whose expressions hold {@code ?} parameters, whose values
   * {@code parameters} binds: into the programs {@code programs} keeps compiled across runs, as
   * constants, and as literals where an operator needs a value (a scan's index key) or an
   * expression cannot be compiled with parameters left in.
   */
  PlanTranslator(CodeCache codeCache, Catalog catalog, BatchRanges ranges, StreamPlan streamPlan,
      SpillSpace spillSpace, int parallelism, LongAdder programsGenerated, RexShuttle parameters,
      PreparedPrograms programs) {
    this.parameters = parameters;
    this.programs = programs;
    this.programsGenerated = programsGenerated;
    this.codeCache = codeCache;
    this.parallelism = parallelism;
    this.spillSpace = spillSpace;
    this.catalog = catalog;
    this.ranges = ranges;
    this.streamPlan = streamPlan;
  }

  /** Translates {@code plan}; for a continuous query, tells its ranges whether to drop late rows. */
  ExecutionPlan translate(PhysicalNode plan) {
    if (ranges != null) {
      countWindowAggregates(plan);
      alikeWindows.values().removeIf(uses -> uses < 2);
      countScans(plan, new java.util.HashSet<>());
    }
    OperatorNode root = build(plan);
    // the pool goes with the plan now, so that closing the plan stops the workers its run starts
    WorkerPool workers = parallelism > 1 ? workers() : null;
    if (ranges == null) {
      return new ExecutionPlan(root, sources, List.of(), List.of(), rejects, spillSpace).withWorkers(workers, false);
    }
    ranges.dropLateRows(streamPlan.dropsLateRows());
    return new ExecutionPlan(root, sources, sourceScans, states, rejects, spillSpace).withWorkers(workers, true);
  }

  Catalog catalog() {
    return catalog;
  }

  /** Whether {@code node} is part of a continuous query and reads a stream. */
  boolean streaming(PhysicalNode node) {
    return streamPlan != null && streamPlan.traits(node).unbounded();
  }

  /** Registers a scan's rejects counter: its rows are written to the rejects table as the plan commits them. */
  void rejects(RejectCounts counts) {
    rejects.add(counts);
  }

  /** The stream scan already translated for {@code key}, or null. */
  OperatorNode sharedScan(ScanTranslator.Key key) {
    return streamScans.get(key);
  }

  /** Registers a stream scan that no other branch shares, whose rows progress reports. */
  void unsharedScan(OperatorNode scan) {
    sourceScans.add(scan);
  }

  /** {@code name}, or when a stateful operator of the plan has it already, {@code name #2}, {@code #3}, ...: unique in checkpoints. */
  String uniqueStateName(String name) {
    String unique = name;
    for (int n = 2; nameTaken(unique); n++) {
      unique = name + " #" + n;
    }
    return unique;
  }

  private boolean nameTaken(String name) {
    for (OperatorNode.Stateful state : states) {
      if (state.state().operatorName().equals(name)) {
        return true;
      }
    }
    return false;
  }

  /** Registers a new stream scan, whose rows progress reports, for other branches that scan alike. */
  void streamScan(ScanTranslator.Key key, OperatorNode scan) {
    sourceScans.add(scan);
    streamScans.put(key, scan);
  }

  /**
   * The streaming traits the optimizer decided for {@code node} of a continuous query. A node that
   * runs as an operator of its own carries its decisions; only a decision made for a node that stays
   * as it is (a source's changelog normalization, on its scan) is read here.
   */
  StreamTraits traits(PhysicalNode node) {
    return streamPlan.traits(node);
  }

  /** Builds the operators of {@code node} and its inputs. */
  OperatorNode build(PhysicalNode node) {
    return node.accept(this);
  }

  /** Where the plan's sorts, aggregations and joins spill what does not fit in memory. */
  SpillSpace spillSpace() {
    return spillSpace;
  }

  /** The continuous query's batch ranges and watermark; null for a bounded query. */
  BatchRanges ranges() {
    return ranges;
  }

  /** Registers a stateful operator, whose state checkpoints save and progress reports; returns it. */
  OperatorNode.Stateful stateful(OperatorNode.Stateful operator) {
    states.add(operator);
    return operator;
  }

  /** Compiles a filter/projection program (generated code; literals become constants) and makes an instance. */
  FilterProject compile(RelDataType inputType, RexNode condition, List<RexNode> projects,
      RelDataType outputType) {
    return program(inputType, condition, projects, outputType).newInstance();
  }

  /**
   * The program of a filter/projection, whose instances each worker thread may make: a prepared
   * plan's as compiled at its first run, with this run's values; otherwise compiled now (literals
   * become constants, so a class compiled before is found by its source).
   */
  FilterProjectCompiler.Compiled program(RelDataType inputType, RexNode condition, List<RexNode> projects,
      RelDataType outputType) {
    return program(inputType, condition, projects, outputType, false);
  }

  /**
   * As {@link #program(RelDataType, RexNode, List, RelDataType)}; {@code smallInput} when the
   * planner expects few rows, so that compiling less pays more than the fastest loops (a prepared
   * plan, compiled once for many runs, keeps them).
   */
  FilterProjectCompiler.Compiled program(RelDataType inputType, RexNode condition, List<RexNode> projects,
      RelDataType outputType, boolean smallInput) {
    FilterProjectCompiler compiler = new FilterProjectCompiler(codeCache);
    if (programs != null) {
      FilterProjectCompiler.Compiled kept =
          programs.program(inputType, condition, projects, outputType, compiler, programsGenerated);
      FilterProjectCompiler.Compiled bound = kept == null ? null : kept.bind(parameters, QueryContext.now());
      if (bound != null) {
        sources.add(bound.source());
        return bound;
      }
    }
    programsGenerated.increment();
    FilterProjectCompiler.Compiled compiled =
        compiler.compile(inputType, bound(condition), bound(projects), outputType, QueryContext.now(), smallInput);
    sources.add(compiled.source());
    return compiled;
  }

  /** {@code expression} with the values of this run in place of its {@code ?} parameters. */
  RexNode bound(RexNode expression) {
    return parameters == null || expression == null ? expression : expression.accept(parameters);
  }

  private List<RexNode> bound(List<RexNode> expressions) {
    return parameters == null ? expressions : parameters.apply(expressions);
  }

  /** How many worker threads run the parts of a batch that can run at once. */
  int parallelism() {
    return parallelism;
  }

  /** The plan's worker threads, started on first use and stopped with the plan. */
  WorkerPool workers() {
    if (workers == null) {
      workers = new WorkerPool(String.valueOf(PLANS.incrementAndGet()), parallelism);
    }
    return workers;
  }

  /** Compiles a condition over the concatenated row of a join pair. */
  JoinCondition condition(RelDataType pairType, RexNode condition) {
    List<RexNode> identity = new ArrayList<>();
    for (int i = 0; i < pairType.getFieldCount(); i++) {
      identity.add(new RexInputRef(i, pairType.getFieldList().get(i).getType()));
    }
    return JoinCondition.of(compile(pairType, condition, identity, pairType));
  }

  @Override
  public OperatorNode visit(PhysicalScan scan) {
    OperatorNode node = ScanTranslator.translate(scan, this);
    if (parallelism < 2 || !ParallelScanOperator.splits(node)) {
      return node;
    }
    return ParallelScanOperator.overScan(node, TypeMapping.toDataTypes(scan.rowType()), this::workers, parallelism,
        ranges);
  }

  @Override
  public OperatorNode visit(PhysicalFilterProject node) {
    return FilterProjectTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalHashAggregate node) {
    return HashAggregateTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamGroupAggregate node) {
    return GroupAggregateTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamWindowAggregate node) {
    String subtree = alikeWindows.isEmpty() ? null : node.explain();
    Integer uses = subtree == null ? null : alikeWindows.get(subtree);
    if (uses == null) {
      return WindowAggregateTranslator.translate(node, this);
    }
    SharedOutput shared = sharedWindows.get(subtree);
    if (shared == null) {
      shared = new SharedOutput(WindowAggregateTranslator.translate(node, this),
          TypeMapping.toDataTypes(node.rowType()), ranges, uses);
      sharedWindows.put(subtree, shared);
    }
    return shared.use();
  }

  /** Counts the scans of {@code node}'s tree by subtree, in {@link #scanReaders}; a shared window's subtree once. */
  private void countScans(PhysicalNode node, java.util.Set<String> windowsSeen) {
    if (node instanceof StreamWindowAggregate && alikeWindows.containsKey(node.explain())
        && !windowsSeen.add(node.explain())) {
      return;
    }
    if (node instanceof PhysicalScan) {
      scanReaders.merge(node.explain(), 1, Integer::sum);
    }
    for (PhysicalNode input : node.inputs()) {
      countScans(input, windowsSeen);
    }
  }

  /**
   * Whether the scan at the bottom of {@code node}'s chain of single inputs has no other reader in
   * the plan: a scan that branches share is read on the query's thread, never in splits.
   */
  boolean readByOneBranch(PhysicalNode node) {
    PhysicalNode below = node;
    while (!(below instanceof PhysicalScan) && below.inputs().size() == 1) {
      below = below.input(0);
    }
    return below instanceof PhysicalScan && scanReaders.getOrDefault(below.explain(), 0) == 1;
  }

  /** Counts the window aggregations of {@code node}'s tree by subtree, in {@link #alikeWindows}. */
  private void countWindowAggregates(PhysicalNode node) {
    if (node instanceof StreamWindowAggregate) {
      alikeWindows.merge(node.explain(), 1, Integer::sum);
    }
    for (PhysicalNode input : node.inputs()) {
      countWindowAggregates(input);
    }
  }

  @Override
  public OperatorNode visit(StreamSessionWindow node) {
    return SessionWindowTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamDistinct node) {
    return DistinctTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalHashJoin node) {
    return JoinTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalNestedLoopJoin node) {
    return JoinTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamIntervalJoin node) {
    return IntervalJoinTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamRegularJoin node) {
    return RegularJoinTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamTableJoin node) {
    return StreamTableJoinTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamRank node) {
    return RankTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(StreamDeduplicate node) {
    return DeduplicateTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalSort node) {
    return SortTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalLimit node) {
    return LimitTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalWindow node) {
    return WindowTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalUnion node) {
    return UnionTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalSetOperation node) {
    return SetOperationTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalValues node) {
    return ValuesTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalAssertSingleValue node) {
    return AssertSingleValueTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalWindowTableFunction node) {
    return WindowTableFunctionTranslator.translate(node, this);
  }

  @Override
  public OperatorNode visit(PhysicalSessionWindow node) {
    return SessionWindowTranslator.translate(node, this);
  }
}
