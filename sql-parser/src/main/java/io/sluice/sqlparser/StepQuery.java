package io.sluice.sqlparser;

/**
 * {@code STEP QUERY id}: runs the next micro-batch of a continuous query that has the manual
 * trigger, so that a JDBC tool or a test steps a pipeline batch by batch.
 */
public record StepQuery(String id) implements Statement {}
