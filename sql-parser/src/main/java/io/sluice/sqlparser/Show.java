package io.sluice.sqlparser;

/** {@code SHOW TABLES|VIEWS|SOURCES|SINKS|FUNCTIONS|QUERIES}. */
public record Show(ShowKind kind) implements Statement {}
