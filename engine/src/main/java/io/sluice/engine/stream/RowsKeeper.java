package io.sluice.engine.stream;

import io.sluice.catalog.TableSchema;
import io.sluice.catalog.data.Batch;
import java.util.List;

/**
 * Saves the content of a memory source or sink where it outlives the process (a database folder)
 * at the moment it changes. A source calls it with its appended rows before any query can read
 * them, so a query's committed offset never runs ahead of what is saved; a sink calls it with the
 * batch it commits before the query's checkpoint commits that batch, so the sink knows after a
 * restart which batches it already holds.
 */
@FunctionalInterface
public interface RowsKeeper {
  /**
   * Saves {@code batches} (the whole content: dense, immutable, every column of {@code schema})
   * and the id of the last batch a sink committed ({@code -1} for a source), or throws a
   * {@link io.sluice.catalog.SluiceException} when it cannot; the caller then changes nothing.
   */
  void keep(TableSchema schema, List<Batch> batches, long lastBatch);
}
