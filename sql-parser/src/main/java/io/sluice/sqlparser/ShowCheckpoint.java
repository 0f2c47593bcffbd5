package io.sluice.sqlparser;

/**
 * {@code SHOW CHECKPOINT 'location'}: what a continuous query's checkpoint folder holds (or each
 * of a pipeline's, one per sink).
 */
public record ShowCheckpoint(String location) implements Statement {}
