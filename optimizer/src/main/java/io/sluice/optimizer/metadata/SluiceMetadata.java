package io.sluice.optimizer.metadata;

import java.util.List;
import org.apache.calcite.rel.metadata.BuiltInMetadata;
import org.apache.calcite.rel.metadata.ChainedRelMetadataProvider;
import org.apache.calcite.rel.metadata.DefaultRelMetadataProvider;
import org.apache.calcite.rel.metadata.ReflectiveRelMetadataProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;

/**
 * The planner's metadata: Calcite's defaults with Sluice's estimates in front (join selectivity
 * from distinct key values, distinct values from catalog statistics). One instance for the JVM,
 * because Calcite compiles the handlers of each provider instance once.
 */
public final class SluiceMetadata {
  /** Calcite's metadata with Sluice's handlers taking precedence. */
  public static final RelMetadataProvider PROVIDER = ChainedRelMetadataProvider.of(List.of(
      ReflectiveRelMetadataProvider.reflectiveSource(new SluiceSelectivity(), BuiltInMetadata.Selectivity.Handler.class),
      ReflectiveRelMetadataProvider.reflectiveSource(new DistinctValues(),
          BuiltInMetadata.DistinctRowCount.Handler.class),
      DefaultRelMetadataProvider.INSTANCE));

  private SluiceMetadata() {}
}
