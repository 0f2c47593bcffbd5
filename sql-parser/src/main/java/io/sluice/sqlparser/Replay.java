package io.sluice.sqlparser;

/**
 * {@code REPLAY BATCH n INSERT INTO sink query}: runs batch {@code n} of the continuous query
 * again from its checkpoint, read only, and returns the rows it wrote.
 */
public record Replay(long batch, Insert insert) implements Statement {}
