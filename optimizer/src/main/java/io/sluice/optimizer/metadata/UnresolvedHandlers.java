package io.sluice.optimizer.metadata;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.Multimap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.calcite.plan.RelOptCost;
import org.apache.calcite.plan.RelOptPredicateList;
import org.apache.calcite.plan.volcano.VolcanoPlanner;
import org.apache.calcite.rel.RelCollation;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelColumnOrigin;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexTableInputRef;
import org.apache.calcite.sql.SqlExplainLevel;
import org.apache.calcite.util.ArrowSet;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A placeholder for each of Calcite's kinds of metadata: every method throws
 * {@link MetadataHandlerProvider.NoHandler}, which tells {@code RelMetadataQuery} to ask its
 * provider for the compiled handler ({@code revise}) at its first use, as Calcite's own placeholders do.
 * Calcite makes its placeholders as dynamic proxies, which generates one class per kind of metadata
 * (27) in every JVM: about 8 % of a short command's start-up. These are ordinary classes, read from
 * the class-data archive like the rest. {@code CompiledMetadataHandlersTest} checks that every kind
 * {@code RelMetadataQuery} holds has one here.
 */
final class UnresolvedHandlers {
  private static final Map<Class<?>, MetadataHandler<?>> BY_KIND = Map.ofEntries(
      Map.entry(BuiltInMetadata.AllPredicates.Handler.class, new AllPredicates()),
      Map.entry(BuiltInMetadata.Collation.Handler.class, new Collation()),
      Map.entry(BuiltInMetadata.ColumnOrigin.Handler.class, new ColumnOrigin()),
      Map.entry(BuiltInMetadata.ColumnUniqueness.Handler.class, new ColumnUniqueness()),
      Map.entry(BuiltInMetadata.CumulativeCost.Handler.class, new CumulativeCost()),
      Map.entry(BuiltInMetadata.DistinctRowCount.Handler.class, new DistinctRowCount()),
      Map.entry(BuiltInMetadata.Distribution.Handler.class, new Distribution()),
      Map.entry(BuiltInMetadata.ExplainVisibility.Handler.class, new ExplainVisibility()),
      Map.entry(BuiltInMetadata.ExpressionLineage.Handler.class, new ExpressionLineage()),
      Map.entry(BuiltInMetadata.FunctionalDependency.Handler.class, new FunctionalDependency()),
      Map.entry(BuiltInMetadata.InputFieldsUsed.Handler.class, new InputFieldsUsed()),
      Map.entry(BuiltInMetadata.LowerBoundCost.Handler.class, new LowerBoundCost()),
      Map.entry(BuiltInMetadata.MaxRowCount.Handler.class, new MaxRowCount()),
      Map.entry(BuiltInMetadata.Measure.Handler.class, new Measure()),
      Map.entry(BuiltInMetadata.Memory.Handler.class, new Memory()),
      Map.entry(BuiltInMetadata.MinRowCount.Handler.class, new MinRowCount()),
      Map.entry(BuiltInMetadata.NodeTypes.Handler.class, new NodeTypes()),
      Map.entry(BuiltInMetadata.NonCumulativeCost.Handler.class, new NonCumulativeCost()),
      Map.entry(BuiltInMetadata.Parallelism.Handler.class, new Parallelism()),
      Map.entry(BuiltInMetadata.PercentageOriginalRows.Handler.class, new PercentageOriginalRows()),
      Map.entry(BuiltInMetadata.PopulationSize.Handler.class, new PopulationSize()),
      Map.entry(BuiltInMetadata.Predicates.Handler.class, new Predicates()),
      Map.entry(BuiltInMetadata.RowCount.Handler.class, new RowCount()),
      Map.entry(BuiltInMetadata.Selectivity.Handler.class, new Selectivity()),
      Map.entry(BuiltInMetadata.Size.Handler.class, new Size()),
      Map.entry(BuiltInMetadata.TableReferences.Handler.class, new TableReferences()),
      Map.entry(BuiltInMetadata.UniqueKeys.Handler.class, new UniqueKeys()));

  private UnresolvedHandlers() {}

  /** The placeholder for handlers of {@code kind}, or null for a kind this Calcite version did not have. */
  static MetadataHandler<?> of(Class<?> kind) {
    return BY_KIND.get(kind);
  }

  private static MetadataHandlerProvider.NoHandler unresolved(RelNode rel) {
    return new MetadataHandlerProvider.NoHandler(rel.getClass());
  }

  private static final class AllPredicates implements BuiltInMetadata.AllPredicates.Handler {
    @Override public RelOptPredicateList getAllPredicates(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class Collation implements BuiltInMetadata.Collation.Handler {
    @Override public ImmutableList<RelCollation> collations(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class ColumnOrigin implements BuiltInMetadata.ColumnOrigin.Handler {
    @Override public Set<RelColumnOrigin> getColumnOrigins(RelNode rel, RelMetadataQuery mq, int a0) { throw unresolved(rel); }
  }

  private static final class ColumnUniqueness implements BuiltInMetadata.ColumnUniqueness.Handler {
    @Override public Boolean areColumnsUnique(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0, boolean a1) { throw unresolved(rel); }
  }

  private static final class CumulativeCost implements BuiltInMetadata.CumulativeCost.Handler {
    @Override public RelOptCost getCumulativeCost(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class DistinctRowCount implements BuiltInMetadata.DistinctRowCount.Handler {
    @Override public Double getDistinctRowCount(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0, RexNode a1) { throw unresolved(rel); }
  }

  private static final class Distribution implements BuiltInMetadata.Distribution.Handler {
    @Override public RelDistribution distribution(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class ExplainVisibility implements BuiltInMetadata.ExplainVisibility.Handler {
    @Override public Boolean isVisibleInExplain(RelNode rel, RelMetadataQuery mq, SqlExplainLevel a0) { throw unresolved(rel); }
  }

  private static final class ExpressionLineage implements BuiltInMetadata.ExpressionLineage.Handler {
    @Override public Set<RexNode> getExpressionLineage(RelNode rel, RelMetadataQuery mq, RexNode a0) { throw unresolved(rel); }
  }

  private static final class FunctionalDependency implements BuiltInMetadata.FunctionalDependency.Handler {
    @Override public Boolean determines(RelNode rel, RelMetadataQuery mq, int a0, int a1) { throw unresolved(rel); }
    @Override public Boolean determinesSet(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0, ImmutableBitSet a1) { throw unresolved(rel); }
    @Override public ImmutableBitSet dependents(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0) { throw unresolved(rel); }
    @Override public Set<ImmutableBitSet> determinants(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0) { throw unresolved(rel); }
    @Override public ArrowSet getFDs(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class InputFieldsUsed implements BuiltInMetadata.InputFieldsUsed.Handler {
    @Override public ImmutableBitSet getInputFieldsUsed(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class LowerBoundCost implements BuiltInMetadata.LowerBoundCost.Handler {
    @Override public RelOptCost getLowerBoundCost(RelNode rel, RelMetadataQuery mq, VolcanoPlanner a0) { throw unresolved(rel); }
  }

  private static final class MaxRowCount implements BuiltInMetadata.MaxRowCount.Handler {
    @Override public Double getMaxRowCount(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class Measure implements BuiltInMetadata.Measure.Handler {
    @Override public Boolean isMeasure(RelNode rel, RelMetadataQuery mq, int a0) { throw unresolved(rel); }
    @Override public RexNode expand(RelNode rel, RelMetadataQuery mq, int a0, BuiltInMetadata.Measure.Context a1) { throw unresolved(rel); }
  }

  private static final class Memory implements BuiltInMetadata.Memory.Handler {
    @Override public Double memory(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
    @Override public Double cumulativeMemoryWithinPhase(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
    @Override public Double cumulativeMemoryWithinPhaseSplit(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class MinRowCount implements BuiltInMetadata.MinRowCount.Handler {
    @Override public Double getMinRowCount(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class NodeTypes implements BuiltInMetadata.NodeTypes.Handler {
    @Override public Multimap<Class<? extends RelNode>, RelNode> getNodeTypes(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class NonCumulativeCost implements BuiltInMetadata.NonCumulativeCost.Handler {
    @Override public RelOptCost getNonCumulativeCost(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class Parallelism implements BuiltInMetadata.Parallelism.Handler {
    @Override public Boolean isPhaseTransition(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
    @Override public Integer splitCount(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class PercentageOriginalRows implements BuiltInMetadata.PercentageOriginalRows.Handler {
    @Override public Double getPercentageOriginalRows(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class PopulationSize implements BuiltInMetadata.PopulationSize.Handler {
    @Override public Double getPopulationSize(RelNode rel, RelMetadataQuery mq, ImmutableBitSet a0) { throw unresolved(rel); }
  }

  private static final class Predicates implements BuiltInMetadata.Predicates.Handler {
    @Override public RelOptPredicateList getPredicates(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class RowCount implements BuiltInMetadata.RowCount.Handler {
    @Override public Double getRowCount(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class Selectivity implements BuiltInMetadata.Selectivity.Handler {
    @Override public Double getSelectivity(RelNode rel, RelMetadataQuery mq, RexNode a0) { throw unresolved(rel); }
  }

  private static final class Size implements BuiltInMetadata.Size.Handler {
    @Override public Double averageRowSize(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
    @Override public List<Double> averageColumnSizes(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class TableReferences implements BuiltInMetadata.TableReferences.Handler {
    @Override public Set<RexTableInputRef.RelTableRef> getTableReferences(RelNode rel, RelMetadataQuery mq) { throw unresolved(rel); }
  }

  private static final class UniqueKeys implements BuiltInMetadata.UniqueKeys.Handler {
    @Override public Set<ImmutableBitSet> getUniqueKeys(RelNode rel, RelMetadataQuery mq, boolean a0) { throw unresolved(rel); }
  }
}
