package io.sluice.catalog.data;

/**
 * Receives batches pushed by a producer. Batches are valid only during {@link #accept}.
 */
public interface BatchConsumer {
  void accept(Batch batch);
}
