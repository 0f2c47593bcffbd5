package io.sluice.engine.translate;

import io.sluice.catalog.Catalog;
import io.sluice.catalog.DataType;
import io.sluice.catalog.SluiceException;
import io.sluice.catalog.data.Batch;
import io.sluice.catalog.stream.OutputMode;
import io.sluice.codegen.CodeCache;
import io.sluice.engine.exec.Batches;
import io.sluice.engine.exec.ExecutionPlan;
import io.sluice.engine.stream.BatchRanges;
import io.sluice.optimizer.physical.PhysicalNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs physical plans: turns one into running operators ({@link PlanTranslator}), once for a
 * bounded query or for a continuous one whose operators then run once per micro-batch, and runs
 * a bounded plan to its rows. The streaming traits it obeys are read by
 * {@link io.sluice.engine.exec.StreamTraits}.
 */
public final class QueryExecutor {
  /** The option of a file table or source that names its rejects table. */
  public static final String REJECTS_TABLE_OPTION = "rejects-table";

  private final CodeCache codeCache;
  /** Where rejects tables are found by name; null when there is none (tests of plans alone). */
  private final Catalog catalog;

  public QueryExecutor(CodeCache codeCache) {
    this(codeCache, null);
  }

  public QueryExecutor(CodeCache codeCache, Catalog catalog) {
    this.codeCache = codeCache;
    this.catalog = catalog;
  }

  /** Builds the operators of {@code plan}, compiling its generated code. */
  public ExecutionPlan prepare(PhysicalNode plan) {
    return new PlanTranslator(codeCache, catalog, null, null).translate(plan);
  }

  /**
   * Builds the operators of a continuous query: each run of the plan is one micro-batch, source
   * scans read the ranges in {@code ranges}, and stateful operators keep their state between runs.
   *
   * @throws SluiceException UNSUPPORTED for an operator that cannot yet run over a stream
   */
  public ExecutionPlan prepareStreaming(PhysicalNode plan, BatchRanges ranges, OutputMode mode) {
    return new PlanTranslator(codeCache, catalog, ranges, mode).translate(plan);
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
