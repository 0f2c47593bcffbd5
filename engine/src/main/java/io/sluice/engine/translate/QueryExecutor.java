package io.sluice.engine.translate;

import io.sluice.catalog.DataType;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.data.Batches;
import io.sluice.catalog.registry.Catalog;
import io.sluice.codegen.CodeCache;
import io.sluice.engine.batch.BatchRanges;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.optimizer.physical.PhysicalNode;
import io.sluice.optimizer.stream.StreamChecker;
import io.sluice.optimizer.stream.StreamPlan;
import io.sluice.runtime.spill.SpillSpace;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.apache.calcite.rex.RexShuttle;

/**
 * Runs physical plans: turns one into running operators ({@link PlanTranslator}), once for a
 * bounded query or for a continuous one whose operators then run once per micro-batch, and runs
 * a bounded plan to its rows. Over streams it obeys the traits the optimizer decided
 * ({@link StreamPlan}).
 */
public final class QueryExecutor {
  /** The option of a file table or source that names its rejects table. */
  public static final String REJECTS_TABLE_OPTION = "rejects-table";

  private final CodeCache codeCache;
  /** Where rejects tables are found by name; null when there is none (tests of plans alone). */
  private final Catalog catalog;
  /** A new spill space for each plan: the session's memory limit and spill folder as they are then. */
  private final Supplier<SpillSpace> spillSpaces;
  /** The number of workers each plan runs on, read when the plan is built. */
  private final IntSupplier parallelism;
  /** The programs whose source this executor's plans generated. */
  private final LongAdder programsGenerated = new LongAdder();

  public QueryExecutor(CodeCache codeCache) {
    this(codeCache, null, SpillSpace::unlimited);
  }

  public QueryExecutor(CodeCache codeCache, Catalog catalog) {
    this(codeCache, catalog, SpillSpace::unlimited);
  }

  /** An executor whose plans spill to a space {@code spillSpaces} makes for each. */
  public QueryExecutor(CodeCache codeCache, Catalog catalog, Supplier<SpillSpace> spillSpaces) {
    this(codeCache, catalog, spillSpaces, () -> 1);
  }

  /**
   * An executor whose plans spill to a space {@code spillSpaces} makes for each and run on as
   * many workers as {@code parallelism} says when each is built.
   */
  public QueryExecutor(CodeCache codeCache, Catalog catalog, Supplier<SpillSpace> spillSpaces,
      IntSupplier parallelism) {
    this.codeCache = codeCache;
    this.catalog = catalog;
    this.spillSpaces = spillSpaces;
    this.parallelism = parallelism;
  }

  /** Builds the operators of {@code plan}, compiling its generated code. */
  public ExecutionPlan prepare(PhysicalNode plan) {
    return new PlanTranslator(codeCache, catalog, null, null, spillSpaces.get(), parallelism.getAsInt(),
        programsGenerated).translate(plan);
  }

  /**
   * Builds the operators of {@code plan}, a bounded plan whose expressions hold {@code ?}
   * parameters, with the values {@code parameters} binds: the plan is optimized once and run
   * with other values, its code compiled at its first run into {@code programs}, which later runs
   * take as they are (values reach generated code as constants).
   */
  public ExecutionPlan prepare(PhysicalNode plan, RexShuttle parameters, PreparedPrograms programs) {
    return new PlanTranslator(codeCache, catalog, null, null, spillSpaces.get(), parallelism.getAsInt(),
        programsGenerated, parameters, programs).translate(plan);
  }

  /** How many programs (generated classes' sources) the plans of this executor generated, for tests. */
  public long programsGenerated() {
    return programsGenerated.sum();
  }

  /**
   * Builds the operators of a continuous query as the optimizer decided them ({@code plan}, derived
   * for the output mode it runs in): each run of the plan is one micro-batch, source scans read the
   * ranges in {@code ranges}, and stateful operators keep their state between runs. The plan has
   * passed {@link StreamChecker} already (the statement that plans it checks it once, before
   * anything is built), so every node here has the decision its translator needs.
   */
  public ExecutionPlan prepareStreaming(StreamPlan plan, BatchRanges ranges) {
    return new PlanTranslator(codeCache, catalog, ranges, plan, spillSpaces.get(), parallelism.getAsInt(),
        programsGenerated).translate(plan.root());
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
}
