package io.sluice.catalog.connector;

import io.sluice.catalog.data.BatchConsumer;

/**
 * One part of a scan that can be read on its own, on any thread, at the same time as the other
 * parts: a range of a generator's rows, a file, a Parquet row group. A scan cut into splits
 * gives, split after split in their order, exactly the rows of the whole scan in its order, so
 * that a batch read in parallel yields the same rows in the same order as read on one thread.
 *
 * <p>A split may be read again (a batch run again after a failure) and then gives the same rows.
 */
public interface ScanSplit {
  /**
   * Pushes the split's rows, batch by batch, to {@code consumer}, with the columns of the request
   * the split was made for. Malformed rows go to {@code rejects} rather than to the request's own,
   * so that each split's can be kept apart and reported in split order.
   */
  void read(RejectedRows rejects, BatchConsumer consumer);
}
