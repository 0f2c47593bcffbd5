package io.sluice.sqlparser;

/** {@code SHOW TABLES|VIEWS|SOURCES|SINKS|FUNCTIONS|QUERIES|PROGRESS}. */
public record Show(ShowKind kind) implements Statement {}
