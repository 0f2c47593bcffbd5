package io.sluice.sqlparser;

/** {@code STOP QUERY id}: stops a continuous query at a batch boundary, keeping its checkpoint. */
public record StopQuery(String id) implements Statement {}
