package io.sluice.sqlparser;

/** {@code DESCRIBE name} or {@code DESC name}. */
public record Describe(String name) implements Statement {}
