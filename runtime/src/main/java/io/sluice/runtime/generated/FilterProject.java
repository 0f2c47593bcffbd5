package io.sluice.runtime.generated;

import io.sluice.catalog.data.Batch;

/**
 * A fused filter and projection over batches, implemented by generated code.
 *
 * <p>The output batch belongs to the instance and is reused by the next call. Columns that are
 * plain references to input columns are shared with the input, not copied; the output's
 * selection marks the rows that passed the filter. Instances are not thread-safe.
 */
public interface FilterProject {
  Batch process(Batch input);
}
