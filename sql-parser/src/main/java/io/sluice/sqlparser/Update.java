package io.sluice.sqlparser;

/** {@code UPDATE table ...}; statement spans the whole statement, for Calcite to parse. */
public record Update(String table, SqlSpan statement) implements Statement {}
