package io.sluice.sqlparser;

/** A column in a CREATE statement; line and column locate its name in the statement text. */
public record ColumnDefinition(String name, TypeSpec type, boolean notNull, int line, int column) {}
