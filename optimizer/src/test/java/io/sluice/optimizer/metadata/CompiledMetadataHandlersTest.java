package io.sluice.optimizer.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Proxy;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.jdbc.JavaTypeFactoryImpl;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataQuery;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.util.ImmutableBitSet;
import org.junit.jupiter.api.Test;

/**
 * The planner's metadata handlers: a plain placeholder for every kind of metadata Calcite's
 * {@code RelMetadataQuery} holds (no dynamic proxy), and the same answers as Calcite's own set-up.
 */
class CompiledMetadataHandlersTest {

  @Test
  void everyKindOfMetadataTheQueryHoldsStartsFromAPlainPlaceholder() {
    CompiledMetadataHandlers handlers = new CompiledMetadataHandlers(SluiceMetadata.PROVIDER);
    List<Class<?>> kinds = new ArrayList<>();
    for (Field field : RelMetadataQuery.class.getDeclaredFields()) {
      if (MetadataHandler.class.isAssignableFrom(field.getType())) {
        kinds.add(field.getType());
        @SuppressWarnings("unchecked")
        Class<MetadataHandler<?>> kind = (Class<MetadataHandler<?>>) field.getType();
        MetadataHandler<?> placeholder = handlers.handler(kind);
        assertInstanceOf(kind, placeholder);
        assertFalse(Proxy.isProxyClass(placeholder.getClass()),
            field.getType().getName() + " has no placeholder in UnresolvedHandlers: add one");
      }
    }
    assertTrue(kinds.size() >= 27, "RelMetadataQuery's handler fields: " + kinds);
  }

  @Test
  void aPlaceholderSendsTheQueryToCompileTheHandler() {
    RelNode values = threeRows(cluster(new RelMetadataQuery(new CompiledMetadataHandlers(SluiceMetadata.PROVIDER))));
    BuiltInMetadata.RowCount.Handler placeholder =
        new CompiledMetadataHandlers(SluiceMetadata.PROVIDER).handler(BuiltInMetadata.RowCount.Handler.class);
    MetadataHandlerProvider.NoHandler thrown = assertThrows(MetadataHandlerProvider.NoHandler.class,
        () -> placeholder.getRowCount(values, values.getCluster().getMetadataQuery()));
    assertSame(LogicalValues.class, thrown.relClass);
  }

  @Test
  void answersAreThoseOfCalcitesOwnHandlers() {
    RelOptCluster ours = cluster(new RelMetadataQuery(new CompiledMetadataHandlers(SluiceMetadata.PROVIDER)));
    RelOptCluster calcites = cluster(new RelMetadataQuery(JaninoRelMetadataProvider.of(SluiceMetadata.PROVIDER)));
    for (RelOptCluster cluster : List.of(ours, calcites)) {
      RelMetadataQuery query = cluster.getMetadataQuery();
      assertEquals(3.0, query.getRowCount(threeRows(cluster)));
      assertEquals(3.0, query.getMaxRowCount(threeRows(cluster)));
      assertEquals(Boolean.TRUE, query.areColumnsUnique(threeRows(cluster), ImmutableBitSet.of(0)));
    }
    RelNode ourFilter = filtered(ours);
    RelNode theirFilter = filtered(calcites);
    assertEquals(calcites.getMetadataQuery().getRowCount(theirFilter), ours.getMetadataQuery().getRowCount(ourFilter));
    assertEquals(calcites.getMetadataQuery().getPulledUpPredicates(theirFilter).pulledUpPredicates.toString(),
        ours.getMetadataQuery().getPulledUpPredicates(ourFilter).pulledUpPredicates.toString());
    assertEquals(calcites.getMetadataQuery().getDistinctRowCount(theirFilter, ImmutableBitSet.of(0), null),
        ours.getMetadataQuery().getDistinctRowCount(ourFilter, ImmutableBitSet.of(0), null));
  }

  private static RelOptCluster cluster(RelMetadataQuery query) {
    RelOptCluster cluster = RelOptCluster.create(new HepPlanner(HepProgram.builder().build()),
        new RexBuilder(new JavaTypeFactoryImpl()));
    cluster.setMetadataProvider(SluiceMetadata.PROVIDER);
    cluster.setMetadataQuerySupplier(() -> query);
    return cluster;
  }

  /** VALUES (1), (2), (3) AS t(x). */
  private static RelNode threeRows(RelOptCluster cluster) {
    return RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, null)
        .values(new String[] {"x"}, 1, 2, 3).build();
  }

  /** The three rows WHERE x > 1. */
  private static RelNode filtered(RelOptCluster cluster) {
    RelBuilder builder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(cluster, null)
        .values(new String[] {"x"}, 1, 2, 3);
    RexNode condition = builder.call(SqlStdOperatorTable.GREATER_THAN, builder.field(0),
        builder.literal(BigDecimal.ONE));
    return builder.filter(condition).build();
  }
}
