package io.sluice.catalog.stream;

/** How a continuous query's results reach its sink. */
public enum OutputMode {
  /** Rows are final when emitted: only inserts. */
  APPEND,
  /** Changed rows every batch, as a changelog of inserts, updates and deletes. */
  UPDATE,
  /** The whole result every batch, replacing the previous one. */
  COMPLETE
}
