package io.sluice.optimizer.metadata;

import org.apache.calcite.rel.metadata.JaninoRelMetadataProvider;
import org.apache.calcite.rel.metadata.MetadataHandler;
import org.apache.calcite.rel.metadata.MetadataHandlerProvider;
import org.apache.calcite.rel.metadata.RelMetadataProvider;

/**
 * The metadata handlers of a planner's {@code RelMetadataQuery}: Calcite's handlers compiled by
 * {@link JaninoRelMetadataProvider} when a kind of metadata is first asked for, exactly as Calcite
 * does, but starting from {@link UnresolvedHandlers} rather than Calcite's dynamic proxies, so that a
 * query which needs little metadata (a short command's {@code SELECT 1}) generates no classes for it.
 */
public final class CompiledMetadataHandlers implements MetadataHandlerProvider {
  private final JaninoRelMetadataProvider compiler;

  /** Handlers that dispatch to {@code provider}'s. */
  public CompiledMetadataHandlers(RelMetadataProvider provider) {
    this.compiler = JaninoRelMetadataProvider.of(provider);
  }

  @Override
  public <MH extends MetadataHandler<?>> MH handler(Class<MH> kind) {
    MetadataHandler<?> placeholder = UnresolvedHandlers.of(kind);
    return placeholder != null ? kind.cast(placeholder) : compiler.handler(kind);
  }

  @Override
  public <MH extends MetadataHandler<?>> MH revise(Class<MH> kind) {
    return compiler.revise(kind);
  }
}
